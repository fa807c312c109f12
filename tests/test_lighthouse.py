"""Lighthouse on the home, timeline and an event page (see tests/support/lighthouse.py, `make lighthouse`).

Accessibility, best practices and SEO must be 100: audits of the page itself. Performance is
recorded in the summary, not asserted: Lighthouse's simulated phone scales the work it observes
on this machine, so the score is a timing (the timeline scored 90 to 93 on the same commit as the
machine's load changed), and the team's tests never assert timings. `make lighthouse` checks
the timeline's performance target (issue 24: at least 90, best of up to three audits) and exits
non-zero below it, as a benchmark does.
"""

from __future__ import annotations

import pytest

from support import lighthouse
from support.project import require

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_lighthouse_scores(tmp_path, record_property):
    require("chromium", "npm")
    results = lighthouse.run(workdir=tmp_path)
    problems = []
    for page, r in results.items():
        s = r["scores"]
        for cat in lighthouse.CATEGORIES:
            record_property(f"max:lighthouse {page} {cat}", round(s[cat] * 100))
        for cat in ("accessibility", "best-practices", "seo"):
            if s[cat] < 1.0:
                problems.append(f"{page}: {cat} {s[cat]:.2f} < 1.0: " + "; ".join(r["held_back_by"][cat]))
    assert set(results) == {"home", "timeline", "event"}
    assert not problems, "\n".join(problems)
