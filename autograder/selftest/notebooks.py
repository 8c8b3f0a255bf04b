"""Build submission notebooks from trusted sources: the reference, its answers, and injected variants."""

from __future__ import annotations

import importlib
import inspect

import nbformat
import numpy as np

from solutions import answers, worked_examples


def reference_module(assignment: str):
    return importlib.import_module(f"solutions.{assignment}")


def reference_source(assignment: str) -> str:
    """The reference module's code as a notebook would hold it (no package-relative imports)."""
    source = inspect.getsource(reference_module(assignment))
    source = "\n".join(line for line in source.splitlines() if not line.startswith("from ."))
    return "import numpy as np\n\n" + source


def literal(value) -> str:
    """Python source that rebuilds a value without importing the solutions."""
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
    lines += [
        f"{qid} = {literal(compute())}"
        for qid, compute in worked_examples.WORKED_EXAMPLES[assignment].items()
    ]
    return "\n".join(lines) + "\n"


def new_notebook(*sources: str, markdown: str | None = None) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell(markdown)] if markdown else []
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index:03d}"  # nbformat's default ids are random; keep files reproducible
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def one_cell_submission(assignment: str) -> nbformat.NotebookNode:
    """Everything the contract names, defined in a single code cell."""
    return new_notebook(reference_source(assignment) + "\n\n" + answers_source(assignment))


def variant_submission(assignment: str, function: str, implementation) -> nbformat.NotebookNode:
    """The reference notebook with one contract name rebound to a catalogued wrong variant,
    pasted as source in a later cell, as a student's own edit would be."""
    return variants_submission(assignment, {function: implementation})


def variants_submission(assignment: str, bindings: dict) -> nbformat.NotebookNode:
    """The reference notebook with several contract names rebound, {function: implementation}."""
    return new_notebook(reference_source(assignment), answers_source(assignment), *rebinding_cells(bindings))


def with_variants(notebook: nbformat.NotebookNode, bindings: dict) -> nbformat.NotebookNode:
    """Another notebook's code cells, then the same rebinding cells (e.g. a correct style's)."""
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    return new_notebook(*sources, *rebinding_cells(bindings))


def rebinding_cells(bindings: dict) -> list[str]:
    """Each variant module pasted once, in its own cell, then a cell rebinding the names."""
    modules = list(dict.fromkeys(inspect.getmodule(i) for i in bindings.values()))
    pasted = [inspect.getsource(module) for module in modules]
    rebound = "\n".join(
        f"{function} = {i.__name__}" + ("()" if function.isupper() else "")
        for function, i in bindings.items()
    )
    return [*pasted, rebound + "\n"]
