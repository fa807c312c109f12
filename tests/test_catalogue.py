"""The words our templates write, in every edition's language: every marked string has a
translation in each catalogue (hooks/explainer_core/pages/locale/<lang>.po), keeps its
placeholders, and the templates already converted write no unmarked words."""

from __future__ import annotations

import re

import pytest

from explainer_core import load_dataset
from explainer_core.pages import catalogue
from explainer_core.pages.render import Renderer
from support.project import FIXTURES

# Templates whose every word goes through the catalogue; the others are still English only
# (the editions' work in progress: add each here as it is converted).
CONVERTED = ("_macros.j2", "event.md.j2")
NAMES = {"BibTeX", "RIS", "CSL", "JSON"}  # file formats: the same name in every language
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_every_string_the_templates_write_has_a_translation_in_every_edition():
    strings = list(catalogue.template_strings())
    assert len(strings) > 40  # the extraction finds the marked strings
    missing = []
    for lang in catalogue.EDITION_LANGS:
        words = catalogue.for_lang(lang)
        for name, line, message in strings:
            m = words.catalog.get(message) if words.catalog else None
            if m is None or not m.string:
                missing.append(f"templates/{name}:{line}: {message!r} has no {lang} translation "
                               f"(run `python -m explainer_core.pages.catalogue`, then translate it)")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang", catalogue.EDITION_LANGS)
def test_every_translation_keeps_the_placeholders_of_its_english(lang):
    words = catalogue.for_lang(lang)
    assert words.catalog is not None
    wrong = [f"{m.id!r} -> {m.string!r}" for m in words.catalog if m.id and m.string
             and sorted(PLACEHOLDER.findall(str(m.id))) != sorted(PLACEHOLDER.findall(str(m.string)))]
    assert not wrong, "\n".join(wrong)


def _unmarked_words(source: str) -> list[str]:
    """Words a template writes outside {{ _("...") }}: what is left once Jinja's tags,
    expressions and comments and HTML's tags (keeping the values of attributes people read) go."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|<code>.*?</code>", " ", source, flags=re.S)
    readable = re.findall(r'\b(?:aria-label|title|alt)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join([text, *readable])
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in NAMES]


@pytest.mark.parametrize("name", CONVERTED)
def test_a_converted_template_writes_no_word_outside_the_catalogue(name):
    assert _unmarked_words((catalogue.TEMPLATES / name).read_text(encoding="utf-8")) == []


def test_the_unmarked_word_check_finds_one():
    assert _unmarked_words('<p title="Hello">{{ _("Fine") }} Stray</p>') == ["Stray", "Hello"]


def _event_page(lang: str) -> str:
    ds = load_dataset(FIXTURES / "minimal" / "data", root=FIXTURES / "minimal")
    pages = {p.src_uri: p for p in Renderer(ds, site_url="https://example.org/x/", site_name="Site", lang=lang).pages()}
    return pages["events/sochi-summit-2016.md"].content


def test_an_event_page_in_each_language():
    en, ja, ru = (_event_page(lang) for lang in ("en", "ja", "ru"))
    assert "Cite this page" in en and ">6 May 2016</time>" in en and "Who was involved" in en
    assert "このページの引用" in ja and ">2016年5月6日</time>" in ja and "関係者" in ja and "Cite this page" not in ja
    assert "Как цитировать эту страницу" in ru and ">6 мая 2016\u202fг.</time>" in ru and "Участники" in ru
    # values stay escaped inside a translated sentence: the site name and title pass through escape()
    assert "<em>Site</em>所収" in ja


def test_a_string_missing_from_a_catalogue_is_shown_in_english():
    words = catalogue.for_lang("ja")
    assert words.gettext("A string no template writes") == "A string no template writes"
    assert catalogue.for_lang("en").gettext("Sources") == "Sources"
    assert words.gettext("Sources") == "出典"


# --- a record's text in the edition's language, the English marked where there is none -----------

def _ja_event(tmp_path, translation: str) -> tuple[str, dict]:
    import shutil
    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "minimal" / "data", project / "data")
    (project / "data" / "i18n" / "ja").mkdir(parents=True)
    (project / "data" / "i18n" / "ja" / "events.yml").write_text(translation, encoding="utf-8")
    ds = load_dataset(project / "data", root=project)
    page = {p.src_uri: p for p in Renderer(ds, site_url="https://example.org/x/", site_name="Site", lang="ja").pages()}[
        "events/sochi-summit-2016.md"]
    return page.content, page.meta


PARTIAL = """\
- id: sochi-summit-2016
  english_updated: 2021-03-01
  title: ソチでの日露首脳会談
  summary: 両首脳は3時間以上会談した。
"""


def test_an_edition_shows_the_translation_and_marks_the_english_it_falls_back_to(tmp_path):
    html, meta = _ja_event(tmp_path, PARTIAL)
    assert ">ソチでの日露首脳会談<" in html and meta["title"] == "ソチでの日露首脳会談"
    assert "<p>両首脳は3時間以上会談した。<sup" in html
    # the description has no translation: English, marked, Markdown rendered, with the page's note
    assert '<div lang="en">\n<p>The meeting lasted <strong>over three hours</strong>.</p>\n</div>' in html
    assert '<p class="jr-untranslated-note">このページの一部はまだ翻訳されておらず、英語で表示しています。</p>' in html
    assert '<span lang="en">Sochi</span>' in html  # the place has no translation either
    assert meta["updated_text"] == "2021年4月4日"


def test_a_stale_translation_shows_the_english_marked(tmp_path):
    stale = PARTIAL.replace("english_updated: 2021-03-01", "english_updated: 2021-02-01")
    html, meta = _ja_event(tmp_path, stale)
    assert meta["title"] == "Abe and Putin meet in Sochi"
    assert '<span lang="en">Abe and Putin meet in Sochi</span>' in html
    assert '<span lang="en">The two leaders meet for over three hours.</span>' in html


def test_a_fully_translated_event_has_no_note(tmp_path):
    full = PARTIAL + "  description: 会談は**3時間以上**続いた。\n"
    html, _ = _ja_event(tmp_path, full)
    assert "jr-untranslated-note" not in html
    assert "<p>会談は<strong>3時間以上</strong>続いた。</p>" in html


def test_translated_text_is_escaped(tmp_path):
    hostile = PARTIAL.replace("title: ソチでの日露首脳会談", "title: '<script>alert(1)</script>'")
    html, _ = _ja_event(tmp_path, hostile)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
