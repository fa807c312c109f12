"""The fixes to Material's markup (hooks/explainer_core/web/themefix.py): each is pinned to the lines
of Material's templates it edits, made on a real build, and loud when its markup is gone."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from explainer_core.web import themefix
from support.project import ROOT, build, make_project, read_config

MATERIAL = Path(str(__import__("material").__file__)).parent / "templates"

# For each fix, the lines of Material's own templates whose output it edits (or relies on),
# exactly. A Material upgrade that changes one fails here: re-check the fix, or drop it if
# Material made it upstream.
PINS: dict[str, dict[str, list[str]]] = {
    "checkbox autocomplete": {"base.html": [
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
    ]},
    "escaped meta description and author": {"base.html": [
        '<meta name="description" content="{{ page.meta.description }}">',
        '<meta name="description" content="{{ config.site_description }}">',
        '<meta name="author" content="{{ page.meta.author }}">',
        '<meta name="author" content="{{ config.site_author }}">',
    ]},
    "escaped logo label": {
        f"partials/{part}.html": ['<a href="{{ config.extra.homepage | d(nav.homepage.url, true) | url }}" '
                                  f'title="{{{{ config.site_name | e }}}}" class="md-{part}__button md-logo" '
                                  'aria-label="{{ config.site_name }}" data-md-component="logo">']
        for part in ("header", "nav")
    },
    "search dialog name": {"partials/search.html": [
        '<div class="md-search" data-md-component="search" role="dialog">',
        "<nav class=\"md-search__options\" aria-label=\"{{ lang.t('search') }}\">",
    ]},
    "nav label tabindex": {"partials/nav-item.html": [
        '<label class="md-nav__link" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
        '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
    ]},
    "TOC title outside the nav": {
        "partials/toc.html": ['<label class="md-nav__title" for="__toc">', "</label>",
                              '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>'],
        "partials/nav-item.html": ['<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'],
    },
}


def test_every_fix_is_pinned_to_the_lines_of_materials_templates_it_edits():
    assert set(PINS) == set(themefix.FIXES)
    for name, templates in PINS.items():
        for template, lines in templates.items():
            theirs = {line.strip() for line in (MATERIAL / template).read_text(encoding="utf-8").splitlines()}
            missing = [line for line in lines if line not in theirs]
            assert not missing, f"{name}: Material's {template} changed: {missing}"


def test_overrides_extend_materials_templates_and_copy_none():
    """overrides/ holds block overrides only (main.html, 404.html): a Material template copied
    whole would pin its every line; fix its markup in themefix.py instead."""
    templates = sorted((ROOT / "overrides").rglob("*.html"))
    assert templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert re.search(r'^\{% extends "[\w./-]+" %\}$', text, re.M), f"{path.name} is not a block override"


class _Tags(HTMLParser):
    """Every start tag's attributes, as a browser reads them."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


NAME, DESCRIPTION, AUTHOR = 'A "quoted" <b>name</b> & it\'s', 'Say "hi" & <i>bye</i>', 'O\'Neil "&" <co>'


@pytest.fixture(scope="module")
def quoted_site(tmp_path_factory):
    """The minimal fixture under a site name, description and author full of HTML's specials."""
    project = make_project(tmp_path_factory.mktemp("quoted"),
                           config_changes={"site_name": NAME, "site_description": DESCRIPTION, "site_author": AUTHOR})
    return build(project)


@pytest.mark.parametrize("url", ["", "events/sochi-summit-2016/", "404.html"])
def test_every_page_gets_every_fix(quoted_site, url):
    page = quoted_site.html(url)
    tags = _Tags(page)
    own = url.startswith("events/")  # a generated page has its own description (escaped by the renderer)
    assert [a["content"] == DESCRIPTION for a in tags.find("meta", name="description")] == [not own]
    assert [a["content"] for a in tags.find("meta", name="author")] == [AUTHOR]
    for cls in ("md-header__button md-logo", "md-nav__button md-logo"):
        assert [(a["aria-label"], a["title"]) for a in tags.find("a", class_=cls)] == [(NAME, NAME)]
    for box in ("__drawer", "__search"):
        assert [sorted(a) for a in tags.find("input", id=box)] == [["class", "data-md-toggle", "id", "type"]]
    assert [a.get("aria-label") for a in tags.find("div", role="dialog")] == ["Search"]
    assert f'content="{escape(AUTHOR)}"' in page and f'aria-label="{escape(NAME)}"' in page  # as Jinja's |e writes it
    sections = [a for a in tags.find("label", class_="md-nav__link") if a.get("id")]
    assert len(sections) == 2 and all("tabindex" not in a for a in sections)  # the nav's two sections
    assert 'tabindex=""' not in page


