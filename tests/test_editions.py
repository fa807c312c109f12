"""The Japanese and Russian editions (issue 21): one `mkdocs build` of a configuration with
`extra.editions` builds English at the root and each edition under its own path, in its
language, with its own search index, a language switcher and hreflang links on every page, and
sitemap alternates; mkdocs.ja.yml / mkdocs.ru.yml still build one edition alone."""

from __future__ import annotations

import gzip
import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import icalendar
import jsonschema
import lxml.html
import pytest

from explainer_core import DataError, pipeline
from explainer_core.__main__ import main
from support.project import ROOT, SiteServer, build, make_project

JA = """\
- id: sochi-summit-2016
  english_updated: 2021-03-01
  title: ソチでの日露首脳会談
  summary: 両首脳は北方領土と択捉島 / Итуруп について3時間以上会談した。
"""
RU = """\
- id: sochi-summit-2016
  english_updated: 2021-03-01
  title: Встреча Абэ и Путина в Сочи
  summary: Лидеры более трёх часов обсуждали Курилы.
"""


def add_translations(project):
    for lang, text in (("ja", JA), ("ru", RU)):
        (project / "data" / "i18n" / lang).mkdir(parents=True)
        (project / "data" / "i18n" / lang / "events.yml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """The minimal site with its three editions, from one `mkdocs build`."""
    project = make_project(tmp_path_factory.mktemp("editions") / "p", editions=("en", "ja", "ru"))
    add_translations(project)
    result = build(project)
    assert "WARNING" not in result.output, result.output
    return project


@pytest.mark.parametrize("lang, title, label, date", [
    ("ja", "ソチでの日露首脳会談", "このページの引用", "2016年5月6日"),
    ("ru", "Встреча Абэ и Путина в Сочи", "Как цитировать эту страницу", "6 мая 2016\u202fг."),
])
def test_an_edition_lives_under_its_path_in_its_language(editions, lang, title, label, date):
    html = (editions / "site" / lang / "events" / "sochi-summit-2016" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert f'<link rel="canonical" href="https://example.org/new-approach/{lang}/events/sochi-summit-2016/">' in html
    assert f">{title}<" in html and label in html and f">{date}</time>" in html
    # the description has no translation: shown in English, marked, with the page's note
    assert '<div lang="en">' in html and "jr-untranslated-note" in html


def test_the_english_edition_stays_at_its_urls(editions):
    html = (editions / "site" / "events" / "sochi-summit-2016" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Cite this page" in html and ">6 May 2016</time>" in html
    assert '<link rel="canonical" href="https://example.org/new-approach/events/sochi-summit-2016/">' in html


def test_one_edition_alone_still_builds_from_its_own_configuration(tmp_path):
    project = make_project(tmp_path / "p")
    add_translations(project)
    shutil.copy(ROOT / "mkdocs.ja.yml", project / "mkdocs.ja.yml")
    result = build(project, "-f", "mkdocs.ja.yml")
    assert "WARNING" not in result.output, result.output
    html = (project / "site" / "ja" / "events" / "sochi-summit-2016" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in html and ">ソチでの日露首脳会談<" in html
    assert not (project / "site" / "index.html").exists() and not (project / "site" / "ru").exists()


@pytest.mark.parametrize("lang, words", [("ja", ["北方領土", "択捉島"]), ("ru", ["Курилы"])])
def test_each_edition_has_its_own_search_index_in_its_language(editions, lang, words):
    index = json.loads((editions / "site" / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    docs = [d for d in index["docs"] if d["location"].startswith("events/sochi-summit-2016/")]
    assert docs and all(any(w in d["text"] for d in docs) for w in words)
    en = json.loads((editions / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert en["config"]["lang"] == ["en"] and not any(words[0] in d["text"] for d in en["docs"])


# --- search in a real browser, per edition ----------------------------------------------------

@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang, query", [("ja", "北方領土"), ("ja", "択捉島"), ("ru", "Курилы")])
def test_searching_an_edition_in_its_language_finds_the_page(editions, page, lang, query):
    server = SiteServer(editions / "site")
    try:
        page.goto(server.url(f"{lang}/"), wait_until="load")
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially(query, delay=30)
        # Material searches on keyup; characters off the keyboard's layout are inserted without
        # one (a reader's input method ends with a key), so finish with a key that changes nothing
        box.press("End")
        result = page.locator('.md-search-result a[href*="events/sochi-summit-2016/"]').first
        result.wait_for(state="visible", timeout=20_000)
        assert f"/{lang}/events/sochi-summit-2016/" in (result.get_attribute("href") or "")
    finally:
        server.close()


# --- the editions together: switcher, hreflang, sitemap, exports -------------------------------

BASE = "https://example.org/new-approach/"
ROOTS = {"en": BASE, "ja": BASE + "ja/", "ru": BASE + "ru/"}


class Links(HTMLParser):
    """A page's <html lang>, its hreflang links and its language switcher's links."""

    def __init__(self):
        super().__init__()
        self.lang = ""
        self.hreflang: dict[str, str] = {}
        self.switcher: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            assert a["hreflang"] not in self.hreflang, f"two hreflang={a['hreflang']} links"
            self.hreflang[a["hreflang"]] = a.get("href") or ""
        elif tag == "a" and "md-select__link" in (a.get("class") or ""):
            self.switcher[a.get("hreflang") or ""] = a.get("href") or ""


def links(path) -> Links:
    parsed = Links()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def pages(site, lang):
    root = site / lang if lang != "en" else site
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(root).as_posix()
        if lang == "en" and rel.split("/")[0] in ("ja", "ru"):
            continue
        if "http-equiv=\"refresh\"" in path.read_text(encoding="utf-8"):
            continue  # a redirect page for a retired id: no alternates, out of the sitemap
        yield rel.removesuffix("index.html"), path


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_every_page_links_to_itself_in_every_edition(editions, lang):
    seen = 0
    for url, path in pages(editions / "site", lang):
        page = links(path)
        assert page.lang == lang, url
        expected = {other: ROOTS[other] + url for other in ("en", "ja", "ru")}
        assert page.hreflang == {**expected, "x-default": BASE + url}, url
        assert page.switcher == expected, url
        seen += 1
    assert seen >= 10


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_the_404_page_switches_to_each_editions_home(editions, lang):
    page = links(editions / "site" / ("" if lang == "en" else lang) / "404.html")
    assert page.switcher == ROOTS and page.hreflang == {**ROOTS, "x-default": BASE}


@pytest.mark.parametrize("lang", ["en", "ja", "ru"])
def test_each_sitemap_lists_its_pages_with_their_alternates(editions, lang):
    site = editions / "site" / ("" if lang == "en" else lang)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    assert len(urls) >= 10
    for url in urls:
        loc = url.findtext("s:loc", namespaces=ns) or ""
        assert loc.startswith(ROOTS[lang])
        path = loc[len(ROOTS[lang]):]
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        assert all(a.get("rel") == "alternate" for a in url.findall("x:link", ns))
        assert alternates == {"en": BASE + path, "ja": ROOTS["ja"] + path, "ru": ROOTS["ru"] + path,
                              "x-default": BASE + path}
    with gzip.open(site / "sitemap.xml.gz") as gz:
        assert gz.read() == (site / "sitemap.xml").read_bytes()


def test_the_json_exports_are_published_once_with_every_language(editions):
    site = editions / "site"
    events = json.loads((site / "events.json").read_text(encoding="utf-8"))
    sochi = next(e for e in events["events"] if e["id"] == "sochi-summit-2016")
    assert sochi["translations"]["ja"] == {"title": "ソチでの日露首脳会談",
                                           "summary": "両首脳は北方領土と択捉島 / Итуруп について3時間以上会談した。"}
    assert sochi["translations"]["ru"]["title"] == "Встреча Абэ и Путина в Сочи"
    schema = json.loads((site / "schemas" / "events.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(events)
    for lang in ("ja", "ru"):
        assert not any((site / lang / name).exists() for name in ("events.json", "actors.json", "quotes.json", "schemas"))


@pytest.mark.parametrize("lang, title", [("ja", "ソチでの日露首脳会談"), ("ru", "Встреча Абэ и Путина в Сочи")])
def test_feed_calendar_and_timelinejs_come_in_each_editions_language(editions, lang, title):
    site = editions / "site" / lang
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.feed.language == lang
    entry = next(e for e in feed.entries if e.link == ROOTS[lang] + "events/sochi-summit-2016/")
    assert entry.title == title
    cal = icalendar.Calendar.from_ical((site / "events.ics").read_bytes())
    event = next(c for c in cal.walk("VEVENT") if str(c["url"]) == ROOTS[lang] + "events/sochi-summit-2016/")
    assert str(event["summary"]) == title and event["summary"].params["LANGUAGE"] == lang
    timeline = json.loads((site / "timeline.json").read_text(encoding="utf-8"))
    slide = next(s for s in timeline["events"] if s["unique_id"] == "sochi-summit-2016")
    assert title in slide["text"]["headline"]


def test_bad_data_leaves_every_edition_of_the_last_good_build(tmp_path):
    project = make_project(tmp_path / "p", editions=("en", "ja", "ru"))
    build(project)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert any("/ja/" in str(p) for p in before) and any("/ru/" in str(p) for p in before)
    events = project / "data" / "events.yml"
    events.write_text(events.read_text(encoding="utf-8").replace("date: 2016-05-06", "date: 2016-05-32", 1),
                      encoding="utf-8")
    result = build(project, check=False)
    assert result.returncode != 0 and "2016-05-32" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("value, problem", [
    ("en", None), ("en,ja", None), (["en", "ja", "ru"], None),
    ("en fr", "mkdocs.yml: field 'extra.editions': unknown edition 'fr': known are en, ja, ru"),
])
def test_the_editions_come_from_the_configuration(value, problem):
    if problem is None:
        assert pipeline.edition_langs(value)[0] == "en"
        return
    with pytest.raises(DataError) as exc:
        pipeline.edition_langs(value)
    assert problem in exc.value.report()


# --- hand-written pages in the other editions ---------------------------------------------------

JA_HOME = """\
---
updated: 2019-01-02
english_updated: 2018-08-08
description: 日本語の説明
---

# フィクスチャのホーム {#fixture-home}

日本語の本文。
"""


def with_pages(project, **pages):
    for lang, text in pages.items():
        folder = project / "data" / "i18n" / lang / "pages"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def translated_pages(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("pages") / "p", editions=("en", "ja", "ru"))
    with_pages(project, ja=JA_HOME)
    result = build(project)
    assert "WARNING" not in result.output, result.output
    return project / "site"


def test_a_translated_page_replaces_the_english_in_its_edition(translated_pages):
    html = (translated_pages / "ja" / "index.html").read_text(encoding="utf-8")
    assert "日本語の本文。" in html and 'id="fixture-home"' in html and "Fixture home" not in html
    assert "jr-untranslated-note" not in html and '<div lang="en">' not in html
    assert '<meta name="description" content="日本語の説明">' in html
    assert '<time datetime="2019-01-02">2019年1月2日</time>' in html  # its own day, in Japanese
    english = (translated_pages / "index.html").read_text(encoding="utf-8")
    assert "Fixture home" in english and "日本語の本文" not in english


def test_a_page_without_translation_is_the_english_marked_and_noted(translated_pages):
    html = (translated_pages / "ru" / "index.html").read_text(encoding="utf-8")
    assert "Fixture home" in html and '<html lang="ru"' in html
    note = html.index('class="jr-untranslated-note"')
    assert note < html.index('<div lang="en">') < html.index(">Fixture home<")
    assert '<time datetime="2018-08-08">8 августа 2018\u202fг.</time>' in html


def test_a_stale_page_translation_shows_the_english_and_is_a_note_in_make_check(tmp_path, capsys):
    project = with_pages(make_project(tmp_path / "p", editions=("en", "ja")),
                         ja=JA_HOME.replace("english_updated: 2018-08-08", "english_updated: 2018-08-01"))
    build(project)
    html = (project / "site" / "ja" / "index.html").read_text(encoding="utf-8")
    assert "日本語の本文" not in html and '<div lang="en">' in html
    assert main(["check", str(project / "data")]) == 0
    out = capsys.readouterr().out
    assert ("  data/i18n/ja/pages/index.md:3: field 'english_updated': stale: the English page docs/index.md changed "
            "on 2018-08-08; the edition shows the English until the translation follows it") in out.splitlines()
    assert "Japanese (ja) pages: 0/1 hand-written pages translated" in out


@pytest.mark.parametrize("name, text, expected", [
    ("missing.md", JA_HOME, "data/i18n/ja/pages/missing.md:1: translates docs/missing.md, which does not exist"),
    ("index.md", JA_HOME.replace("english_updated: 2018-08-08\n", ""),
     "data/i18n/ja/pages/index.md:1: field 'english_updated': the front matter needs 'english_updated: YYYY-MM-DD'"),
    ("index.md", JA_HOME.replace("english_updated: 2018-08-08", "english_updated: 2018-09-01"),
     "data/i18n/ja/pages/index.md:3: field 'english_updated': 2018-09-01 is after the English page's updated day"),
])
def test_a_bad_page_translation_is_a_problem_and_nothing_is_built(tmp_path, capsys, name, text, expected):
    project = make_project(tmp_path / "p", editions=("en", "ja"))
    folder = project / "data" / "i18n" / "ja" / "pages"
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    result = build(project, check=False)
    assert result.returncode != 0 and expected in result.output and "Traceback" not in result.output
    assert not (project / "site").exists()
    assert main(["check", str(project / "data")]) == 1
    assert expected in capsys.readouterr().err


def test_a_hand_written_page_of_another_edition_links_to_the_english_json(tmp_path):
    project = make_project(tmp_path / "p", editions=("en", "ja"))
    (project / "docs" / "reuse.md").write_text("---\nupdated: 2018-08-08\n---\n\n# Reuse\n\n[all events](events.json), "
                                               "[its schema](schemas/events.schema.json), [the feed](feed.xml)\n",
                                               encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.ja.yml", project / "mkdocs.ja.yml")
    for args, site in (((), "site/ja"), (("-f", "mkdocs.ja.yml"), "site/ja")):  # together, and alone
        result = build(project, *args)
        assert "WARNING" not in result.output, result.output
        html = (project / site / "reuse" / "index.html").read_text(encoding="utf-8")
        assert 'href="https://example.org/new-approach/events.json"' in html
        assert 'href="https://example.org/new-approach/schemas/events.schema.json"' in html
        assert 'href="../feed.xml"' in html  # each edition has its own feed


@pytest.mark.parametrize("lang, title, langid", [("ja", "ソチでの日露首脳会談", "japanese"),
                                                 ("ru", "Встреча Абэ и Путина в Сочи", "russian")])
def test_each_edition_cites_its_own_page_in_its_language(editions, lang, title, langid):
    page = editions / "site" / lang / "events" / "sochi-summit-2016"
    [item] = json.loads((page / "cite.json").read_text(encoding="utf-8"))
    assert (item["title"], item["language"], item["URL"]) == (title, lang, ROOTS[lang] + "events/sochi-summit-2016/")
    assert f"langid = {{{langid}}}" in (page / "cite.bib").read_text(encoding="utf-8")
    [english] = json.loads((editions / "site" / "events" / "sochi-summit-2016" / "cite.json").read_text(encoding="utf-8"))
    assert english["language"] == "en" and english["title"] != title


def test_hostile_translations_are_inert_in_every_edition_and_export(tmp_path):
    """Text from data/i18n/ is untrusted like the rest of data/: the translated records are escaped
    wherever they land, and a translated page passes the sanitizer's allow-list."""
    project = make_project(tmp_path / "p", editions=("en", "ja"))
    (project / "data" / "i18n" / "ja").mkdir(parents=True)
    (project / "data" / "i18n" / "ja" / "events.yml").write_text(
        "- id: sochi-summit-2016\n  english_updated: 2021-03-01\n"
        "  title: <script>alert(1)</script>ソチ\n  summary: '\"><img src=x onerror=alert(2)>'\n", encoding="utf-8")
    with_pages(project, ja=JA_HOME + '\n<script>alert(3)</script>\n<a href="javascript:alert(4)" onclick="alert(5)">x</a>\n')
    result = build(project)
    assert "WARNING" not in result.output, result.output
    site = project / "site"
    for path in [*site.rglob("*.html"), *site.rglob("*.xml"), *site.rglob("*.json")]:  # .ics is plain text
        text = path.read_text(encoding="utf-8")
        for raw in ("<script>alert", "<img src=x"):  # shown as text at most, never as markup
            assert raw not in text, (path, raw)
        if path.suffix == ".html":  # as a browser parses it: no handler, no script URL, no script of ours
            for el in lxml.html.fromstring(text).iter():
                assert not [a for a in el.attrib if a.lower().startswith("on")], (path, el.tag)
                assert not (el.get("href") or "").strip().lower().startswith("javascript:"), path
                if el.tag == "script" and el.get("type") == "application/ld+json":
                    json.loads(el.text or "")  # the title as data in JSON-LD: it parses, and no raw "<" (above)
                else:
                    assert not (el.tag == "script" and "alert(" in (el.text or "")), path
    page = (site / "ja" / "events" / "sochi-summit-2016" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;ソチ" in page
    home = (site / "ja" / "index.html").read_text(encoding="utf-8")
    assert "日本語の本文。" in home and "&lt;script&gt;alert(3)&lt;/script&gt;" in home  # shown, inert
    events = json.loads((site / "events.json").read_text(encoding="utf-8"))
    sochi = next(e for e in events["events"] if e["id"] == "sochi-summit-2016")
    assert sochi["translations"]["ja"]["title"] == "<script>alert(1)</script>ソチ"  # JSON keeps the text, escaped
