"""`nngrade export --canvas`: grades into Canvas's gradebook CSV, read back by Canvas's import rules.

Each test builds OUT from results.json files (tests/export_fixtures.py) and a gradebook as Canvas
exports it (tests/canvas_course.py), runs the real command line, and imports the file it wrote
the way Canvas documents: only the assignment's column changes, a missing column is added with
its points possible, a BOM, semicolons and a named column are kept, N/A and EX cells are left
alone, and a student is matched by SIS user id but never guessed between two.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from canvas_course import (
    ASSIGNMENTS,
    COURSE_ASSIGNMENTS,
    JOSE,
    KIM_A,
    KIM_B,
    LI,
    canvas_file,
)
from export_fixtures import canvas_gradebook, canvas_import, write_result

from autograder.cli import main


def canvas_out(tmp_path: Path) -> Path:
    out = tmp_path / "OUT"
    write_result(
        out, "jose", name="José Müller", id="2001", layout="canvas", score=41.5, tags=("reg-lambda-over-m",)
    )
    write_result(out, "li", name="李雷", id="2002", layout="canvas", score=53)
    write_result(out, "kim-a", name="Alex Kim", id="2003", layout="canvas", score=12.345)
    write_result(out, "kim-b", name="Alex Kim", id="2004", layout="canvas", score=30)
    write_result(
        out, "absent", name="Sam Absent", id="s-06", layout="roster", status="missing", sis_id="s-06"
    )
    write_result(out, "late", name="Late Larry", id="2999", layout="canvas", score=20)  # no row in Canvas
    return out


def current_scores(scores: dict) -> dict:
    return {(sid, title.split(" (")[-1].rstrip(")")): value for (sid, title), value in scores.items()}


def test_canvas_fills_only_the_assignment_column_and_round_trips(tmp_path, capsys):
    out = canvas_out(tmp_path)
    gradebook, students, scores = canvas_file(tmp_path, manual_posting=("backprop (102)",))
    assert main(["export", str(out), "--canvas", str(gradebook)]) == 0
    written = (out / "canvas-import.csv").read_text(encoding="utf-8")

    imported = canvas_import(written, students, COURSE_ASSIGNMENTS, current_scores(scores))
    assert imported.grades == {"102": {"2001": "41.5", "2002": "53", "2003": "12.35", "2004": "30"}}
    assert imported.new_assignments == {} and imported.unknown_students == []

    # Byte for byte: the file Canvas would have exported with these backprop cells.
    expected_scores = dict(scores)
    for student, value in ((JOSE, "41.5"), (LI, "53"), (KIM_A, "12.35"), (KIM_B, "30")):
        expected_scores[(student.canvas_id, "backprop (102)")] = value
    assert written == canvas_gradebook(
        students, ASSIGNMENTS, expected_scores, manual_posting=("backprop (102)",)
    )
    assert '"=""=HYPERLINK(""http://x"",""y"")"""' in written  # Canvas's own cell, copied unchanged

    captured = capsys.readouterr()
    assert "Nobody, Ann (ID 2005)" in captured.err and "Late Larry" in captured.err
    assert "Sam Absent" in captured.err and "Sam Absent" in captured.out  # missing: listed, not exported
    assert "Nobody, Ann (ID 2005)" in captured.out and "4 grade(s)" in captured.out


def test_canvas_adds_the_column_with_points_possible_when_absent(tmp_path):
    out = canvas_out(tmp_path)
    only_perceptron = [("perceptron (101)", "37.00")]
    gradebook, students, scores = canvas_file(
        tmp_path, assignments=only_perceptron, manual_posting=("perceptron (101)",)
    )
    assert (
        main(["export", str(out), "--canvas", str(gradebook), "--output", str(tmp_path / "import.csv")]) == 0
    )
    written = (tmp_path / "import.csv").read_text(encoding="utf-8")

    imported = canvas_import(written, students, {101: "perceptron"}, current_scores(scores))
    assert imported.new_assignments == {"backprop": "53"}
    assert imported.grades == {"new:backprop": {"2001": "41.5", "2002": "53", "2003": "12.35", "2004": "30"}}
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert rows[0][-1] == "backprop" and {len(r) for r in rows} == {len(rows[0])}
    assert rows[1][-1] == "" and rows[1][5] == "Manual Posting"  # the posting row stays a posting row
    assert [r[-1] for r in rows if r[1] in ("2005", "2006")] == ["", ""]


