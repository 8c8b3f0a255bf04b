"""Late work: a due date, a penalty per day or part of a day, and a cutoff after which the score is 0.

The submission time comes only from what the LMS recorded (Gradescope's created_at, Moodle's
worksheet, a times CSV); file modification times are never used. The penalty is a test entry of
its own (`late_penalty: ...`, negative score, max 0), so Gradescope and the LMS show it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..grading.outcome import Entry, Outcome

LATE_QID = "late_penalty"


@dataclass(frozen=True)
class LatePolicy:
    """due: the deadline; percent_per_day: of the earned score, per started day late;
    cutoff: after it the score is 0 (None: never)."""

    due: datetime | None = None
    percent_per_day: float = 0.0
    cutoff: datetime | None = None

    def describe(self) -> str:
        parts = [f"due {self.due.isoformat()}"] if self.due else []
        if self.percent_per_day:
            parts.append(f"{self.percent_per_day:g}% of the score per day or part of a day late")
        if self.cutoff:
            parts.append(f"0 after {self.cutoff.isoformat()}")
        return "; ".join(parts)


def late_by_text(late_by: timedelta) -> str:
    days, rest = divmod(int(late_by.total_seconds()), 86400)
    hours, rest = divmod(rest, 3600)
    text = f"{hours} h {rest // 60:02d} min"
    return f"{days} day{'s' if days != 1 else ''} {text}" if days else text


def apply_late_policy(
    outcome: Outcome, policy: LatePolicy, submitted_at: datetime | None, marked_late: bool
) -> None:
    """Record the submission time and lateness in the outcome, and add the penalty entry."""
    late: dict = {
        "submitted_at": submitted_at.isoformat() if submitted_at else None,
        "late_by_seconds": 0,
        "late_by": "",
        "penalty": 0.0,
        "marked_late": marked_late,
    }
    outcome.extra["submitted_at"] = late["submitted_at"]
    outcome.extra["late"] = late
    if policy.due is None:
        return
    if submitted_at is None:
        if marked_late:
            outcome.notes.append(
                "The LMS marked this submission late but gave no time, so no late penalty "
                "was applied; pass the submission times with --times to apply it."
            )
        return
    late_by = submitted_at - policy.due
    if late_by <= timedelta(0) or outcome.problem:
        return
    late["late_by_seconds"], late["late_by"] = int(late_by.total_seconds()), late_by_text(late_by)
    earned = max(outcome.score, 0.0)
    if policy.cutoff is not None and submitted_at > policy.cutoff:
        penalty, why = earned, f"submitted after the cutoff {policy.cutoff.isoformat()}, so the score is 0"
        outcome.status = "past-cutoff"
    else:
        days = math.ceil(late_by / timedelta(days=1))
        fraction = min(1.0, days * policy.percent_per_day / 100)
        penalty = round(earned * fraction, 4)
        why = f"{days} day{'s' if days != 1 else ''} late at {policy.percent_per_day:g}% per day"
    late["penalty"] = penalty
    outcome.entries.append(
        Entry(
            qid=LATE_QID,
            name=f"{LATE_QID}: submitted {late['late_by']} after the due date",
            score=-penalty,
            max_score=0.0,
            output=f"Submitted {submitted_at.isoformat()}, {late['late_by']} after the due date "
            f"{policy.due.isoformat()}: {why}; {penalty:g} point(s) deducted.",
            kind="late penalty",
            tags=["late"],
        )
    )
