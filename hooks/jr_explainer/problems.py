"""Problems found in the data: collected, never raised one at a time."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    record: str | None  # e.g. "event 'sochi-summit-2016'"
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + ": " + self.message


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
