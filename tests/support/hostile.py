"""Hostile text for the dataset: strings that would run script, break out of an attribute, a
<script> block or JSON-LD, inject Markdown links or attributes, or hide text direction.

``python tests/support/hostile.py`` writes tests/fixtures/hostile/ from these lists: every text field
of every collection gets every string (record ``i`` gets string ``i + j`` in its ``j``-th text
field). test_hostile.py checks that the committed fixture is exactly what this produces.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))
from explainer_core import schema  # noqa: E402
from explainer_core.kinds import Text  # noqa: E402

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"

# Accepted by validation wherever text is allowed; must be rendered inert.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</script><script>alert(1)</script>",                     # breaks out of <script>/JSON-LD
    '</script><img src=x onerror=alert(1)>{"@context":"x"}',   # JSON-LD breakout, JSON on the other side
    "javascript:alert(1)",
    "[x](javascript:alert(1))",                                # a Markdown link, in plain-text fields
    '<a href="javascript:alert(1)">click me</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<style>body{display:none}</style>",
    'Unbalanced "double quote and \'single quote',
    "' onmouseover='alert(1)' x='",
    "&lt;b&gt;already escaped&lt;/b&gt; &amp; &#60;script&#62;",
    "{{ 7*7 }} {% raw %} ${7*7} <%= 7*7 %>",                   # template syntax, never evaluated
    "# Heading **bold** _em_ `code` [link](https://example.org/) a|b ~c~ ^d^ e=f: g",
    "text {: onclick=\"alert(1)\" }",                          # attr_list syntax
    "<!-- unclosed comment",
    "]]> <![CDATA[ x",
    "Right\u202eto-left override: txt.exe",                    # U+202E RIGHT-TO-LEFT OVERRIDE
    "zero\u200bwidth\u200cnon\u200djoiner\ufeffand\u2060joiner",  # zero-width characters
    "line\u2028separator and paragraph\u2029separator",        # break naive JSON-in-JS
    "backslash \\ and \\u003c and \\\" quote",
]

# Markdown fields accept these too (each is a vector only Markdown can carry); rendered inert.
HOSTILE_MARKDOWN = [
    '[x](https://example.org/?q=\'onmouseover=\'alert(1))',  # attribute breakout inside a URL
    '[x](https://example.org/ "title\\" onmouseover=\\"alert(1)")',  # breakout from the link title
    '[x](https://example.org/){: href="javascript:alert(1)" }',  # attr_list replacing the href
    'para\n{: onmouseover="alert(1)" }',                          # attr_list on a paragraph
    '<div markdown="1">[x](https://example.org/)</div>',          # md_in_html needs raw HTML
    "[^1]\n\n[^1]: <script>alert(1)</script>",                    # footnote with HTML
]

# Rejected by validation, one record each: (collection, field, value, message fragment).
REJECTED = [
    ("sources", "url", "javascript:alert(1)", "is not an absolute http(s) URL"),
    ("sources", "url", "JavaScript:alert(1)//https://example.org/", "is not an absolute http(s) URL"),
    ("sources", "url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "is not an absolute http(s) URL"),
    ("sources", "url", 'https://example.org/"onmouseover="alert(1)', "contains spaces, quotes or angle brackets"),
    ("plan_areas", "description", "[x](javascript:alert(1))", "has a link to 'javascript:alert(1'"),
    ("plan_areas", "description", "[x]( JAVASCRIPT:alert(1))", "has a link to 'JAVASCRIPT:alert(1'"),
    ("plan_areas", "description", "[x](java\nscript:alert(1))", "has a link to 'javascript:alert(1'"),
    ("plan_areas", "description", "[x](<javascript:alert(1)>)", "has a link to 'javascript:alert(1'"),
    ("plan_areas", "description", "[x]\n\n[x]: javascript:alert(1)", "has a link to 'javascript:alert(1)'"),
    ("plan_areas", "description", "<javascript:alert(1)>", "has a link to 'javascript:'"),
    ("plan_areas", "description", "[x](data:text/html,hi)", "has a link to 'data:text/html,hi'"),
    ("plan_areas", "description", "[x](vbscript:msgbox(1))", "has a link to 'vbscript:msgbox(1'"),
    ("plan_areas", "description", "[x](//evil.example/)", "has a link to '//evil.example/'"),
    ("plan_areas", "description", '[x](https://example.org/"onmouseover="alert(1))',
     "has a link to 'https://example.org/\"onmouseover=\"alert(1' with quotes or backslashes in it"),
    ("events", "summary", "bell\u0007 and escape\u001b[31m", "contains control characters (U+0007, U+001B)"),
]


def _text_fields(fields, prefix=""):
    for f in fields:
        if isinstance(f, Text) or getattr(f, "item", None) is Text:  # text, markdown, a list of texts
            yield prefix + f.name, f
        elif f.fields:
            yield from _text_fields(f.fields, prefix + f.name + ".")


def text_fields() -> dict[str, list[tuple[str, schema.Field]]]:
    """Every text-like field of every collection (nested ones as 'outcome.summary')."""
    return {c.name: list(_text_fields(c.fields)) for c in schema.COLLECTIONS}


def strings_for(field: schema.Field) -> list[str]:
    """Plain-text fields take every HOSTILE string; Markdown fields take those that validation
    accepts in Markdown (not the javascript: link: a REJECTED case) plus HOSTILE_MARKDOWN."""
    if not field.allows_markdown:
        return HOSTILE
    return [h for h in HOSTILE if h != "[x](javascript:alert(1))"] + HOSTILE_MARKDOWN


def all_strings() -> list[str]:
    return HOSTILE + HOSTILE_MARKDOWN + [r[2] for r in REJECTED]


def dataset() -> dict[str, list[dict]]:
    n = len(HOSTILE) + len(HOSTILE_MARKDOWN)
    fields = text_fields()

    def fill(coll: str, i: int, base: dict) -> dict:
        rec = dict(base)
        for j, (path, f) in enumerate(fields[coll]):
            pool = strings_for(f)
            value: str | list[str] = pool[(i + j) % len(pool)]
            if f.many:  # a list of texts
                value = [pool[(i + j) % len(pool)], pool[(i + j + 1) % len(pool)]]
            *parents, leaf = path.split(".")
            target: Any = rec
            for p in parents:
                target = target.get(p)
                target = target[0] if isinstance(target, list) else target
                if target is None:
                    break  # e.g. 'outcome.summary' on an event without an outcome
            else:
                target[leaf] = value
        return rec

    ids = lambda prefix: [f"{prefix}-{i + 1}" for i in range(n)]  # noqa: E731
    src, plc, thm, act, pln, evt, quo, trm = (ids(p) for p in ("source", "place", "theme", "actor", "area", "event",
                                                                "quote", "term"))
    data: dict[str, list[dict]] = {name: [] for name in schema.BY_NAME}
    for i in range(n):
        data["sources"].append(fill("sources", i, {
            "id": src[i], "url": f"https://example.org/source/{i}?q=1&r='onmouseover=alert({i})//",
            "published": "2016-06", "kind": "article"}))
        data["places"].append(fill("places", i, {"id": plc[i], "sources": [src[i]]}))
        data["themes"].append(fill("themes", i, {"id": thm[i]}))
        data["actors"].append(fill("actors", i, {
            "id": act[i], "kind": ("person", "organisation", "state", "grouping")[i % 4],
            "native_lang": ("ja", "ru", "zh", "en")[i % 4],
            "roles": [{"from": "2012-12", "source": src[i]}], "sources": [src[i]]}))
        if i < 8:
            data["plan_areas"].append(fill("plan_areas", i, {"id": pln[i], "number": i + 1, "sources": [src[i]],
                                                             "developments": [{"date": "2017-01", "event": evt[i], "sources": [src[i]]}]}))
        planned = i % 3 == 2
        event: dict[str, Any] = {"id": evt[i], "date": f"{2000 + i}-0{1 + i % 9}-1{i % 10}", "era": ("background", "sochi", "aftermath")[3 * i // n],  # in date order, as in real data
                 "status": "planned" if planned else "happened", "place": plc[i], "actors": [act[i], act[(i + 1) % n]],
                 "plan_areas": [pln[i % 8]], "themes": [thm[i]], "related": [evt[(i + 1) % n]], "sources": [src[i]]}
        if planned:
            event["outcome"] = {"event": evt[(i + 1) % n], "sources": [src[i]]}
        data["events"].append(fill("events", i, event))
        data["quotes"].append(fill("quotes", i, {
            "id": quo[i], "speaker": act[i], "date": "2016-05-06", "event": evt[i], "source": src[i]}))
        data["glossary"].append(fill("glossary", i, {
            "id": trm[i], "sources": [src[i]], "events": [evt[i]], "actors": [act[i]]}))
    for records in data.values():  # every record says when it last changed (a day, in the past)
        for i, rec in enumerate(records):
            rec["updated"] = f"2020-01-{1 + i % 28:02d}"
    return data


def render_fixture() -> dict[str, str]:
    """The fixture's files (relative path -> text)."""
    header = "# Generated by tests/support/hostile.py: every text field holds a hostile string. Do not edit.\n"
    files = {f"data/{name}.yml": header + yaml.safe_dump(records, sort_keys=False, allow_unicode=False, width=10**6)
             for name, records in dataset().items()}
    files["docs/index.md"] = "---\nupdated: 2020-01-01\n---\n\n# Hostile data\n\nEvery record in this site's data is hostile; see tests/support/hostile.py.\n"
    return files


