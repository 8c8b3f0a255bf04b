"""Moodle, Gradescope and otter downloads, graded for real: identity, score, status and sources.

Each download is built from the LMS's documented format (tests/lms_fixtures.py) around the
bundled sample notebooks and graded by `nngrade grade` in the sandbox: Moodle's folder and flat
layouts with its grading worksheet's times, a Gradescope export with a group and a cutoff, and an
otter export zip, which must grade like the notebook inside it. Canvas's download:
tests/e2e/test_lms_canvas.py.
"""

from __future__ import annotations

import pytest
from lms_fixtures import (
    GradescopeSubmission,
    MoodleFile,
    gradescope_export,
    moodle_download,
    otter_export,
    write,
)
from lms_samples import ALICE, CAROL, CAROL_SCORE, DUE, FRANK, FULL, grade
from support import documents_by_id


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
    docs = documents_by_id(out)
    assert set(docs) == {"2001", "2002", "2003"}
    assert [docs[i].student.name for i in ("2001", "2002", "2003")] == [
        "José Müller",
        "李雷",
        "José Müller",
    ]
    assert docs["2001"].late_penalty == pytest.approx(FULL * 0.1)  # 10:30 +01:00, 1 day late
    assert docs["2002"].score == CAROL_SCORE and docs["2002"].late_penalty == 0
    assert docs["2003"].score == 0 and docs["2003"].submitted_at is None
    assert docs["2002"].source_files[0].endswith("assignsubmission_file_work_backprop.ipynb")


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
    docs = documents_by_id(out)
    assert set(docs) == {"A1", "bo@uni.edu", "C3"}
    assert docs["A1"].score == docs["bo@uni.edu"].score == FULL  # 22:00 Z is before 23:59 +01:00
    assert docs["C3"].status == "past-cutoff" and docs["C3"].score == 0
    assert docs["C3"].submitted_at.startswith("2026-12-02T23:30:00")
    assert any("scratch.ipynb" in f for f in docs["C3"].source_files)


def test_otter_export_zip_grades_like_its_notebook(tmp_path):
    name, data = otter_export("backprop.ipynb", CAROL.read_bytes())
    zipped = write(tmp_path / "in" / name, data)
    plain = write(tmp_path / "plain" / "carol.ipynb", CAROL.read_bytes())
    seed = "12345"
    grade(tmp_path / "a", str(zipped), "--seed", seed)
    grade(tmp_path / "b", str(plain), "--seed", seed)
    (zdoc,), (pdoc,) = documents_by_id(tmp_path / "a").values(), documents_by_id(tmp_path / "b").values()
    assert zdoc.student.layout == "otter-export"
    assert f"{name}/backprop.ipynb" in zdoc.source_files
    assert [(t.name, t.score) for t in zdoc.tests] == [(t.name, t.score) for t in pdoc.tests]
