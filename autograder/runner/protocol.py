"""The one role every runner plays: run a notebook in isolation and answer the parent's calls.

`process.FreshProcess` (a new sandboxed process per submission) and `forkserver.ForkServer` (a
warm sandbox per slot that forks per submission) both play it; grading code asks for a `Runner`
and never for either class. otter's `AbstractLanguageRunner` plays the same part for otter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .channel import ChildReport


class Runner(Protocol):
    def run(self, notebook: Path, calls: list[dict], timeout: float, call_timeout: float) -> ChildReport:
        """Run `notebook`'s cells, then answer `calls` (wire dicts); never raise for a bad notebook."""
        ...

    def stop(self) -> None:
        """End whatever the runner keeps alive between submissions."""
        ...
