"""Ready for a right-to-left language (issue 25): the style sheet places things by the
start and end of a line, never by left and right, so setting `dir="rtl"` beside `lang`
mirrors every screen without a second style sheet."""

import re
from pathlib import Path

from django.conf import settings

PHYSICAL = re.compile(
    r"(?<![-\w])(?:(?:margin|padding|border)-(?:left|right)|left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)"
)


def test_the_style_sheet_uses_logical_properties_only():
    css = (Path(settings.BASE_DIR) / "frontend" / "app.css").read_text(encoding="utf-8")
    found = [line.strip() for line in css.splitlines() if PHYSICAL.search(line)]
    assert found == []


def test_the_check_finds_a_physical_property():
    assert PHYSICAL.search(".notice { border-left: 6px solid red; }")
    assert PHYSICAL.search(".skip { position: absolute; left: 0; }")
    assert not PHYSICAL.search(".notice { border-inline-start: 6px solid red; inset-inline-start: 0; }")
