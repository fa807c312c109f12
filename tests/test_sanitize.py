"""The sanitizer's quick scan (``could_be_unsafe``) never lets through what its full check
(``parse_and_sanitize``: lxml's parse, every element and attribute judged) would remove.

``sanitize_html`` parses a page only when the scan flags it, so a page the scan passes is
published as it is. The property checked here, on every input: if the full check removes
anything, the scan flagged the input. The inputs: the hostile strings and the seed corpus's
values pasted unescaped into the places of a page where they could act (as if escaping had
failed), the Markdown the corpus's rejected links become when validation is bypassed, the
pages of the hostile and minimal sites, and fuzzed tag soup (Hypothesis, derandomized).
"""

from __future__ import annotations

import os
import re

import lxml.etree
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer_core.pages.htmlpage import Converter
from explainer_core.web.sanitize import could_be_unsafe, parse_and_sanitize, sanitize_html
from support import hostile
from support import hostile_corpus as corpus

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50")) * 10  # cheap: a short string each

# How an unescaped value could reach a page: text, an attribute value (quoted or not), an
# attribute list, a tag name, a URL, inside a comment, a script, a style, an SVG.
CONTEXTS = [
    "<p>{}</p>", '<a href="{}">x</a>', "<a href='{}'>x</a>", "<a href={}>x</a>", '<a title="{}" href="../x/">x</a>',
    "<a title={} href=../x/>x</a>", "<div {}>x</div>", "<{}>", "<img src=x {}>", '<img srcset="{}">',
    "<!-- {} --><p>x</p>", "<script>var a = '{}';</script><p>x</p>", "<style>{}</style>",
    '<svg><a xlink:href="{}"><text>x</text></a></svg>', '<meta http-equiv="refresh" content="0; url={}">',
    "<svg><set attributeName=\"href\" to=\"{}\"/></svg>", '<form action="{}"><button formaction="{}">b</button></form>',
    '<a href="#x" {}', '<p title="{}>',
]
DOCUMENT = "<!doctype html>\n<html><head><title>t</title></head><body>{}</body></html>"


def _implies(text: str) -> None:
    try:
        removed = parse_and_sanitize(text)[1]
    except lxml.etree.ParserError:  # "Document is empty": nothing to remove, and now no traceback
        removed = []
    except Exception as exc:  # noqa: BLE001  any other failure must stay one
        removed = [f"raises {exc!r}"]
    assert not removed or could_be_unsafe(text), f"the scan passed {text!r}, the full check removes {removed}"


def _values() -> list[str]:
    corpus_values = [c.new for c in corpus.CASES if len(c.new) < 2000]
    return sorted({*hostile.all_strings(), *corpus_values, "javascript:alert(1)", "jav&#x61;script:x",
                   "&#106;avascript:x", "java&#x0a;script:x", "javascript&colon;x", "\x01javascript:x",
                   "\x0cjavascript:x", " JAVASCRIPT:x", "data:x", "a.png 1x, vbscript:x 2x", "x onclick=y",
                   '" onclick="y', "' onclick='y", "x/onclick=y", '"onclick=y', "srcdoc=&lt;p&gt;", "ONLOAD=y"})


@pytest.mark.parametrize("context", CONTEXTS)
def test_the_scan_flags_every_hostile_value_the_full_check_would_clean(context):
    flagged = 0
    for value in _values():
        for text in (context.replace("{}", value), DOCUMENT.format(context.replace("{}", value))):
            _implies(text)
            flagged += could_be_unsafe(text)
    assert flagged, "no value in this context was even flagged: the test tests nothing"


