"""Error carried forward: credit a failing case that is right given the student's own helpers.

A case of a function the suite declares as built on helpers (`DEPENDS_ON`) earns its points when
a helper it depends on lost points of its own and the student's result equals the lecture
formula (suites.carried) applied to the student's own helper results on the same hidden inputs.

The helper results come from the student's notebook, never from a value the child computed for
itself: the parent runs the formula with a stand-in for each helper that returns the student's
answer to exactly that call. An answer not known yet is requested, and meanwhile a guess stands
in for it (StudentAnswers._stand_in), so that one pass finds every call it can; the requested calls are then
asked in a fresh run of the notebook (the same runner, the same isolation, arguments decoded
before any cell runs), and the formula is run again, up to MAX_ROUNDS runs. A function's own
mistake still costs its points: only a result equal to the formula's is credited, and only when
every failing case of the function is.
"""

from __future__ import annotations

import itertools
import json
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..runner.channel import ChildReport
from ..suites.carried import FORMULAS, Either
from ..suites.cases import Call
from .outcome import CARRIED_TAG, Entry
from .score import answer_problem

MAX_ROUNDS = 4  # fresh runs of the notebook; a step function wrong everywhere needs a few
MAX_CALLS = 5_000  # helper calls asked in one run (a perceptron trained for 100 epochs asks ~1,000)


class NotCarried(Exception):
    """The formula cannot be applied: a helper raised, is missing, or returned unusable data."""


@dataclass
class StudentAnswers:
    """The student's helper results by call; what is not known yet is recorded as wanted."""

    reference: Any
    known: dict[str, Any] = field(default_factory=dict)  # call key -> value, or NotCarried
    wanted: dict[str, Call] = field(default_factory=dict)  # every call not known yet, this round
    guessed: bool = False  # the last formula run stood in for one
    using: frozenset = frozenset()  # the helpers taken from the student now
    scalars: dict[str, list] = field(default_factory=dict)  # helper -> [(number, student's value)]

    def __call__(self, name: str, *args: Any) -> Any:
        call = Call(name, tuple(args))
        if name not in self.using:
            return call.apply(getattr(self.reference, name))
        key = _key(call)
        if key in self.known:
            value = self.known[key]
            if isinstance(value, NotCarried):
                raise value
            return value
        self.guessed = True
        if len(self.wanted) < MAX_CALLS:
            self.wanted.setdefault(key, call)
        return self._stand_in(call)

    def learn(self, call: Call, value) -> None:
        self.known[_key(call)] = value
        z = _scalar(call)
        if z is not None and not isinstance(value, NotCarried):
            self.scalars.setdefault(call.name, []).append((z, value))

    def _stand_in(self, call: Call):
        """A guess until the student's answer is known: for a number, the student's own answer
        at the nearest known number of the same sign (a step that returns −1 below 0 is then
        guessed right after one run, so training needs few runs, not one per update); otherwise
        the reference's. A guess only decides what is asked next, never a mark."""
        z = _scalar(call)
        seen = [
            (abs(z - x), v)
            for x, v in self.scalars.get(call.name, ())
            if z is not None and np.sign(x) == np.sign(z)
        ]
        if seen:
            return min(seen, key=lambda pair: pair[0])[1]
        return call.apply(getattr(self.reference, call.name))


def _key(call: Call) -> str:
    return json.dumps(call.wire(""), sort_keys=True)


def _scalar(call: Call) -> float | None:
    """The call's argument when it is a single real number."""
    if len(call.args) == 1 and not call.kwargs and isinstance(call.args[0], (int, float, np.floating)):
        return float(call.args[0])
    return None


def _helper_value(call: Call, answer: dict | None, report: ChildReport):
    """The student's value for a helper call, or NotCarried saying why it cannot be used: read
    as a case's answer is (grading.score.answer_problem), so what costs a case its points also
    keeps its value out of the formula."""
    problem = answer_problem(call, answer, report)
    return NotCarried(problem) if problem is not None else answer.get("value")


@dataclass
class Candidate:
    """A failing entry, and one set of its failing helpers to take from the student: a function
    may call only some of its helpers (a backprop_deltas with its own forward pass calls
    sigmoid_gradient but not feedforward), so every non-empty set is tried."""

    entry: Entry  # failing on values alone
    helpers: tuple[str, ...]


def candidates(entries: list[Entry], depends_on: dict[str, tuple[str, ...]]) -> list[Candidate]:
    """Failing entries that compared values, of functions built on a helper that failed too."""
    failing = {e.qid for e in entries if not e.passed}
    found = []
    for entry in entries:
        planned = entry.planned
        helpers = [h for h in depends_on.get(entry.qid, ()) if h in failing]
        if entry.passed or not helpers or planned is None or not entry.values or entry.qid not in FORMULAS:
            continue
        check = planned.case.check
        if check.needs_expected and not check.many and len(planned.calls) == 1:
            found += [
                Candidate(entry, chosen)
                for size in range(1, len(helpers) + 1)
                for chosen in itertools.combinations(helpers, size)
            ]
    return found


