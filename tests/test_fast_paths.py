"""Speed-ups in the core must not change what it does: each fast path against its definition."""

from __future__ import annotations

import sys
import unicodedata

from jr_explainer import validate


def test_control_character_regex_is_exactly_unicode_category_cc_minus_newline_and_tab():
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        expected = unicodedata.category(ch) == "Cc" and ch not in "\n\t"
        assert bool(validate._CONTROL.match(ch)) == expected, f"U+{cp:04X}"
    assert validate._control_chars("ok\n\tline") == []
    assert validate._control_chars("a\x07b\x1b\x9f\x07") == ["U+0007", "U+001B", "U+009F"]
