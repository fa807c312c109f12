"""Check raw records against the schema; collect every problem, then build the model."""

from __future__ import annotations

import math
import re
from pathlib import Path
from urllib.parse import urlsplit

from . import schema
from .dates import DateError, FuzzyDate
from .loader import Located, load_raw
from .model import Dataset, Record
from .problems import DataError, Problem, shown, suggest

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Limits on single values (see the data reference page). Generous for prose (the longest text
# in data/ is about 500 characters) and low enough that no page, file name or Markdown parse
# blows up: an id names a folder (file systems allow 255 bytes), and Python-Markdown recurses
# once per level of bracket, emphasis and block nesting.
MAX_ID = 80
MAX_TEXT = 2_000
MAX_MARKDOWN = 20_000
MAX_URL = 2_000
MD_MAX_BRACKETS = 32  # "[" open at once
MD_MAX_EMPHASIS = 8  # "*" and "_" in one run ("***" is 3)
MD_MAX_BLOCKS = 16  # lists and quotes nested on one line, counting each 4 columns of indentation
# A page of its own at <prefix>/<id>/: "index" would be the listing page itself (actors/index.md).
RESERVED_IDS = ("index",)
# Markdown inline links/images "[x](scheme:...)" and reference definitions "[x]: scheme:..."
# The inline target is taken whole (up to ")"): Python-Markdown keeps a newline inside it, and
# browsers delete tabs and newlines from URLs, so "[x](java\nscript:...)" is a script link.
_MD_LINK = re.compile(r"\]\(([^)]*)")
_URL_IGNORED = re.compile(r"[\t\n\r]")  # what the URL standard strips before parsing
# Anywhere on a line, not just at its start: a definition inside a list item, a quote, an
# admonition or a footnote ("- [1]: javascript:...") is one too.
_MD_REFDEF = re.compile(r"\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")  # "[^1]:" is a footnote, not a link
_MD_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*):[^>\s]*>")
_SAFE_SCHEMES = ("http", "https", "mailto")


# Unicode category Cc (control) is exactly U+0000-U+001F and U+007F-U+009F; newline and tab are
# fine. Lone surrogates (from YAML's "\ud800" escapes) cannot be written as UTF-8, and the 66
# noncharacters are not for interchange: both are refused with the controls.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xfffe)}{chr(p * 0x10000 + 0xffff)}" for p in range(17))
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_NONCHARACTERS}]")


def _control_chars(text: str) -> list[str]:
    if not _CONTROL.search(text):  # the usual case, in one C-level scan instead of a lookup per character
        return []
    return [f"U+{ord(c):04X}" for c in sorted(set(_CONTROL.findall(text)) - {"\n", "\t"})]


_MD_BLOCK_PREFIX = re.compile(r"(?:[ \t]*(?:>|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*")


def _markdown_too_deep(text: str) -> str | None:
    """Why Python-Markdown would recurse too deep (or take minutes) on ``text``, else None."""
    depth = deepest = 0
    for m in re.finditer(r"\\.|[\[\]]", text):
        if m[0] == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif m[0] == "]":
            depth = max(depth - 1, 0)
    if deepest > MD_MAX_BRACKETS:
        return f"has {deepest} '[' open at once; the limit is {MD_MAX_BRACKETS}"
    run = max((len(r) for r in re.findall(r"[*_]+", text)), default=0)
    if run > MD_MAX_EMPHASIS:
        return f"has a run of {run} '*' or '_'; the limit is {MD_MAX_EMPHASIS}"
    for line in text.splitlines():
        prefix = _MD_BLOCK_PREFIX.match(line)[0]
        columns = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        nesting = len(re.findall(r">|[*+-]|\d+[.)]", prefix)) + columns // 4
        if nesting > MD_MAX_BLOCKS:
            return f"nests lists, quotes or indentation {nesting} deep on one line; the limit is {MD_MAX_BLOCKS}"
    return None


