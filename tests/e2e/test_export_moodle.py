"""`nngrade export --moodle` and `--moodle-feedback-zip`: Moodle's grading worksheet and feedback zip.

Each test builds OUT from results.json files (tests/export_fixtures.py) and a worksheet as Moodle
writes it (tests/moodle_fixtures.py), runs the real command line, and reads the output back with
Moodle's documented import rules: grades and feedback comments round-trip, every other cell stays
as downloaded, a worksheet Moodle would refuse is refused, and the feedback zip is named for
Moodle, deterministic, and holds only participants the worksheet confirms.
"""

from __future__ import annotations

import zipfile

from export_fixtures import write_result
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
