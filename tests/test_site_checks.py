"""Whole-site checks on real builds: valid HTML (Nu HTML Checker) and no broken links."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from support import tools
from support.project import ROOT, require
from support.sitecheck import ALLOWED_NU_MESSAGES, check_links, classify_nu, run_vnu

SITE_URL = "https://example.org/new-approach/"  # mkdocs.yml's site_url, which the real builds keep


@pytest.mark.slow
def test_every_generated_page_is_valid_html(real_site, hostile_site, record_property):
    """vnu on every HTML page of the real site and of the hostile-data site: zero errors."""
    require("java", "npm")
    report = run_vnu(tools.VNU, real_site.site, hostile_site.site)
    real_pages = len(list(real_site.site.rglob("*.html")))
    assert real_pages >= 70  # every event, actor and prose page: the check must not run on nothing
    record_property("count:pages validated by vnu", len(report.files))
    record_property("count:vnu messages filtered", len(report.filtered))
    assert not report.errors, f"{len(report.errors)} Nu errors:\n" + "\n".join(report.errors[:50])


@pytest.mark.slow
def test_no_broken_links_in_the_real_site(real_site, record_property):
    report = check_links(real_site.site, SITE_URL)
    record_property("count:pages crawled for links", report.pages)
    record_property("count:links checked (real site)", report.checked)
    assert report.pages >= 70 and report.internal > 1000 and report.fragments > 100 and report.external > 50
    assert not report.problems, "\n".join(report.problems[:50])


def test_no_broken_links_in_the_hostile_site(hostile_site, record_property):
    report = check_links(hostile_site.site, SITE_URL)
    record_property("count:links checked (hostile site)", report.checked)
    assert report.internal > 50
    assert not report.problems, "\n".join(report.problems[:50])


def test_the_link_checker_finds_what_is_broken(tmp_path):
    """The crawler itself: each kind of breakage is reported, good links are not."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<h1 id="top">A</h1>', encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#top">ok</a><a href="#here" id="here">ok</a>'
        '<a href="https://example.com/x">ok</a><a href="mailto:x@example.com">ok</a>'
        '<a href="b/">missing page</a><a href="a/#nope">missing anchor</a><a href="#gone">missing self</a>'
        '<a href="javascript:alert(1)">bad scheme</a><a href="https://">no host</a>'
        '<a href="http://exa mple.com/">space</a><a href="../../etc/passwd">outside</a>'
        '<a href="//evil.example/">protocol-relative</a><img src="missing.png" alt="">', encoding="utf-8")
    report = check_links(site, SITE_URL)
    flagged = "\n".join(report.problems)
    for bad in ["b/", "a/#nope", "#gone", "javascript:alert(1)", "'https://'", "exa mple", "../../etc/passwd",
                "missing.png", "//evil.example/"]:
        assert bad in flagged, bad
    assert len(report.problems) == 9, flagged


def test_allowed_validator_messages_are_exact():
    """Filtered Nu messages are whole (type, message) pairs, each with its reason; no patterns.
    The list is empty today (every stock Material error is fixed in overrides/), so the filter
    itself is checked on messages of vnu's JSON shape: only an exact (type, message) pair passes."""
    assert all(kind in ("error", "info") and message and why and not any(c in message for c in "*?[]^$")
               for (kind, message), why in ALLOWED_NU_MESSAGES.items())
    allowed = {("error", "Bad value “x” for attribute “y”."): "why it cannot be fixed"}
    messages = [
        {"url": "file:/s/a.html", "lastLine": 3, "type": "error", "message": "Bad value “x” for attribute “y”."},
        {"url": "file:/s/a.html", "lastLine": 4, "type": "error", "message": "Bad value “x” for attribute “y”. "},
        {"url": "file:/s/b.html", "lastLine": 5, "type": "error", "message": "Bad value “x”"},
        {"url": "file:/s/b.html", "lastLine": 6, "type": "non-document-error", "message": "IO error"},
        {"url": "file:/s/b.html", "lastLine": 7, "type": "info", "subType": "warning", "message": "Consider lang."},
    ]
    report = classify_nu(["/s/a.html", "/s/b.html"], messages, allowed)
    assert report.filtered == ["/s/a.html:3: error: Bad value “x” for attribute “y”."]
    assert report.errors == ["/s/a.html:4: error: Bad value “x” for attribute “y”. ", "/s/b.html:5: error: Bad value “x”",
                             "/s/b.html:6: non-document-error: IO error"]
    assert report.other == ["/s/b.html:7: info: Consider lang."]
    assert classify_nu([], messages[:1]).errors == ["/s/a.html:3: error: Bad value “x” for attribute “y”."]


