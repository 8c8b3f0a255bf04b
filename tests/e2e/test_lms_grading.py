"""From "the LMS gave me a zip" to "the grades are in the LMS": real downloads, graded for real.

Each download is built from the LMS's documented format (tests/lms_fixtures.py) around the
bundled sample notebooks, graded by `nngrade grade` in the sandbox, and checked student by
student: identity, score, status and the files the result came from.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from export_fixtures import CanvasStudent, canvas_gradebook, canvas_import
from lms_fixtures import (
    CanvasUpload,
    GradescopeSubmission,
    MoodleFile,
    canvas_download,
    gradescope_export,
    moodle_download,
    otter_export,
    write,
)

from autograder.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "assignments"
ALICE, CAROL, FRANK = (
    SAMPLES / "backprop" / "samples" / f"{s}.ipynb" for s in ("alice", "carol", "frank_blank")
)
PERCEPTRON = SAMPLES / "perceptron" / "samples" / "alice.ipynb"
FULL, CAROL_SCORE = 53.0, 51.0  # carol's 2-point sigmoid_gradient; the rest is carried forward
DUE = "2026-12-01T23:59:00+01:00"


def by_id(out: Path) -> dict[str, dict]:
    docs = [json.loads(p.read_text()) for p in (out / "students").glob("*/results.json")]
    found = {d["extra_data"]["student"]["id"]: d for d in docs}
    assert len(found) == len(docs), "two result folders for one student"
    return found


def gradebook(out: Path) -> dict[str, dict]:
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def grade(out: Path, *args: str) -> None:
    assert main(["grade", "-a", "backprop", *args, "-o", str(out), "-j", "2"]) == 0


@pytest.fixture(scope="module")
def canvas(tmp_path_factory):
    """A Canvas download with resubmissions, a late otter export, reserved and non-Latin names,
    two students of one name, a wrong assignment and a corrupt zip; a roster with one more student."""
    folder = tmp_path_factory.mktemp("canvas")
    _, exported = otter_export("backprop.ipynb", ALICE.read_bytes())
    uploads = [
        CanvasUpload("Doe, Jane", 101, 9001, "backprop.ipynb", ALICE.read_bytes()),
        CanvasUpload("Doe, Jane", 101, 9050, "backprop-1.ipynb", CAROL.read_bytes()),  # resubmitted
        CanvasUpload(
            "Müller, José", 102, 9002, "backprop_2026_12_02T09_00_00_000000.zip", exported, late=True
        ),
        CanvasUpload("Li, Lei 李雷", 103, 9003, "gradebook.csv.ipynb", ALICE.read_bytes()),
        CanvasUpload("Smith, Sam", 104, 9004, "backprop.ipynb", ALICE.read_bytes()),
        CanvasUpload("Smith, Sam", 105, 9005, "backprop.ipynb", FRANK.read_bytes()),
        CanvasUpload("Wong, Pat", 106, 9006, "backprop.ipynb", PERCEPTRON.read_bytes()),
        CanvasUpload("Zed, Zoe", 107, 9007, "backprop.zip", b"PK\x03\x04 this is not a zip"),
        CanvasUpload("Nobody, Ned", 109, 9009, "summary.html.ipynb", CAROL.read_bytes()),  # not on the roster
    ]
    download = canvas_download(folder, uploads)
    roster = write(
        folder / "roster.csv",
        (
            "id,name,email,sis_id,section\n101,Jane Doe,jane@uni.edu,S101,A\n102,José Müller,jose@uni.edu,S102,A\n"
            "103,李雷,lei@uni.edu,S103,B\n104,Sam Smith,sam.a@uni.edu,S104,A\n105,Sam Smith,sam.b@uni.edu,S105,B\n"
            "106,Pat Wong,pat@uni.edu,S106,A\n107,Zoe Zed,zoe@uni.edu,S107,A\n108,Max Absent,max@uni.edu,S108,B\n"
        ).encode(),
    )
    times = write(folder / "times.csv", b"id,submitted_at\n102,2026-12-03T10:00:00+01:00\n")
    out = folder / "out"
    grade(
        out,
        str(download),
        "--roster",
        str(roster),
        "--due",
        DUE,
        "--late-penalty",
        "10",
        "--times",
        str(times),
    )
    return out


def test_canvas_identities_scores_and_sources(canvas):
    docs = by_id(canvas)
    assert set(docs) == {"101", "102", "103", "104", "105", "106", "107", "108", "109"}
    expect = {
        "101": CAROL_SCORE,
        "103": FULL,
        "104": FULL,
        "105": 0.0,
        "106": 0.0,
        "107": 0.0,
        "108": 0.0,
        "109": CAROL_SCORE,
    }
    assert {i: docs[i]["score"] for i in expect} == expect
    jane = docs["101"]["extra_data"]
    assert jane["student"]["name"] == "Jane Doe" and jane["student"]["email"] == "jane@uni.edu"
    assert jane["student"]["layout"] == "canvas" and jane["roster"] == "matched"
    assert len(jane["source_files"]) == 2 and any("backprop-1.ipynb" in n for n in jane["notes"])
    assert jane["source_files"][1].endswith("doejane_101_9050_backprop-1.ipynb")
    assert docs["103"]["extra_data"]["student"]["name"] == "李雷"
    assert docs["104"]["extra_data"]["student"]["email"] != docs["105"]["extra_data"]["student"]["email"]


def test_canvas_late_otter_export_is_graded_and_penalised(canvas):
    jose = by_id(canvas)["102"]
    extra = jose["extra_data"]
    assert extra["student"]["name"] == "José Müller"
    assert any("backprop.ipynb" in f and ".zip" in f for f in extra["source_files"])
    assert extra["submitted_at"] == "2026-12-03T10:00:00+01:00" and extra["late"]["marked_late"]
    assert extra["late"]["penalty"] == pytest.approx(FULL * 0.2)  # 1 day 10 h late: two started days
    assert jose["score"] == pytest.approx(FULL * 0.8)
    assert jose["tests"][-1]["name"].startswith("late_penalty: ") and jose["tests"][-1]["score"] < 0


def test_statuses_say_why(canvas):
    docs, rows = by_id(canvas), gradebook(canvas)
    assert docs["106"]["extra_data"]["status"] == "wrong-assignment"
    assert "`perceptron`" in docs["106"]["extra_data"]["problem"]
    assert docs["107"]["extra_data"]["status"] == "ungradable" and docs["107"]["extra_data"]["problem"]
    assert docs["108"]["extra_data"]["status"] == "missing" and rows["108"]["status"].startswith("missing")
    assert docs["109"]["extra_data"]["roster"] == "unmatched"
    assert rows["106"]["status"].startswith("wrong-assignment")
    header = (canvas / "gradebook.csv").read_text().splitlines()[0].split(",")
    assert header[:8] == ["id", "name", "email", "total", "max", "submitted_at", "late_by", "late_penalty"]
    assert header[-3] == "status"


def test_reserved_names_cannot_shadow_the_class_files(canvas):
    assert (canvas / "gradebook.csv").is_file() and (canvas / "summary.html").is_file()
    assert {p.name for p in canvas.iterdir()} <= {
        "gradebook.csv",
        "summary.html",
        "regrades.csv",
        "students",
        ".nngrade",
    }


def test_canvas_round_trip(canvas, tmp_path):
    """The grades reach the right Canvas students through Canvas's documented import rules."""
    students = [
        CanvasStudent(name, cid, f"S{cid}", f"u{cid}")
        for name, cid in [
            ("Doe, Jane", 101),
            ("Müller, José", 102),
            ("Li, Lei", 103),
            ("Smith, Sam", 104),
            ("Smith, Sam", 105),
            ("Wong, Pat", 106),
            ("Zed, Zoe", 107),
            ("Absent, Max", 108),
        ]
    ]
    exported = write(
        tmp_path / "canvas.csv",
        canvas_gradebook(students, [("Quiz 1 (77)", "10.00")], {(101, "Quiz 1 (77)"): "9"}).encode(),
    )
    target = tmp_path / "import.csv"
    assert main(["export", str(canvas), "--canvas", str(exported), "--output", str(target)]) == 0
    imported = canvas_import(target.read_text(encoding="utf-8"), students, {77: "Quiz 1"}, {(101, "77"): "9"})
    grades = imported.grades["new:backprop"]
    docs = by_id(canvas)
    assert {cid: float(g) for cid, g in grades.items()} == {
        cid: pytest.approx(docs[cid]["score"]) for cid in ("101", "102", "103", "104", "105", "106", "107")
    }
    assert "77" not in imported.grades and imported.new_assignments == {"backprop": "53"}


