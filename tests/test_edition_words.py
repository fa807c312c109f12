"""No English word of ours left on a page of the Japanese or Russian edition (issue 21).

The real data is built in English, Japanese and Russian with its listings and timeline cut into
pages (so pagers, "the first N of M" notes and the timeline's index are there too). Every phrase
the templates and the pages' Python mark for the catalogue is looked for on each generated page:
those the English page shows must be gone from the same page of each edition, except inside
an element marked ``lang="en"`` (a record's text with no translation yet, the data reference).
"""

from __future__ import annotations

import re
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
