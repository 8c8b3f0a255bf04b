"""Helpers for the tests: build submissions from the reference solution, grade them, read results."""
from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import nbformat
import numpy as np

from solutions import answers, worked_examples
from solutions import backprop as ref_backprop
from solutions import perceptron as ref_perceptron

REFERENCE = {"backprop": ref_backprop, "perceptron": ref_perceptron}


def reference_source(assignment: str) -> str:
    """The reference module's code as a notebook would hold it (no package-relative imports)."""
    source = inspect.getsource(REFERENCE[assignment])
    source = "\n".join(line for line in source.splitlines() if not line.startswith("from ."))
    if assignment == "perceptron":
        source = inspect.getsource(ref_backprop.sigmoid) + "\n\n" + source
    return "import numpy as np\n\n" + source


def literal(value) -> str:
    """Python source that rebuilds a worked-example value without importing the solutions."""
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r})"
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(v) for v in value) + ",)"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, (np.floating, float)):
        return repr(float(value))
    return repr(value)


def answers_source(assignment: str) -> str:
    lines = [f"{qid} = {value!r}" for qid, value in answers.ANSWERS[assignment].items()]
    lines += [f"{qid} = {literal(compute())}"
              for qid, compute in worked_examples.WORKED_EXAMPLES[assignment].items()]
    return "\n".join(lines) + "\n"


def new_notebook(*sources: str, markdown: str | None = None) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(markdown)] if markdown else []
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def one_cell_submission(assignment: str) -> nbformat.NotebookNode:
    """Everything the contract names, defined in a single code cell."""
    return new_notebook(reference_source(assignment) + "\n\n" + answers_source(assignment))


def write(notebook: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def results(out: Path, student: str) -> dict:
    return json.loads((out / student / "results.json").read_text())


def question_scores(doc: dict) -> dict[str, tuple[float, float]]:
    """{question id: (score, max)} summed over a results document's entries."""
    scores: dict[str, tuple[float, float]] = {}
    for test in doc["tests"]:
        qid = test["name"].split(": ", 1)[0]
        got, top = scores.get(qid, (0.0, 0.0))
        scores[qid] = (got + test["score"], top + test["max_score"])
    return scores


DEF_RE = re.compile(r"^def (\w+)\(", re.MULTILINE)

STUB_BODY_RE = re.compile(r"^\s+\.\.\.\s*$", re.MULTILINE)  # what otter leaves of a solution body
VALUE_STUB_RE = re.compile(r"^(\w+)\s*=\s*\.\.\.\s*(#.*)?$", re.MULTILINE)


def _private_helpers(module) -> str:
    helpers = [obj for name, obj in vars(module).items()
               if name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__]
    return "\n\n".join(inspect.getsource(h) for h in helpers)


def value_literals(assignment: str) -> dict[str, str]:
    """Source literals for every graded variable: answers, worked examples, contract constants."""
    literals = {qid: repr(v) for qid, v in answers.ANSWERS[assignment].items()}
    literals.update({qid: literal(f()) for qid, f in worked_examples.WORKED_EXAMPLES[assignment].items()})
    module = REFERENCE[assignment]
    literals.update({name: literal(value) for name, value in vars(module).items()
                     if name.isupper() and name.endswith("_PARAMS")})
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
