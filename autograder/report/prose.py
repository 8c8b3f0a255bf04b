"""Student-facing prose as HTML: the suites' and catalogue's messages quote names in backticks."""

from __future__ import annotations

import re
from html import escape

_BACKTICKS = re.compile(r"`([^`\n]+)`")


def prose_html(message: str, quote: bool = True) -> str:
    """Escaped first, so nothing in the message is markup, then `code` spans as <code>."""
    return _BACKTICKS.sub(r"<code>\1</code>", escape(message, quote=quote))
