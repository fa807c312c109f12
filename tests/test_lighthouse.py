"""Lighthouse on the home, timeline and an event page (see tests/support/lighthouse.py, `make lighthouse`).

Accessibility and best practices must be 100 and SEO at least 95. Performance is printed in
the summary and never asserted: it measures this machine's load as much as the site.
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
        for cat, wanted in (("accessibility", 1.0), ("best-practices", 1.0), ("seo", 0.95)):
            if s[cat] < wanted:
                problems.append(f"{page}: {cat} {s[cat]:.2f} < {wanted}: " + "; ".join(r["held_back_by"][cat]))
    assert set(results) == {"home", "timeline", "event"}
    assert not problems, "\n".join(problems)
