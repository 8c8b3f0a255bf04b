"""nngrade: autograded neural-network exercises and the sandboxed grader behind them."""

from __future__ import annotations

import json
from pathlib import Path

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)


def installed_build() -> dict:
    """{"version", "commit"} of this installation: a released wheel carries the commit it was
    built from; a checkout says so."""
    recorded = Path(__file__).with_name("build_info.json")
    if recorded.exists():
        return json.loads(recorded.read_text())
    return {"version": __version__, "commit": "checkout"}
