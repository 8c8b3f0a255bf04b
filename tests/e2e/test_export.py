"""`nngrade export`: grades back into Canvas's gradebook CSV and Moodle's grading worksheet and zip.

Each test builds OUT from results.json files, an LMS file as that LMS writes it, runs the real
command line, and reads the output back with the LMS's documented import rules
(tests/export_fixtures.py).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from export_fixtures import CanvasStudent, canvas_gradebook, canvas_import, write_result
from moodle_fixtures import (
    MOODLE_HEADER,
    fputcsv_line,
    moodle_import,
    moodle_row,
    moodle_worksheet,
    moodle_zip_owner,
)

from autograder.cli import main
from autograder.diagnosis.catalogue import describe
from autograder.export import split_records
from autograder.report.spreadsheet import cell as safe_cell

JOSE = CanvasStudent("Müller, José", 2001, "s-01", "jmuller")
LI = CanvasStudent("李雷", 2002, "s-02", "lilei")
KIM_A = CanvasStudent("Kim, Alex", 2003, "s-03", "akim1")
KIM_B = CanvasStudent("Kim, Alex", 2004, "s-04", "akim2")
STRANGER = CanvasStudent("Nobody, Ann", 2005, "s-05", "ann")  # in Canvas, not in OUT
ABSENT = CanvasStudent("Absent, Sam", 2006, "s-06", "sam")  # on the roster, submitted nothing
FORMULA = CanvasStudent('=HYPERLINK("http://x","y")', 2007, "s-07", "evil")  # not in OUT
ASSIGNMENTS = [("perceptron (101)", "37.00"), ("backprop (102)", "53.00")]
COURSE_ASSIGNMENTS = {101: "perceptron", 102: "backprop"}


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


def canvas_file(tmp_path: Path, **options) -> tuple[Path, list[CanvasStudent], dict]:
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


def test_moodle_worksheet_round_trips_grades_and_feedback(tmp_path, capsys):
    out = tmp_path / "OUT"
    write_result(
        out,
        "jose",
        name="José Müller",
        id="11",
        layout="moodle",
        score=41.5,
        tags=("reg-lambda-over-m",),
        late={"late_by_seconds": 3600, "penalty": 5.3},
    )
    write_result(out, "li", name="李雷", id="12", layout="moodle", score=53)
    write_result(out, "kim-a", name="Alex Kim", id="13", layout="moodle", score=1)
    write_result(out, "kim-b", name="Alex Kim", id="14", layout="moodle", score=2)
    write_result(
        out,
        "mail",
        name="Eve File",
        id="eve.ipynb",
        layout="file",
        email="Eve@Uni.example",
        score=7,
        problem="=cmd|' /C calc'!A0 \x1b[31m in `eve.ipynb`",
    )
    write_result(
        out, "absent", name="Sam Absent", id="sam", layout="roster", status="missing", email="sam@uni.example"
    )
    write_result(out, "canvas", name="Carl Canvas", id="15", layout="canvas", score=9)  # not Participant 15
    write_result(out, "team", name="Team Red", id="18", layout="moodle", score=4)  # a group id, say
    rows = [
        moodle_row(11, "José Müller", "jose@uni.example"),
        moodle_row(12, "李雷", "li@uni.example"),
        moodle_row(13, "Alex Kim", "a1@uni.example"),
        moodle_row(14, "Alex Kim", "a2@uni.example"),
        moodle_row(15, "Nobody Here", "nobody@uni.example"),
        moodle_row(16, "Eve File", "eve@uni.example"),
        moodle_row(17, "Sam Absent", "sam@uni.example", grade="3.00", comments="kept"),
        moodle_row(18, "Bea Blue", "bea@uni.example"),
    ]
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(moodle_worksheet(rows), encoding="utf-8", newline="")
    assert main(["export", str(out), "--moodle", str(worksheet)]) == 0
    written = (out / "moodle-worksheet.csv").read_text(encoding="utf-8")

    imported = moodle_import(written)
    assert {p: r["grade"] for p, r in imported.items()} == {
        11: "41.5",
        12: "53",
        13: "1",
        14: "2",
        15: "",
        16: "7",
        17: "3.00",
        18: "",
    }
    assert all(r["modified"] == "-" for r in imported.values())  # Last modified (grade) as downloaded
    jose = imported[11]["feedback"]
    assert jose.startswith("Score: 41.5 / 53.") and "Late penalty: 5.3 points" in jose
    assert describe("reg-lambda-over-m")["title"] in jose and "report.html" in jose
    eve = imported[16]["feedback"]
    assert "\x1b" not in eve and "=cmd" in eve and not eve.startswith(("=", "+", "-", "@"))
    assert "<code>eve.ipynb</code>" in eve and "`" not in eve  # Moodle shows comments as HTML
    assert imported[17]["feedback"] == "kept" and imported[15]["feedback"] == ""

    # Every other cell as downloaded, and the new cells quoted the way fputcsv quotes.
    expected = [list(r) for r in rows]
    for row, participant in zip(expected, range(11, 19)):
        row[4], row[9] = imported[participant]["grade"], imported[participant]["feedback"]
    assert written == moodle_worksheet(expected)

    err = capsys.readouterr().err
    assert "Nobody Here (Participant 15)" in err and "Carl Canvas" in err and "Sam Absent" in err
    # a team's group id must not hand the team's grade to the participant of that number
    assert "Bea Blue (Participant 18): the results belong to 'Team Red' under the same id" in err
    assert "José Müller (Participant 11) was matched" not in err


def test_moodle_refuses_a_worksheet_moodle_would_refuse(tmp_path, capsys):
    out = tmp_path / "OUT"
    write_result(out, "jose", name="José Müller", id="11", layout="moodle", score=41.5)
    header = [h for h in MOODLE_HEADER if h != "Last modified (grade)"]
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(
        "\ufeff" + fputcsv_line(header) + fputcsv_line(["Participant 11"] + [""] * 8), encoding="utf-8"
    )
    assert main(["export", str(out), "--moodle", str(worksheet)]) == 2
    assert "'Last modified (grade)'" in capsys.readouterr().err
    assert not (out / "moodle-worksheet.csv").exists()


def test_moodle_feedback_zip_is_named_for_moodle_and_deterministic(tmp_path, capsys):
    out = tmp_path / "OUT"
    write_result(out, "jose", name="José Müller", id="11", layout="moodle", score=41.5, report="<p>José</p>")
    write_result(out, "li", name="李雷", id="12", layout="moodle", score=53, report="<p>李雷</p>")
    write_result(out, "kim-a", name="Alex_Kim", id="13", layout="moodle", report="<p>A13</p>")
    write_result(out, "kim-b", name="Alex_Kim", id="14", layout="moodle", report="<p>A14</p>")
    write_result(out, "file", name="Eve File", id="eve.ipynb", layout="file", report="<p>Eve</p>")
    write_result(out, "canvas", name="Carl Canvas", id="15", layout="canvas", report="<p>Carl</p>")
    write_result(out, "absent", name="Sam Absent", id="17", layout="moodle", status="missing")
    assert main(["export", str(out), "--moodle-feedback-zip"]) == 0
    first = (out / "moodle-feedback.zip").read_bytes()
    with zipfile.ZipFile(out / "moodle-feedback.zip") as archive:
        names = archive.namelist()
        owners = {moodle_zip_owner(n): archive.read(n).decode() for n in names}
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert names == sorted(names) and len(names) == 4
    assert "Alex Kim_13_assignsubmission_file_report.html" in names
    assert "李雷_12_assignsubmission_file_report.html" in names
    assert owners == {
        (11, "report.html"): "<p>José</p>",
        (12, "report.html"): "<p>李雷</p>",
        (13, "report.html"): "<p>A13</p>",
        (14, "report.html"): "<p>A14</p>",
    }
    err = capsys.readouterr().err
    assert "Eve File (file id eve.ipynb): not from a Moodle download" in err
    assert "Carl Canvas (canvas id 15): not from a Moodle download" in err and "Sam Absent" in err

    (out / "moodle-feedback.zip").unlink()
    assert main(["export", str(out), "--moodle-feedback-zip"]) == 0
    assert (out / "moodle-feedback.zip").read_bytes() == first


def test_with_a_worksheet_the_feedback_zip_holds_only_confirmed_participants(tmp_path, capsys):
    out = tmp_path / "OUT"
    write_result(out, "jose", name="José Müller", id="11", layout="moodle", score=41.5, report="<p>José</p>")
    write_result(out, "team", name="Team Red", id="18", layout="moodle", score=4, report="<p>team</p>")
    worksheet = tmp_path / "worksheet.csv"
    rows = [moodle_row(11, "José Müller", "jose@uni.example"), moodle_row(18, "Bea Blue", "bea@uni.example")]
    worksheet.write_text(moodle_worksheet(rows), encoding="utf-8", newline="")
    assert main(["export", str(out), "--moodle", str(worksheet), "--moodle-feedback-zip"]) == 0
    with zipfile.ZipFile(out / "moodle-feedback.zip") as archive:
        assert [moodle_zip_owner(n) for n in archive.namelist()] == [(11, "report.html")]
    assert "Team Red (moodle id 18): the grading worksheet did not confirm" in capsys.readouterr().err


@pytest.mark.parametrize(
    "case",
    [
        "no results",
        "no file",
        "not utf-8",
        "broken quote",
        "no action",
        "two assignments",
        "column without canvas",
        "not canvas",
    ],
)
def test_bad_arguments_exit_2(tmp_path, capsys, case):
    out = tmp_path / "OUT"
    out.mkdir()
    gradebook = tmp_path / "gradebook.csv"
    gradebook.write_text(canvas_gradebook([JOSE], ASSIGNMENTS, {}), encoding="utf-8")
    if case != "no results":
        write_result(out, "jose", name="José Müller", id="2001", layout="canvas", score=1)
    argv = ["export", str(out), "--canvas", str(gradebook)]
    if case == "no file":
        argv[-1] = str(tmp_path / "missing.csv")
    elif case == "not utf-8":
        gradebook.write_bytes("Student,ID,Section\nMüller,1,x\n".encode("latin-1"))
    elif case == "broken quote":
        gradebook.write_text('Student,ID,SIS Login ID,Section\n"Müller, José,2001,j,x\n', encoding="utf-8")
    elif case == "no action":
        argv = ["export", str(out)]
    elif case == "two assignments":
        write_result(
            out, "other", name="Li", id="2002", layout="canvas", assignment="perceptron", max_score=37
        )
    elif case == "column without canvas":
        argv = ["export", str(out), "--moodle-feedback-zip", "--column", "x"]
    elif case == "not canvas":
        gradebook.write_text(moodle_worksheet([]), encoding="utf-8")
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("nngrade export: ")
    assert not (out / "canvas-import.csv").exists()
    if case == "two assignments":
        assert main(argv + ["-a", "perceptron"]) == 0


def test_cells_we_write_are_neutralised():
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("+1") == "'+1" and safe_cell("-2") == "'-2"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("\t=x") == "'=x" and safe_cell("\rx") == "'x"
    assert safe_cell("  =x") == "'  =x" and safe_cell("a\x1b[31mb\nc") == "a[31mbc"
    assert safe_cell("José Müller 李雷") == "José Müller 李雷"


def test_a_new_column_title_is_neutralised(tmp_path):
    out = tmp_path / "OUT"
    write_result(out, "jose", name="José Müller", id="2001", layout="canvas", score=3, assignment="=evil()")
    gradebook, _, _ = canvas_file(tmp_path)
    assert main(["export", str(out), "--canvas", str(gradebook)]) == 0
    header = split_records((out / "canvas-import.csv").read_text(encoding="utf-8"), ",")[0].fields
    assert header[-1] == "'=evil()"
    assert header[:-1] == split_records(gradebook.read_text(encoding="utf-8"), ",")[0].fields