def _link_scheme_ok(target: str) -> bool:
    """Only absolute http(s) and mailto links. A relative link in a field would lead somewhere
    different on each page that shows the field, and MkDocs could only refuse it (in strict
    mode) after emptying the site folder; a fragment too depends on the page."""
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", target.strip())
    return m is not None and m[1].lower() in _SAFE_SCHEMES


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int, record: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, record, field, message))

    # --- one value -------------------------------------------------------------------
    def value(self, f: schema.Field, value, file: str, line: int, rec: str, path: str):
        """Return the checked (normalised) value, or None after reporting a problem."""
        bad = lambda msg: self.add(file, line, rec, path, msg)  # noqa: E731
        kind = f.kind
        if kind in ("text", "markdown"):
            if not isinstance(value, str):
                return bad(f"expected text, got {_typename(value)}" + _quote_hint(value))
            if not value.strip():
                return bad("is empty")
            ctrl = _control_chars(value)
            if ctrl:
                what = "control characters" if all(int(c[2:], 16) < 0xA0 for c in ctrl) else \
                    "characters that are not text (controls, lone surrogates or noncharacters)"
                return bad(f"contains {what} ({', '.join(ctrl[:10])})")
            limit = MAX_MARKDOWN if kind == "markdown" else MAX_TEXT
            if len(value) > limit:
                return bad(f"is {len(value):,} characters long; the limit is {limit:,}")
            if kind == "markdown":
                too_deep = _markdown_too_deep(value)
                if too_deep:
                    return bad(too_deep)
                for rx in (_MD_LINK, _MD_REFDEF, _MD_AUTOLINK):
                    for m in rx.finditer(value):
                        target = m[1] if rx is not _MD_AUTOLINK else m[1] + ":"
                        if rx is _MD_LINK:
                            target = _URL_IGNORED.sub("", target).lstrip(" <").split(" ", 1)[0].rstrip(">")
                        if not _link_scheme_ok(target):
                            return bad(f"has a link to {shown(target)}; only absolute http(s) and mailto links are allowed "
                                       "(a field appears on several pages, so a relative link has no one target)")
                        if any(c in target for c in '"`\\'):
                            # Markdown would emit them into href: an invalid URL
                            return bad(f"has a link to {shown(target)} with quotes or backslashes in it; percent-encode them")
            return value.strip()
        if kind == "slug":
            if not isinstance(value, str) or not SLUG.match(value):
                return bad(f"{shown(value)} is not a valid id; use lower-case letters, digits and single hyphens, "
                           "e.g. 'sochi-summit-2016'")
            if len(value) > MAX_ID:
                return bad(f"{shown(value)} is {len(value)} characters long; the limit is {MAX_ID}")
            if value in RESERVED_IDS:
                return bad(f"'{value}' is reserved (it names the listing pages); choose another id")
            return value
        if kind == "date":
            try:
                return FuzzyDate.parse(value)
            except DateError as exc:
                return bad(str(exc))
        if kind == "url":
            if not isinstance(value, str):
                return bad(f"expected a URL, got {_typename(value)}")
            if len(value) > MAX_URL:
                return bad(f"is {len(value):,} characters long; the limit is {MAX_URL:,}")
            if any(c.isspace() for c in value) or _control_chars(value) or any(c in value for c in '"<>\\`'):
                return bad(f"{shown(value)} contains spaces, quotes or angle brackets; percent-encode them")
            try:
                parts = urlsplit(value)
                parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
            except ValueError as exc:
                return bad(f"{shown(value)} is not a valid URL ({exc})")
            if parts.scheme not in ("http", "https") or not parts.netloc:
                return bad(f"{shown(value)} is not an absolute http(s) URL")
            return value
        if kind == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                return bad(f"expected a whole number, got {_typename(value)}")
            if (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
                return bad(f"{shown(value)[1:-1]} is outside {f.minimum}..{f.maximum}")
            return value
        if kind == "number":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                return bad(f"expected a number in decimal notation (e.g. 45.03), got {_typename(value)}"
                           + (f" '{value}'" if isinstance(value, str) else ""))
            if (f.minimum is not None and value < f.minimum) or (f.maximum is not None and value > f.maximum):
                return bad(f"{value} is outside {f.minimum}..{f.maximum}")
            return float(value)
        if kind == "enum":
            if value not in f.choices:
                return bad(f"{shown(value)} is not one of: {', '.join(f.choices)}"
                           + (suggest(value, f.choices) if isinstance(value, str) else ""))
            return value
        if kind == "ref":
            if not isinstance(value, str) or not SLUG.match(value):
                return bad(f"expected the id of a {schema.BY_NAME[f.target].singular}, got {shown(value)}")
            return value
        if kind in ("refs", "strings", "slugs"):
            if isinstance(value, str) and kind != "strings":
                value = [value]  # a single id is a list of one; common and unambiguous
            if not isinstance(value, list):
                return bad(f"expected a list, got {_typename(value)}")
            inner = {"refs": schema.Field(f.name, "ref", "", target=f.target),
                     "strings": schema.Field(f.name, "text", ""),
                     "slugs": schema.Field(f.name, "slug", "")}[kind]
            out, seen = [], set()
            for i, item in enumerate(value):
                checked = self.value(inner, item, file, line, rec, f"{path}[{i}]")
                if checked is None:
                    continue
                if checked in seen:
                    self.add(file, line, rec, path, f"lists {shown(checked)} twice")
                    continue
                seen.add(checked)
                out.append(checked)
            if len(out) < f.min_items and len(value) < f.min_items:
                bad(f"needs at least {f.min_items} item{'s' if f.min_items > 1 else ''}")
            return out
        if kind == "record":
            if not isinstance(value, Located):
                return bad(f"expected a mapping with keys {', '.join(x.name for x in f.fields)}")
            return self.mapping(f.fields, value, file, rec, path + ".")
        if kind == "records":
            if not isinstance(value, list):
                return bad(f"expected a list of mappings, got {_typename(value)}")
            out = []
            for i, item in enumerate(value):
                if not isinstance(item, Located):
                    self.add(file, line, rec, f"{path}[{i}]", "expected a mapping")
                    continue
                out.append(self.mapping(f.fields, item, file, rec, f"{path}[{i}]."))
            return out
        raise AssertionError(f"unknown field kind {kind}")  # a schema bug, not a data problem

    # --- one mapping -------------------------------------------------------------------
    def mapping(self, fields: tuple[schema.Field, ...], item: Located, file: str, rec: str, prefix: str = "") -> dict:
        known = {f.name: f for f in fields}
        for key, line in getattr(item, "duplicate_keys", []):
            self.add(file, line, rec, prefix + key, "appears twice in this record")
        out: dict = {}
        for key in item:
            if key not in known:
                self.add(file, item.line_of(key), rec, prefix + key,
                         "unknown field" + suggest(key, known) + f"; allowed: {', '.join(known)}")
        for f in fields:
            if key_missing(item, f.name):
                if f.required:
                    self.add(file, item.line, rec, prefix + f.name, "is required")
                out[f.name] = [] if f.kind in ("refs", "strings", "slugs", "records") else f.default
                continue
            out[f.name] = self.value(f, item[f.name], file, item.line_of(f.name), rec, prefix + f.name)
        out["_line"] = item.line
        out["_lines"] = dict(item.key_lines)
        return out


def key_missing(item: dict, key: str) -> bool:
    return key not in item or item[key] is None


def _typename(value) -> str:
    return {dict: "a mapping", Located: "a mapping", list: "a list", int: "a number", float: "a number",
            bool: "true/false", str: "text", type(None): "nothing"}.get(type(value), type(value).__name__)


def _quote_hint(value) -> str:
    if isinstance(value, (int, float, bool)):
        return " (put the value in quotes)"
    return ""


def _record_label(coll: schema.Collection, item) -> str:
    rid = item.get("id") if isinstance(item, dict) else None
    return f"{coll.singular} '{rid}'" if isinstance(rid, str) and rid else f"{coll.singular} (no id)"


def validate_raw(raw: dict, problems: list[Problem]) -> dict[str, list[Record]]:
    """Schema checks, then cross-record checks. Returns checked records per collection."""
    ck = _Checker()
    checked: dict[str, list[Record]] = {}
    for coll in schema.COLLECTIONS:
        records = []
        first_seen: dict[str, tuple[str, int]] = {}
        for file, item in raw[coll.name].records:
            if not isinstance(item, Located):
                ck.add(file, 0, None, None, f"each {coll.singular} must be a mapping of fields, got {_typename(item)}")
                continue
            label = _record_label(coll, item)
            values = ck.mapping(coll.fields, item, file, label)
            rid = values.get("id")
            if rid is None:
                continue
            if rid in first_seen:
                f0, l0 = first_seen[rid]
                ck.add(file, item.line, label, "id", f"duplicate id; first used at {f0}:{l0}")
                continue
            first_seen[rid] = (file, item.line)
            records.append(Record(coll.name, rid, file, item.line, values))
        checked[coll.name] = records
    _cross_check(checked, ck)
    problems.extend(ck.problems)
    return checked


def _cross_check(checked: dict[str, list[Record]], ck: _Checker) -> None:
    ids = {name: {r.id for r in recs} for name, recs in checked.items()}

    def check_ref(rec: Record, coll: schema.Collection, f: schema.Field, value, path: str, line: int) -> None:
        target = schema.BY_NAME[f.target]
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is not None and v not in ids[f.target]:
                ck.add(rec.file, line, f"{coll.singular} '{rec.id}'", path,
                       f"unknown {target.singular} '{v}'" + suggest(v, ids[f.target]))

    for coll in schema.COLLECTIONS:
        for rec in checked[coll.name]:
            for f in coll.fields:
                val = rec.values.get(f.name)
                line = rec.line_of(f.name)
                if f.kind in ("ref", "refs") and val:
                    check_ref(rec, coll, f, val, f.name, line)
                elif f.kind in ("record", "records") and val:
                    subs = val if isinstance(val, list) else [val]
                    for i, sub in enumerate(subs):
                        if not sub:
                            continue
                        for sf in f.fields:
                            if sf.kind in ("ref", "refs") and sub.get(sf.name):
                                path = f"{f.name}[{i}].{sf.name}" if f.kind == "records" else f"{f.name}.{sf.name}"
                                check_ref(rec, coll, sf, sub[sf.name], path, sub["_lines"].get(sf.name, sub["_line"]))

    label = lambda coll, rec: f"{coll.singular} '{rec.id}'"  # noqa: E731
    # Aliases: former URLs must not collide with live ids or with each other.
    for coll in schema.COLLECTIONS:
        if not coll.field("aliases"):
            continue
        owner: dict[str, str] = {}
        for rec in checked[coll.name]:
            for alias in rec.values.get("aliases") or []:
                if alias in ids[coll.name]:
                    ck.add(rec.file, rec.line_of("aliases"), label(coll, rec), "aliases",
                           f"'{alias}' is the id of a live {coll.singular}; an alias must be a retired id")
                elif alias in owner:
                    ck.add(rec.file, rec.line_of("aliases"), label(coll, rec), "aliases",
                           f"'{alias}' is already an alias of {coll.singular} '{owner[alias]}'")
                else:
                    owner[alias] = rec.id

    actors = {r.id: r for r in checked["actors"]}
    for rec in checked["actors"]:
        v = rec.values
        if v.get("native_name") and not v.get("native_lang"):
            ck.add(rec.file, rec.line_of("native_name"), label(schema.ACTORS, rec), "native_lang",
                   "is required when native_name is given (e.g. 'ja' or 'ru')")
        c = v.get("country")
        if c in actors and actors[c].values["kind"] != "state":
            ck.add(rec.file, rec.line_of("country"), label(schema.ACTORS, rec), "country",
                   f"'{c}' is a {actors[c].values['kind']}, not a state")
        for i, role in enumerate(v.get("roles") or []):
            if role and role.get("from") and role.get("to") and role["to"].last_day() < role["from"].first_day():
                ck.add(rec.file, role["_line"], label(schema.ACTORS, rec), f"roles[{i}].to", "is before 'from'")

    for rec in checked["events"]:
        v = rec.values
        if v.get("outcome") and v.get("status") == "happened":
            ck.add(rec.file, rec.line_of("outcome"), label(schema.EVENTS, rec), "outcome",
                   "is only for events with status 'planned' or 'cancelled'")
        if rec.id in (v.get("related") or []):
            ck.add(rec.file, rec.line_of("related"), label(schema.EVENTS, rec), "related", "lists the event itself")

    for rec in checked["places"]:
        given = [k for k in ("lat", "lon") if rec.values.get(k) is not None]
        if len(given) == 1:
            missing = "lon" if given == ["lat"] else "lat"
            ck.add(rec.file, rec.line_of(given[0]), label(schema.PLACES, rec), missing,
                   f"is required when {given[0]} is given: a place needs both coordinates or neither")

    numbers: dict[int, str] = {}
    for rec in checked["plan_areas"]:
        n = rec.values.get("number")
        if n is None:
            continue
        if n in numbers:
            ck.add(rec.file, rec.line_of("number"), label(schema.PLAN_AREAS, rec), "number",
                   f"{n} is already used by plan area '{numbers[n]}'")
        numbers[n] = rec.id


def reference_limits() -> list[tuple[str, str]]:
    """The input limits, for the data reference page: (what, limit and why)."""
    from .dates import MAX_YEAR, MIN_YEAR
    from .loader import MAX_DEPTH, MAX_FILE_BYTES
    return [
        ("A data file", f"at most {MAX_FILE_BYTES // 2**20} MiB; split a bigger collection into files under data/<name>/"),
        ("Nesting of lists and mappings", f"at most {MAX_DEPTH} levels (records need 4)"),
        ("YAML anchors, aliases and merge keys", "not allowed: write each value out (they let a small file expand without bound)"),
        ("An id or alias", f"at most {MAX_ID} characters (it names a folder of the site); 'index' is reserved"),
        ("A plain-text field", f"at most {MAX_TEXT:,} characters"),
        ("A Markdown field", f"at most {MAX_MARKDOWN:,} characters; at most {MD_MAX_BRACKETS} '[' open at once, "
                             f"runs of at most {MD_MAX_EMPHASIS} '*' or '_', and lists, quotes and indentation "
                             f"nested at most {MD_MAX_BLOCKS} deep on one line"),
        ("A URL", f"at most {MAX_URL:,} characters, absolute http(s), with a valid host and port"),
        ("A year", f"from {MIN_YEAR} to {MAX_YEAR}"),
        ("Characters", "no control characters (except tab and newline), lone surrogates or noncharacters"),
    ]


def load_dataset(data_dir: str | Path, root: str | Path | None = None) -> Dataset:
    """Load, validate and link a dataset. Raises DataError listing every problem."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 0, None, None, "data folder not found")])
    raw = load_raw(data_dir, [c.name for c in schema.COLLECTIONS], problems, Path(root) if root else None)
    checked = validate_raw(raw, problems)
    if problems:
        raise DataError(problems)
    return Dataset(checked)
