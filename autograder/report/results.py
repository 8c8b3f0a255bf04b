"""results.json in Gradescope's autograder results schema: the one writer, and the one reader.

`nngrade grade` and `nngrade gradescope` write the same document; only the visibility of the
feedback is a choice (the release's, passed on by run_autograder). Field names and values are
Gradescope's (gradescope-autograders.readthedocs.io, "Autograder Specifications"): `output_format`
and `test_output_format` "md", per-test `output_format`, and `visibility` one of "hidden",
"after_due_date", "after_published" or "visible".

Everything that reads a results document back (gradebook, summary, resume, export, release
checks, tests) reads it as a `GradedDocument`: a test's question id is split from its name here
and nowhere else, and a document that is not one is rejected here as `MalformedResults`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..grading.outcome import CARRIED_TAG, Entry, Outcome
from .markdown import LECTURE_QUESTION, entry_markdown, summary_markdown

# Students see their function scores and feedback at once; or all of it once grades are published.
VISIBILITIES = ("visible", "after_published")
DEFAULT_VISIBILITY = "visible"
# A lecture question's feedback explains the right option: shown only once grades are published.
ANSWER_VISIBILITY = "after_published"
MARKDOWN = "md"


def entry_visibility(entry: Entry, visibility: str) -> str:
    """Lecture questions keep `after_published`; every other entry follows the release's choice."""
    return ANSWER_VISIBILITY if entry.kind == LECTURE_QUESTION else visibility


def results_document(outcome: Outcome, visibility: str = DEFAULT_VISIBILITY) -> dict:
    """The Gradescope results object for one submission; `visibility` is one of VISIBILITIES."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {visibility!r}")
    return {
        "score": outcome.score,
        "output": summary_markdown(outcome, visibility),
        "output_format": MARKDOWN,
        "test_output_format": MARKDOWN,
        # Gradescope's default for tests; each test sets its own. The top-level output is written
        # to be shown at once either way (summary_markdown).
        "visibility": "visible",
        "stdout_visibility": "hidden",
        # Gradescope passes extra_data through; nngrade reads it back for resuming and the summary.
        "extra_data": {
            "assignment": outcome.assignment,
            "status": outcome.status,
            "problem": outcome.problem,
            "student": {"id": outcome.student, "name": "", "email": "", "layout": "file"},
            "notes": list(outcome.notes),
            "notebook_sha256": outcome.notebook_sha256,
            "seconds": outcome.seconds,
            "cell_errors": len(outcome.cell_errors),
            "carried_forward": outcome.carried,
            "question_scores": outcome.question_scores(),  # what the gradebook's columns show
            **outcome.extra,  # identity, source files, submission time, late work, fingerprint, seed
        },
        "tests": [
            {
                "name": e.name,
                "score": e.score,
                "max_score": e.max_score,
                "output": entry_markdown(e),
                "output_format": MARKDOWN,
                "visibility": entry_visibility(e, visibility),
                "tags": list(e.tags),
            }
            for e in outcome.entries
        ],
    }


def results_json(outcome: Outcome, visibility: str = DEFAULT_VISIBILITY) -> str:
    return json.dumps(results_document(outcome, visibility), indent=2, ensure_ascii=False) + "\n"


# The reader. Gradescope's schema leaves most fields optional; nngrade writes all of them, so a
# missing field reads as its empty value, while a field of the wrong type rejects the document.

QID_SEPARATOR = ": "  # a test's name is its question id, or the id, this, and the case
MISCONCEPTION_TAG = "misconception:"


class MalformedResults(ValueError):
    """Text that is not a results document: not JSON, no list of tests, or a field of the wrong type."""


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MalformedResults(f"{what} is not a number: {str(value)[:40]!r}")
    return float(value)


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _list(value: object, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise MalformedResults(f"{what} is not a list")
    return value


def _mapping(value: object, what: str) -> Mapping:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise MalformedResults(f"{what} is not an object")
    return value


@dataclass(frozen=True)
class GradedTest:
    """One entry of `tests`: a hidden case of a question (or the late penalty)."""

    name: str
    score: float
    max_score: float
    output: str = ""
    visibility: str = ""
    tags: tuple[str, ...] = ()

    @property
    def qid(self) -> str:
        return self.name.split(QID_SEPARATOR, 1)[0]

    @property
    def description(self) -> str:
        """What the case tests ("" when the name is the bare question id); may itself hold colons."""
        return self.name.split(QID_SEPARATOR, 1)[1] if QID_SEPARATOR in self.name else ""

    @property
    def misconceptions(self) -> tuple[str, ...]:
        return tuple(t.removeprefix(MISCONCEPTION_TAG) for t in self.tags if t.startswith(MISCONCEPTION_TAG))

    @property
    def carried_from(self) -> tuple[str, ...]:
        """The helpers whose results this case's credit was carried forward from (grading.carry)."""
        return tuple(t.removeprefix(CARRIED_TAG) for t in self.tags if t.startswith(CARRIED_TAG))

    @classmethod
    def from_json(cls, entry: object) -> GradedTest:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise MalformedResults(f"a test entry has no name: {str(entry)[:60]!r}")
        name = entry["name"]
        return cls(
            name=name,
            score=_number(entry.get("score"), f"the score of {name!r}"),
            max_score=_number(entry.get("max_score"), f"the max_score of {name!r}"),
            output=str(entry.get("output") or ""),
            visibility=str(entry.get("visibility") or ""),
            tags=tuple(str(t) for t in _list(entry.get("tags"), f"the tags of {name!r}")),
        )


