"""`--no-sandbox` grades end to end: every result, the class files, and the warning in every report."""

from pathlib import Path

from support import document, gradebook_rows, report

from autograder.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "assignments" / "perceptron" / "samples"


def test_no_sandbox_run_writes_the_class_files(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["grade", "-a", "perceptron", str(SAMPLES), "-o", str(out), "--no-sandbox", "-j", "2"]) == 0
    assert "WARNING" in capsys.readouterr().err
    assert (out / "gradebook.csv").is_file() and (out / "summary.html").is_file()
    assert set(gradebook_rows(out)) == {p.stem for p in SAMPLES.glob("*.ipynb")}
    assert document(out, "alice").score == 37 and document(out, "frank_blank").score == 0
    assert "WITHOUT the sandbox" in report(out, "alice")