def test_the_toc_title_is_a_label_only_where_its_checkbox_is(real_site):
    """The home page is in the nav (its TOC toggles with #__toc); an event page is not."""
    home, event = (_Tags(real_site.html(url)) for url in ("", "events/sochi-summit-2016/"))
    assert home.find("input", id="__toc") and home.find("label", class_="md-nav__title", for_="__toc")
    assert not home.find("div", class_="md-nav__title")
    assert not event.find("input", id="__toc") and not event.find("label", for_="__toc")
    assert len(event.find("div", class_="md-nav__title")) == 1


# Each mutation stands for a Material upgrade that moves the markup a fix edits.
MUTATIONS = {
    "checkbox autocomplete": ("base.html", 'id="__drawer" autocomplete="off"', 'autocomplete="off" id="__drawer"'),
    "escaped meta description and author": ("base.html", '<meta name="description" content="{{ config.site_description }}">',
                                            '<meta content="{{ config.site_description }}" name="description">'),
    "escaped logo label": ("partials/header.html", 'md-logo" aria-label', 'md-logo" data-x aria-label'),
    "search dialog name": ("partials/search.html", 'role="dialog"', 'role="dialog" data-x'),
    "nav label tabindex": ("partials/nav-item.html", '_label" tabindex=', '_label" data-x tabindex='),
    "TOC title outside the nav": ("partials/toc.html", 'class="md-nav__title" for="__toc"',
                                  'for="__toc" class="md-nav__title"'),
}


def test_a_fix_whose_markup_is_gone_fails_the_strict_build_naming_it(tmp_path):
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    assert set(MUTATIONS) == set(themefix.FIXES)
    for template, old, new in MUTATIONS.values():
        target = overrides / template
        text = target.read_text(encoding="utf-8") if target.exists() else (MATERIAL / template).read_text(encoding="utf-8")
        assert old in text
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace(old, new), encoding="utf-8")
    theme = {**read_config()["theme"], "custom_dir": str(overrides)}
    project = make_project(tmp_path / "project", config_changes={"theme": theme})
    result = build(project, check=False)
    assert result.returncode != 0
    tail = (": Material's template changed; update hooks/explainer_core/web/themefix.py (or drop the fix if "
            "Material made it)")
    # An event page is outside the nav and has its own description: the site's shows on the home page.
    where = {name: "events/sochi-summit-2016/index.html" for name in themefix.FIXES}
    where["escaped meta description and author"] = "index.html"
    expected = {f"WARNING -  {page}: the theme fix '{name}' found no markup to fix{tail}" for name, page in where.items()}
    assert expected <= set(result.lines), "\n".join(result.lines)


def test_a_page_without_materials_markup_misses_the_fixes_every_page_needs():
    page, missing = themefix.fix_page("<p>not a theme page</p>", themefix.SiteTexts("n", "d", "a"))
    assert page == "<p>not a theme page</p>"
    assert missing == ["checkbox autocomplete", "escaped meta description and author", "escaped logo label"]
    _, missing = themefix.fix_page("<p>no site description or author</p>", themefix.SiteTexts("n"))
    assert missing == ["checkbox autocomplete", "escaped logo label"]


def test_the_fixes_never_touch_the_pages_content():
    """Material's markup quoted in a page's content (after the content's opening tag) stays as it is."""
    content = ('<div class="md-content" data-md-component="content"><pre>type="checkbox" id="__drawer" '
               'autocomplete="off"> <label id="a_label" tabindex=""></pre>')
    page, missing = themefix.fix_page(content, themefix.SiteTexts("n"))
    assert page == content
    assert missing == ["checkbox autocomplete", "escaped logo label"]