def test_moodle_folders_flat_files_and_worksheet_times(tmp_path):
    files = [
        MoodleFile("José Müller", 2001, "backprop.ipynb", ALICE.read_bytes()),
        MoodleFile("李雷", 2002, "work/backprop.ipynb", CAROL.read_bytes()),
        MoodleFile("José Müller", 2003, "notes.ipynb", FRANK.read_bytes()),
    ]  # same name, another student
    old = moodle_download(tmp_path / "old", files[:1], style="folders-old", zipped=False)
    flat = moodle_download(tmp_path / "flat", files[1:], style="flat")
    worksheet = write(
        tmp_path / "worksheet.csv",
        (
            "Identifier,Full name,Email address,Status,Grade,Maximum Grade,Grade can be changed,"
            "Last modified (submission),Last modified (grade),Feedback comments\n"
            "Participant 2001,José Müller,jose@uni.edu,Submitted for grading,,53.00,Yes,"
            '"Wednesday, 2 December 2026, 10:30 AM",-,\n'
            'Participant 2002,李雷,lei@uni.edu,Submitted for grading,,53.00,Yes,"Tuesday, 1 December 2026, 9:00 PM",-,\n'
            "Participant 2003,José Müller,jose2@uni.edu,Submitted for grading,,53.00,Yes,-,-,\n"
        ).encode(),
    )
    out = tmp_path / "out"
    grade(
        out, str(old), str(flat), "--due", DUE, "--late-penalty", "10", "--moodle-worksheet", str(worksheet)
    )
    docs = by_id(out)
    assert set(docs) == {"2001", "2002", "2003"}
    assert [docs[i]["extra_data"]["student"]["name"] for i in ("2001", "2002", "2003")] == [
        "José Müller",
        "李雷",
        "José Müller",
    ]
    assert docs["2001"]["extra_data"]["late"]["penalty"] == pytest.approx(
        FULL * 0.1
    )  # 10:30 +01:00, 1 day late
    assert docs["2002"]["score"] == CAROL_SCORE and docs["2002"]["extra_data"]["late"]["penalty"] == 0
    assert docs["2003"]["score"] == 0 and docs["2003"]["extra_data"]["submitted_at"] is None
    assert docs["2002"]["extra_data"]["source_files"][0].endswith("assignsubmission_file_work_backprop.ipynb")


