"""Write the bundled sample submissions that `make demo` grades: a few correct, a few with typical bugs.

    .venv/bin/python tests/make_samples.py      (after `make student-template`)

Each buggy sample is the released notebook with the reference filled in and one realistic edit,
made in the cell a student would edit. test_samples.py checks that every bug costs points where it is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import fill_template, one_cell_submission, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# student -> list of (exact text in the filled notebook, replacement); an empty list means correct.
SAMPLES = {
    "backprop": {
        "alice": [],
        "carol": [("s = sigmoid(z)\n    return s * (1.0 - s)", "return z * (1 - z)")],  # g'(a) for g'(z)
        "dave": [
            ("D[:, 1:] += lam / m * theta[:, 1:]", "D[:, 1:] += lam * theta[:, 1:]"),  # deck 001's λΘ
            ("q_reg_gradient_scale = 'iii'", 'q_reg_gradient_scale = "i"'),
        ],
        "erin": [
            (
                "deltas = [activations[-1] - np.asarray(Y, dtype=float)]",
                "deltas = [np.asarray(Y, dtype=float) - activations[-1]]",
            )
        ],  # deck 000's sign
    },
    "perceptron": {
        "alice": [],
        "carol": [("out = (np.asarray(z, dtype=float) > 0)", "out = (np.asarray(z, dtype=float) >= 0)")],
        "dave": [("err = yi - step(xi @ w + b)", "err = step(xi @ w + b) - yi")],
        "erin": [("AND_PARAMS = (np.array([1.0, 1.0]), -1.5,)", "AND_PARAMS = (np.array([0.5, 0.5]), 0.7)")],
    },
}


def apply_edits(notebook: nbformat.NotebookNode, edits: list[tuple[str, str]]) -> nbformat.NotebookNode:
    for old, new in edits:
        hits = [cell for cell in notebook.cells if old in cell.source]
        if len(hits) != 1:
            raise SystemExit(f"edit target found {len(hits)} times: {old!r}")
        hits[0].source = hits[0].source.replace(old, new)
    return notebook


def main() -> None:
    for assignment, students in SAMPLES.items():
        template = nbformat.read(ROOT / "student_template" / assignment / f"{assignment}.ipynb", as_version=4)
        folder = ROOT / "assignments" / assignment / "samples"
        for student, edits in students.items():
            write(apply_edits(fill_template(template, assignment), edits), folder / f"{student}.ipynb")
        write(one_cell_submission(assignment), folder / "bob_one_cell.ipynb")
        write(template, folder / "frank_blank.ipynb")
        print(f"wrote {folder}")


if __name__ == "__main__":
    main()