def _formula_value(candidate: Candidate, answers: StudentAnswers):
    call = candidate.entry.planned.calls[0]
    args, kwargs = call.local_args()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return FORMULAS[call.name](answers, *args, **kwargs)


MATCH, VACUOUS, DIFFERS = "match", "vacuous", "differs"


def _verdict(candidate: Candidate, expected) -> str:
    """MATCH: the student's result is the formula's. VACUOUS: it is, but the formula breaks down
    on the helper's results (NaN, e.g. log h of an h outside (0, 1)), so it is no evidence either
    way: no credit, and no sign of a mistake of the function's own. DIFFERS: its own mistake."""
    if isinstance(expected, Either):
        verdicts = {_verdict(candidate, one) for one in expected}
        return MATCH if MATCH in verdicts else VACUOUS if VACUOUS in verdicts else DIFFERS
    entry = candidate.entry
    try:
        same = entry.planned.case.check(entry.values[0], expected, entry.planned.calls[0]) is None
    except Exception:
        return DIFFERS
    if not same:
        return DIFFERS
    finite = all(np.isfinite(np.asarray(leaf, dtype=float)).all() for leaf in _leaves(expected))
    return MATCH if finite else VACUOUS


def _leaves(value):
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


@dataclass
class CarryResult:
    credited: dict[int, list[str]] = field(default_factory=dict)  # id(entry) -> helpers
    unsettled: int = 0  # candidates still waiting for helper answers after MAX_ROUNDS
    runs: int = 0
    unfinished: bool = False  # a further run crashed, timed out or broke the answer channel
    vacuous: set[int] = field(default_factory=set)  # id(entry): agrees with a formula that gave NaN


def carry_forward(
    reference, depends_on: dict[str, tuple[str, ...]], entries: list[Entry], run_calls
) -> CarryResult:
    """Decide which failing entries earn carried-forward credit.

    `run_calls(calls)` runs the notebook afresh and answers `calls` (wire dicts), returning the
    runner's report (its `answers` by call id)."""
    pending = candidates(entries, depends_on)
    answers = StudentAnswers(reference)
    result = CarryResult()
    while pending:
        answers.wanted.clear()
        undecided = []
        for candidate in pending:
            if id(candidate.entry) in result.credited:
                continue
            answers.guessed, answers.using = False, frozenset(candidate.helpers)
            try:
                expected = _formula_value(candidate, answers)
            except Exception:  # a helper failed, or returned what the formula cannot use: no credit
                continue
            if answers.guessed:
                undecided.append(candidate)
                continue
            verdict = _verdict(candidate, expected)
            if verdict == MATCH:
                result.credited[id(candidate.entry)] = list(candidate.helpers)
            elif verdict == VACUOUS:
                result.vacuous.add(id(candidate.entry))
        undecided = [c for c in undecided if id(c.entry) not in result.credited]
        if not undecided or result.runs >= MAX_ROUNDS:
            result.unsettled = len({id(c.entry) for c in undecided})
            break
        asked = list(answers.wanted.items())
        report = run_calls([call.wire(f"cf{result.runs}.{i}") for i, (_, call) in enumerate(asked)])
        result.runs += 1
        result.unfinished |= not report.finished or report.timed_out or bool(report.protocol_error)
        for i, (_, call) in enumerate(asked):
            answers.learn(call, _helper_value(call, report.answers.get(f"cf{result.runs - 1}.{i}"), report))
        pending = undecided
    _own_mistakes_keep_their_points(entries, result)
    return result


def _own_mistakes_keep_their_points(entries: list[Entry], result: CarryResult) -> None:
    """A function with a failing case that its helpers do not explain has a mistake of its own:
    none of its cases is credited, even one that happens to equal the formula (a predict that
    ignores b and a step firing at 0 agree on a boundary point)."""
    own = {
        e.qid
        for e in entries
        if not e.passed and id(e) not in result.credited and id(e) not in result.vacuous
    }
    for entry in entries:
        if entry.qid in own:
            result.credited.pop(id(entry), None)


def credit(entries: list[Entry], result: CarryResult) -> None:
    """Give each credited entry its points and a `carried-forward:<helper>` tag per helper (its
    `carried_from`, which grading.wording names in the entry's sentence)."""
    for entry in entries:
        helpers = result.credited.get(id(entry))
        if not helpers:
            continue
        entry.score, entry.problem, entry.diagnoses = entry.max_score, None, []
        entry.tags = [f"{CARRIED_TAG}{h}" for h in helpers]


def carry_forward_credit(assignment, entries: list[Entry], run_calls) -> list[str]:
    """Credit what is right given the student's own helpers; return the notes the student needs
    when it could not all be decided."""
    found = carry_forward(assignment.reference, assignment.depends_on, entries, run_calls)
    notes = []
    if found.unfinished:
        notes.append(
            "The notebook did not finish when it was run again to check your functions against your "
            "own helpers' results, so some cases could not earn carried-forward credit."
        )
    if found.unsettled:
        notes.append(
            f"Whether {found.unsettled} case(s) are right given your own helper functions could not be "
            f"decided in {found.runs} further runs of the notebook; they keep the marks above."
        )
    credit(entries, found)
    return notes
