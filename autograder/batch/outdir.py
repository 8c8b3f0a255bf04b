"""The one owner of OUT's layout: where each student's files go, the class files and the run state.

    OUT/gradebook.csv, OUT/summary.html, OUT/regrades.csv    the class files
    OUT/students/<key>/results.json, report.html             one folder per student identity
    OUT/.nngrade/run.json                                    the run's assignment and secret seed
    OUT/canvas-import.csv, moodle-worksheet.csv, moodle-feedback.zip    what `nngrade export` writes

Students live under `students/`, so no student's name can shadow a class file or the run state.
No other module builds a path under OUT, and none reads a results file itself: they ask here,
and get typed documents (report.results.GradedDocument).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..report.results import GradedDocument, MalformedResults, read_results

RESULTS, REPORT = "results.json", "report.html"


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

    @property
    def canvas_import(self) -> Path:
        return self.root / "canvas-import.csv"

    @property
    def moodle_worksheet(self) -> Path:
        return self.root / "moodle-worksheet.csv"

    @property
    def moodle_feedback_zip(self) -> Path:
        return self.root / "moodle-feedback.zip"

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
        return self.folder(key) / RESULTS

    def report(self, key: str) -> Path:
        return self.folder(key) / REPORT

    def relative(self, path: Path) -> str:
        """`path` as a link or a listing shows it: relative to OUT, with forward slashes."""
        return path.relative_to(self.root).as_posix()

    def stale_temporaries(self) -> Iterator[Path]:
        """What a killed run was writing; never a finished file."""
        yield from self.students.glob("*/.*.tmp")
        yield from self.root.glob(".*.tmp")

    def holds_older_layout(self) -> bool:
        """Whether OUT holds results the way nngrade once laid them out (OUT/<student>/results.json)."""
        return any(p.parent.name != self.students.name for p in self.root.glob(f"*/{RESULTS}"))

    def finished(self, key: str) -> GradedDocument | None:
        """The finished result in a student's folder: report.html is written first, results.json
        last, so a folder without its report holds no finished result."""
        return read_results(self.results(key)) if self.report(key).exists() else None

    def documents(
        self, assignment: str | None = None, unreadable: Callable[[Path], None] | None = None
    ) -> Iterator[tuple[str, GradedDocument]]:
        """(key, document) of every student of `assignment` (of any, when None) in OUT, in key order.

        A results file that is not a document is skipped, and passed to `unreadable` when given.
        """
        for path in sorted(self.students.glob(f"*/{RESULTS}")):
            try:
                doc = GradedDocument.read(path)
            except MalformedResults:
                if unreadable is not None:
                    unreadable(path)
                continue
            if assignment is None or doc.assignment == assignment:
                yield path.parent.name, doc
