"""Helpers for the tests: build submissions from the reference solution, grade them, read results."""

from __future__ import annotations

import csv
import inspect
import json
import re
from pathlib import Path

import nbformat

from autograder.batch.outdir import OutDir
from autograder.report.results import GradedDocument
from autograder.selftest.notebooks import (  # noqa: F401  (re-exported for the tests)
    answers_source,
    literal,
    new_notebook,
    one_cell_submission,
    reference_source,
)
from solutions import answers, worked_examples
from solutions import backprop as ref_backprop
from solutions import perceptron as ref_perceptron

REFERENCE = {"backprop": ref_backprop, "perceptron": ref_perceptron}


def write(notebook: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def student_key(out: Path, student: str) -> str:
    """OUT's folder key for the student whose id is `student` or `student`.ipynb (the notebook's path)."""
    wanted = (student, Path(student).with_suffix("").as_posix())
    found = [
        key
        for key, doc in OutDir(out).documents()
        if Path(doc.student.id).with_suffix("").as_posix() in wanted
    ]
    assert len(found) == 1, f"{len(found)} result folders for {student!r} in {out}"
    return found[0]


def student_folder(out: Path, student: str) -> Path:
    return OutDir(out).folder(student_key(out, student))


def document(out: Path, student: str) -> GradedDocument:
    """The student's results document, as nngrade reads it back."""
    return GradedDocument.read(OutDir(out).results(student_key(out, student)))


def documents_by_id(out: Path) -> dict[str, GradedDocument]:
    """Every results document in OUT, by the student id it records; a results file nngrade cannot
    read back, or two folders for one student, fails the test."""

    def unreadable(path: Path) -> None:
        raise AssertionError(f"not a results document: {path}")

    docs = [doc for _, doc in OutDir(out).documents(unreadable=unreadable)]
    found = {doc.student.id: doc for doc in docs}
    assert len(found) == len(docs), "two result folders for one student"
    return found


def results(out: Path, student: str) -> dict:
    """The student's results document as written, for tests of the format itself; the reader must
    accept it too (a test passing on a document nngrade cannot read back would hide a bug)."""
    text = OutDir(out).results(student_key(out, student)).read_text()
    GradedDocument.from_json(text)
    return json.loads(text)


def report(out: Path, student: str) -> str:
    return OutDir(out).report(student_key(out, student)).read_text()


def gradebook_rows(out: Path) -> dict[str, dict]:
    """gradebook.csv's rows by student id without the .ipynb suffix."""
    with OutDir(out).gradebook.open(encoding="utf-8") as handle:
        return {Path(r["id"]).with_suffix("").as_posix(): r for r in csv.DictReader(handle)}


def question_scores(doc: dict | GradedDocument) -> dict[str, tuple[float, float]]:
    """{question id: (score, max)} summed over a results document's entries."""
    doc = doc if isinstance(doc, GradedDocument) else GradedDocument.from_json(doc)
    scores: dict[str, tuple[float, float]] = {}
    for test in doc.tests:
        got, top = scores.get(test.qid, (0.0, 0.0))
        scores[test.qid] = (got + test.score, top + test.max_score)
    return scores


DEF_RE = re.compile(r"^def (\w+)\(", re.MULTILINE)

STUB_BODY_RE = re.compile(r"^\s+\.\.\.\s*$", re.MULTILINE)  # what otter leaves of a solution body
VALUE_STUB_RE = re.compile(r"^(\w+)\s*=\s*\.\.\.\s*(#.*)?$", re.MULTILINE)


def _private_helpers(module) -> str:
    helpers = [
        obj
        for name, obj in vars(module).items()
        if name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__
    ]
    return "\n\n".join(inspect.getsource(h) for h in helpers)


def value_literals(assignment: str) -> dict[str, str]:
    """Source literals for every graded variable: answers, worked examples, contract constants."""
    literals = {qid: repr(v) for qid, v in answers.ANSWERS[assignment].items()}
    literals.update({qid: literal(f()) for qid, f in worked_examples.WORKED_EXAMPLES[assignment].items()})
    module = REFERENCE[assignment]
    literals.update(
        {
            name: literal(value)
            for name, value in vars(module).items()
            if name.isupper() and name.endswith("_PARAMS")
        }
    )
    return literals


def fill_template(notebook: nbformat.NotebookNode, assignment: str) -> nbformat.NotebookNode:
    """The released student notebook with every stub replaced by the reference's code or value."""
    notebook = nbformat.from_dict(json.loads(json.dumps(notebook)))
    module = REFERENCE[assignment]
    literals = value_literals(assignment)
    prelude = _private_helpers(module)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        names = [n for n in DEF_RE.findall(cell.source) if inspect.isfunction(getattr(module, n, None))]
        if names and STUB_BODY_RE.search(cell.source):
            parts = [prelude] if prelude else []
            prelude = ""
            parts += [inspect.getsource(getattr(module, n)) for n in names]
            cell.source = "\n\n".join(parts)
        cell.source = VALUE_STUB_RE.sub(
            lambda m: f"{m.group(1)} = {literals[m.group(1)]}" if m.group(1) in literals else m.group(0),
            cell.source,
        )
    return notebook
