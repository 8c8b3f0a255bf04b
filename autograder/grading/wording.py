"""The student-facing text of a scored entry, written once the entry's facts are all decided.

Scoring (grading.score) records what the check found, diagnosis (diagnosis.evidence) which
misconceptions the item's evidence supports, carry-forward (grading.carry) which helpers a case's
credit comes from; `write_outputs` then turns those facts into each entry's sentence, once, at the
end of grading. The Markdown feedback (report.markdown) is built from the same facts.
"""

from __future__ import annotations

from ..diagnosis.catalogue import describe
from ..diagnosis.diagnose import Diagnosis
from .outcome import Entry

PASSED = "Passed."


def misconception_sentences(function: str, diagnoses: list[Diagnosis]) -> str:
    """The sentences naming the likely misconceptions behind a failure of `function`: its own
    mistakes (one, or alternatives the outputs cannot tell apart), and each helper's mistake it
    inherited."""
    sentences = []
    own = [d for d in diagnoses if not d.via]
    if len(own) > 1:  # outputs alone cannot tell these apart: offer them as alternatives
        named = "; ".join(f"{describe(d.misconception)['title']} ({d.misconception})" for d in own)
        sentences.append(f"Likely misconception, one of: {named}.")
    for d in diagnoses:
        if not d.via and len(own) > 1:
            continue
        title = describe(d.misconception)["title"]
        if d.via:
            sentences.append(
                f"This is what a correct `{function}` gives with your `{d.via}`'s mistake "
                f"({title}): fix `{d.via}` first."
            )
        else:
            sentences.append(f"Likely misconception: {title} ({d.misconception}).")
    return " ".join(sentences)


def case_text(problem: str | None, function: str, diagnoses: list[Diagnosis], message: str) -> str:
    """A case's text: what the check found, then either the misconception the item's evidence
    points to (its hint is in the report) or, when none is claimed, what this case tests. A case's
    own hint beside a diagnosed mistake misleads: a regularized bias is not "honour lam by name"."""
    if problem is None:
        return PASSED
    parts = (
        f"{problem[0].upper()}{problem[1:]}.",
        misconception_sentences(function, diagnoses),
        "" if diagnoses else message,
    )
    return " ".join(part for part in parts if part)


def carried_text(helpers: list[str], depends_on: dict[str, tuple[str, ...]], entries: list[Entry]) -> str:
    """A carried-forward case's text, naming the helpers its credit comes from (`entries` are the
    assignment's, after carry-forward)."""
    own_errors = {e.qid for e in entries if not e.passed}  # lost points not carried forward
    lost = own_errors | {e.qid for e in entries if e.carried_from}  # every function that lost points
    given = " and ".join(_given(h, depends_on, own_errors, lost) for h in helpers)
    return f"Correct given {given}: its points are carried forward."


def _given(helper: str, depends_on: dict[str, tuple[str, ...]], own_errors: set[str], lost: set[str]) -> str:
    """'your `h`, whose own error is marked there', following a helper whose every lost point was
    itself carried forward back to the helpers whose own errors it inherited."""
    if helper in own_errors:
        return f"your `{helper}`, whose own error is marked there"
    inner = [h for h in depends_on.get(helper, ()) if h in lost]
    if not inner:
        return f"your `{helper}`"
    return (
        f"your `{helper}` (itself correct given "
        + " and ".join(_given(h, depends_on, own_errors, lost) for h in inner)
        + ")"
    )


def write_outputs(entries: list[Entry], depends_on: dict[str, tuple[str, ...]]) -> None:
    """Write every scored entry's `output` from its final facts: carried forward, passed, or what
    the check found with its diagnoses."""
    for entry in entries:
        if entry.carried_from:
            entry.output = carried_text(entry.carried_from, depends_on, entries)
        else:
            entry.output = case_text(entry.problem, entry.function, entry.diagnoses, entry.message)
