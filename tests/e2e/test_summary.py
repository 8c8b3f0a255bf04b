"""summary.html: the instructor's class page, built from the results.json files a real grading run wrote."""

import base64
import json
import re
import statistics
from pathlib import Path

import pytest

from autograder import assignments
from autograder.cli import main
from autograder.report.results import GradedDocument
from autograder.report.summary import summary_html

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "assignments" / "backprop" / "samples"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """The backprop samples plus a truncated notebook, graded in one real `nngrade grade` run."""
    inbox = tmp_path_factory.mktemp("inbox")
    text = (SAMPLES / "alice.ipynb").read_text(encoding="utf-8")
    (inbox / "truncated.ipynb").write_text(text[: len(text) // 3], encoding="utf-8")
    out = tmp_path_factory.mktemp("graded")
    argv = ["grade", "-a", "backprop", str(SAMPLES), str(inbox / "truncated.ipynb"), "-o", str(out)]
    assert main(argv) == 0
    return out


@pytest.fixture(scope="module")
def page(graded) -> str:
    return summary_html(assignments.load("backprop"), graded)


def stat(page: str, key: str) -> str:
    return re.search(rf"<b id='{key}'>([^<]*)</b>", page).group(1)


def misconception_count(page: str, mid: str) -> int:
    row = re.search(rf"<code>{re.escape(mid)}</code>.*?<td class=num>(\d+)</td></tr>", page)
    assert row, f"{mid} is not listed"
    return int(row.group(1))


def embedded_pngs(page: str) -> list[bytes]:
    return [base64.b64decode(b64) for b64 in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)]


def results_doc(
    student: str, score: float, tests: list[dict], problem=None, notes=(), assignment: str = "backprop"
) -> dict:
    return {
        "score": score,
        "output": "",
        "tests": tests,
        "extra_data": {
            "assignment": assignment,
            "student": {"id": student, "name": ""},
            "problem": problem,
            "notes": list(notes),
            "notebook_sha256": "0" * 64,
            "seconds": 1.0,
            "cell_errors": 0,
        },
    }


def put(out: Path, folder: str, doc) -> None:
    (out / "students" / folder).mkdir(parents=True)
    text = doc if isinstance(doc, str) else json.dumps(doc)
    (out / "students" / folder / "results.json").write_text(text, encoding="utf-8")


def test_names_every_question(page):
    for item in assignments.load("backprop").items:
        assert f"<code>{item.id}</code>" in page


def test_submission_count_and_mean_match_the_results_files(graded, page):
    scores = [GradedDocument.read(p).score for p in graded.glob("students/*/results.json")]
    assert len(scores) == 7  # six samples and the truncated notebook
    assert stat(page, "submissions") == "7"
    assert stat(page, "mean") == f"{statistics.fmean(scores):.2f}"
    assert stat(page, "median") == f"{statistics.median(scores):.2f}"
    assert stat(page, "max") == f"{max(scores):.2f}"
    assert stat(page, "not-graded") == "1"


def test_lists_the_samples_misconceptions(page):
    assert misconception_count(page, "sigmoid-grad-of-activation") >= 1  # carol
    assert misconception_count(page, "grad-reg-lambda") >= 1  # dave


def test_truncated_notebook_is_listed_as_failed_with_its_reason(page):
    row = re.search(
        r"<a href='students/truncated_ipynb-[0-9a-f]{16}/report.html'>truncated.ipynb</a></td><td>([^<]*)</td>",
        page,
    )
    assert row, "the truncated notebook is not in the trouble table"
    assert "not graded" in row.group(1) and "not valid notebook JSON" in row.group(1)
    assert "alice_ipynb-" not in page  # graded cleanly, so not in trouble


def test_two_embedded_charts_are_png_and_page_is_self_contained(page):
    pngs = embedded_pngs(page)
    assert len(pngs) == 2
    assert all(png.startswith(PNG_MAGIC) for png in pngs)
    assert "http://" not in page and "https://" not in page and "<link" not in page
    assert "<script" not in page


def test_every_chart_has_alt_text_with_its_numbers(graded, page):
    alts = re.findall(r"<img alt='([^']*)'", page)
    assert len(alts) == 2 and all(alts)
    scores = [GradedDocument.read(p).score for p in graded.glob("students/*/results.json")]
    histogram, questions = alts
    assert f"Histogram of {len(scores)} total scores out of 53" in histogram
    assert f"mean {statistics.fmean(scores):.2f}" in histogram
    assert "sigmoid_gradient" in questions and "%" in questions


def test_escapes_text_from_results_files(tmp_path):
    evil = "<script>alert(1)</script>"
    put(tmp_path, "mallory", results_doc(evil, 0.0, [], problem=f"bad {evil} notebook"))
    page = summary_html("backprop", tmp_path)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "bad &lt;script&gt;" in page


def test_backticks_in_reasons_render_as_code_and_stay_escaped(tmp_path):
    put(
        tmp_path,
        "other",
        results_doc(
            "other",
            0.0,
            [],
            problem="this notebook is the `perceptron` assignment, not `backprop`: submit `<b>`",
        ),
    )
    page = summary_html("backprop", tmp_path)
    assert "<code>perceptron</code> assignment, not <code>backprop</code>" in page
    assert "<code>&lt;b&gt;</code>" in page and "`" not in page.split("<body>", 1)[1]


def test_counts_each_submission_once_skips_other_assignments_and_lists_unreadable(tmp_path):
    tag = ["misconception:grad-reg-lambda"]
    twice = [
        {"name": "nn_gradients: case A", "score": 0.0, "max_score": 3.0, "tags": tag},
        {"name": "nn_gradients: case B", "score": 0.0, "max_score": 3.0, "tags": tag},
        {"name": "backprop_deltas: case A", "score": 0.0, "max_score": 5.0, "tags": tag},
    ]
    put(tmp_path, "ann", results_doc("ann", 47.0, twice, notes=["cell 3 timed out"]))
    put(
        tmp_path,
        "ben",
        results_doc(
            "ben", 53.0, [{"name": "nn_gradients: case A", "score": 6.0, "max_score": 6.0, "tags": []}]
        ),
    )
    put(tmp_path, "other", results_doc("other", 37.0, twice, assignment="perceptron"))
    put(tmp_path, "broken", "{ not json")
    page = summary_html("backprop", tmp_path)
    assert stat(page, "submissions") == "2" and stat(page, "mean") == "50.00"
    assert misconception_count(page, "grad-reg-lambda") == 1  # three cases, two functions, one student
    assert "<td><code>backprop_deltas</code>, <code>nn_gradients</code></td>" in page
    assert re.search(r"<code>nn_gradients</code>.*?<td class=num>50%</td>", page)  # full marks share
    assert "<a href='students/ann/report.html'>ann</a></td><td>cell 3 timed out</td>" in page
    assert "<code>students/broken/results.json</code>" in page


def test_empty_folder_still_renders(tmp_path):
    page = summary_html("backprop", tmp_path)
    assert stat(page, "submissions") == "0" and not embedded_pngs(page)
