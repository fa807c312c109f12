"""The Japanese and Russian editions (issue 21), built from mkdocs.ja.yml / mkdocs.ru.yml, which
inherit mkdocs.yml: each under its own path, in its language, with its own search index."""

from __future__ import annotations

import json
import shutil

import pytest

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


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("editions") / "p")
    for lang, text in (("ja", JA), ("ru", RU)):
        (project / "data" / "i18n" / lang).mkdir(parents=True)
        (project / "data" / "i18n" / lang / "events.yml").write_text(text, encoding="utf-8")
        shutil.copy(ROOT / f"mkdocs.{lang}.yml", project / f"mkdocs.{lang}.yml")
    en = build(project)
    builds = {"en": en}
    for lang in ("ja", "ru"):
        builds[lang] = build(project, "-f", f"mkdocs.{lang}.yml")
        assert "WARNING" not in builds[lang].output, builds[lang].output
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


def test_the_english_edition_stays_at_its_urls_and_keeps_the_editions_it_does_not_build(editions):
    html = (editions / "site" / "events" / "sochi-summit-2016" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Cite this page" in html and ">6 May 2016</time>" in html
    assert (editions / "site" / "ja" / "index.html").is_file()  # built after the English, into site/ja/


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
