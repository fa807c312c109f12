"""No English word of ours left on a page of the Japanese or Russian edition (issue 21).

The real data is built in English, Japanese and Russian with its listings and timeline cut into
pages (so pagers, "the first N of M" notes and the timeline's index are there too). Every phrase
the templates and the pages' Python mark for the catalogue is looked for on each generated page:
those the English page shows must be gone from the same page of each edition, except inside
an element marked ``lang="en"`` (a record's text with no translation yet, the data reference).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from explainer_core.pages import catalogue
from support.project import ROOT, build, make_project, read_config

LIMITS = {"timeline": 20, "listing": 12, "refs": 3}  # the real data: 35 events, 33 sources, 23 terms
# Generated pages, by type: (a page of that type in the site, relative to the edition's folder)
PAGE_TYPES = ["events/sochi-summit-2016", "actors/shinzo-abe", "actors", "actors/all/2", "timeline", "timeline/2016",
              "map", "plan", "quotes", "quotes/2", "sources", "sources/2", "glossary", "whos-who", ""]
PLACEHOLDER = re.compile(r"%\(\w+\)s|<[^>]+>")
SHORT = 12  # a phrase shorter than this, or of one word, counts only as a whole text (a heading, a label)


def _phrases() -> list[str]:
    """The English of every marked string, cut at its placeholders and markup."""
    out = set()
    for _, _, message in catalogue.template_strings():
        for text in message if isinstance(message, tuple) else (message,):
            for part in PLACEHOLDER.split(text):
                part = part.strip(" .,:;()“”…—–-#")
                if re.search(r"[A-Za-z]{2,}", part):
                    out.add(part)
    return sorted(out)


def _texts(html: str, where: str = "article.md-content__inner") -> tuple[str, set[str]]:
    """The page content's text (and its attributes people read), without what is marked English:
    all of it joined, and each text and attribute value on its own."""
    root = lxml.html.fromstring(html)
    content = root.cssselect(where) or [root]
    article = content[0]
    for el in article.xpath('.//*[@lang="en"]'):
        el.drop_tree()
    for el in article.cssselect("a.headerlink"):  # the ¶ of a heading: its title is checked below
        el.drop_tree()
    pieces = [t.strip() for t in article.itertext() if t.strip()]
    pieces += [v.strip() for el in article.iter() if isinstance(el.tag, str)
               for k in ("aria-label", "title", "alt") if (v := el.get(k))]
    pieces = [p.strip(" .,:;()“”…—–-#·") for p in pieces]
    return " ".join(pieces), set(pieces)


def _found(phrases: list[str], html: str, where: str = "article.md-content__inner") -> set[str]:
    joined, whole = _texts(html, where)
    return {p for p in phrases if (p in whole if len(p) < SHORT or " " not in p else p in joined)}


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    extra = dict(read_config().get("extra") or {})
    extra["explainer_page_limits"] = LIMITS
    project = make_project(tmp_path_factory.mktemp("words") / "p", ROOT, real_docs=True, config_changes={"extra": extra},
                           editions=("en", *catalogue.EDITION_LANGS))
    assert "WARNING" not in build(project).output  # one build, the three editions
    return project / "site"


def _page(site: Path, lang: str, path: str) -> str:
    folder = site if lang == "en" else site / lang
    return (folder / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("lang", catalogue.EDITION_LANGS)
def test_no_english_word_of_ours_is_left_on_a_page_of_an_edition(editions, lang, path):
    phrases = _phrases()
    where = "section.jr-latest" if path == "" else "article.md-content__inner"  # home: hand-written but its latest events
    english = _found(phrases, _page(editions, "en", path), where)
    assert len(english) >= 2, f"{path or 'home'}: the English page shows the catalogue's phrases"  # the check sees them
    left = english & _found(phrases, _page(editions, lang, path), where)
    assert not left, f"{lang}/{path}: English left: {sorted(left)}"


@pytest.mark.parametrize("lang, label", [("ja", "最終更新:"), ("ru", "Обновлено:")])
def test_the_last_updated_label_is_in_the_editions_language_on_every_page(editions, lang, label):
    for path in PAGE_TYPES:
        html = _page(editions, lang, path)
        assert f'<p class="jr-updated">{label} <time' in html and "Last updated" not in html, path


def test_the_data_reference_is_marked_english_in_an_edition(editions):
    html = _page(editions, "ja", "reference/data")
    assert '<p class="jr-untranslated-note">このページはサイトの管理者向けで' in html
    assert _texts(html)[0].count("Fields marked") == 0  # all its English is inside lang="en"
    assert "Fields marked" in _texts(_page(editions, "en", "reference/data"))[0]


def _nav_titles(nav) -> list[str]:
    out = []
    for entry in nav:
        for title, target in (entry.items() if isinstance(entry, dict) else []):
            out.append(title)
            if isinstance(target, list):
                out += _nav_titles(target)
    return out


def test_every_title_of_the_nav_and_the_themes_words_of_the_config_are_in_the_catalogue():
    config = read_config()
    english = set(catalogue.site_words(catalogue.ENGLISH))
    titles = _nav_titles(config["nav"])
    assert titles and set(titles) <= english, sorted(set(titles) - english)
    names = [p["toggle"]["name"] for p in config["theme"]["palette"]]
    assert set(names) <= english and config["copyright"] in english
    for lang in catalogue.EDITION_LANGS:
        words = catalogue.site_words(catalogue.for_lang(lang))
        assert all(words[t] != t for t in [*titles, *names, config["copyright"]]), lang


@pytest.mark.parametrize("lang, words", [("ja", ["年表", "管理者向け", "ダークモードに切り替え", "当サイトの文章とデータには出典がある"]),
                                         ("ru", ["Хронология", "Для тех, кто ведёт сайт", "Включить тёмную тему",
                                                 "У текстов и данных сайта есть источники"])])
def test_an_editions_nav_palette_switch_and_footer_are_in_its_language(editions, lang, words):
    root = lxml.html.fromstring(_page(editions, lang, "plan"))
    nav = " ".join(t.strip() for el in root.cssselect("nav.md-nav--primary") for t in el.itertext() if t.strip())
    assert words[0] in nav and words[1] in nav and "Timeline" not in nav and "For maintainers" not in nav
    html = _page(editions, lang, "plan")
    assert f'aria-label="{words[2]}"' in html and words[3] in html and "Switch to dark mode" not in html


def test_the_check_finds_an_english_label_left_in_an_edition():
    page = ('<html><body><article class="md-content__inner"><h2>Roles</h2><p lang="en">Related events</p>'
            '<p>関係者 Where the plan stood afterwards</p></article></body></html>')
    assert _found(["Roles", "Related events", "Where the plan stood afterwards"], page) == {
        "Roles", "Where the plan stood afterwards"}


# --- the records' own text (issue 21): every page type shows each record's translation ----------
# What the English shows verbatim that is no record's translatable field: quotes (in their own
# words), the sources' titles and publishers (cited as published), their addresses.
VERBATIM = ("blockquote, .jr-citations, a.jr-ext, a[href*='#source-'], .jr-bibliography > li > a[rel='noopener'], "
            "em, .jr-dev-sources, .jr-quote-original-source")
LONG = 40  # left on a page: a text this long is found inside others, a shorter one (a name) only as a whole text


def _record_translations(lang: str) -> dict[str, set[str]]:
    """Each English plain text of a record's field that has a current translation, with the
    translations it has (the same English may be two records' fields): a list of names item by
    item, the English names the translation does not keep. Markdown fields are left out (their
    rendered text is not their source; the event page test covers them)."""
    from explainer_core import load_dataset
    from explainer_core.data import kinds, schema
    from explainer_core.model.translations import text_fields

    def field_of(fields, path: str):
        f = None
        for step in path.split("."):
            f = next(x for x in fields if x.name == step.split("[")[0])
            fields = f.fields or ()
        return f

    ds = load_dataset(ROOT / "data")
    out: dict[str, set[str]] = {}
    kept: set[str] = set()
    for coll in schema.COLLECTIONS:
        for rec in ds.by_id[coll.name].values():
            for path, english, _ in text_fields(coll.fields, rec.values, "", rec.line):
                translated, got = ds.translations.text(rec, path, lang)
                if got != lang or isinstance(field_of(coll.fields, path), kinds.Markdown):
                    continue
                ens, trs = ([v] if isinstance(v, str) else list(v or []) for v in (english, translated))
                for en in ens:
                    if en and en not in trs:
                        out.setdefault(en, set()).update(trs)
                        kept.update(trs)
    # a name the translation keeps elsewhere (Россия, the Russian name, is the Russian edition's name)
    return {en: trs for en, trs in out.items() if en not in kept}


def _record_text(html: str, where: str) -> tuple[str, set[str]]:
    """The page content's text people read (attributes too) that is neither marked English nor
    verbatim: joined without whitespace, and each text on its own."""
    root = lxml.html.fromstring(html)
    article = (root.cssselect(where) or [root])[0]
    for el in [*article.xpath('.//*[@lang="en"]'), *article.cssselect(VERBATIM)]:
        if el.getparent() is not None:
            el.drop_tree()
    for el in article.cssselect("a.jr-term"):  # a glossary term as the text mentions it: the text's, not the term's
        el.text = ""
    pieces = [t.strip() for t in article.itertext() if t.strip()]
    pieces += [v.strip() for el in article.iter() if isinstance(el.tag, str)
               for k in ("aria-label", "title", "alt") if (v := el.get(k))]
    return re.sub(r"\s+", "", "".join(pieces)), set(pieces)


def _shows(text: str, page: tuple[str, set[str]], inside: bool = True) -> bool:
    """Whether the page shows ``text`` as a whole text (or, ``inside``, a long one inside another)."""
    joined, whole = page
    return text in whole or (inside and len(text) >= LONG and re.sub(r"\s+", "", text) in joined)


@pytest.mark.parametrize("path", PAGE_TYPES)
@pytest.mark.parametrize("lang", catalogue.EDITION_LANGS)
def test_every_page_type_shows_the_records_translations_and_none_of_their_english(editions, lang, path):
    where = "section.jr-latest" if path == "" else "article.md-content__inner"
    edition_page = _page(editions, lang, path)
    shown_en, shown = _record_text(_page(editions, "en", path), where), _record_text(edition_page, where)
    # the records' fields the English page shows, each as a text of its own
    on_page = {en: trs for en, trs in _record_translations(lang).items() if _shows(en, shown_en, inside=False)}
    assert len(on_page) >= 3, f"{path or 'home'}: the English page shows the records' text"  # the check sees them
    missing = [(en, sorted(trs)) for en, trs in on_page.items()
               if not any(re.sub(r"\s+", "", tr) in shown[0] for tr in trs)]
    assert not missing, f"{lang}/{path}: translation not shown: {missing[:5]}"
    left = [en for en in _record_translations(lang) if _shows(en, shown)]
    assert not left, f"{lang}/{path}: English left unmarked: {left[:5]}"
    # every record here is translated: no English stands in, so no note
    assert "jr-untranslated-note" not in edition_page


def _without(text: str, entry: str, field_re: str) -> str:
    """``text`` (a translation file) without the field matching ``field_re`` in the entry ``- id: <entry>``."""
    start = text.index(f"- id: {entry}\n")
    end = text.find("\n- id:", start + 1)
    end = len(text) if end < 0 else end
    cut, n = re.subn(field_re, "", text[start:end], count=1, flags=re.M)
    assert n == 1, (entry, field_re)
    return text[:start] + cut + text[end:]


def test_a_removed_translation_shows_the_english_marked_with_one_note_on_every_page_that_shows_it(tmp_path):
    from explainer_core import load_dataset
    from explainer_core.pages.render import Renderer

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    ja = data / "i18n" / "ja"
    newest = load_dataset(ROOT / "data").events[-1]  # on the home page's latest events
    newest_file = next(f for f in (ja / "events").glob("*.yml") if f"- id: {newest.id}\n" in f.read_text(encoding="utf-8"))
    for file, entry, field_re in [("events/core.yml", "sochi-summit-2016", r"^  title: .*\n"),
                                  (str(newest_file.relative_to(ja)), newest.id, r"^  title: .*\n"),
                                  ("places.yml", "sochi", r"^  name: .*\n"),
                                  ("plan_areas.yml", "energy", r"^  description: >-\n(?:    .*\n)+")]:
        (ja / file).write_text(_without((ja / file).read_text(encoding="utf-8"), entry, field_re), encoding="utf-8")
    ds = load_dataset(data, root=tmp_path)
    renderer = Renderer(ds, lang="ja", limits=None)
    pages = {p.src_uri: p for p in renderer.pages()}
    shown = {"Abe and Putin meet in Sochi": 0, "Sochi": 0}
    for src, page in pages.items():
        root = lxml.html.fromstring(f"<div>{page.content}</div>")
        for text in shown:
            hits = [t for t in root.xpath("//text()") if t.strip() == text]
            if not hits:
                continue
            shown[text] += 1
            for t in hits:  # each mention inside an element marked English
                assert t.getparent().xpath('ancestor-or-self::*[@lang="en"]'), (src, text)
            assert page.content.count('class="jr-untranslated-note"') == 1, src  # said once per page
            assert "このページの一部はまだ翻訳されておらず、英語で表示しています。" in page.content
    assert shown["Abe and Putin meet in Sochi"] >= 5 and shown["Sochi"] >= 2, shown  # the event page, timeline, lists...
    assert pages["events/sochi-summit-2016.md"].meta["title"] == "Abe and Putin meet in Sochi"
    plan = pages["plan.md"].content
    energy = ds.by_id["plan_areas"]["energy"].description.split(".")[0]
    assert re.search(r'<div lang="en">\s*<p>' + re.escape(energy), plan), "the Markdown field marked as a block"
    assert plan.count('class="jr-untranslated-note"') == 1
    # and a page that shows none of them has no note
    assert "jr-untranslated-note" not in pages["whos-who.md"].content
    latest = renderer.fill_markers("# ホーム\n\n<!-- explainer:latest -->\n", "index.md")
    assert f'<span lang="en">{newest.title}</span>' in latest and latest.count('class="jr-untranslated-note"') == 1


@pytest.mark.parametrize("lang", catalogue.EDITION_LANGS)
def test_an_editions_page_titles_keep_the_english_pages_ids(editions, lang):
    """A translated title would get an id like _1 (or 223 for 'Sources (2 of 23)' in Japanese):
    each page's title keeps the English page's ASCII id, so links between editions keep their
    fragment. Every generated page of the split build: events, actors, years, listing pages."""
    folder = editions / lang
    pages = [p.parent.relative_to(folder) for p in folder.glob("**/index.html")]
    generated = [p for p in pages if p.parts and p.parts[0] in
                 ("events", "actors", "timeline", "map", "quotes", "sources", "glossary", "whos-who", "plan")]
    assert len(generated) > 100
    for path in generated:
        ids = [lxml.html.fromstring(_page(editions, lg, str(path))).cssselect("h1")[0].get("id") for lg in ("en", lang)]
        assert ids[0] == ids[1] and ids[1].isascii() and not ids[1].startswith("_"), (path, ids)
