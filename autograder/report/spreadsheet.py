"""Text that a spreadsheet or a terminal will show, made inert.

Student-controlled strings (names from file names, notebook metadata, problems quoting them)
must not become formulas in Excel/LibreOffice/Sheets, nor control sequences in a terminal.
"""
from __future__ import annotations

import re
import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` without control characters (ANSI escapes, line breaks, bidi overrides)."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", str(text)))


def cell(text: object) -> str:
    """A CSV cell that a spreadsheet shows as the same text and never evaluates."""
    raw = str(text)
    safe = printable(raw)
    return "'" + safe if raw.startswith(FORMULA_STARTS) or safe.startswith(FORMULA_STARTS) else safe
