"""The editions' text: translations of the English records, checked, with the English as fallback.

A translation entry (``data/i18n/<lang>/<collection>.yml``, see ``schema.translation_fields``)
names an English record by id, says which version of it it follows (``english_updated``) and
gives translatable text fields by the English names. Validation here reports, like every data
problem, what cannot be right: an unknown id, a field that is not translatable, a sub-record
list of another length than the English, a bad ``english_updated``, a wrong type.

What is merely unfinished is not a problem: a field with no translation, or a translation
older than its English record (``english_updated`` before the record's ``updated``), falls
back to the English (:meth:`Translations.text` says which language it gives) and is listed by
:meth:`Translations.notes` for ``make check``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..data import schema
from ..data.problems import Problem

# A record here is any validated record (``records.Record``: collection, id, file, line, values,
# updated); this module imports no other model module, so ``records.Dataset`` can hold it.
Record = Any
ByCollection = Mapping[str, Mapping[str, Any]]  # ``Dataset.by_id``: collection -> id -> record

STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


@dataclass
class Entry:
    """One record's translation into one language, as checked."""

    file: str
    line: int
    english_updated: dt.date
    values: dict[str, Any]  # checked values by field name; sub-records as dicts with "_line"/"_lines"

    def line_of(self, name: str) -> int:
        return self.values.get("_lines", {}).get(name, self.line)


@dataclass(frozen=True)
class FieldState:
    """Where one translatable field of one record stands in one language."""

    path: str  # "title", "outcome.summary", "developments[2].summary"
    state: str  # "translated", "missing" or "stale"
    file: str  # where a maintainer would act: the translation (stale) or the English record (missing)
    line: int


@dataclass
class Translations:
    """Every checked translation: ``entries[lang][collection][id]``."""

    entries: dict[str, dict[str, dict[str, Entry]]] = field(default_factory=dict)

    def entry(self, record: Record, lang: str) -> Entry | None:
        return self.entries.get(lang, {}).get(record.collection, {}).get(record.id)

    def stale(self, record: Record, lang: str) -> bool:
        """The English record changed after the version its translation follows."""
        e = self.entry(record, lang)
        return e is not None and record.updated is not None and e.english_updated < record.updated

    def text(self, record: Record, path: str, lang: str) -> tuple[Any, str]:
        """The field at ``path`` (``summary``, ``outcome.summary``, ``roles[0].title``) in ``lang``,
        and the language of what is returned: the translation when there is one and it is not
        stale, otherwise the English record's value and ``"en"``."""
        english = _at(record.values, path)
        if lang == "en" or english is None:
            return english, "en"
        e = self.entry(record, lang)
        if e is None or self.stale(record, lang):
            return english, "en"
        value = _at(e.values, path)
        return (value, lang) if value not in (None, []) else (english, "en")

    def field_states(self, record: Record, lang: str) -> Iterator[FieldState]:
        """Each translatable field the English record has, with where it stands in ``lang``."""
        e = self.entry(record, lang)
        stale = self.stale(record, lang)
        for path, english, line in text_fields(schema.BY_NAME[record.collection].fields, record.values, "", record.line):
            if english in (None, "", []):
                continue
            value = _at(e.values, path) if e else None
            if value in (None, []):
                yield FieldState(path, "missing", record.file, line)
            elif stale:
                assert e is not None
                yield FieldState(path, "stale", e.file, _line_at(e, path))
            else:
                yield FieldState(path, "translated", e.file if e else record.file, 0)

    def coverage(self, by_id: ByCollection, lang: str) -> dict[str, tuple[int, int]]:
        """Per collection: (records whose every translatable field is translated and current, records
        with any text to translate)."""
        out = {}
        for coll in schema.COLLECTIONS:
            states = [list(self.field_states(r, lang)) for r in by_id[coll.name].values()]
            states = [st for st in states if st]  # a record with no text to translate is not counted
            out[coll.name] = (sum(all(s.state == "translated" for s in st) for st in states), len(states))
        return out

    def notes(self, by_id: ByCollection, lang: str) -> list[Problem]:
        """One line per missing or stale translated field, for ``make check`` (never a failure)."""
        name = schema.LANG_NAMES[lang]
        out = []
        for coll in schema.COLLECTIONS:
            for rec in by_id[coll.name].values():
                label = f"{coll.singular} '{rec.id}'"
                e = self.entry(rec, lang)
                for s in self.field_states(rec, lang):
                    if s.state == "missing":
                        out.append(Problem(s.file, s.line, label, s.path, f"no {name} translation"))
                    elif s.state == "stale" and e is not None:
                        out.append(Problem(s.file, s.line, label, s.path,
                                           f"stale: the English changed on {rec.updated.isoformat()}, after "
                                           f"{e.english_updated.isoformat()}"))
        return sorted(out)


def steps(path: str) -> list[tuple[str, int | None]]:
    return [(m[1], int(m[2]) if m[2] is not None else None) for m in map(STEP.fullmatch, path.split(".")) if m]


def _at(values: dict | None, path: str) -> Any:
    """The value at ``path`` in a checked mapping, or None."""
    cur: Any = values
    for name, index in steps(path):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(name)
        if index is not None:
            cur = cur[index] if isinstance(cur, list) and index < len(cur) else None
    return cur


def _line_at(e: Entry, path: str) -> int:
    """The line of the field at ``path`` in a translation entry."""
    cur: Any = e.values
    line = e.line
    for name, index in steps(path):
        if not isinstance(cur, dict):
            break
        line = cur.get("_lines", {}).get(name, cur.get("_line", line))
        cur = cur.get(name)
        if index is not None:
            cur = cur[index] if isinstance(cur, list) and index < len(cur) else None
            if isinstance(cur, dict):
                line = cur.get("_line", line)
    return line


def text_fields(fields: tuple[schema.Field, ...], values: dict, prefix: str,
                 line: int) -> Iterator[tuple[str, Any, int]]:
    """(path, English value, line) for each translatable text field in a checked mapping."""
    lines = values.get("_lines", {})
    for f in schema.translatable_fields(fields):
        value = values.get(f.name)
        at = lines.get(f.name, values.get("_line", line))
        if not f.fields:
            yield prefix + f.name, value, at
            continue
        subs = value if isinstance(value, list) else [value] if value else []
        for i, sub in enumerate(subs):
            if isinstance(sub, dict):
                step = f"{f.name}[{i}]." if isinstance(value, list) else f"{f.name}."
                yield from text_fields(f.fields, sub, prefix + step, sub.get("_line", at))
