"""results.json in Gradescope's autograder results schema.

`nngrade grade` and `nngrade gradescope` write the same document; only the visibility of the
feedback is a choice (the release's, passed on by run_autograder). Field names and values are
Gradescope's (gradescope-autograders.readthedocs.io, "Autograder Specifications"): `output_format`
and `test_output_format` "md", per-test `output_format`, and `visibility` one of "hidden",
"after_due_date", "after_published" or "visible".
"""

from __future__ import annotations

import json

from ..grading.outcome import Entry, Outcome
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
