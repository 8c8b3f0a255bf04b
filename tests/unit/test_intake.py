"""Intake: every layout's identities, which notebook is chosen, and hostile or broken input."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from lms_fixtures import (
    CanvasUpload,
    GradescopeSubmission,
    MiB,
    MoodleFile,
    canvas_download,
    canvas_name,
    declare_size,
    gradescope_export,
    moodle_download,
    notebook,
    otter_export,
    set_encrypted,
    without_utf8_flag,
    write,
    zip_bomb,
    zip_bytes,
)

from autograder.intake import zips
from autograder.intake.discover import discover
from autograder.intake.model import SourceError


def by_id(submissions):
    found = {s.identity.id: s for s in submissions}
    assert len(found) == len(submissions), [s.identity for s in submissions]
    return found


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


def test_file_names_are_never_mangled(tmp_path):
    for name in ("=bob.ipynb", "_bob.ipynb", "bob.ipynb", "lab_01_02_final.ipynb"):
        write(tmp_path / "section1" / name, notebook(name))
    found = by_id(discover([tmp_path], "backprop"))
    assert set(found) == {
        "section1/=bob.ipynb",
        "section1/_bob.ipynb",
        "section1/bob.ipynb",
        "section1/lab_01_02_final.ipynb",
    }  # ids with a leading zero: not Canvas
    assert len({s.key for s in found.values()}) == 4
    assert {s.identity.layout for s in found.values()} == {"file"}
    assert b"=bob.ipynb" in found["section1/=bob.ipynb"].notebook.read()


def test_a_single_file_path_is_shown_by_its_name(tmp_path):
    path = write(tmp_path / "deep" / "alice.ipynb", notebook())
    (submission,) = discover([path], "backprop")
    assert submission.identity.id == submission.notebook.display == "alice.ipynb"
    assert submission.source_files == ["alice.ipynb"]


def test_same_relative_path_under_two_paths_is_two_students(tmp_path):
    write(tmp_path / "sec1" / "bob.ipynb", notebook("one"))
    write(tmp_path / "sec2" / "bob.ipynb", notebook("two"))
    submissions = discover([tmp_path / "sec1", tmp_path / "sec2", tmp_path / "sec1"], "backprop")
    assert len(submissions) == 2 and submissions[0].key != submissions[1].key
    assert {s.notebook.read().count(b"one") for s in submissions} == {0, 1}


def test_mac_and_jupyter_litter_is_skipped(tmp_path):
    write(tmp_path / "bob.ipynb", notebook())
    write(tmp_path / "._bob.ipynb", b"\x00\x05\x16\x07")
    write(tmp_path / ".ipynb_checkpoints" / "bob-checkpoint.ipynb", notebook())
    path = write(
        tmp_path / "z" / "alice.zip",
        zip_bytes(
            {
                "alice/backprop.ipynb": notebook(),
                "__MACOSX/alice/._backprop.ipynb": b"\x00",
                "alice/.ipynb_checkpoints/x.ipynb": notebook(),
            }
        ),
    )
    assert [s.identity.id for s in discover([tmp_path], "backprop")] == [
        "bob.ipynb",
        "z/alice.zip/alice/backprop.ipynb",
    ]
    assert [s.source_files for s in discover([path], "backprop")] == [["alice.zip/alice/backprop.ipynb"]]


def test_notebooks_are_read_lazily_and_fail_with_a_sentence(tmp_path):
    path = write(tmp_path / "bob.ipynb", notebook("before"))
    (submission,) = discover([tmp_path], "backprop")
    path.write_bytes(notebook("after"))  # read when graded, not when discovered
    assert b"after" in submission.notebook.read()
    path.unlink()
    with pytest.raises(SourceError, match="bob.ipynb could not be read"):
        submission.notebook.read()


def test_a_missing_path_or_a_stray_file_is_a_problem_not_a_crash(tmp_path):
    write(tmp_path / "ok" / "bob.ipynb", notebook())
    write(tmp_path / "report.pdf", b"%PDF")
    submissions = discover([tmp_path / "nope", str(tmp_path / "report.pdf"), tmp_path / "ok"], "backprop")
    assert "does not exist" in submissions[0].problem
    assert "is not a notebook (.ipynb), a zip or a folder" in submissions[1].problem
    assert submissions[2].notebook and len(submissions) == 3


# --- broken and hostile zips ----------------------------------------------------------------


def test_corrupt_encrypted_and_empty_zips_each_get_a_problem(tmp_path):
    write(tmp_path / "broken.zip", b"PK\x03\x04 this is not really a zip")
    write(tmp_path / "locked.zip", set_encrypted(zip_bytes({"backprop.ipynb": notebook()})))
    write(tmp_path / "pdfs.zip", zip_bytes({"report.pdf": b"%PDF"}))
    write(tmp_path / "bob.ipynb", notebook("fine"))
    found = by_id(discover([tmp_path], "backprop"))
    assert "not a readable zip" in found["broken.zip"].problem
    assert "encrypted" in found["locked.zip"].problem
    assert "holds no notebook" in found["pdfs.zip"].problem
    assert found["pdfs.zip"].source_files == ["pdfs.zip/report.pdf"]
    assert b"fine" in found["bob.ipynb"].notebook.read()
    assert all(s.notebook is None for k, s in found.items() if k != "bob.ipynb")


def test_one_encrypted_notebook_among_readable_ones(tmp_path):
    plain = zip_bytes({"a/backprop.ipynb": notebook()})
    locked = set_encrypted(zip_bytes({"b/backprop.ipynb": notebook()}))
    half = set_encrypted(
        zip_bytes({"README.txt": b"hi", "c/backprop.ipynb": notebook()}), only=("c/backprop.ipynb",)
    )
    outer = write(
        tmp_path / "mix.zip", zip_bytes({"plain.zip": plain, "locked.zip": locked, "half.zip": half})
    )
    found = by_id(discover([outer], "backprop"))
    assert found["mix.zip/plain.zip/a/backprop.ipynb"].notebook is not None
    assert "encrypted (password-protected)" in found["mix.zip/locked.zip"].problem
    assert found["mix.zip/half.zip/c/backprop.ipynb"].problem == (
        "mix.zip/half.zip/c/backprop.ipynb is encrypted (password-protected), so it cannot be read."
    )


def test_zip_bomb_is_a_problem_quickly_and_in_bounded_memory(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.zip", size=60 * MiB)
    assert bomb.stat().st_size < MiB
    tracemalloc.start()
    started = time.monotonic()
    (submission,) = discover([bomb], "backprop")
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert submission.notebook is None and "larger than 50 MiB" in submission.problem
    assert elapsed < 10 and peak < 16 * MiB


def test_a_header_that_understates_the_size_is_not_believed(tmp_path):
    honest = zip_bytes({"backprop.ipynb": bytes(3 * MiB)})
    liar = write(tmp_path / "liar.zip", declare_size(honest, 100))
    (submission,) = discover([liar], "backprop")
    assert submission.notebook is None and "could not be read" in submission.problem


def test_read_entry_stops_at_the_cap_whatever_the_header_says(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.zip", size=8 * MiB)
    with zipfile.ZipFile(bomb) as archive:
        info = archive.infolist()[0]
        with pytest.raises(SourceError, match="larger than 1 MiB"):
            zips.read_entry(archive, info, MiB, "bomb.zip/bomb.ipynb")
        assert len(zips.read_entry(archive, info, 8 * MiB, "bomb.zip/bomb.ipynb")) == 8 * MiB


def test_total_budget_per_top_level_zip(tmp_path, monkeypatch):
    monkeypatch.setattr(zips, "MAX_TOTAL_BYTES", 5 * MiB)
    many = write(tmp_path / "many.zip", zip_bytes({f"s{i}/backprop.ipynb": bytes(2 * MiB) for i in range(4)}))
    (submission,) = discover([many], "backprop")
    assert submission.identity.id == "many.zip" and "more than 5 MiB" in submission.problem


def test_entry_count_cap_is_checked_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(zips, "MAX_ENTRIES", 5)
    crowded = write(tmp_path / "crowded.zip", zip_bytes({f"f{i}.txt": b"x" for i in range(6)}))
    with open(crowded, "rb") as stream:
        assert zips.declared_entry_count(stream) == 6
    (submission,) = discover([crowded], "backprop")
    assert "more than 5 entries" in submission.problem

    def no_parsing(*args, **kwargs):
        raise AssertionError("the central directory was parsed")

    monkeypatch.setattr(zips.zipfile, "ZipFile", no_parsing)  # refused from the end record alone
    assert "more than 5 entries" in discover([crowded], "backprop")[0].problem


def test_inner_zip_cap_and_nesting_depth(tmp_path, monkeypatch):
    level4 = zip_bytes({"deep.ipynb": notebook()})
    level3 = zip_bytes({"l4.zip": level4, "ok.ipynb": notebook("depth three")})
    nested = write(tmp_path / "l1.zip", zip_bytes({"l2.zip": zip_bytes({"l3.zip": level3})}))
    found = by_id(discover([nested], "backprop"))
    assert "nested more than 3 zips deep" in found["l1.zip/l2.zip/l3.zip/l4.zip"].problem
    assert b"depth three" in found["l1.zip/l2.zip/l3.zip/ok.ipynb"].notebook.read()
    monkeypatch.setattr(zips, "MAX_INNER_ZIP_BYTES", 100)
    (submission,) = discover([nested], "backprop")
    assert submission.identity.id == "l1.zip/l2.zip" and "larger than 100 bytes" in submission.problem


def test_a_notebook_on_disk_over_the_cap(tmp_path, monkeypatch):
    write(tmp_path / "big.ipynb", notebook("x" * 5000))
    monkeypatch.setattr(zips, "MAX_NOTEBOOK_BYTES", 1000)
    (submission,) = discover([tmp_path], "backprop")
    assert submission.notebook is None and "larger than 1000 bytes" in submission.problem


def test_path_traversal_names_are_only_displayed(tmp_path):
    hostile = write(
        tmp_path / "in" / "evil.zip",
        zip_bytes(
            [
                ("../../escape.ipynb", notebook("dots")),
                ("/abs/root.ipynb", notebook("abs")),
                ("win\\sub\\back.ipynb", notebook("back")),
                ("C:/drive.ipynb", notebook("drive")),
            ]
        ),
    )
    before = sorted(p for p in tmp_path.rglob("*"))
    found = by_id(discover([hostile], "backprop"))
    assert set(found) == {
        "evil.zip/escape.ipynb",
        "evil.zip/abs/root.ipynb",
        "evil.zip/win/sub/back.ipynb",
        "evil.zip/drive.ipynb",
    }
    assert b"dots" in found["evil.zip/escape.ipynb"].notebook.read()
    assert b"back" in found["evil.zip/win/sub/back.ipynb"].notebook.read()
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "escape.ipynb").exists() and not Path("/abs/root.ipynb").exists()


def test_a_canvas_like_name_in_a_plain_folder_is_not_taken_for_canvas(tmp_path):
    write(tmp_path / "in" / "bob.ipynb", notebook("b = 1"))
    write(tmp_path / "in" / "lab_1_2_final.ipynb", notebook("l = 1"))
    found = discover([tmp_path / "in"], "backprop")
    assert sorted((s.identity.layout, s.identity.id) for s in found) == [
        ("file", "bob.ipynb"),
        ("file", "lab_1_2_final.ipynb"),
    ]
