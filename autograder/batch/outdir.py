"""The one owner of OUT's layout: where each student's files go, the class files and the run state.

    OUT/gradebook.csv, OUT/summary.html, OUT/regrades.csv    the class files
    OUT/students/<key>/results.json, report.html             one folder per student identity
    OUT/.nngrade/run.json                                    the run's assignment and secret seed

Students live under `students/`, so no student's name can shadow a class file or the run state.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


def read_results(path: Path) -> dict | None:
    """A results document, or None when the file is missing or not one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc if isinstance(doc, dict) and isinstance(doc.get("tests"), list) else None
    except (OSError, ValueError, RecursionError):
        return None


@dataclass(frozen=True)
class OutDir:
    root: Path

    @property
    def students(self) -> Path:
        return self.root / "students"

    @property
    def gradebook(self) -> Path:
        return self.root / "gradebook.csv"

    @property
    def summary(self) -> Path:
        return self.root / "summary.html"

    @property
    def regrades(self) -> Path:
        return self.root / "regrades.csv"

    @property
    def state(self) -> Path:
        return self.root / ".nngrade" / "run.json"

    def folder(self, key: str) -> Path:
        if not key or "/" in key or key.startswith("."):
            raise ValueError(f"not a student key: {key!r}")
        return self.students / key

    def resolve(self, key: str) -> str:
        """The folder this identity already has, if its readable part changed (e.g. a roster fixed
        a name): keys end in a hash of the identity, and the hash is what identifies the student."""
        if self.folder(key).exists():
            return key
        digest = key.rsplit("-", 1)[-1]
        existing = sorted(p.name for p in self.students.glob(f"*-{digest}") if p.is_dir())
        return existing[0] if existing else key

    def results(self, key: str) -> Path:
        return self.folder(key) / "results.json"

    def report(self, key: str) -> Path:
        return self.folder(key) / "report.html"

    def stale_temporaries(self) -> Iterator[Path]:
        """What a killed run was writing; never a finished file."""
        yield from self.students.glob("*/.*.tmp")
        yield from self.root.glob(".*.tmp")

    def documents(self, assignment: str) -> Iterator[tuple[str, dict]]:
        """(key, results document) of every student of `assignment` in OUT, in key order."""
        for path in sorted(self.students.glob("*/results.json")):
            doc = read_results(path)
            if doc and (doc.get("extra_data") or {}).get("assignment") == assignment:
                yield path.parent.name, doc
