"""Intake of hostile or broken input: odd file names, litter, corrupt and encrypted zips, zip bombs,
caps on size, count and nesting, and path traversal."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from lms_fixtures import (
    MiB,
    by_id,
    declare_size,
    notebook,
    set_encrypted,
    write,
    zip_bomb,
    zip_bytes,
)

from autograder.intake import zips
from autograder.intake.discover import discover
from autograder.intake.model import SourceError


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
