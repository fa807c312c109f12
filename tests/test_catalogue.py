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
CONVERTED = ("_macros.j2", "event.md.j2", "actor.md.j2", "actors_index.md.j2", "glossary.md.j2", "latest.html.j2",
             "map.md.j2", "map_svg.j2", "plan.md.j2", "quotes.md.j2", "redirect.html.j2", "sources.md.j2",
             "timeline_index.md.j2", "timelinejs_text.html.j2", "whos_who.md.j2", "timeline.md.j2", "timeline_svg.j2")
NAMES = {"BibTeX", "RIS", "CSL", "JSON"}  # file formats: the same name in every language
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
MARKUP = re.compile(r'<[^>]*>|[<>&"]')


def test_every_string_the_templates_write_has_a_translation_in_every_edition():
    strings = list(catalogue.template_strings())
    assert len(strings) > 40  # the extraction finds the marked strings
    missing = []
    for lang in catalogue.EDITION_LANGS:
        words = catalogue.for_lang(lang)
        assert words.catalog is not None
        for name, line, message in strings:
            if not catalogue.translated(words.catalog, message):
                missing.append(f"{name}:{line}: {message!r} has no {lang} translation "
                               f"(run `python -m explainer_core.pages.catalogue`, then translate it)")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang", catalogue.EDITION_LANGS)
def test_every_translation_keeps_the_placeholders_of_its_english(lang):
    words = catalogue.for_lang(lang)
    assert words.catalog is not None
    wrong = []
    for m in words.catalog:
        if not m.id:
            continue
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        for form in m.string if isinstance(m.string, tuple) else (m.string,):
            if form and sorted(PLACEHOLDER.findall(str(form))) not in [sorted(PLACEHOLDER.findall(str(e))) for e in english]:
                wrong.append(f"{m.id!r} -> {form!r}")
            # the catalogue's text goes into pages unescaped (attributes too): no markup or quote the English lacks
            if form and sorted(MARKUP.findall(str(form))) not in [sorted(MARKUP.findall(str(e))) for e in english]:
                wrong.append(f"{m.id!r} -> {form!r} (markup)")
    assert not wrong, "\n".join(wrong)


def _unmarked_words(source: str) -> list[str]:
    """Words a template writes outside {{ _("...") }}: what is left once Jinja's tags,
    expressions and comments and HTML's tags (keeping the values of attributes people read) go."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|<code>.*?</code>|<script>.*?</script>", " ", source, flags=re.S)
    text = re.sub(r"\{: .*\}$", " ", text, flags=re.M)  # a heading's {: #id .class } (attr_list)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    readable = re.findall(r'\b(?:aria-label|title|alt)="([^"]*)"', text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join([text, *readable])
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in NAMES]


@pytest.mark.parametrize("name", CONVERTED)
def test_a_converted_template_writes_no_word_outside_the_catalogue(name):
    assert _unmarked_words((catalogue.TEMPLATES / name).read_text(encoding="utf-8")) == []


def test_the_unmarked_word_check_finds_one():
    assert _unmarked_words('<p title="Hello">{{ _("Fine") }} Stray</p>') == ["Stray", "Hello"]


# --- counts: Russian has three plural forms, Japanese one ---------------------------------------

RU_EVENTS = [(1, "1 событие"), (2, "2 события"), (5, "5 событий"), (11, "11 событий"), (21, "21 событие"),
             (22, "22 события"), (25, "25 событий"), (111, "111 событий"), (12, "12 событий"), (104, "104 события")]


@pytest.mark.parametrize(("n", "text"), RU_EVENTS)
def test_a_russian_count_takes_the_plural_form_its_number_needs(n, text):
    assert catalogue.for_lang("ru").ngettext("%(num)s event", "%(num)s events", n) % {"num": n} == text


@pytest.mark.parametrize("n", [1, 2, 5, 11, 21, 22, 25, 111])
def test_japanese_and_english_counts(n):
    assert catalogue.for_lang("ja").ngettext("%(num)s event", "%(num)s events", n) % {"num": n} == f"{n}件の出来事"
    assert catalogue.for_lang("en").ngettext("%(num)s event", "%(num)s events", n) % {"num": n} == (
        "1 event" if n == 1 else f"{n} events")


def test_a_template_count_uses_the_catalogues_plural_forms():
    import jinja2
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    words = catalogue.for_lang("ru")
    env.install_gettext_callables(words.gettext, words.ngettext, newstyle=True)  # type: ignore[attr-defined]
    t = env.from_string('{{ ngettext("%(num)s quote", "%(num)s quotes", n) }}')
    assert [t.render(n=n) for n in (1, 3, 11, 21)] == ["1 цитата", "3 цитаты", "11 цитат", "21 цитата"]


def test_every_count_has_all_its_plural_forms_in_every_edition():
    counts = [m for _, _, m in catalogue.template_strings() if isinstance(m, tuple)]
    assert counts  # the extraction finds ngettext's (singular, plural) pairs
    for lang in catalogue.EDITION_LANGS:
        cat = catalogue.for_lang(lang).catalog
        assert cat is not None
        for message in counts:
            m = cat.get(message[0])
            assert m is not None and isinstance(m.string, tuple) and len(m.string) == cat.num_plurals, (lang, message)


def test_a_singular_id_used_for_a_count_and_as_a_plain_string_is_caught():
    from babel.messages.catalog import Catalog
    cat = Catalog(locale="ru")
    cat.add("Source:", "Источник:")
    assert catalogue.translated(cat, "Source:")
    assert not catalogue.translated(cat, ("Source:", "Sources:"))


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


def test_a_fully_translated_event_marks_only_the_other_records_english(tmp_path):
    full = PARTIAL + "  description: 会談は**3時間以上**続いた。\n"
    html, _ = _ja_event(tmp_path, full)
    assert "<p>会談は<strong>3時間以上</strong>続いた。</p>" in html and '<div lang="en">' not in html
    # the place, theme and actors of the fixture have no translation: marked inline, the note said once
    assert '<span lang="en">Sochi</span>' in html and html.count("jr-untranslated-note") == 1
    # (a page whose records are all translated has no note: tests/test_edition_words.py, the real data)


def test_translated_text_is_escaped(tmp_path):
    hostile = PARTIAL.replace("title: ソチでの日露首脳会談", "title: '<script>alert(1)</script>'")
    html, _ = _ja_event(tmp_path, hostile)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
