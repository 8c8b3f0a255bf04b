"""Claim a misconception for an item only when all of the item's evidence supports it.

Role: after every case is scored (grading.engine.score_and_diagnose), recompute each failing
entry's diagnoses from the whole item rather than from the one case that failed. A catalogued
variant is claimed only if it agrees with the student on *every* case of the item where the
variant runs without error:
- on a failing case, the student's output must match the variant's (under the case's check);
- on a passing case, the student's output is the reference's within tolerance, so a variant whose
  output differs there is contradicted by the student and is ruled out.
(The issue said "matches on every failing case and on none of the passing ones"; read literally
that would reject a variant which coincides with the reference on an easy case, e.g. every
cost variant at λ = 0, which is exactly where it *should* agree. What rules a variant out is a
case where it disagrees with what the student did, failing or passing.)
A variant must also match at least one failing case, so it explains the loss of points. When
several variants survive, all are reported as alternatives. A helper's mistake is blamed only
when that helper failed a case itself: outputs alone cannot always tell (σ'(σ(z)) is the double
sigmoid), and a helper that passed every case cannot have passed its mistake on.

Two mistakes are named from evidence that no variant's output can show (see `_named_by_rule`):
a numerical gradient that leaves θ perturbed (caught as a precondition: argument 1
changed), and an initialiser that draws from a fixed seed (the seeded-repeatable check sees six
identical draws).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from .diagnose import Diagnosis, _as_received, _variant_outputs, variants_for

if TYPE_CHECKING:
    from ..grading.outcome import Entry

_RNG_FUNCTIONS = {"rand_initialize_weights", "xavier_initialize_weights"}


def _comparable(entry: Entry) -> bool:
    """Whether a variant can be compared with this entry: the student answered, one call, and the
    check compares against an expected value (predicates and multi-call checks cannot)."""
    planned = entry.planned
    if planned is None or not entry.values:
        return False
    check = planned.case.check
    return check.needs_expected and not check.many


def _agrees(implementation, entry: Entry) -> bool | None:
    """True/False whether the variant agrees with the student on this case; None when the variant
    cannot run on its inputs (the case says nothing about it)."""
    planned = entry.planned
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            outputs = [_as_received(v) for v in _variant_outputs(implementation, planned.calls)]
    except Exception:
        return None
    check = planned.case.check
    try:
        return all(check(s, v, c) is None for s, v, c in zip(entry.values, outputs, planned.calls))
    except Exception:  # the check could not compare them: no agreement
        return False


def supported_variants(assignment: str, entries: list[Entry]) -> dict[int, list[Diagnosis]]:
    """{id(entry): variants} for one item's failing entries: the variants of its function that
    agree with the student on every case where they are defined, each listed on the failing
    entries it matched (not on a failing case where it cannot run)."""
    comparable = [e for e in entries if _comparable(e)]
    found: dict[int, list[Diagnosis]] = {id(e): [] for e in comparable if not e.passed}
    if not found:
        return found
    for misconception, implementation, via in variants_for(assignment).get(comparable[0].function, []):
        verdicts = [(e, _agrees(implementation, e)) for e in comparable]
        if any(v is False for _, v in verdicts):
            continue
        for entry, agreed in verdicts:
            if agreed and not entry.passed:
                found[id(entry)].append(Diagnosis(misconception, via))
    return found


def _named_by_rule(entry: Entry) -> list[Diagnosis]:
    """Misconceptions recognised from a failing case's evidence rather than from a variant."""
    # θ (argument 1) not put back, and nothing else changed (grading.score.answer_problem).
    if entry.function == "numerical_gradient" and entry.problem and entry.problem.changed_arguments == (1,):
        return [Diagnosis("perturbation-not-restored")]
    planned = entry.planned
    if (
        entry.function in _RNG_FUNCTIONS
        and planned is not None
        and planned.case.check.many
        and len(entry.values) > 1
        and all(isinstance(v, np.ndarray) for v in entry.values)
    ):
        first = entry.values[0]
        # Random draws that never change, not across calls nor across generators: a fixed seed.
        # (Constant weights never change either; the case that sees them names that mistake.)
        if (
            first.size > 1
            and np.ptp(first) > 0
            and all(v.shape == first.shape and np.array_equal(v, first) for v in entry.values[1:])
        ):
            return [Diagnosis("ignores-rng")]
    return []


def settle(assignment: str, entries: list[Entry]) -> None:
    """Recompute every failing entry's diagnoses and tags from its item's whole evidence.

    The check's own misconceptions (Problem.misconceptions) stay with the case that raised them;
    variant diagnoses are claimed per item (see the module docstring). The entry's text is written
    later, from these diagnoses (grading.wording).
    """
    items: dict[str, list] = {}
    for entry in entries:
        items.setdefault(entry.qid, []).append(entry)
    failing = {qid for qid, group in items.items() if not all(e.passed for e in group)}
    for qid in failing:
        group = items[qid]
        supported = {
            key: [d for d in found if d.via is None or d.via in failing]
            for key, found in supported_variants(assignment, group).items()
        }
        if any(d.via for found in supported.values() for d in found):
            # A failing helper whose mistake, run through the correct algorithm, explains all of
            # this item's evidence: a second, independent mistake here is not needed to explain it
            # (a step firing at 0 and a predict ignoring b agree on the boundary case).
            supported = {key: [d for d in found if d.via] for key, found in supported.items()}
        for entry in group:
            if entry.passed:
                continue
            found = [Diagnosis(m) for m in entry.problem.misconceptions]
            found += _named_by_rule(entry)
            found += supported.get(id(entry), [])
            found = list(dict.fromkeys(found))
            entry.diagnoses, entry.tags = found, [d.tag for d in found]
