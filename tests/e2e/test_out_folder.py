"""OUT across runs and names: no student's file overwrites another's, and a later run keeps grades.

Names that differ only in punctuation or script are different students with folders of their own;
an OUT folder of nngrade's older layout is refused rather than mixed; and grading only the late
submissions into the same OUT, with the roster, leaves the students graded before as they were.
"""

from __future__ import annotations

from lms_fixtures import write
from lms_samples import ALICE, CAROL, CAROL_SCORE, FRANK, FULL, grade, gradebook
from support import documents_by_id

from autograder.cli import main


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
    docs = documents_by_id(out)
    assert {i: d.score for i, d in docs.items()} == {
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
    assert documents_by_id(out)["ann.ipynb"].status == "missing"
    grade(out, str(write(tmp_path / "late" / "ann.ipynb", CAROL.read_bytes())), "--roster", str(roster))
    docs = documents_by_id(out)
    assert docs["bob.ipynb"].score == FULL and docs["bob.ipynb"].status == "graded"
    assert docs["ann.ipynb"].score == CAROL_SCORE and docs["ann.ipynb"].roster == "matched"
