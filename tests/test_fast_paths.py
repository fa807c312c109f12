"""Speed-ups in the core must not change what it does: each fast path against its definition."""

from __future__ import annotations

import posixpath
import sys
import unicodedata

import pytest

from explainer_core.data import values
from explainer_core.pages import links


def test_control_character_regex_is_exactly_cc_minus_newline_and_tab_plus_surrogates_and_noncharacters():
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        noncharacter = 0xFDD0 <= cp <= 0xFDEF or cp & 0xFFFE == 0xFFFE
        expected = (unicodedata.category(ch) in ("Cc", "Cs") or noncharacter) and ch not in "\n\t"
        assert bool(values._CONTROL.match(ch)) == expected, f"U+{cp:04X}"
    assert values.control_chars("ok\n\tline") == []
    assert values.control_chars("a\x07b\x1b\x9f\x07") == ["U+0007", "U+001B", "U+009F"]


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
        assert links.relative_url(here, target) == reference(here, target), (here, target)


def test_template_bytecode_cache_reuses_code_and_recompiles_edited_templates(tmp_path):
    import jinja2

    from explainer_core.pages.jinja_cache import MemoryBytecodeCache

    cache = MemoryBytecodeCache()
    page = tmp_path / "page.j2"
    page.write_text("Hello {{ name }}!", encoding="utf-8")

    def env(**settings):
        return jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=cache, **settings)

    assert env().get_template("page.j2").render(name="<b>") == "Hello <b>!"
    assert len(cache._store) == 1
    # A fresh environment (a serve rebuild) is served from the cache: the same single entry.
    assert env().get_template("page.j2").render(name="x") == "Hello x!"
    assert len(cache._store) == 1
    # Other settings compile differently (here: autoescaping), so they get their own entry.
    assert env(autoescape=True).get_template("page.j2").render(name="<b>") == "Hello &lt;b&gt;!"
    assert len(cache._store) == 2
    # An edited template is recompiled, not served stale.
    page.write_text("Bye {{ name }}.", encoding="utf-8")
    assert env().get_template("page.j2").render(name="x") == "Bye x."
