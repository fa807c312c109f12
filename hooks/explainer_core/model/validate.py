"""Check raw records against the schema and each other; collect every problem at once.

Single values are checked by their field kind (``kinds.py``); this module checks mappings and
the cross-record rules. ``pipeline.load_dataset`` runs it between loading and the model."""

from __future__ import annotations

from ..data import schema
from ..data.fields import At
from ..data.loader import Located
from ..data.problems import Problem, suggest
from ..data.values import typename
from .records import Record, new_record


class Checker:
    """Collects problems; field kinds (``kinds.py``) check single values, this class the mappings."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int, record: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, record, field, message))

    def singular(self, collection: str) -> str:
        return schema.BY_NAME[collection].singular

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
                out[f.name] = f.missing()
                continue
            out[f.name] = f.check(item[f.name], self, At(file, item.line_of(f.name), rec, prefix + f.name))
        out["_line"] = item.line
        out["_lines"] = dict(item.key_lines)
        return out


def key_missing(item: dict, key: str) -> bool:
    return key not in item or item[key] is None


def _record_label(coll: schema.Collection, item) -> str:
    rid = item.get("id") if isinstance(item, dict) else None
    return f"{coll.singular} '{rid}'" if isinstance(rid, str) and rid else f"{coll.singular} (no id)"


def validate_raw(raw: dict, problems: list[Problem]) -> dict[str, list[Record]]:
    """Schema checks, then cross-record checks. Returns checked records per collection."""
    ck = Checker()
    checked: dict[str, list[Record]] = {}
    for coll in schema.COLLECTIONS:
        records = []
        first_seen: dict[str, tuple[str, int]] = {}
        for file, item in raw[coll.name].records:
            if not isinstance(item, Located):
                ck.add(file, 0, None, None, f"each {coll.singular} must be a mapping of fields, got {typename(item)}")
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
            records.append(new_record(coll.name, rid, file, item.line, values))
        checked[coll.name] = records
    _cross_check(checked, ck)
    problems.extend(ck.problems)
    return checked


def _label(coll: schema.Collection, rec: Record) -> str:
    return f"{coll.singular} '{rec.id}'"


def _check_references(checked: dict[str, list[Record]], ck: Checker) -> None:
    """Every reference names a record that exists (the field kinds list them, nested ones too)."""
    ids = {name: {r.id for r in recs} for name, recs in checked.items()}
    for coll in schema.COLLECTIONS:
        for rec in checked[coll.name]:
            for f in coll.fields:
                val = rec.values.get(f.name)
                if not val:
                    continue
                for rf, value, path, line in f.references(val, f.name, rec.line_of(f.name)):
                    assert rf.target is not None  # reference fields name their target collection
                    for v in value if isinstance(value, list) else [value]:
                        if v is not None and v not in ids[rf.target]:
                            ck.add(rec.file, line, _label(coll, rec), path, f"unknown {schema.BY_NAME[rf.target].singular} "
                                   f"'{v}'" + suggest(v, ids[rf.target]))


def _check_aliases(checked: dict[str, list[Record]], ck: Checker) -> None:
    """Former URLs must not collide with live ids or with each other."""
    for coll in schema.COLLECTIONS:
        if not coll.field("aliases"):
            continue
        live = {r.id for r in checked[coll.name]}
        owner: dict[str, str] = {}
        for rec in checked[coll.name]:
            for alias in rec.aliases or []:
                if alias in live:
                    ck.add(rec.file, rec.line_of("aliases"), _label(coll, rec), "aliases",
                           f"'{alias}' is the id of a live {coll.singular}; an alias must be a retired id")
                elif alias in owner:
                    ck.add(rec.file, rec.line_of("aliases"), _label(coll, rec), "aliases",
                           f"'{alias}' is already an alias of {coll.singular} '{owner[alias]}'")
                else:
                    owner[alias] = rec.id


def _check_actors(checked: dict[str, list[Record]], ck: Checker) -> None:
    actors = {r.id: r for r in checked["actors"]}
    for rec in checked["actors"]:
        if rec.native_name and not rec.native_lang:
            ck.add(rec.file, rec.line_of("native_name"), _label(schema.ACTORS, rec), "native_lang",
                   "is required when native_name is given (e.g. 'ja' or 'ru')")
        c = rec.country
        if c in actors and actors[c].kind != "state":
            ck.add(rec.file, rec.line_of("country"), _label(schema.ACTORS, rec), "country",
                   f"'{c}' is a {actors[c].kind}, not a state")
        for i, role in enumerate(rec.roles or []):
            if role and role.get("from") and role.get("to") and role["to"].last_day() < role["from"].first_day():
                ck.add(rec.file, role["_line"], _label(schema.ACTORS, rec), f"roles[{i}].to", "is before 'from'")


def _check_events(checked: dict[str, list[Record]], ck: Checker) -> None:
    for rec in checked["events"]:
        if rec.outcome and rec.status == "happened":
            ck.add(rec.file, rec.line_of("outcome"), _label(schema.EVENTS, rec), "outcome",
                   "is only for events with status 'planned' or 'cancelled'")
        if rec.id in (rec.related or []):
            ck.add(rec.file, rec.line_of("related"), _label(schema.EVENTS, rec), "related", "lists the event itself")


def _check_quotes(checked: dict[str, list[Record]], ck: Checker) -> None:
    for rec in checked["quotes"]:
        label = _label(schema.QUOTES, rec)
        if rec.lang != "en":  # the text is the words as spoken: nothing is translated
            for name in ("original", "translation"):
                if rec.values.get(name):
                    ck.add(rec.file, rec.line_of(name), label, name,
                           f"is only for a quote whose text is English (lang 'en'), not '{rec.lang}'")
        elif rec.original and not rec.translation:
            ck.add(rec.file, rec.line_of("original"), label, "translation",
                   "is required with 'original': say whose the English text is ('source' or 'ours')")


def _check_places(checked: dict[str, list[Record]], ck: Checker) -> None:
    for rec in checked["places"]:
        given = [k for k, value in (("lat", rec.lat), ("lon", rec.lon)) if value is not None]
        if len(given) == 1:
            missing = "lon" if given == ["lat"] else "lat"
            ck.add(rec.file, rec.line_of(given[0]), _label(schema.PLACES, rec), missing,
                   f"is required when {given[0]} is given: a place needs both coordinates or neither")


def _check_plan_numbers(checked: dict[str, list[Record]], ck: Checker) -> None:
    numbers: dict[int, str] = {}
    for rec in checked["plan_areas"]:
        n = rec.number
        if n is None:
            continue
        if n in numbers:
            ck.add(rec.file, rec.line_of("number"), _label(schema.PLAN_AREAS, rec), "number",
                   f"{n} is already used by plan area '{numbers[n]}'")
        numbers[n] = rec.id


# The rules that span records, in the order their problems are reported.
CROSS_CHECKS = (_check_references, _check_aliases, _check_actors, _check_events, _check_quotes, _check_places,
                _check_plan_numbers)


def _cross_check(checked: dict[str, list[Record]], ck: Checker) -> None:
    for rule in CROSS_CHECKS:
        rule(checked, ck)