def test_gradescope_export_with_a_group_and_created_at(tmp_path):
    export = gradescope_export(
        tmp_path / "gs",
        [
            GradescopeSubmission(
                501,
                [
                    {"name": "Ann Lee", "sid": "A1", "email": "ann@uni.edu"},
                    {"name": "Bo Chen", "sid": "", "email": "bo@uni.edu"},
                ],
                "2026-12-01 22:00:00.000000000 Z",
                {"backprop.ipynb": ALICE.read_bytes()},
            ),
            GradescopeSubmission(
                502,
                [{"name": "Cy Diaz", "sid": "C3", "email": "cy@uni.edu"}],
                "2026-12-02 23:30:00.000000000 Z",
                {"backprop.ipynb": CAROL.read_bytes(), "scratch.ipynb": FRANK.read_bytes()},
            ),
        ],
        zipped=True,
    )
    out = tmp_path / "out"
    grade(out, str(export), "--due", DUE, "--late-penalty", "25", "--cutoff", "2026-12-02T12:00:00Z")
    docs = by_id(out)
    assert set(docs) == {"A1", "bo@uni.edu", "C3"}
    assert docs["A1"]["score"] == docs["bo@uni.edu"]["score"] == FULL  # 22:00 Z is before 23:59 +01:00
    assert docs["C3"]["extra_data"]["status"] == "past-cutoff" and docs["C3"]["score"] == 0
    assert docs["C3"]["extra_data"]["submitted_at"].startswith("2026-12-02T23:30:00")
    assert any("scratch.ipynb" in f for f in docs["C3"]["extra_data"]["source_files"])