def test_the_scan_flags_what_the_full_check_removes_from_a_known_dirty_page():
    # Each of these is removed by the full check (test_hostile_inputs.py counts them).
    dirty = ['<a href="jav&#x61;script:alert(1)">a</a>', '<img src="data:x" onerror="alert(1)">',
             '<img srcset="a.png 1x, vbscript:x 2x">', '<svg><a xlink:href="javascript:x">s</a></svg>',
             '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', '<iframe srcdoc="&lt;script&gt;">',
             '<form action="javascript:x"></form>', '<button formaction="javascript:y">b</button>',
             '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">', '<a href="https://ok/" onclick="x">',
             "<a/onclick=x>", '<a x="y"onclick=z>', '<a href="x>" onclick=y>', "<A HREF=JAVASCRIPT:x>",
             '<a href="\tjavascript:x">', "<a href=javascript&colon;x>", "<math><a onclick=x></math>"]
    for text in dirty:
        assert parse_and_sanitize(text)[1], text
        assert could_be_unsafe(text), text
        assert sanitize_html(text) == parse_and_sanitize(text)


@pytest.mark.parametrize("value", [v for _, _, v, _ in hostile.REJECTED if "](" in v or "]:" in v or v.startswith("<")])
def test_the_scan_flags_the_links_validation_rejects_once_markdown_has_made_them(value):
    """Validation refuses these links; were it bypassed, Markdown would write them as HTML."""
    html = Converter(["attr_list", "md_in_html", "footnotes", "admonition", "toc"],
                     {"toc": {"permalink": True}}).markdown(value)
    _implies(html)
    _implies(DOCUMENT.format(html))


def test_the_built_pages_pass_the_scan_and_the_full_check_agrees(hostile_site, minimal_site):
    """What the build sanitizes: each page as the theme wrote it, before the policy's meta tag
    (an http-equiv, which the scan always sends to the full check) is added."""
    pages = [p for build in (hostile_site, minimal_site) for p in sorted(build.site.rglob("*.html"))]
    passed = 0
    for path in pages:
        text = re.sub(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', "",
                      path.read_text(encoding="utf-8"))
        _implies(text)
        passed += not could_be_unsafe(text)
    redirects = sum('http-equiv="refresh"' in p.read_text(encoding="utf-8") for p in pages)
    assert passed == len(pages) - redirects, "the scan sends clean pages to the full parse: no time saved"


# --- fuzzed tag soup ---------------------------------------------------------------------------
TOKENS = ["<", ">", "</", "/", "=", '"', "'", " ", "\t", "\n", "\x0c", "\r", "\x0b", "\x00", "\xa0", "a", "A",
          "p", "svg", "math", "set", "animate", "animateMotion", "meta", "img", "iframe", "script", "style",
          "textarea", "title", "noscript", "<!--", "-->", "<![CDATA[", "]]>", "<?", "?>", "<!", "on", "onclick",
          "ONload", "href", "HREF", "src", "srcset", "srcdoc", "xlink:href", "action", "data", "http-equiv",
          "refresh", "content", "attributename", "to", "values", "javascript:", "JaVaScRiPt:", "java\tscript:",
          "data:", "https:", "http://x", "mailto:", "#", "x", "&#106;", "&#x6a;", "&colon;", "&#58;", "&#x3A",
          "&amp;", "&", ";", ",", "1x", "url=", "0;", "\ufffd", "é", "\u2028", "\ud800", "-", ".", "+"]
soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)), max_size=40).map("".join)
attribute = st.tuples(st.sampled_from([" ", "/", "\n", "", "\t "]), soup.filter(lambda s: len(s) < 12),
                      st.sampled_from(["", "=", " = "]), st.sampled_from(['"', "'", ""]), soup).map(
    lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}{t[4]}{t[3] if t[2] else ''}")
tag = st.tuples(st.sampled_from(["a", "img", "svg", "set", "meta", "iframe", "p", "A", "animate", "form"]),
                st.lists(attribute, max_size=4), st.sampled_from([">", "/>", "", " >"])).map(
    lambda t: f"<{t[0]}{''.join(t[1])}{t[2]}")
page = st.lists(st.one_of(soup, tag), min_size=1, max_size=6).map("".join)


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(text=page, document=st.booleans())
def test_the_scan_flags_whatever_the_full_check_removes_from_tag_soup(text, document):
    _implies(DOCUMENT.format(text) if document else text)
