"""What the self-test grades: every catalogued variant injected into the reference notebook,
the reference itself, and independently written correct submissions in several styles."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..diagnosis.diagnose import variants_for
from .notebooks import new_notebook, one_cell_submission, variant_submission

CORRECT_DIR = Path(__file__).with_name("correct")


@dataclass(frozen=True)
class Trial:
    label: str                       # also the submission's file name
    notebook: nbformat.NotebookNode
    function: str | None = None      # the item a variant must lose points on
    misconception: str | None = None  # the id it must be diagnosed as

    @property
    def correct(self) -> bool:
        return self.function is None


def correct_submissions(assignment: str) -> list[Trial]:
    """Independently written correct notebooks: `<assignment>_<style>.py` plus the assignment's
    answers file as one notebook each, and `<assignment>_<style>.cells.py` (a literal list
    `CELLS = [...]` of cell sources) as a many-cell notebook."""
    answers = (CORRECT_DIR / f"answers_{assignment}.py").read_text(encoding="utf-8")
    trials = []
    for path in sorted(CORRECT_DIR.glob(f"{assignment}_*.py")):
        style = path.name.removeprefix(f"{assignment}_").removesuffix(".py")
        source = path.read_text(encoding="utf-8")
        if style.endswith(".cells"):
            tree = ast.parse(source)
            cells = next(ast.literal_eval(node.value) for node in tree.body
                         if isinstance(node, ast.Assign) and node.targets[0].id == "CELLS")
            style = style.removesuffix(".cells")
            notebook = new_notebook(*cells, answers)
        else:
            notebook = new_notebook(source, answers)
        trials.append(Trial(f"correct-{style}", notebook))
    return trials


def all_trials(assignment: str) -> list[Trial]:
    trials = [Trial("correct-reference", one_cell_submission(assignment)), *correct_submissions(assignment)]
    for function, entries in variants_for(assignment).items():
        for misconception, implementation, via in entries:
            if via is None:
                notebook = variant_submission(assignment, function, implementation)
                trials.append(Trial(f"variant-{function}-{misconception}", notebook, function, misconception))
    return trials