def test_canvas_keeps_bom_semicolons_and_takes_a_named_column(tmp_path, capsys):
    out = canvas_out(tmp_path)
    titled = [("perceptron (101)", "37,00"), ("Backprop homework (555)", "53,00")]
    gradebook, students, scores = canvas_file(tmp_path, assignments=titled, sep=";", bom=True)
    original = gradebook.read_bytes()
    assert main(["export", str(out), "--canvas", str(gradebook), "--column", "Backprop homework (555)"]) == 0
    written = (out / "canvas-import.csv").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") and original.count(b"\n") == written.count(b"\n")
    imported = canvas_import(
        written.decode(), students, {101: "perceptron", 555: "Backprop homework"}, current_scores(scores)
    )
    assert imported.grades == {"555": {"2001": "41.5", "2002": "53", "2003": "12.35", "2004": "30"}}
    expected = dict(scores)
    for student, value in ((JOSE, "41.5"), (LI, "53"), (KIM_A, "12.35"), (KIM_B, "30")):
        expected[(student.canvas_id, "Backprop homework (555)")] = value
    assert written.decode() == canvas_gradebook(students, titled, expected, sep=";", bom=True)
    assert "rescaled" not in capsys.readouterr().err  # "53,00" is read as 53 points: nothing to warn about

    assert main(["export", str(out), "--canvas", str(gradebook), "--column", "Nope"]) == 2
    assert "no column titled 'Nope'" in capsys.readouterr().err


def test_canvas_leaves_not_assigned_and_excused_cells(tmp_path, capsys):
    out = canvas_out(tmp_path)
    gradebook, students, scores = canvas_file(
        tmp_path, assignments=[("perceptron (101)", "37.00"), ("backprop (102)", "100.00")]
    )
    text = gradebook.read_text(encoding="utf-8").replace(
        "s-02,lilei,NN 2026,30.00,", "s-02,lilei,NN 2026,30.00,N/A"
    )
    text = text.replace("s-03,akim1,NN 2026,30.00,", "s-03,akim1,NN 2026,30.00,EX")
    gradebook.write_text(text, encoding="utf-8", newline="")
    assert main(["export", str(out), "--canvas", str(gradebook)]) == 0
    written = (out / "canvas-import.csv").read_text(encoding="utf-8")
    assert "s-02,lilei,NN 2026,30.00,N/A," in written and "s-03,akim1,NN 2026,30.00,EX," in written
    err = capsys.readouterr().err
    assert (
        "(ID 2002): not assigned to them in Canvas (N/A)" in err
        and "(ID 2003): excused in Canvas (EX)" in err
    )
    assert "100 points possible" in err and "not rescaled" in err


def test_canvas_matches_sis_user_id_and_never_guesses_between_two(tmp_path, capsys):
    out = tmp_path / "OUT"
    write_result(out, "by-sis", name="José Müller", id="jm@uni", layout="file", sis_id="s-01", score=10)
    write_result(out, "twin-1", name="Alex Kim", id="x", layout="file", sis_id="s-03", score=1)
    write_result(out, "twin-2", name="Alex Kim", id="y", layout="file", sis_id="s-03", score=2)
    write_result(
        out, "moodle", name="Li Lei", id="2002", layout="moodle", score=5
    )  # a Moodle id is not a Canvas ID
    gradebook, students, scores = canvas_file(tmp_path)
    assert main(["export", str(out), "--canvas", str(gradebook)]) == 0
    imported = canvas_import(
        (out / "canvas-import.csv").read_text(encoding="utf-8"),
        students,
        COURSE_ASSIGNMENTS,
        current_scores(scores),
    )
    assert imported.grades == {"102": {"2001": "10"}}
    err = capsys.readouterr().err
    assert "Kim, Alex (ID 2003): matches several students or rows; not guessed" in err
    assert "Li Lei (moodle id 2002)" in err
