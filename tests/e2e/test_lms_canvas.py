"""A Canvas download, graded for real: from "Canvas gave me a zip" to "the grades are in Canvas".

The download is built from Canvas's documented format (tests/lms_fixtures.py) around the bundled
sample notebooks: resubmissions, a late otter export, reserved and non-Latin names, two students
of one name, a wrong assignment, a corrupt zip and a roster with one more student. It is graded
once by `nngrade grade` in the sandbox and checked student by student (identity, score, status
and the files the result came from), then exported and imported back by Canvas's rules.
"""

from __future__ import annotations

import pytest
from export_fixtures import CanvasStudent, canvas_gradebook, canvas_import
from lms_fixtures import CanvasUpload, canvas_download, otter_export, write
from lms_samples import ALICE, CAROL, CAROL_SCORE, DUE, FRANK, FULL, PERCEPTRON, grade, gradebook
from support import documents_by_id

from autograder.cli import main


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
    docs = documents_by_id(canvas)
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
    assert {i: docs[i].score for i in expect} == expect
    jane = docs["101"]
    assert jane.student.name == "Jane Doe" and jane.student.email == "jane@uni.edu"
    assert jane.student.layout == "canvas" and jane.roster == "matched"
    assert len(jane.source_files) == 2 and any("backprop-1.ipynb" in n for n in jane.notes)
    assert jane.source_files[1].endswith("doejane_101_9050_backprop-1.ipynb")
    assert docs["103"].student.name == "李雷"
    assert docs["104"].student.email != docs["105"].student.email


def test_canvas_late_otter_export_is_graded_and_penalised(canvas):
    jose = documents_by_id(canvas)["102"]
    assert jose.student.name == "José Müller"
    assert any("backprop.ipynb" in f and ".zip" in f for f in jose.source_files)
    assert jose.submitted_at == "2026-12-03T10:00:00+01:00" and jose.extra_data["late"]["marked_late"]
    assert jose.late_penalty == pytest.approx(FULL * 0.2)  # 1 day 10 h late: two started days
    assert jose.score == pytest.approx(FULL * 0.8)
    late = jose.tests[-1]
    assert late.qid == "late_penalty" and late.description and late.score < 0


def test_statuses_say_why(canvas):
    docs, rows = documents_by_id(canvas), gradebook(canvas)
    assert docs["106"].status == "wrong-assignment"
    assert "`perceptron`" in docs["106"].problem
    assert docs["107"].status == "ungradable" and docs["107"].problem
    assert docs["108"].status == "missing" and rows["108"]["status"].startswith("missing")
    assert docs["109"].roster == "unmatched"
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
    docs = documents_by_id(canvas)
    assert {cid: float(g) for cid, g in grades.items()} == {
        cid: pytest.approx(docs[cid].score) for cid in ("101", "102", "103", "104", "105", "106", "107")
    }
    assert "77" not in imported.grades and imported.new_assignments == {"backprop": "53"}
