"""Speed-ups in the core must not change what it does: each fast path against its definition."""

from __future__ import annotations

import posixpath
import sys
import unicodedata

import pytest

from jr_explainer import render, validate


def test_control_character_regex_is_exactly_unicode_category_cc_minus_newline_and_tab():
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        expected = unicodedata.category(ch) == "Cc" and ch not in "\n\t"
        assert bool(validate._CONTROL.match(ch)) == expected, f"U+{cp:04X}"
    assert validate._control_chars("ok\n\tline") == []
    assert validate._control_chars("a\x07b\x1b\x9f\x07") == ["U+0007", "U+001B", "U+009F"]


URLS = ["", "timeline/", "actors/", "actors/japan/", "events/sochi-summit-2016/", "reference/data/",
        "timeline.html", "events/a.html", "index.html", "a/b/c/", "a/b/c.html", "./", "a//b/", "a/./b/", "a/../b/",
        "events/sochi-summit-2016/#cite-1", "plan/#area-energy", "#top", "quotes/#quote-x"]


@pytest.mark.parametrize("here", [u for u in URLS if "#" not in u])
def test_relative_url_matches_posixpath_relpath(here):
    def reference(from_url, to_url):  # the original implementation, on posixpath.relpath
        to_path, _, frag = to_url.partition("#")
        base = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
        rel = posixpath.relpath(to_path.rstrip("/") or ".", base.rstrip("/") or ".")
        if to_path.endswith("/") or to_path == "":
            rel = rel + "/" if rel != "." else "./"
        return rel + ("#" + frag if frag else "")

    for target in URLS:
        assert render.relative_url(here, target) == reference(here, target), (here, target)
