"""What the self-test grades: every catalogued variant injected into the reference notebook,
pairs of variants in different functions, the reference itself, and independently written
correct submissions in several styles."""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..diagnosis.diagnose import variants_for
from .notebooks import new_notebook, one_cell_submission, variants_submission, with_variants

CORRECT_DIR = Path(__file__).with_name("correct")


@dataclass(frozen=True)
class Trial:
    label: str  # also the submission's file name
    notebook: nbformat.NotebookNode
    function: str | None = None  # the item a single variant must lose points on
    misconception: str | None = None  # the id it must be diagnosed as
    # Every (function, misconception) injected: one for a single variant, two for a pair. Graded,
    # the notebook must be tagged with exactly these ids (and documented equivalents).
    injected: tuple[tuple[str, str], ...] = ()
    style: str | None = None  # a helper's variant in this correct style: judged for carry-forward only

    @property
    def correct(self) -> bool:
        return not self.injected

    @property
    def pair(self) -> bool:
        return len(self.injected) > 1


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
            cells = next(
                ast.literal_eval(node.value)
                for node in tree.body
                if isinstance(node, ast.Assign) and node.targets[0].id == "CELLS"
            )
            style = style.removesuffix(".cells")
            notebook = new_notebook(*cells, answers)
        else:
            notebook = new_notebook(source, answers)
        trials.append(Trial(f"correct-{style}", notebook))
    return trials


def own_variants(assignment: str) -> dict[str, list[tuple[str, object]]]:
    """{function: [(misconception, implementation)]}, the variants that are the function's own
    mistake (not inherited `via` a helper)."""
    return {
        function: [(m, i) for m, i, via in entries if via is None]
        for function, entries in variants_for(assignment).items()
    }


def single_trials(assignment: str) -> list[Trial]:
    trials = []
    for function, entries in own_variants(assignment).items():
        for misconception, implementation in entries:
            label = f"variant-{function}-{misconception}-{implementation.__name__}"
            notebook = variants_submission(assignment, {function: implementation})
            trials.append(Trial(label, notebook, function, misconception, ((function, misconception),)))
    return trials


def pair_trials(assignment: str) -> list[Trial]:
    """One pair per unordered pair of functions, the k-th pair of a function taking its variants
    in turn, so every variant is paired at least once when a function has no more variants than
    partner functions (all-pairs of variants would be thousands of notebooks)."""
    table = own_variants(assignment)
    turn = {function: 0 for function in table}
    trials = []
    for first, second in itertools.combinations(table, 2):
        chosen = []
        for function in (first, second):
            entries = table[function]
            chosen.append((function, *entries[turn[function] % len(entries)]))
            turn[function] += 1
        label = "pair-" + "-".join(f"{f}-{i.__name__}" for f, _, i in chosen)
        notebook = variants_submission(assignment, {f: i for f, _, i in chosen})
        trials.append(Trial(label, notebook, injected=tuple((f, m) for f, m, _ in chosen)))
    return trials


def helper_trials(assignment: str, helpers: set[str]) -> list[Trial]:
    """Each own variant of a helper (a function others are built on) injected into every
    independently written correct style: the functions built on it, written correctly in that
    style, must earn their points carried forward however they call the helper."""
    trials = []
    for style in correct_submissions(assignment):
        for function, entries in own_variants(assignment).items():
            for misconception, implementation in entries if function in helpers else ():
                notebook = with_variants(style.notebook, {function: implementation})
                trials.append(
                    Trial(
                        f"{style.label}-with-{implementation.__name__}",
                        notebook,
                        function,
                        misconception,
                        ((function, misconception),),
                        style=style.label,
                    )
                )
    return trials


def all_trials(assignment: str, helpers: set[str] = frozenset()) -> list[Trial]:
    trials = [Trial("correct-reference", one_cell_submission(assignment)), *correct_submissions(assignment)]
    return trials + single_trials(assignment) + pair_trials(assignment) + helper_trials(assignment, helpers)
