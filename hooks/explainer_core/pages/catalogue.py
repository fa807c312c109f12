"""The words our templates write, in each edition's language: gettext catalogues (PO files).

Templates mark every word they write: ``{{ _("Cite this page") }}``, with values as named
placeholders, ``{{ _("Source %(n)s", n=i) }}`` (Jinja's i18n extension, "newstyle": values are
escaped, the catalogue's text is trusted). The English is the message id; each other edition
has ``locale/<lang>.po``, a standard PO file any translation tool opens, read at build time with
Babel (no compiled ``.mo`` to keep in step).

``python -m explainer_core.pages.catalogue`` adds every marked string the templates write and
the catalogues lack, with an empty translation, and lists them; ``tests/test_catalogue.py``
fails while any is empty. A string with no translation is shown in English, never blank.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..data.schema import TRANSLATION_LANGS as EDITION_LANGS  # the editions beside English

LOCALE = Path(__file__).parent / "locale"
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Words:
    """gettext/ngettext for one language (English: the message ids themselves)."""

    catalog: Catalog | None

    def gettext(self, message: str) -> str:
        m = self.catalog.get(message) if self.catalog else None
        return m.string if m is not None and isinstance(m.string, str) and m.string else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """No template uses plural forms yet (the sentences are worded to need none, as Russian
        has three): the singular or plural English id, translated as a plain string."""
        return self.gettext(singular if n == 1 else plural)


def po_path(lang: str) -> Path:
    return LOCALE / f"{lang}.po"


@functools.lru_cache(maxsize=8)
def _read(lang: str, mtime_ns: int) -> Catalog:  # keyed by mtime: `mkdocs serve` sees an edited catalogue
    with open(po_path(lang), "rb") as f:
        return read_po(f, locale=lang)


def for_lang(lang: str) -> Words:
    if lang == "en":
        return Words(None)
    path = po_path(lang)
    return Words(_read(lang, path.stat().st_mtime_ns))


def template_strings() -> Iterator[tuple[str, int, str]]:
    """(template, line, message) for every string a template marks, in file order."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    for path in sorted(TEMPLATES.glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        for line, _func, message in env.extract_translations(source):  # type: ignore[attr-defined]
            for m in message if isinstance(message, tuple) else (message,):
                if m:
                    yield path.name, line, m


def update(lang: str) -> list[str]:
    """Add the templates' strings that ``locale/<lang>.po`` lacks (empty), keep the rest; the new ids."""
    path = po_path(lang)
    catalog = _read(lang, path.stat().st_mtime_ns) if path.exists() else Catalog(locale=lang)
    new = []
    for name, line, message in template_strings():
        if catalog.get(message) is None:
            catalog.add(message, "", locations=[(f"templates/{name}", line)])
            new.append(message)
    if new:
        with open(path, "wb") as f:
            write_po(f, catalog, omit_header=False, sort_output=False, width=0)
    return new


if __name__ == "__main__":
    for lang in EDITION_LANGS:
        for message in update(lang):
            print(f"{po_path(lang)}: added {message!r} (untranslated)")
    sys.exit(0)
