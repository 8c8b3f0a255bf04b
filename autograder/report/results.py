"""results.json in Gradescope's autograder results schema."""
from __future__ import annotations

import json

from ..grading.engine import VISIBILITY, Outcome


def results_document(outcome: Outcome) -> dict:
    """The Gradescope results object for one submission."""
    lines = []
    if outcome.problem:
        lines.append(f"This notebook could not be graded: {outcome.problem}.")
    lines += outcome.notes
    lines.append("These are the hidden tests. The public checks in the notebook are only a small "
                 "subset of them: passing every public check does not mean full marks.")
    return {
        "score": outcome.score,
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        # Gradescope passes extra_data through; nngrade reads it back for resuming and the summary.
        "extra_data": {
            "assignment": outcome.assignment, "status": outcome.status, "problem": outcome.problem,
            "student": {"id": outcome.student, "name": "", "email": "", "layout": "file"},
            "notes": list(outcome.notes), "notebook_sha256": outcome.notebook_sha256,
            "seconds": outcome.seconds, "cell_errors": len(outcome.cell_errors),
            "carried_forward": outcome.carried,
            **outcome.extra,  # identity, source files, submission time, late work, fingerprint, seed
        },
        "tests": [
            {"name": e.name, "score": e.score, "max_score": e.max_score, "output": e.output,
             "visibility": VISIBILITY, "tags": list(e.tags)}
            for e in outcome.entries
        ],
    }


def results_json(outcome: Outcome) -> str:
    return json.dumps(results_document(outcome), indent=2, ensure_ascii=False) + "\n"
