"""Validation of the editions' translations (``data/i18n/<lang>/``) against the schema and the
English records: every problem at once, like ``validate.py`` for the English data."""

from __future__ import annotations

from ..data import schema
from ..data.loader import Located, RawCollection
from ..data.problems import Problem, suggest
from ..data.values import typename
from .records import Dataset
from .translations import Entry, Translations, steps
from .validate import Checker, key_missing

# --- validation --------------------------------------------------------------------------


class _TranslationChecker(Checker):
    """The English checker, plus: a field of the English record that is not translatable is
    named as such (not as an unknown field)."""

    def __init__(self) -> None:
        super().__init__()
        self.english: tuple[schema.Field, ...] = ()  # the collection's English fields

    def mapping(self, fields: tuple[schema.Field, ...], item: Located, file: str, rec: str, prefix: str = "") -> dict:
        english = self._english_at(prefix)
        allowed = {f.name for f in fields}
        kept = Located((k, v) for k, v in item.items() if k in allowed or k not in english)
        kept.file, kept.line, kept.key_lines, kept.duplicate_keys = item.file, item.line, item.key_lines, item.duplicate_keys
        for key in item:
            if key in english and key not in allowed:
                translatable = [f.name for f in fields if f.name not in ("id", "english_updated")]
                self.add(file, item.line_of(key), rec, prefix + key,
                         "is not translatable: it is always the English record's"
                         + (f" (translatable here: {', '.join(translatable)})" if translatable else ""))
        return super().mapping(fields, kept, file, rec, prefix)

    def _english_at(self, prefix: str) -> dict[str, schema.Field]:
        fields = self.english
        for name, _ in steps(prefix.rstrip(".")) if prefix else []:
            match = next((f for f in fields if f.name == name), None)
            fields = match.fields if match else ()
        return {f.name: f for f in fields}


def validate_translations(raw: dict[str, dict[str, RawCollection]], dataset: Dataset,
                          problems: list[Problem]) -> Translations:
    """Check every translation entry against the schema and the English records."""
    ck = _TranslationChecker()
    out = Translations()
    for lang, collections in raw.items():
        out.entries[lang] = {}
        for coll in schema.COLLECTIONS:
            ck.english = coll.fields
            tr_fields = schema.translation_fields(coll)
            by_id: dict[str, Entry] = {}
            english_ids = dataset.by_id[coll.name]
            for file, item in collections[coll.name].records:
                if not isinstance(item, Located):
                    ck.add(file, 0, None, None, f"each {coll.singular} translation must be a mapping of fields, "
                           f"got {typename(item)}")
                    continue
                rid = item.get("id") if isinstance(item.get("id"), str) else None
                label = f"{coll.singular} '{rid}'" if rid else f"{coll.singular} (no id)"
                values = ck.mapping(tr_fields, item, file, label)
                rid = values.get("id")
                if rid is None:
                    continue
                english = english_ids.get(rid)
                if english is None:
                    ck.add(file, item.line_of("id"), label, "id", f"unknown {coll.singular} '{rid}'"
                           + suggest(rid, english_ids) + ": a translation's id is its English record's")
                    continue
                if rid in by_id:
                    ck.add(file, item.line_of("id"), label, "id",
                           f"translated twice in {schema.LANG_NAMES[lang]}; first at {by_id[rid].file}:{by_id[rid].line}")
                    continue
                _check_against_english(coll.fields, values, english.values, ck, file, label, "")
                updated = values.get("english_updated")
                if updated is not None and english.updated is not None and updated > english.updated:
                    ck.add(file, item.line_of("english_updated"), label, "english_updated",
                           f"{updated.isoformat()} is after the English record's updated "
                           f"({english.updated.isoformat()}): give the `updated` day of the English you translated")
                    continue
                if updated is None or key_missing(item, "english_updated"):
                    continue
                by_id[rid] = Entry(file, item.line, updated, values)
            out.entries[lang][coll.name] = by_id
    problems.extend(ck.problems)
    return out


def _check_against_english(fields: tuple[schema.Field, ...], values: dict, english: dict, ck: Checker,
                           file: str, label: str, prefix: str) -> None:
    """A translated field needs an English one; a list of sub-records has the English length."""
    lines = values.get("_lines", {})
    for f in schema.translatable_fields(fields):
        value = values.get(f.name)
        if value in (None, []):
            continue
        line = lines.get(f.name, values.get("_line", 0))
        theirs = english.get(f.name) if isinstance(english, dict) else None
        if theirs in (None, "", []):
            ck.add(file, line, label, prefix + f.name, "the English record has no such field to translate")
            continue
        if not f.fields:
            continue
        if f.many:
            if len(value) != len(theirs):
                ck.add(file, line, label, prefix + f.name,
                       f"has {len(value)} item{'s' * (len(value) != 1)}; the English record has {len(theirs)}: "
                       "give one per English item, in the same order (leave a field out to keep its English)")
                continue
            for i, (sub, eng) in enumerate(zip(value, theirs, strict=True)):
                if isinstance(sub, dict):
                    _check_against_english(f.fields, sub, eng, ck, file, label, f"{prefix}{f.name}[{i}].")
        elif isinstance(value, dict):
            _check_against_english(f.fields, value, theirs, ck, file, label, f"{prefix}{f.name}.")