@dataclass(frozen=True)
class RecordedStudent:
    """extra_data's `student`: who the submission belongs to, as intake identified them."""

    id: str = ""
    name: str = ""
    email: str = ""
    layout: str = ""
    lms_id: str = ""
    sis_id: str = ""
    section: str = ""

    @classmethod
    def from_json(cls, value: object) -> RecordedStudent:
        if isinstance(value, str):  # a bare id
            return cls(id=value)
        fields = _mapping(value, "extra_data.student")
        return cls(**{k: str(fields.get(k) or "") for k in cls.__dataclass_fields__})


def _sum_by_question(tests: tuple[GradedTest, ...]) -> dict[str, float]:
    """Per question id, the sum of its tests' scores (as Outcome.question_scores sums its entries)."""
    scores: dict[str, float] = {}
    for test in tests:
        scores[test.qid] = scores.get(test.qid, 0.0) + test.score
    return {qid: round(score, 4) for qid, score in scores.items()}


@dataclass(frozen=True)
class GradedDocument:
    """A results document read back: the tests, and extra_data's fields under their own names."""

    score: float
    tests: tuple[GradedTest, ...]
    # extra_data as written, for what has no field below (resuming compares recorded details verbatim).
    extra_data: Mapping[str, object] = field(default_factory=dict)
    output: str = ""
    assignment: str | None = None
    status: str = "graded"  # graded, ungradable, wrong-assignment, missing, past-cutoff
    problem: str | None = None  # why it could not be graded
    notes: tuple[str, ...] = ()
    student: RecordedStudent = RecordedStudent()
    roster: str = ""  # "matched", "unmatched", "missing", or "" without a roster
    source_files: tuple[str, ...] = ()
    submitted_at: str | None = None
    late_by: str = ""
    late_penalty: float = 0.0
    notebook_sha256: str | None = None
    grader_fingerprint: str | None = None
    seed: int | None = None
    max_score: float | None = None  # the assignment's points, when the grader recorded them
    cell_errors: int = 0
    carried_forward: float = 0.0  # points earned as error carried forward
    carry_forward: bool | None = None  # whether carry-forward was on
    question_scores: Mapping[str, float] = field(default_factory=dict)

    @property
    def possible(self) -> float:
        """The sum of the tests' max_score."""
        return sum(t.max_score for t in self.tests)

    @property
    def misconceptions(self) -> tuple[str, ...]:
        """Misconception ids tagged on the tests, in order of first appearance."""
        return tuple(dict.fromkeys(m for t in self.tests for m in t.misconceptions))

    @classmethod
    def from_json(cls, source: str | bytes | Mapping) -> GradedDocument:
        """The document in `source` (its JSON text, or the parsed object); MalformedResults if it is none."""
        try:
            doc = source if isinstance(source, Mapping) else json.loads(source)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise MalformedResults(f"not JSON: {str(exc)[:80]}") from None
        if not isinstance(doc, Mapping) or not isinstance(doc.get("tests"), list):
            raise MalformedResults("not a results document: no list of tests")
        tests = tuple(GradedTest.from_json(t) for t in doc["tests"])
        extra = _mapping(doc.get("extra_data"), "extra_data")
        late = _mapping(extra.get("late"), "extra_data.late")
        problem = extra.get("problem")
        seed, cell_errors = extra.get("seed"), extra.get("cell_errors") or 0
        if not (seed is None or isinstance(seed, int)) or not isinstance(cell_errors, int):
            raise MalformedResults("extra_data's seed or cell_errors is not an integer")
        scores = _mapping(extra.get("question_scores"), "extra_data.question_scores")
        written = extra.get("question_scores") is not None  # an older nngrade's are summed from the tests
        score, max_score = doc.get("score"), extra.get("max_score")
        return cls(
            score=round(sum(t.score for t in tests), 4) if score is None else _number(score, "the score"),
            tests=tests,
            extra_data=extra,
            output=str(doc.get("output") or ""),
            assignment=_optional_text(extra.get("assignment")),
            status=str(extra.get("status") or ("ungradable" if problem else "graded")),
            problem=str(problem) if problem else None,
            notes=tuple(str(n) for n in _list(extra.get("notes"), "extra_data.notes")),
            student=RecordedStudent.from_json(extra.get("student")),
            roster=str(extra.get("roster") or ""),
            source_files=tuple(str(f) for f in _list(extra.get("source_files"), "extra_data.source_files")),
            submitted_at=_optional_text(extra.get("submitted_at")),
            late_by=str(late.get("late_by") or ""),
            late_penalty=_number(late.get("penalty") or 0.0, "the late penalty"),
            notebook_sha256=_optional_text(extra.get("notebook_sha256")),
            grader_fingerprint=_optional_text(extra.get("grader_fingerprint")),
            seed=seed,
            max_score=None if max_score is None else _number(max_score, "extra_data.max_score"),
            cell_errors=cell_errors,
            carried_forward=_number(extra.get("carried_forward") or 0.0, "extra_data.carried_forward"),
            carry_forward=None if extra.get("carry_forward") is None else bool(extra["carry_forward"]),
            question_scores=(
                {str(q): _number(s, f"the question score of {q!r}") for q, s in scores.items()}
                if written
                else _sum_by_question(tests)
            ),
        )

    @classmethod
    def read(cls, path: Path) -> GradedDocument:
        """The document in the file at `path`; MalformedResults when it cannot be read or is none."""
        try:
            text = path.read_bytes()
        except OSError as exc:
            raise MalformedResults(f"cannot read {path}: {exc.strerror or exc}") from None
        return cls.from_json(text)


def read_results(path: Path) -> GradedDocument | None:
    """The document in the file at `path`, or None when it is missing or not one."""
    try:
        return GradedDocument.read(path)
    except MalformedResults:
        return None
