"""data/i18n/terms.yml, the translators' terms for the ja and ru editions (issue 21).

Every entry names a record that exists, with the English the site shows for it today, so the
file cannot drift from the data unnoticed; people's names agree with the records' own
native-script names (Japanese in kanji, Russian in Cyrillic); and the places named both ways
carry both sides' names. Records without an entry yet are allowed (other branches add records
while the translations are prepared); the editions' build will require one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from explainer_core import schema

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
TERMS = DATA / "i18n" / "terms.yml"

# section of terms.yml -> (collection in data/, the field holding its English name)
SECTIONS = {
    "places": ("places", "name"),
    "actors": ("actors", "name"),
    "glossary": ("glossary", "term"),
    "themes": ("themes", "title"),
    "plan_areas": ("plan_areas", "title"),
}
KEYS = {"id", "en", "ja", "ru", "both_names", "ja_translit", "ru_translit", "check", "note"}
CHECKABLE = {"ja", "ru", "ja_translit", "ru_translit"}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
KANJI_NAME = re.compile(r"^[\u3400-\u9fff]+$")


def records(name: str) -> dict[str, dict]:
    paths = [p for p in [DATA / f"{name}.yml"] if p.is_file()] + sorted((DATA / name).glob("*.yml"))
    out: dict[str, dict] = {}
    for path in paths:
        for rec in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out[rec["id"]] = rec
    return out


@pytest.fixture(scope="module")
def terms() -> dict:
    return yaml.safe_load(TERMS.read_text(encoding="utf-8"))


def entries(terms: dict):
    for section in (*SECTIONS, "eras"):
        for entry in terms[section]:
            yield section, entry


def test_entries_are_well_formed(terms):
    problems = []
    for section, entry in entries(terms):
        where = f"{section} {entry.get('id')!r}"
        problems += [f"{where}: unknown key {k!r}" for k in sorted(set(entry) - KEYS)]
        problems += [f"{where}: {k} missing or empty" for k in ("id", "en", "ja", "ru")
                     if not isinstance(entry.get(k), str) or not entry[k].strip()]
        problems += [f"{where}: check lists {c!r}, not one of {sorted(CHECKABLE)}"
                     for c in entry.get("check", []) if c not in CHECKABLE or c not in entry]
        if CYRILLIC.search(entry.get("ja", "")):
            problems.append(f"{where}: the ja form has Cyrillic in it (the other side's name goes beside it, at display)")
        if KANA_KANJI.search(entry.get("ru", "")):
            problems.append(f"{where}: the ru form has Japanese script in it")
    for section in (*SECTIONS, "eras"):
        ids = [e.get("id") for e in terms[section]]
        problems += [f"{section}: {i!r} is listed twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    assert problems == []


def test_every_entry_names_a_record_with_its_english_name(terms):
    problems = []
    for section, (collection, field) in SECTIONS.items():
        recs = records(collection)
        for entry in terms[section]:
            rec = recs.get(entry["id"])
            if rec is None:
                problems.append(f"{section}: {entry['id']!r} is not a record of data/{collection}")
            elif rec[field] != entry["en"]:
                problems.append(f"{section}: {entry['id']!r} en {entry['en']!r} but the site shows {rec[field]!r}")
    eras = {e["id"]: e["en"] for e in terms["eras"]}
    assert eras == schema.ERA_TITLES, "eras: one entry per era, with the English title the site shows"
    assert problems == []


def test_people_keep_the_native_names_of_their_records(terms):
    people = {i: r for i, r in records("actors").items() if r.get("kind") == "person"}
    problems = []
    for entry in terms["actors"]:
        rec = people.get(entry["id"])
        if rec is None:
            continue
        lang = rec.get("native_lang")
        if lang in ("ja", "ru") and entry[lang] != rec["native_name"]:
            problems.append(f"{entry['id']}: {lang} {entry[lang]!r} but native_name is {rec['native_name']!r}")
        if rec.get("country") == "japan" and not KANJI_NAME.match(entry["ja"]):
            problems.append(f"{entry['id']}: a Japanese person's ja form is not in kanji: {entry['ja']!r}")
        if rec.get("country") in ("russia", "soviet-union") and not CYRILLIC.search(entry["ru"]):
            problems.append(f"{entry['id']}: a Russian person's ru form is not in Cyrillic: {entry['ru']!r}")
    assert problems == []


def test_places_named_both_ways_carry_both_sides_names(terms):
    problems = []
    for entry in terms["places"]:
        if entry.get("both_names"):
            problems += [f"{entry['id']}: both_names without {k}" for k in ("ja_translit", "ru_translit")
                         if not entry.get(k)]
            if " / " not in entry["en"] and entry["id"] != "shikotan":
                problems.append(f"{entry['id']}: both_names, but the English edition shows one name")
    disputed = {"northern-territories-southern-kurils", "etorofu-iturup", "kunashiri-kunashir", "shikotan",
                "habomai-islets"}
    marked = {e["id"] for e in terms["places"] if e.get("both_names")}
    assert disputed <= marked, f"disputed islands not named both ways: {sorted(disputed - marked)}"
    assert problems == []
