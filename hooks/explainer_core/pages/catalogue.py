"""The words our templates write, in each edition's language: gettext catalogues (PO files).

Templates mark every word they write: ``{{ _("Cite this page") }}``, with values as named
placeholders, ``{{ _("Source %(n)s", n=i) }}`` (Jinja's i18n extension, "newstyle": values are
escaped, the catalogue's text is trusted). The English is the message id; each other edition
has ``locale/<lang>.po``, a standard PO file any translation tool opens, read at build time with
Babel (no compiled ``.mo`` to keep in step).

Python code that writes words (page titles, era names, map captions...) takes the edition's
``Words`` as a parameter and marks them the same way, ``words.gettext("Map")`` or
``words.ngettext("%(num)s event", "%(num)s events", n)``, so that one extraction finds them.
Counts use plural forms: the PO file's ``Plural-Forms`` header picks the form (Russian has
three: 1 событие, 2 события, 5 событий; Japanese one), ``msgid_plural`` / ``msgstr[i]``.

``python -m explainer_core.pages.catalogue`` adds every marked string the templates and the
pages' Python write and the catalogues lack, with an empty translation, and lists them;
``tests/test_catalogue.py`` fails while any is empty. A string with no translation is shown in
English, never blank.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po, write_po

from ..data.schema import TRANSLATION_LANGS as EDITION_LANGS  # the editions beside English

LOCALE = Path(__file__).parent / "locale"
TEMPLATES = Path(__file__).parent / "templates"
PYTHON = Path(__file__).parent  # the pages stage's modules, whose words.gettext(...) calls are extracted too
KEYWORDS = {"gettext": None, "ngettext": (1, 2)}  # the calls that mark a string in Python
Message = str | tuple[str, str]  # a plain id, or (singular, plural) for a count


@dataclass(frozen=True)
class Words:
    """gettext/ngettext for one language (English: the message ids themselves)."""

    catalog: Catalog | None
    lang: str = "en"  # for what a locale library writes beside the words (Babel's month names)

    def gettext(self, message: str) -> str:
        m = self.catalog.get(message) if self.catalog else None
        return m.string if m is not None and isinstance(m.string, str) and m.string else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for the count ``n``: the catalogue's plural rule
        picks ``msgstr[i]`` (English: the singular for 1, else the plural)."""
        m = self.catalog.get(singular) if self.catalog else None
        if m is not None and isinstance(m.string, tuple) and all(m.string):
            forms = m.string
            return forms[min(_plural_rule(str(self.catalog.plural_expr))(n), len(forms) - 1)]  # type: ignore[union-attr]
        return singular if n == 1 else plural


@functools.lru_cache(maxsize=8)
def _plural_rule(expr: str):
    """The PO header's C expression (``n%10==1 && n%100!=11 ? 0 : ...``) as a function of n."""
    return _gettext.c2py(expr)


ENGLISH = Words(None)  # the message ids themselves: what code that writes words gets by default


def site_words(words: Words) -> dict[str, str]:
    """The English the site's configuration writes around the pages (mkdocs.yml: the nav's titles,
    the palette switch's names, the footer's line), each with its translation in ``words``, for
    the adapter to give an edition (tests/test_edition_words.py checks the nav has no other title)."""
    return dict(zip(_site_words(ENGLISH), _site_words(words)))


def _site_words(w: Words) -> tuple[str, ...]:  # literal calls, so that the extraction finds them
    return (w.gettext("Home"), w.gettext("Background"), w.gettext("Positions: Japan and Russia"), w.gettext("Timeline"),
            w.gettext("The eight-point plan"), w.gettext("Map"), w.gettext("Actors"), w.gettext("Quotes"),
            w.gettext("Assessment"), w.gettext("Glossary"), w.gettext("Who's who"), w.gettext("Sources"),
            w.gettext("Data and reuse"), w.gettext("For maintainers"), w.gettext("Data reference"),
            w.gettext("Architecture"), w.gettext("Performance"), w.gettext("Switch to dark mode"),
            w.gettext("Switch to light mode"), w.gettext("Text and data of this site are sourced; see the Sources page."))


def updated_label(words: Words) -> str:
    """The label before a page's date (the theme's "Last updated:"), carried as ``page.meta.updated_label``
    for generated and hand-written pages alike, so that overrides/main.html writes no English of its own."""
    return words.gettext("Last updated:")


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
    return Words(_read(lang, path.stat().st_mtime_ns), lang)


def template_strings() -> Iterator[tuple[str, int, Message]]:
    """(file, line, message) for every string a template or the pages' Python marks, in file
    order; a count's message is (singular, plural)."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    for path in sorted(TEMPLATES.glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        for line, func, message in env.extract_translations(source):  # type: ignore[attr-defined]
            m = _message(func, message)
            if m:
                yield f"templates/{path.name}", line, m
    for path in sorted(PYTHON.glob("*.py")):
        with open(path, "rb") as f:
            for line, func, message, _comments in extract_python(f, KEYWORDS, [], {}):
                m = _message(func, message)
                if m:
                    yield path.name, line, m


def _message(func, message) -> Message | None:
    if func == "ngettext" and isinstance(message, tuple) and len(message) >= 2 and message[0] and message[1]:
        return (message[0], message[1])
    text = message[0] if isinstance(message, tuple) else message
    return text if isinstance(text, str) and text else None


def key(message: Message) -> str:
    """The catalogue's key for a message: its (singular) id."""
    return message[0] if isinstance(message, tuple) else message


def translated(catalog: Catalog, message: Message) -> bool:
    """Whether ``catalog`` translates ``message``, every plural form of a count."""
    m = catalog.get(key(message))
    if m is None:
        return False
    if isinstance(message, tuple):
        return isinstance(m.string, tuple) and len(m.string) == catalog.num_plurals and all(m.string)
    return isinstance(m.string, str) and bool(m.string)


def update(lang: str) -> list[str]:
    """Add the templates' strings that ``locale/<lang>.po`` lacks (empty), keep the rest; the new ids."""
    path = po_path(lang)
    catalog = _read(lang, path.stat().st_mtime_ns) if path.exists() else Catalog(locale=lang)
    new = []
    for name, line, message in template_strings():
        if catalog.get(key(message)) is None:
            empty = ("",) * catalog.num_plurals if isinstance(message, tuple) else ""
            catalog.add(message, empty, locations=[(name, line)])
            new.append(key(message))
    if new:
        with open(path, "wb") as f:
            write_po(f, catalog, omit_header=False, sort_output=False, width=0)
    return new


if __name__ == "__main__":
    for lang in EDITION_LANGS:
        for message in update(lang):
            print(f"{po_path(lang)}: added {message!r} (untranslated)")
    sys.exit(0)
