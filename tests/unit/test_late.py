"""Late work: due date, a penalty per day or part of a day, a cutoff, and what results record."""

from __future__ import annotations

from datetime import timedelta

import pytest

from autograder.batch.late import LATE_QID, LatePolicy, apply_late_policy
from autograder.grading.outcome import Entry, Outcome
from autograder.intake.times import parse_moment

DUE = parse_moment("2026-12-01T23:59:00+01:00")


def outcome(score: float = 40.0) -> Outcome:
    return Outcome("jane", "backprop", [Entry("nn_cost", "nn_cost: a case", score, 53.0, "", "function")])


def test_times_need_a_zone():
    assert parse_moment("2026-12-01T22:59:00Z") == DUE
    with pytest.raises(ValueError, match="no time zone"):
        parse_moment("2026-12-01T23:59:00")


@pytest.mark.parametrize(
    "late_by, days",
    [
        (timedelta(seconds=1), 1),
        (timedelta(hours=23, minutes=59), 1),
        (timedelta(days=1), 1),
        (timedelta(days=1, seconds=1), 2),
        (timedelta(days=3, hours=2), 4),
    ],
)
def test_every_started_day_counts(late_by, days):
    result = outcome(40.0)
    apply_late_policy(result, LatePolicy(DUE, 10.0), DUE + late_by, False)
    penalty = result.extra["late"]["penalty"]
    assert penalty == pytest.approx(40.0 * 0.10 * days)
    assert result.score == pytest.approx(40.0 - penalty)
    entry = result.entries[-1]
    assert entry.qid == LATE_QID and entry.name.startswith(f"{LATE_QID}: ") and entry.max_score == 0
    assert entry.score == -penalty and "late" in entry.tags
    assert result.extra["late"]["late_by_seconds"] == int(late_by.total_seconds())


def test_on_time_and_no_due_date_apply_nothing():
    for policy, when in ((LatePolicy(DUE, 10.0), DUE), (LatePolicy(), DUE + timedelta(days=5))):
        result = outcome()
        apply_late_policy(result, policy, when, False)
        assert result.score == 40.0 and len(result.entries) == 1
        assert result.extra["submitted_at"] == when.isoformat()


def test_penalty_never_goes_below_zero():
    result = outcome(40.0)
    apply_late_policy(result, LatePolicy(DUE, 30.0), DUE + timedelta(days=6), False)
    assert result.score == 0.0


def test_after_the_cutoff_the_score_is_zero_and_says_why():
    result = outcome(40.0)
    cutoff = DUE + timedelta(days=2)
    apply_late_policy(result, LatePolicy(DUE, 10.0, cutoff), cutoff + timedelta(minutes=1), False)
    assert result.score == 0.0 and result.status == "past-cutoff"
    assert "cutoff" in result.entries[-1].output


def test_a_late_mark_without_a_time_is_reported_not_guessed():
    result = outcome(40.0)
    apply_late_policy(result, LatePolicy(DUE, 10.0), None, True)
    assert result.score == 40.0 and result.extra["late"]["marked_late"] is True
    assert any("--times" in note for note in result.notes)
