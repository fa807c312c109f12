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