def test_otter_export_zip_grades_like_its_notebook(tmp_path):
    name, data = otter_export("backprop.ipynb", CAROL.read_bytes())
    zipped = write(tmp_path / "in" / name, data)
    plain = write(tmp_path / "plain" / "carol.ipynb", CAROL.read_bytes())
    seed = "12345"
    grade(tmp_path / "a", str(zipped), "--seed", seed)
    grade(tmp_path / "b", str(plain), "--seed", seed)
    (zdoc,), (pdoc,) = by_id(tmp_path / "a").values(), by_id(tmp_path / "b").values()
    assert zdoc["extra_data"]["student"]["layout"] == "otter-export"
    assert f"{name}/backprop.ipynb" in zdoc["extra_data"]["source_files"]
    assert [(t["name"], t["score"]) for t in zdoc["tests"]] == [
        (t["name"], t["score"]) for t in pdoc["tests"]
    ]


def test_punctuated_names_are_different_students_and_never_overwrite(tmp_path):
    inbox = tmp_path / "in"
    write(inbox / "bob.ipynb", ALICE.read_bytes())
    write(inbox / "=bob.ipynb", FRANK.read_bytes())
    write(inbox / "!!!.ipynb", CAROL.read_bytes())
    write(inbox / "李雷.ipynb", ALICE.read_bytes())
    write(inbox / "José Müller.ipynb", CAROL.read_bytes())
    out = tmp_path / "out"
    grade(out, str(inbox))
    later = tmp_path / "later"
    write(later / "_bob.ipynb", FRANK.read_bytes())
    grade(out, str(later))
    docs = by_id(out)
    assert {i: d["score"] for i, d in docs.items()} == {
        "bob.ipynb": FULL,
        "=bob.ipynb": 0.0,
        "_bob.ipynb": 0.0,
        "!!!.ipynb": CAROL_SCORE,
        "李雷.ipynb": FULL,
        "José Müller.ipynb": CAROL_SCORE,
    }
    folders = {p.name for p in (out / "students").iterdir()}
    assert len(folders) == 6 and any(f.startswith("李雷") for f in folders)
    assert any(f.startswith("José_Müller") for f in folders)
    rows = gradebook(out)
    assert "'=bob.ipynb" in rows and rows["'=bob.ipynb"]["total"] == "0"  # inert in a spreadsheet


def test_an_out_folder_of_the_old_layout_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    write(out / "alice" / "results.json", b'{"score": 53, "tests": []}')
    assert main(["grade", "-a", "backprop", str(ALICE), "-o", str(out)]) == 2
    assert "older nngrade layout" in capsys.readouterr().err
    assert not (out / "students").exists()


def test_a_later_run_without_a_students_work_keeps_their_grade(tmp_path):
    """Grading only the late submissions into the same OUT, with the roster, must not turn the
    students graded before into `missing`."""
    roster = write(
        tmp_path / "roster.csv", b"id,name,email\nbob.ipynb,Bob,bob@uni.edu\nann.ipynb,Ann,ann@uni.edu\n"
    )
    out = tmp_path / "out"
    grade(out, str(write(tmp_path / "first" / "bob.ipynb", ALICE.read_bytes())), "--roster", str(roster))
    assert by_id(out)["ann.ipynb"]["extra_data"]["status"] == "missing"
    grade(out, str(write(tmp_path / "late" / "ann.ipynb", CAROL.read_bytes())), "--roster", str(roster))
    docs = by_id(out)
    assert docs["bob.ipynb"]["score"] == FULL and docs["bob.ipynb"]["extra_data"]["status"] == "graded"
    assert (
        docs["ann.ipynb"]["score"] == CAROL_SCORE and docs["ann.ipynb"]["extra_data"]["roster"] == "matched"
    )
