"""Command-line entry for `nngrade selftest`: detection rate, diagnosis rate, precision, false failures."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from .. import assignments
from ..batch.batch import grade_batch
from ..intake.model import file_submission
from .trials import Trial, all_trials

EQUIVALENTS = Path(__file__).with_name("equivalents.yaml")


def equivalents() -> dict[str, set[str]]:
    """{misconception: ids also accepted when it is injected} from equivalents.yaml (with reasons)."""
    table = yaml.safe_load(EQUIVALENTS.read_text(encoding="utf-8")) or {}
    return {m: set(others) for m, others in table.items()}


@dataclass
class SelftestTally:
    variants: int = 0
    detected: int = 0
    diagnosed: int = 0
    correct: int = 0
    false_failures: int = 0
    precision_trials: int = 0  # single variants and pairs, graded for exactly their own tags
    precise: int = 0
    carry_trials: int = 0  # helper variants and pairs, judged for carried-forward credit
    carried_right: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return (
            self.detected == self.diagnosed == self.variants
            and self.false_failures == 0
            and self.precise == self.precision_trials
            and self.carried_right == self.carry_trials
        )


def judge_precision(trial: Trial, outcome, tally: SelftestTally, accepted: dict[str, set[str]]) -> None:
    """Precise: every injected misconception tagged on its function, and no other id anywhere."""
    tally.precision_trials += 1
    tags = {
        t.removeprefix("misconception:")
        for e in outcome.entries
        for t in e.tags
        if t.startswith("misconception:")
    }
    allowed = {m for _, m in trial.injected}
    allowed |= {other for m in allowed for other in accepted.get(m, ())}
    # A pair's mistake in a function that calls the other, injected, helper may be invisible
    # except where the helper's mistake explains it as well; the report then blames the helper
    # (fix it first), which is all the evidence supports, so that is not counted as a miss.
    helpers = {f for f, _ in trial.injected}
    missing = [
        m
        for f, m in trial.injected
        if not any(
            e.qid == f and (f"misconception:{m}" in e.tags or any(d.via in helpers for d in e.diagnoses))
            for e in outcome.entries
        )
    ]
    extra = sorted(tags - allowed)
    if missing or extra:
        tally.problems.append(f"{trial.label}: imprecise (missing {missing}, also tagged {extra})")
    else:
        tally.precise += 1


def judge_carry(trial: Trial, outcome, tally: SelftestTally, helpers: set[str]) -> None:
    """Carried-forward credit never goes to a function with a mistake of its own, and every
    function written correctly (all but the injected ones) scores full marks, carried or not,
    except on a case where it returns NaN (from log h of a helper's h outside (0, 1)): NaN is no
    evidence of a right result, so it earns nothing."""
    injected = {f for f, _ in trial.injected}
    if not injected & helpers and not trial.pair:
        return
    tally.carry_trials += 1
    wrong = [
        f"{e.name} was credited"
        for e in outcome.entries
        if e.qid in injected and any(t.startswith("carried-forward:") for t in e.tags)
    ]
    wrong += [
        f"{f} lost no points"
        for f in sorted(injected)
        if all(e.passed for e in outcome.entries if e.qid == f)
    ]
    wrong += [
        f"{e.name} lost points"
        for e in outcome.entries
        if e.qid not in injected and not e.passed and "NaN or infinity" not in (e.problem or "")
    ]
    if wrong:
        tally.problems.append(f"{trial.label}: carry-forward wrong ({'; '.join(wrong[:3])})")
    else:
        tally.carried_right += 1


def judge(
    trial: Trial, outcome, tally: SelftestTally, accepted: dict[str, set[str]], helpers: set[str]
) -> None:
    if trial.correct:
        tally.correct += 1
        short = [e.name for e in outcome.entries if not e.passed]
        if short:
            tally.false_failures += 1
            tally.problems.append(f"{trial.label}: a correct submission lost points on {short[:3]}")
        return
    if trial.style:
        judge_carry(trial, outcome, tally, helpers)
        return
    judge_precision(trial, outcome, tally, accepted)
    judge_carry(trial, outcome, tally, helpers)
    if trial.pair:
        return
    tally.variants += 1
    entries = [e for e in outcome.entries if e.qid == trial.function]
    if any(not e.passed for e in entries):
        tally.detected += 1
    else:
        tally.problems.append(f"{trial.label}: not detected (full marks on {trial.function})")
    if any(f"misconception:{trial.misconception}" in e.tags for e in entries):
        tally.diagnosed += 1
    else:
        tags = sorted({t for e in entries for t in e.tags})
        tally.problems.append(f"{trial.label}: not diagnosed (tags {tags})")


def selftest(name: str, jobs: int) -> SelftestTally:
    assignment = assignments.load(name)
    helpers = {h for needed in assignment.depends_on.values() for h in needed}
    trials = all_trials(name, helpers)
    tally = SelftestTally()
    with tempfile.TemporaryDirectory(prefix="nngrade-selftest-") as tmp:
        folder = Path(tmp)
        submissions = []
        for trial in trials:
            path = folder / "in" / f"{trial.label}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(trial.notebook, path)
            submissions.append(file_submission(path, trial.label))
        outcomes = grade_batch(
            assignment, submissions, folder / "out", jobs, timeout=120, keep_outcomes=True
        ).outcomes
    accepted = equivalents()
    for trial, outcome in zip(trials, outcomes):
        judge(trial, outcome, tally, accepted, helpers)
    return tally


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("selftest", help="grade catalogued wrong variants and correct submissions")
    parser.add_argument(
        "-a",
        "--assignment",
        choices=assignments.NAMES,
        action="append",
        help="assignment to test (default: all)",
    )
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.set_defaults(run=run)


def run(args) -> int:
    perfect = True
    for name in args.assignment or assignments.NAMES:
        t = selftest(name, args.jobs)

        def rate(n: int, t=t) -> str:
            return f"{n}/{t.variants} ({100 * n / max(t.variants, 1):.0f}%)"

        print(
            f"{name}: detection {rate(t.detected)}, diagnosis {rate(t.diagnosed)}, "
            f"precision {t.precise}/{t.precision_trials}, carry-forward {t.carried_right}/{t.carry_trials}, "
            f"false failures {t.false_failures} of {t.correct} correct submissions"
        )
        for problem in t.problems:
            print(f"  - {problem}")
        perfect &= t.perfect
    return 0 if perfect else 1