if __name__ == "__main__":
    for rel, text in render_fixture().items():
        path = FIXTURE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(FIXTURE.parents[2]))


# --- what hostile text must never become in a finished page ------------------------------

class _Scan(HTMLParser):
    """Elements and attributes that hostile text must never turn into, as a parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_body = False
        self.script: str | None = None  # type of the open <script>, if any
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.in_body |= tag == "body"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event-handler attribute")
            if name in ("href", "src", "action", "formaction", "data") and value is not None:
                scheme = re.match(r"\s*([a-zA-Z][\w+.-]*):", re.sub(r"[\t\n\r]", "", value))
                if scheme and scheme[1].lower() not in ("http", "https", "mailto"):
                    self.problems.append(f"<{tag} {name}={value!r}> script URL")
        if tag == "img" and a.get("src") == "x" or tag in ("iframe", "object", "embed") \
                or (tag == "style" and self.in_body) or (tag == "svg" and "onload" in a):
            self.problems.append(f"injected <{tag}>")
        if tag == "script":
            self.script, self.text = a.get("type", "text/javascript") if "src" not in a else "external", ""

    def handle_data(self, data):
        if self.script is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            if self.script == "application/ld+json":
                try:
                    json.loads(self.text)
                except ValueError as exc:
                    self.problems.append(f"JSON-LD does not parse: {exc}")
            elif "alert(" in self.text:
                self.problems.append(f"script calling alert: {self.text[:80]!r}")
            self.script = None


def page_problems(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.problems
