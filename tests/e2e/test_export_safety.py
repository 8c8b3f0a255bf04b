"""`nngrade export` refuses what it cannot do safely, and what it writes is inert in a spreadsheet.

A bad argument or input file exits 2 with a message and writes nothing; every cell export writes,
a new column's title included, is neutralised against formula injection and terminal escapes.
Canvas's and Moodle's round trips: tests/e2e/test_export_canvas.py, test_export_moodle.py.
"""

from __future__ import annotations

import pytest
from canvas_course import ASSIGNMENTS, JOSE, canvas_file
from export_fixtures import canvas_gradebook, write_result
from moodle_fixtures import moodle_worksheet

from autograder.cli import main
from autograder.export import split_records
from autograder.report.spreadsheet import cell as safe_cell


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
