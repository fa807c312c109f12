"""Contract tests for the site's content in data/.

They read the YAML directly with yaml.safe_load (data/<collection>.yml and every
data/<collection>/*.yml, as the loader does); only the well-formedness check runs the
project's own validator, which alone knows the fields and their references.

Self-contained checks, which pass on any clone:
- the article's content is all there: its events, actors, quotes and sources (pinned sets
  that may grow as more records are added) and Japan's eight points of the plan in order;
- every record is well formed: unique slug ids, references that resolve, every event, quote
  and development citing a source;
- every quote is backed by evidence kept in the repository, tests/quote_evidence/*.yml: the
  passage of its source's stored page in which it appears, and that page's address.

The full comparison with the reference material the site began from (the seed article and
the facts sheet: every quote verbatim in them, every source URL from them) runs only where
the environment variable EXPLAINER_REFERENCE_DIR points at that folder (.ci/run sets it to
../shared/reference where that exists). Without the variable those tests are not collected,
and a warning says so; with it pointing at a missing folder they fail under CI=true and are
skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

from support.project import unavailable

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EVIDENCE = REPO / "tests" / "quote_evidence"
REFERENCE_ENV = "EXPLAINER_REFERENCE_DIR"
REFERENCE_FILES = ("seed-article.txt", "facts-beyond-the-article.md", "README.md")
ARTICLE = "diplomat-2016-new-approach"

COLLECTIONS = ("sources", "places", "themes", "actors", "plan_areas", "events", "quotes")

# What the article and the original facts sheet put on the site. Other records may be added;
# none of these may go (a renamed one keeps its old id in `aliases`).
ARTICLE_EVENT_IDS = {
    # background
    "joint-declaration-1956", "soviet-aide-memoire-1960", "abe-returns-to-power-2012",
    "abe-moscow-visit-2013", "two-plus-two-2013", "crimea-annexation-2014", "sochi-olympics-2014",
    "eastern-economic-forum-founded-2015", "naryshkin-visit-2015", "diplomatic-bluebook-2016",
    # sochi (May-June 2016, incl. what was then planned)
    "obama-call-to-abe-2016", "sochi-summit-2016", "trutnev-visit-japan-2016", "russia-asean-summit-2016",
    "infrastructure-export-funds-2016", "rosneft-energy-proposals-2016", "lavrov-interview-2016",
    "deputy-defence-ministers-visit-announced-2016", "matua-airfield-refurbishment-2016",
    "kuril-special-economic-zone-2016", "keidanren-moscow-visit-2016", "senkaku-naval-vessels-2016",
    "peace-treaty-talks-june-2016", "naryshkin-tokyo-visit-2016", "yachi-patrushev-meeting-2016",
    "eef-attendance-planned-2016", "putin-japan-visit-proposed-2016",
    # aftermath
    "eef-vladivostok-2016", "putin-visit-japan-2016", "singapore-meeting-2018", "moscow-meeting-2019",
    "russia-constitutional-vote-2020", "suga-position-unchanged-2020", "russia-unfriendly-list-2022",
    "russia-suspends-peace-talks-2022",
}

# What the article expected in June 2016 ("planned"), and the later event that records it.
ARTICLE_PLANNED_EVENTS = {
    "peace-treaty-talks-june-2016", "naryshkin-tokyo-visit-2016", "yachi-patrushev-meeting-2016",
    "eef-attendance-planned-2016", "putin-japan-visit-proposed-2016",
}
ARTICLE_OUTCOMES = {
    "eef-attendance-planned-2016": "eef-vladivostok-2016",
    "putin-japan-visit-proposed-2016": "putin-visit-japan-2016",
}

ARTICLE_ACTOR_IDS = {
    "japan", "russia", "soviet-union", "united-states", "china", "g7", "asean",
    "shinzo-abe", "yoshihide-suga", "hiroshige-seko", "shotaro-yachi",
    "national-security-council-japan", "teruo-asada", "keidanren",
    "keidanren-japan-russia-committee", "marubeni",
    "vladimir-putin", "sergei-lavrov", "yurii-trutnev", "arkady-dvorkovich",
    "alexei-ulyukaev", "alexander-galushka", "sergei-naryshkin", "state-duma",
    "nikolai-patrushev", "russian-security-council", "rosneft",
    "barack-obama", "james-dj-brown", "temple-university-japan",
}

ARTICLE_QUOTE_IDS = {
    "bluebook-2016-regional-peace", "abe-new-approach", "abe-breakthrough-sense",
    "suga-not-stuck-traditional", "suga-future-oriented", "suga-basic-position-unchanged",
    "seko-in-parallel", "asada-concrete-ways", "asada-groundwork", "putin-do-not-connect",
    "putin-nothing-we-will-sell", "lavrov-not-giving-up-kurils", "abe-far-east-top-priority",
    "abe-sincere-determination",
}

ARTICLE_SOURCE_IDS = {
    ARTICLE,
    "asan-japans-russia-policy-2016-2017", "japantimes-2016-09-02-vladivostok",
    "dw-2016-12-putin-abe-economic-ties", "tass-1030846-singapore-2018",
    "ldp-2019-01-22-moscow-meeting", "tass-1173803-suga-2020", "asan-russia-turns-east-2012-2022",
}

# URLs in facts-beyond-the-article.md that the site deliberately does NOT cite, with why:
# a fact-check (issue 10) found them unreliable and each fact was re-sourced.
REJECTED_REFERENCE_URLS = {
    "https://www.oreanda.ru/en/gosudarstvo/politic1/russian-japanese-peace-treaty-to-be-continued/article1250752/":
        "Crimean business-news site; the 1960 memorandum now cites The Japan Times",
    "http://uawire.org/news/japan-and-russia-agreed-on-joint-economic-activities-on-the-disputed-kuril-islands":
        "unsigned news digest; now Kyodo, The Japan Times and DW",
    "https://larouchepub.com/pr/2018/181114_abe_visit_russia.html":
        "LaRouche movement press release; now TASS and a Japan Times commentary",
    "https://en.m.wikipedia.org/wiki/Soviet%E2%80%93Japanese_Joint_Declaration_of_1956":
        "Wikipedia, not a source for this site (issue 20); now TASS and MOFA's Diplomatic Bluebook 2002",
}

# Japan's eight points, in the government's order and (2018) wording.
PLAN_POINTS = [
    ("healthy-life-expectancy", "Extending healthy life expectancies"),
    ("comfortable-clean-cities", "Developing comfortable and clean cities easy to reside and live in"),
    ("small-and-medium-business", "Fundamental expansion of medium-sized and small companies’ exchange and cooperation"),
    ("energy", "Energy"),
    ("industrial-diversification-productivity", "Promoting industrial diversification and enhancing productivity in Russia"),
    ("far-east-industries-export-bases", "Developing industries and export bases in the Far East"),
    ("cutting-edge-technologies", "Cooperation on cutting-edge technologies"),
    ("people-to-people-interaction", "Fundamental expansion of people-to-people interaction"),
]
# The article's own eight areas: each was published as an #area-<id> anchor, which must keep
# leading to the point it belongs to (as its id or an alias), and each is mapped in `article_areas`.
ARTICLE_AREAS = {
    "energy": "energy", "transportation": "transportation", "agriculture": "agriculture",
    "technology": "technology", "healthcare": "healthcare", "urban-infrastructure": "urban infrastructure",
    "culture": "culture", "small-and-medium-business": "small and medium-sized business",
}

def files_of(name: str) -> list[Path]:
    single = DATA / f"{name}.yml"
    return ([single] if single.is_file() else []) + sorted((DATA / name).glob("*.yml"))


def load(name: str) -> list[dict]:
    records = []
    for path in files_of(name):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        assert isinstance(loaded, list), f"{path} must hold a list of records"
        records += loaded
    assert records, f"no {name} in data/"
    return records


def ids(name: str) -> set[str]:
    return {r["id"] for r in load(name)}


def known_names(name: str) -> set[str]:
    """Live ids and retired ones kept as aliases."""
    return {i for r in load(name) for i in [r["id"], *(r.get("aliases") or [])]}


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})


def squash(text: str) -> str:
    """Collapse runs of whitespace and make quotation marks straight: sources wrap and curl."""
    return re.sub(r"\s+", " ", str(text).translate(_QUOTE_MARKS)).strip()


# --- the article's content is all there --------------------------------------------------

@pytest.mark.parametrize("name,pinned", [
    ("events", ARTICLE_EVENT_IDS), ("actors", ARTICLE_ACTOR_IDS),
    ("quotes", ARTICLE_QUOTE_IDS), ("sources", ARTICLE_SOURCE_IDS),
])
def test_the_articles_records_are_all_there(name, pinned):
    names = known_names(name) if name in ("events", "actors") else ids(name)
    assert sorted(pinned - names) == []


def test_plan_is_japans_eight_points_in_order():
    areas = sorted(load("plan_areas"), key=lambda r: r["number"])
    assert [(a["id"], a["title"]) for a in areas] == PLAN_POINTS
    assert [a["number"] for a in areas] == list(range(1, 9))


def test_every_article_area_keeps_its_anchor_and_is_mapped():
    areas = load("plan_areas")
    names = {n: a["id"] for a in areas for n in [a["id"], *(a.get("aliases") or [])]}
    mapped = {term for a in areas for term in a.get("article_areas") or []}
    assert sorted(set(ARTICLE_AREAS) - set(names)) == [], "old #area- anchors must stay as ids or aliases"
    assert sorted(set(ARTICLE_AREAS.values()) - mapped) == []
    for old, term in ARTICLE_AREAS.items():  # an old anchor leads to a point the area is mapped to
        point = next(a for a in areas if a["id"] == names[old])
        assert term in point.get("article_areas", []), (old, point["id"])


def test_every_plan_point_has_a_source_and_dated_sourced_developments():
    sources, events = ids("sources"), ids("events")
    for a in load("plan_areas"):
        assert as_list(a.get("sources")), a["id"]
        for d in a.get("developments") or []:
            assert d.get("date") and str(d.get("summary", "")).strip(), (a["id"], d)
            assert as_list(d.get("sources")) and set(as_list(d["sources"])) <= sources, (a["id"], d)
            assert d.get("event") is None or d["event"] in events, (a["id"], d)


# --- well-formed records -----------------------------------------------------------------

def test_the_data_is_well_formed():
    """Slug ids, unique ids, references that resolve and every other rule of the schema, checked
    by the validator itself rather than by a second copy of its field list here."""
    from explainer_core import DataError, load_dataset

    try:
        load_dataset(DATA, root=REPO)
    except DataError as exc:
        pytest.fail(exc.report(), pytrace=False)


@pytest.mark.parametrize("name,field", [("events", "sources"), ("quotes", "source"), ("plan_areas", "sources")])
def test_every_record_cites_a_source(name, field):
    assert [r["id"] for r in load(name) if not as_list(r.get(field))] == []


def test_the_articles_planned_events_keep_their_status_and_outcomes():
    events = {e["id"]: e for e in load("events")}
    assert sorted(i for i in ARTICLE_PLANNED_EVENTS if events[i].get("status") != "planned") == []
    for planned_id, later_id in ARTICLE_OUTCOMES.items():
        outcome = events[planned_id].get("outcome") or {}
        assert outcome.get("event") == later_id and events[later_id]["era"] == "aftermath"
    for e in events.values():  # any outcome, the article's or a later one, cites its sources
        if e.get("outcome"):
            assert as_list(e["outcome"].get("sources")), e["id"]


def test_disputed_islands_carry_both_names():
    places = {p["id"]: p for p in load("places")}
    assert places["etorofu-iturup"]["name"] == "Etorofu / Iturup"
    assert places["kunashiri-kunashir"]["name"] == "Kunashiri / Kunashir"
    assert places["northern-territories-southern-kurils"]["name"] == "Northern Territories / Southern Kurils"
    assert places["matua-matsuwa"]["name"] == "Matsuwa / Matua"
    assert {"shikotan", "habomai-islets"} <= set(places)


# --- every quote is backed by evidence kept in the repository -----------------------------

def evidence() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for path in sorted(EVIDENCE.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.setdefault(entry.get("quote"), []).append({**entry, "_file": path.name})
    return out


def test_every_quote_has_one_evidence_entry():
    entries, quotes = evidence(), ids("quotes")
    assert sorted(quotes - set(entries)) == [], f"quotes without an entry in {EVIDENCE.relative_to(REPO)}/"
    assert sorted(q for q, e in entries.items() if len(e) > 1) == [], "more than one entry"
    assert sorted(set(entries) - quotes, key=str) == [], "entries for quotes that do not exist"


def evidence_problems(label: str, text: str, source: str | None, entry: dict, urls: dict[str, str]) -> list[str]:
    """What is wrong with one piece of evidence: its page must be the source's URL and its
    passage must contain the words."""
    url = urls.get(source or "")
    if entry.get("page") != url:
        return [f"{label}: page {entry.get('page')!r} is not its source's URL {url!r}"]
    if squash(text) not in squash(entry.get("passage", "")):
        return [f"{label}: text not found in the passage"]
    return []


def test_every_quote_occurs_in_its_evidence_passage_from_its_source(record_property):
    urls = {s["id"]: s["url"] for s in load("sources")}
    entries = evidence()
    wrong = []
    originals = 0
    for q in load("quotes"):
        entry = (entries.get(q["id"]) or [{}])[0]
        wrong += evidence_problems(q["id"], q["text"], q["source"], entry, urls)
        # the words as spoken are checked the same way, against the page their own source names
        original = q.get("original") or {}
        if original or entry.get("original"):
            originals += 1
            wrong += evidence_problems(f"{q['id']} (original)", original.get("text", ""), original.get("source"),
                                       entry.get("original") or {}, urls)
    record_property("count:quotes checked against their evidence", len(load("quotes")))
    record_property("count:originals checked against their evidence", originals)
    assert originals > 0
    assert wrong == []


def test_the_evidence_check_covers_the_originals():
    urls = {s["id"]: s["url"] for s in load("sources")}
    q = next(q for q in load("quotes") if q.get("original") and q["original"]["lang"] == "ru")
    entry, original = evidence()[q["id"]][0]["original"], q["original"]
    assert evidence_problems("q", original["text"], original["source"], entry, urls) == []
    word = original["text"].split()[1]
    changed = original["text"].replace(word, word[::-1] + "ы", 1)  # one word changed
    assert evidence_problems("q", changed, original["source"], entry, urls) == ["q: text not found in the passage"]
    # the original's page must be its own source's, not the English quote's
    assert evidence_problems("q", original["text"], q["source"], entry, urls) != []
    # an original without its evidence is caught
    assert evidence_problems("q", original["text"], original["source"], {}, urls) != []


def test_the_evidence_check_catches_a_changed_word():
    q = next(q for q in load("quotes") if q["id"] == "putin-nothing-we-will-sell")
    passage = evidence()[q["id"]][0]["passage"]
    assert squash(q["text"]) in squash(passage)
    assert squash(q["text"].replace("sell", "give")) not in squash(passage)
    # curly and straight quotation marks, and line breaks, are the same to the check
    assert squash("Russia's  top\npriority") == squash("Russia’s top priority")


# --- checked against the reference material, where it is configured -----------------------

def test_article_comparison_runs_only_where_configured(tmp_path):
    """The reference tests fail under CI=true when the setting names a missing folder, are
    skipped with the reason elsewhere, and are not collected at all without the setting."""
    def run(**env):
        full = {k: v for k, v in os.environ.items() if k not in (REFERENCE_ENV, "CI")}
        full.update(env)
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
                               "-k", "test_reference_", __file__],
                              cwd=REPO, env=full, capture_output=True, text=True, timeout=300)

    missing = str(tmp_path / "no-such-folder")
    in_ci = run(CI="true", **{REFERENCE_ENV: missing})
    assert in_ci.returncode == 1 and "reference material not found" in in_ci.stdout, in_ci.stdout
    summary = in_ci.stdout.splitlines()[-1]  # a failing fixture reports the tests as errors
    assert "5 errors" in summary and "skipped" not in summary, summary
    local = run(**{REFERENCE_ENV: missing})
    assert local.returncode == 0 and "skipped" in local.stdout.splitlines()[-1], local.stdout
    assert "reference material not found" in local.stdout
    unset = run()
    assert unset.returncode == 5, unset.stdout  # nothing selected: the tests were not collected
    assert f"{REFERENCE_ENV} is not set" in unset.stdout


_REFERENCE_SETTING = os.environ.get(REFERENCE_ENV, "").strip()

if not _REFERENCE_SETTING:
    warnings.warn(f"{REFERENCE_ENV} is not set: the comparison with the reference article and facts "
                  "sheet was not collected (.ci/run sets it to ../shared/reference where that exists)",
                  UserWarning, stacklevel=1)
else:
    REFERENCE = Path(_REFERENCE_SETTING)

    @pytest.fixture(scope="session")
    def reference() -> dict[str, str]:
        missing = [n for n in REFERENCE_FILES if not (REFERENCE / n).is_file()]
        if missing:
            message = f"reference material not found: {', '.join(missing)} in {REFERENCE} ({REFERENCE_ENV})"
            unavailable(message)
        return {n: (REFERENCE / n).read_text(encoding="utf-8") for n in REFERENCE_FILES}

    def test_reference_article_quotes_are_verbatim(reference):
        texts = squash(reference["seed-article.txt"]) + "\n" + squash(reference["facts-beyond-the-article.md"])
        not_found = [q for q in ARTICLE_QUOTE_IDS if squash(next(r for r in load("quotes") if r["id"] == q)["text"]) not in texts]
        assert sorted(not_found) == [], "not found verbatim in the reference material"

    def test_reference_article_quotes_cite_the_article(reference):
        article = squash(reference["seed-article.txt"])
        wrong = [q["id"] for q in load("quotes") if squash(q["text"]) in article and q["source"] != ARTICLE]
        assert wrong == []

    def test_reference_article_sources_come_from_the_reference(reference):
        everything = "\n".join(reference.values())
        urls = {s["id"]: s["url"] for s in load("sources")}
        assert sorted(urls[i] for i in ARTICLE_SOURCE_IDS if urls[i] not in everything) == []

    def test_reference_every_reference_url_is_a_source(reference):
        urls = set(re.findall(r"https?://[^\s;)]+", reference["facts-beyond-the-article.md"]))
        assert urls, "no URLs found in facts-beyond-the-article.md"
        cited = {s["url"] for s in load("sources")}
        assert sorted(urls - cited - set(REJECTED_REFERENCE_URLS)) == []
        assert sorted(set(REJECTED_REFERENCE_URLS) - urls) == [], "a rejected URL is not in the reference"
        assert sorted(set(REJECTED_REFERENCE_URLS) & cited) == [], "a rejected source is cited again"

    def test_reference_article_passages_are_the_articles_words(reference):
        """The repository's evidence for the article's quotes is the article's own text."""
        article = squash(reference["seed-article.txt"])
        entries = evidence()
        wrong = [q["id"] for q in load("quotes") if q["source"] == ARTICLE
                 and squash(entries[q["id"]][0]["passage"]) not in article]
        assert wrong == []