# --- the theme overrides stay minimal ---------------------------------------------------------
#
# main.html and 404.html override blocks only. The six files below are whole copies because
# each fix lies outside any block: partials have no blocks, and base.html's two checkboxes sit
# between {% block extrahead %} and {% block header %}. Each is a fix to offer upstream
# (squidfunk/mkdocs-material), after which the copy can go:
# - base.html: drop autocomplete="off" from the #__drawer and #__search checkboxes (the HTML
#   standard allows autocomplete on text-like inputs only: Nu error); escape site_description
#   and site_author in their <meta> tags (a quote ends the attribute).
# - partials/header.html, partials/nav.html: escape site_name in the logo's aria-label, as its
#   title already is.
# - partials/search.html: give the search dialog an accessible name (aria-label="Search";
#   Lighthouse/axe aria-dialog-name).
# - partials/nav-item.html: write tabindex on section labels only when it has a value (an empty
#   tabindex="" is a Nu error).
# - partials/toc.html: on a page outside the nav there is no #__toc checkbox, so make the TOC
#   title a <div>, not a <label for="__toc"> that points at nothing (Nu error).

MATERIAL = Path(str(__import__("material").__file__)).parent / "templates"


def _escaped_logo_label(cls: str) -> set[str]:
    line = ('    <a href="{{ config.extra.homepage | d(nav.homepage.url, true) | url }}" '
            f'title="{{{{ config.site_name | e }}}}" class="{cls} md-logo" aria-label="{{{{ config.site_name%s }}}}" '
            'data-md-component="logo">')
    return {"-" + line % "", "+" + line % " | e"}


# Every line the overrides change in Material's own templates, and nothing else.
OVERRIDE_CHANGES = {
    "base.html": {
        '-    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '-    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
        '+    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
        '+    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
        '-        <meta name="description" content="{{ config.site_description }}">',
        '+        <meta name="description" content="{{ config.site_description | e }}">',
        '-        <meta name="author" content="{{ config.site_author }}">',
        '+        <meta name="author" content="{{ config.site_author | e }}">',
    },
    "partials/header.html": _escaped_logo_label("md-header__button"),
    "partials/search.html": {
        '-<div class="md-search" data-md-component="search" role="dialog">',
        '+<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    },
    "partials/nav.html": _escaped_logo_label("md-nav__button"),
    "partials/nav-item.html": {
        '-          <label class="md-nav__link" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
        '+          <label class="md-nav__link" for="{{ path }}" id="{{ path }}_label"'
        '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>',
        '-              <label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" '
        'tabindex="{{ tabindex }}">',
        '+              <label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
        '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>',
    },
    "partials/toc.html": {
        "+    {%- if page in nav.pages %}",
        "+    {%- else %}",
        '+    <div class="md-nav__title">',
        '+      <span class="md-nav__icon md-icon"></span>',
        "+      {{ title }}",
        "+    </div>",
        "+    {%- endif %}",
    },
}


@pytest.mark.parametrize("name", sorted(OVERRIDE_CHANGES))
def test_theme_override_differs_from_material_only_by_its_fix(name):
    """A Material upgrade that changes one of these templates fails here, so the override is
    re-copied and re-fixed instead of silently pinning old theme code."""
    ours = (ROOT / "overrides" / name).read_text(encoding="utf-8").splitlines()
    theirs = (MATERIAL / name).read_text(encoding="utf-8").splitlines()
    changed = {line for line in difflib.unified_diff(theirs, ours, lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---", "+{#- jr-explainer override: "))}
    assert ours[0].startswith("{#- jr-explainer override: "), "say why the override exists on its first line"
    assert changed == OVERRIDE_CHANGES[name]
