"""The core's Markdown-free page conversion gives what Python-Markdown (attr_list, md_in_html,
toc with permalinks, as the site configures it) gives for the same text, heading list included."""

from __future__ import annotations

import re

import markdown
import pytest

from explainer_core.pages.htmlpage import Converter

EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "admonition", "toc"]
CONFIGS = {"toc": {"permalink": True}}

PAGES = [
    "# Timeline\n\n<p class=\"x\">Raw <em>HTML</em> block.</p>\n\n## Era one {: #era-one .jr-tl-era }\n\n"
    "### 2016 {: #y2016 }\n\n<section id=\"m1\">\n<h4>Month</h4>\n</section>\n",
    # the same heading twice, and an escaped title as the md filter writes it
    "# Talks &lt;b&gt; &amp; \\[more\\] \\*x\\*\n\n## Sources\n\n<ul>\n<li>a</li>\n</ul>\n\n## Sources\n\n## Sources_1\n",
    # Markdown prose between blocks, in one run (a loose list stays one list)
    "# T\n\nSome *prose* with a [link](https://example.org).\n\n- one\n\n- two\n\n<div>\n<p>x</p>\n</div>\n\n"
    "More `code`.\n",
]


def _normal(html: str) -> str:
    return re.sub(r"\n+", "\n", html).strip()


@pytest.mark.parametrize("text", PAGES)
def test_conversion_matches_python_markdown(text):
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    expected = md.convert(text)
    page = Converter(EXTENSIONS, CONFIGS).page(text)
    assert _normal(page.html) == _normal(expected)
    assert page.toc == md.toc_tokens
    assert page.anchors == set(re.findall(r'id="([^"]*)"', expected))


def test_markdown_text_is_converted_once():
    conv = Converter(EXTENSIONS, CONFIGS)
    calls: list[str] = []
    convert = conv._md.convert

    def counting(text: str) -> str:
        calls.append(text)
        return convert(text)

    conv._md.convert = counting
    for _ in range(3):
        conv.page("# A\n\nSame *text*.\n")
    assert calls == ["Same *text*."]


@pytest.mark.parametrize("text", [
    # A blank line inside data-derived text must not end the HTML element it sits in: the
    # rest would be read as Markdown (a reference definition, a footnote, a link to 'A:').
    '<ul>\n<li><a href="x/">a\n\n[x]: javascript:alert(1)\n\n[y][x]</a></li>\n</ul>',
    '<p class="t">title</p>\n<ul>\n<li>[^1]\n\n[^1]: &lt;script&gt;[](A:)</li>\n</ul>',
    '<div>\n<pre><code>one\n\n[z](javascript:alert(1))</code></pre>\n</div>',
])
def test_a_blank_line_inside_an_element_keeps_the_rest_html(text):
    page = Converter(EXTENSIONS, CONFIGS).page(text)
    assert "href=\"javascript" not in page.html and "href=\"A:" not in page.html
    assert "footnote" not in page.html and page.html.count("<a ") == text.count("<a ")


def test_blank_lines_inside_pre_are_kept_and_elsewhere_folded():
    page = Converter(EXTENSIONS, CONFIGS).page("<div>\n<pre>a\n\nb</pre>\n\n<p>c</p>\n</div>\n\nAfter *this*.")
    assert page.html == "<div>\n<pre>a\n\nb</pre>\n<p>c</p>\n</div>\n<p>After <em>this</em>.</p>"


def test_a_generated_page_keeps_its_html_compressed_and_gives_it_back_exactly():
    from explainer_core.pages.render import GeneratedPage

    html = "".join(f'<li><a href="../events/e-{i}/">Événement {i} – 日本</a></li>\n' for i in range(2000))
    page = GeneratedPage.of("timeline.md", html, in_nav=True)
    assert page.content == html
    assert len(page.packed) * 5 < len(html.encode("utf-8"))  # what the build holds until MkDocs writes the page
