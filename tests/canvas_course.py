"""The Canvas course that tests/e2e/test_export_*.py export into: its students, its assignments and
its gradebook as Canvas exports it (tests/export_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

from export_fixtures import CanvasStudent, canvas_gradebook

JOSE = CanvasStudent("Müller, José", 2001, "s-01", "jmuller")
LI = CanvasStudent("李雷", 2002, "s-02", "lilei")
KIM_A = CanvasStudent("Kim, Alex", 2003, "s-03", "akim1")
KIM_B = CanvasStudent("Kim, Alex", 2004, "s-04", "akim2")
STRANGER = CanvasStudent("Nobody, Ann", 2005, "s-05", "ann")  # in Canvas, not in OUT
ABSENT = CanvasStudent("Absent, Sam", 2006, "s-06", "sam")  # on the roster, submitted nothing
FORMULA = CanvasStudent('=HYPERLINK("http://x","y")', 2007, "s-07", "evil")  # not in OUT
ASSIGNMENTS = [("perceptron (101)", "37.00"), ("backprop (102)", "53.00")]
COURSE_ASSIGNMENTS = {101: "perceptron", 102: "backprop"}


def canvas_file(tmp_path: Path, **options) -> tuple[Path, list[CanvasStudent], dict]:
    """The course's gradebook as Canvas exports it, in tmp_path; `options` go to canvas_gradebook."""
    students = [JOSE, LI, KIM_A, KIM_B, STRANGER, ABSENT, FORMULA]
    scores = {(s.canvas_id, "perceptron (101)"): "30.00" for s in students}
    scores[(ABSENT.canvas_id, "backprop (102)")] = "7.00"
    path = tmp_path / "gradebook.csv"
    path.write_text(
        canvas_gradebook(students, options.pop("assignments", ASSIGNMENTS), scores, **options),
        encoding="utf-8",
        newline="",
    )
    return path, students, scores
