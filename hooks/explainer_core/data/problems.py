"""Problems found in the data: collected, never raised one at a time."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# What a problem line may not echo raw: controls (newlines, ESC...), format characters (bidi
# overrides, zero-width), line/paragraph separators, surrogates and noncharacters. Each is
# shown as an escape, so data can neither forge another line nor drive the terminal.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
MAX_PART = 300  # characters of one part of a problem line (file, record, field, message)


def _escape(m: re.Match) -> str:
    c = m[0]
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or f"\\u{ord(c):04x}"


def safe_text(text, limit: int = MAX_PART) -> str:
    """``text`` fit for one line of a terminal: unsafe characters escaped, and cut in the
    middle (keeping its end, where a message's suggestion stands) when longer than ``limit``."""
    try:
        text = str(text)
    except ValueError:  # an integer too long for str() (Python refuses over 4,300 digits)
        text = f"<a number of {text.bit_length():,} bits>"
    if len(text) > limit:
        keep = limit - 1
        text = text[: keep - keep // 3] + "…" + text[len(text) - keep // 3:]
    text = _UNSAFE.sub(_escape, text)
    if not text.isprintable():  # other unassigned or private-use characters: show them escaped too
        text = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)
    return text


def shown(value, limit: int = 80) -> str:
    """A value from the data, quoted for a message: escaped and cut short."""
    return "'" + safe_text(value, limit) + "'"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    record: str | None  # e.g. "event 'sochi-summit-2016'"
    field: str | None
    message: str

    def __str__(self) -> str:
        file = safe_text(self.file)
        parts = [f"{file}:{self.line}" if self.line else file]
        if self.record:
            parts.append(safe_text(self.record))
        if self.field:
            parts.append(f"field '{safe_text(self.field, 120)}'")
        return ": ".join(parts) + ": " + safe_text(self.message)


class DataError(Exception):
    """Raised once, with every problem in the dataset."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data; nothing was built:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def suggest(value: str, candidates) -> str:
    """" (did you mean 'x'?)" when a close candidate exists, else ""."""
    match = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
