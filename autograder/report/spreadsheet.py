"""Text that a spreadsheet or a terminal will show, made inert.

Student-controlled strings (names from file names, notebook metadata, problems quoting them)
must not become formulas in Excel/LibreOffice/Sheets, nor control sequences in a terminal.
"""

from __future__ import annotations

import re
import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` for a terminal: control characters (ANSI escapes, line breaks, bidi overrides) removed."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", str(text)))


def cell(text: object) -> str:
    """Text we write into a CSV cell: control characters removed, and a leading `'` when a
    spreadsheet would read it as a formula (it starts with = + - @, a tab or a CR)."""
    raw = unicodedata.normalize("NFC", str(text))
    clean = printable(raw)
    return (
        "'" + clean
        if raw.startswith(FORMULA_STARTS) or clean.lstrip().startswith(FORMULA_STARTS[:4])
        else clean
    )
