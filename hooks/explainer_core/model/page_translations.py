"""The hand-written pages in the other editions: ``data/i18n/<lang>/pages/<path>.md`` translates
``docs/<path>.md`` (same Markdown, footnotes and links; headings keep the English ids with
``{#id}``). Its front matter gives ``updated`` (the day the translation last changed) and
``english_updated`` (the English page's ``updated`` day it follows).

As with the records' translations: when the English page's ``updated`` is later than
``english_updated``, the translation is stale, the edition shows the English page (marked as
English, with a note) and ``make check`` prints a note (file, line, field), which never fails
it. A translation of a page that does not exist, or without its two days, is a problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..data.problems import Problem
from . import freshness


@dataclass(frozen=True)
class PageTranslation:
    src_uri: str  # the English page's path under docs/, e.g. "background.md"
    file: str  # the translation, as problems name it
    markdown: str  # its Markdown, without its front matter
    updated: dt.date
    english_updated: dt.date
    english_updated_line: int
    meta: dict  # its front matter (a translated description, ...)


def check(found: Mapping[str, Mapping[str, tuple[str, str]]], english: Mapping[str, dt.date],
          problems: list[Problem], today: dt.date | None = None) -> dict[str, dict[str, PageTranslation]]:
    """Every translated page (``found``: ``{lang: {path: (file, Markdown)}}``) checked against the
    English pages (``english``: ``{path under docs/: its updated day}``); problems are appended."""
    out: dict[str, dict[str, PageTranslation]] = {}
    for lang, pages in found.items():
        out[lang] = {}
        for src_uri, (file, text) in pages.items():
            if src_uri not in english:
                problems.append(Problem(file, 1, None, None, f"translates docs/{src_uri}, which does not exist; "
                                        "rename it after the English page or remove it"))
                continue
            updated, problem = freshness.front_matter_day(file, text, "updated", today)
            follows, problem2 = freshness.front_matter_day(file, text, "english_updated", today)
            problems.extend(p for p in (problem, problem2) if p is not None)
            if updated is None or follows is None:
                continue
            if follows > english[src_uri]:
                problems.append(Problem(file, freshness.front_matter_line(text, "english_updated"), None,
                                        "english_updated", f"{follows.isoformat()} is after the English page's "
                                        f"updated day, {english[src_uri].isoformat()}"))
                continue
            out[lang][src_uri] = PageTranslation(src_uri, file, freshness.body(text), updated, follows,
                                                 freshness.front_matter_line(text, "english_updated"),
                                                 freshness.front_matter(text))
    return out


def stale(t: PageTranslation, english: Mapping[str, dt.date]) -> bool:
    """The English page changed after the version its translation follows."""
    return t.english_updated < english[t.src_uri]


def notes(translations: Mapping[str, PageTranslation], english: Mapping[str, dt.date]) -> list[str]:
    """One line per stale translated page: file, line, field."""
    return [f"{t.file}:{t.english_updated_line}: field 'english_updated': stale: the English page "
            f"docs/{t.src_uri} changed on {english[t.src_uri].isoformat()}; the edition shows the English "
            "until the translation follows it" for t in translations.values() if stale(t, english)]
