"""What every field kind shares: the ``Field`` base class (its keywords on a schema line), where
a value is (``At``), how a check reports (``Checker``, ``Invalid``) and how a value is read.

The kinds themselves are in ``kinds.py``; how each is exported is in
``publish/export_schemas.py``. Part of the data stage: imports nothing outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple, Protocol

from .loader import Located


class At(NamedTuple):
    """Where a value is: file, line, record label and field path, as a problem line names them."""
    file: str
    line: int
    rec: str
    path: str

    def item(self, i: int) -> At:
        return self._replace(path=f"{self.path}[{i}]")


class Checker(Protocol):
    """What a kind's check reports to (``validate.Checker``): problems, nested mappings, names."""

    def add(self, file: str, line: int, record: str | None, field: str | None, message: str) -> None: ...

    def mapping(self, fields: tuple[Field, ...], item: Located, file: str, rec: str, prefix: str = "") -> dict: ...

    def singular(self, collection: str) -> str:
        """What one record of ``collection`` is called in a problem line ("event")."""
        ...


class Invalid(Exception):
    """A value's problem; the checker reports it at the value's place."""


def read(owner: Any, key: str) -> Any:
    """A field's value, or what the model linked to it, in a record or a sub-record's mapping."""
    return (owner if isinstance(owner, dict) else owner.values).get(key)


@dataclass(frozen=True)
class Field:
    """One field of a collection. Subclasses are the kinds; ``kind`` names them in the docs."""
    name: str
    doc: str
    required: bool = False
    target: str | None = None
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_items: int = 0
    default: object = None
    # How the JSON exports publish the field (``export_schemas.py``):
    exported: bool = True  # False: left out
    export_doc: str | None = None  # its description in the exports' JSON Schemas
    export_after: str | None = None  # published right after this key, not in the schema's order
    export_nullable: bool | None = None  # default: null where the data may leave it out and there is no default
    embed: tuple[str, ...] = ()  # Ref(s): these fields of the target ("url": its page) instead of its id
    # Editions (data/i18n/<lang>/): a translation may give this text field (or this sub-record's
    # translatable fields) in its language; everything else is the English record's.
    translatable: bool = False

    kind: ClassVar[str] = ""
    allows_markdown: ClassVar[bool] = False
    many: ClassVar[bool] = False  # a list: missing means []

    def check(self, value: Any, ck: Checker, at: At) -> Any:
        """The checked (normalised) value, or None after reporting a problem."""
        try:
            return self.convert(value, ck, at)
        except Invalid as exc:
            ck.add(at.file, at.line, at.rec, at.path, str(exc))
            return None

    def convert(self, value: Any, ck: Checker, at: At) -> Any:
        raise NotImplementedError

    def missing(self) -> Any:
        """The value of the field when the record leaves it out."""
        return [] if self.many else self.default

    def references(self, value: Any, path: str, line: int) -> Iterator[tuple[Field, Any, str, int]]:
        """(field, value, path, line) for each reference to another record in ``value``."""
        return iter(())

    def link(self, values: dict, resolve: Any) -> None:
        """Add the records that a reference field names to ``values`` (``place`` -> ``place_record``)."""

    def synth(self, gen: Any, coll: Any) -> Any:
        """A random valid value, for the benchmark's synthetic dataset (``bench/generate.py``)."""
        raise AssertionError(f"the generator does not know field kind {self.kind!r} ({coll.name}.{self.name})")

    def sub_prefix(self) -> str:
        return self.name + "."
