"""Intake of each LMS layout (Canvas, Moodle, Gradescope, otter export zips): identities, times,
and which notebook is chosen."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from lms_fixtures import (
    CanvasUpload,
    GradescopeSubmission,
    MoodleFile,
    by_id,
    canvas_download,
    canvas_name,
    gradescope_export,
    moodle_download,
    notebook,
    otter_export,
    without_utf8_flag,
    write,
    zip_bytes,
)

from autograder.intake.discover import discover

# --- Canvas -----------------------------------------------------------------------------------


def test_canvas_identities_with_accents_non_latin_script_and_late(tmp_path):
    download = canvas_download(
        tmp_path,
        [
            CanvasUpload("Müller, José", 123, 9001, "backprop.ipynb", notebook("jose = 1")),
            CanvasUpload("李雷", 124, 9002, "backprop.ipynb", notebook("lilei = 1"), late=True),
        ],
    )
    found = by_id(discover([download], "backprop"))
    jose, lilei = found["123"], found["124"]
    assert (jose.identity.layout, jose.identity.name) == ("canvas", "müllerjosé")
    assert (lilei.identity.layout, lilei.identity.name) == ("canvas", "李雷")
    assert lilei.marked_late and not jose.marked_late
    assert jose.submitted_at is None  # Canvas gives no time
    assert jose.notebook.display == f"{download.name}/müllerjosé_123_9001_backprop.ipynb"
    assert b"jose = 1" in jose.notebook.read() and b"lilei = 1" in lilei.notebook.read()


def test_utf8_names_without_the_utf8_flag_are_decoded(tmp_path):
    download = canvas_download(tmp_path, [CanvasUpload("Müller, José", 123, 9001, "backprop.ipynb")])
    download.write_bytes(without_utf8_flag(download.read_bytes()))
    assert zipfile.ZipFile(download).namelist()[0].startswith("m├╝ller")  # what zipfile alone shows
    (submission,) = discover([download], "backprop")
    assert submission.identity.name == "müllerjosé"
    assert submission.notebook.display.endswith("/müllerjosé_123_9001_backprop.ipynb")
    assert b"x = 1" in submission.notebook.read()


def test_canvas_resubmissions_choose_by_name_then_latest_attachment(tmp_path):
    download = canvas_download(
        tmp_path,
        [
            # the same name uploaded twice: Canvas renamed the second backprop-1.ipynb
            CanvasUpload("Doe, Jane", 1, 100, "backprop.ipynb", notebook("first")),
            CanvasUpload("Doe, Jane", 1, 200, "backprop-1.ipynb", notebook("second")),
            # the assignment's name wins over a later upload
            CanvasUpload("Roe, Rick", 2, 100, "backprop.ipynb", notebook("named")),
            CanvasUpload("Roe, Rick", 2, 300, "scratch.ipynb", notebook("later")),
            # neither named: the highest attachment id, not the file name order
            CanvasUpload("Poe, Pat", 3, 500, "a.ipynb", notebook("latest")),
            CanvasUpload("Poe, Pat", 3, 50, "b.ipynb", notebook("oldest")),
        ],
    )
    found = by_id(discover([download], "backprop"))
    assert b"second" in found["1"].notebook.read()
    assert b"named" in found["2"].notebook.read()
    assert b"latest" in found["3"].notebook.read()
    for submission in found.values():
        assert len(submission.source_files) == 2
        assert any("Graded" in note and "2 notebooks" in note for note in submission.notes)
    assert "is named backprop.ipynb" in found["1"].notes[0]


def test_canvas_two_students_with_the_same_name_stay_two(tmp_path):
    download = canvas_download(
        tmp_path,
        [
            CanvasUpload("Smith, John", 11, 1, "backprop.ipynb"),
            CanvasUpload("Smith, John", 12, 2, "backprop.ipynb"),
        ],
    )
    found = by_id(discover([download], "backprop"))
    assert found["11"].identity.name == found["12"].identity.name == "smithjohn"
    assert found["11"].key != found["12"].key


def test_canvas_anonymous_grading_and_text_entry_without_notebook(tmp_path):
    download = canvas_download(
        tmp_path, [CanvasUpload("", 0, 77, "backprop.ipynb", anonymous_id="a1B2c", late=True)]
    )
    with zipfile.ZipFile(download, "a") as archive:
        archive.writestr("kimalex_31_text.html", b"<html>my answer</html>")
    found = by_id(discover([download], "backprop"))
    anonymous = found["anon_a1B2c"]
    assert anonymous.identity.name == "" and anonymous.marked_late and anonymous.notebook
    assert found["31"].notebook is None and "No notebook" in found["31"].problem


def test_canvas_otter_export_zip_takes_the_canvas_identity(tmp_path):
    zip_name, data = otter_export("backprop.ipynb", notebook("from otter"))
    download = canvas_download(tmp_path, [CanvasUpload("Doe, Jane", 123, 456, zip_name, data)])
    assert canvas_name(CanvasUpload("Doe, Jane", 123, 456, zip_name)).startswith(
        "doejane_123_456_backprop_2026"
    )
    (submission,) = discover([download], "backprop")
    assert (submission.identity.layout, submission.identity.id) == ("canvas", "123")
    assert submission.notebook.display.endswith(f"_{zip_name}/backprop.ipynb")
    assert b"from otter" in submission.notebook.read()


def test_nested_zip_of_a_whole_canvas_download(tmp_path):
    download = canvas_download(
        tmp_path / "inner", [CanvasUpload("Müller, José", 123, 1, "backprop.ipynb", notebook("nested"))]
    )
    outer = write(tmp_path / "outer.zip", zip_bytes({f"term/{download.name}": download.read_bytes()}))
    (submission,) = discover([outer], "backprop")
    assert (submission.identity.layout, submission.identity.id) == ("canvas", "123")
    assert submission.notebook.display == f"outer.zip/term/{download.name}/müllerjosé_123_1_backprop.ipynb"
    assert b"nested" in submission.notebook.read()


# --- Moodle -----------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["folders", "folders-old", "flat"])
@pytest.mark.parametrize("zipped", [True, False])
def test_moodle_identities_in_every_download_style(tmp_path, style, zipped):
    root = moodle_download(
        tmp_path,
        [
            MoodleFile("José Müller", 1001, "backprop.ipynb", notebook("jose")),
            MoodleFile("李雷", 1002, "lab_1_2_final.ipynb", notebook("lilei")),  # Canvas-like in flat style
            MoodleFile("Alex Kim", 1003, "backprop.ipynb", notebook("kim a")),
            MoodleFile("Alex Kim", 1004, "backprop.ipynb", notebook("kim b")),
            MoodleFile("Jean_Luc Picard", 1005, "backprop.ipynb"),  # Moodle writes "Jean Luc Picard"
        ],
        style=style,
        zipped=zipped,
    )
    found = by_id(discover([root], "backprop"))
    assert {s.identity.layout for s in found.values()} == {"moodle"}
    assert found["1001"].identity.name == "José Müller" and b"jose" in found["1001"].notebook.read()
    assert found["1002"].identity.name == "李雷" and b"lilei" in found["1002"].notebook.read()
    assert found["1003"].identity.name == found["1004"].identity.name == "Alex Kim"
    assert b"kim b" in found["1004"].notebook.read() and found["1003"].key != found["1004"].key
    assert found["1005"].identity.name == "Jean Luc Picard"


def test_moodle_several_notebooks_and_a_folder_without_one(tmp_path):
    root = moodle_download(
        tmp_path,
        [
            MoodleFile("Ann Lee", 1, "v1.ipynb", notebook("v1")),
            MoodleFile("Ann Lee", 1, "work/v2.ipynb", notebook("v2")),
            MoodleFile("Bo Chan", 2, "zzz.ipynb", notebook("zzz")),
            MoodleFile("Bo Chan", 2, "Backprop.ipynb", notebook("named")),
            MoodleFile("Cy Park", 3, "report.pdf", b"%PDF"),
            MoodleFile("Cy Park", 3, "onlinetext.html", b"<p>hi</p>", plugin="onlinetext"),
        ],
    )
    found = by_id(discover([root], "backprop"))
    assert b"v2" in found["1"].notebook.read()  # file name order: v1.ipynb < work/v2.ipynb
    assert "the last in file name order" in found["1"].notes[0]
    assert b"named" in found["2"].notebook.read()
    cy = found["3"]
    assert cy.notebook is None and "No notebook" in cy.problem and len(cy.source_files) == 2


def test_moodle_otter_export_inside_a_student_folder(tmp_path):
    zip_name, data = otter_export("backprop.ipynb", notebook("otter in moodle"))
    root = moodle_download(tmp_path, [MoodleFile("José Müller", 1001, zip_name, data)])
    (submission,) = discover([root], "backprop")
    assert (submission.identity.layout, submission.identity.id) == ("moodle", "1001")
    assert b"otter in moodle" in submission.notebook.read()


# --- Gradescope -------------------------------------------------------------------------------


def test_gradescope_export_identities_times_and_group(tmp_path):
    root = gradescope_export(
        tmp_path,
        [
            GradescopeSubmission(
                11,
                [{"name": "José Müller", "sid": "S-1", "email": "jose@uni.edu"}],
                "2026-04-26 17:34:00.861687000 Z",
                {"backprop.ipynb": notebook("solo")},
            ),
            GradescopeSubmission(
                12,
                [
                    {"name": "李雷", "sid": 42, "email": "li@uni.edu"},
                    {"name": "Ann Lee", "sid": "", "email": "ann@uni.edu"},
                ],
                "2024-02-12 15:45:00.123456000 -0800",
                {"backprop.ipynb": notebook("pair")},
            ),
        ],
    )
    found = by_id(discover([root], "backprop"))
    jose, lilei, ann = found["S-1"], found["42"], found["ann@uni.edu"]
    assert {s.identity.layout for s in found.values()} == {"gradescope"}
    assert (jose.identity.name, jose.identity.email) == ("José Müller", "jose@uni.edu")
    assert jose.submitted_at == datetime(2026, 4, 26, 17, 34, 0, 861687, tzinfo=timezone.utc)
    assert lilei.submitted_at == datetime(
        2024, 2, 12, 15, 45, 0, 123456, tzinfo=timezone(-timedelta(hours=8))
    )
    assert lilei.submitted_at.tzinfo is not None
    assert lilei.notebook is ann.notebook  # one notebook, graded for each submitter
    assert b"pair" in ann.notebook.read() and lilei.key != ann.key
    assert any("Ann Lee" in note for note in lilei.notes) and any("李雷" in n for n in ann.notes)


def test_gradescope_zipped_export_stray_files_and_a_time_without_zone(tmp_path):
    export = gradescope_export(
        tmp_path,
        [
            GradescopeSubmission(11, [{"name": "A", "sid": "1"}], "2026-01-01 10:00:00 Z"),
            GradescopeSubmission(12, [{"name": "B", "sid": "2"}], "2026-01-01 10:00:00"),
        ],
        zipped=True,
    )
    with zipfile.ZipFile(export, "a") as archive:  # listed nowhere: found as a plain file
        archive.writestr("assignment_7_export/stray.ipynb", notebook())
    found = by_id(discover([export], "backprop"))
    assert found["1"].notebook.display == "submissions.zip/assignment_7_export/submission_11/backprop.ipynb"
    assert found["1"].submitted_at == datetime(2026, 1, 1, 10, tzinfo=timezone.utc)
    assert found["2"].submitted_at is None  # no zone: never guessed
    assert found["submissions.zip/assignment_7_export/stray.ipynb"].identity.layout == "file"


def test_gradescope_unreadable_metadata_is_reported_and_notebooks_still_found(tmp_path):
    write(tmp_path / "export" / "submission_metadata.yml", b": : [unbalanced")
    write(tmp_path / "export" / "submission_5" / "backprop.ipynb", notebook())
    found = by_id(discover([tmp_path / "export"], "backprop"))
    assert "could not be read" in found["submission_metadata.yml"].problem
    assert found["submission_5/backprop.ipynb"].notebook is not None


# --- otter, files, folders ------------------------------------------------------------------


@pytest.mark.parametrize("stamp", ["2026_01_01T10_00_00_000000", "2026_11_15T10_00_00_123456"])
def test_otter_export_zip_alone(tmp_path, stamp):
    zip_name, data = otter_export("backprop.ipynb", notebook("alone"), stamp=stamp)
    path = write(tmp_path / "sec1" / zip_name, data)
    (submission,) = discover([tmp_path], "backprop")
    assert (submission.identity.layout, submission.identity.id) == ("otter-export", f"sec1/{zip_name}")
    assert submission.notebook.display == f"sec1/{zip_name}/backprop.ipynb"
    assert b"alone" in submission.notebook.read()
    assert f"sec1/{zip_name}/__zip_filename__" in submission.source_files
    assert discover([path], "backprop")[0].identity.id == zip_name
