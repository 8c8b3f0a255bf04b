"""The Gradescope autograder zip, run in a simulated Gradescope container: scores and isolation.

Each test unpacks the release's zip into the container of tests/gradescope_container.py and runs
its run_autograder, in a container that allows namespaces and in one without CAP_SYS_ADMIN, like
Docker's default: every sample scores as `nngrade grade` scores it with the same seed, student
code can neither read the grader's source nor write the results, and a submission without a
notebook still gets a results file. The feedback students see: tests/e2e/test_gradescope_feedback.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gradescope_container import METADATA, SAMPLES, container, needs_container
from support import answers_source, document, new_notebook, reference_source

from autograder import assignments
from autograder.cli import main
from autograder.report.results import GradedDocument

pytestmark = needs_container


def graded_locally(tmp_path: Path, assignment: str, notebook: Path, seed: int) -> GradedDocument:
    """`nngrade grade` of one notebook with the seed Gradescope's run recorded: the same hidden
    inputs, so every case must score the same (a buggy sample's score can depend on the draws)."""
    out = tmp_path / "local" / notebook.stem
    assert main(["grade", "-a", assignment, str(notebook), "-o", str(out), "--seed", str(seed)]) == 0
    return document(out, notebook.stem)


def per_test(doc: GradedDocument) -> list[tuple[str, float, float]]:
    return [(t.name, t.score, t.max_score) for t in doc.tests]


@pytest.mark.parametrize(
    "assignment, namespaces", [("backprop", True), ("perceptron", True), ("backprop", False)]
)
def test_run_autograder_scores_every_sample_as_nngrade_grade_does(
    release_dir, venv, tmp_path, assignment, namespaces
):
    samples = sorted(Path(str(SAMPLES).format(name=assignment)).glob("*.ipynb"))
    if not namespaces:
        samples = [s for s in samples if s.stem in ("alice", "carol", "frank_blank")]
    for sample in samples:
        layout = tmp_path / "containers" / sample.stem
        done = container(release_dir, venv, layout, assignment, [sample], namespaces)
        assert done.returncode == 0, done.stdout + done.stderr
        expected_mode = "bubblewrap" if namespaces else "unprivileged-user"
        assert f"isolation: {expected_mode}" in done.stdout
        assert "commit checkout" not in done.stdout  # the wheel's own build record, not a checkout's
        gradescope = GradedDocument.read(layout / "results" / "results.json")
        local = graded_locally(tmp_path, assignment, sample, gradescope.seed)
        assert gradescope.score == local.score, sample.stem
        assert per_test(gradescope) == per_test(local), sample.stem


PRYING = r"""
import glob, json
escaped = []
def attempt(label, action):
    try:
        action()
        escaped.append(label)
    except OSError:
        pass
attempt("source", lambda: open("/autograder/source/setup.sh").read())
attempt("results", lambda: open("/autograder/results/results.json", "w").write(json.dumps({"score": 999})))
attempt("metadata", lambda: open("/autograder/submission_metadata.json").read())
attempt("listing", lambda: __import__("os").listdir("/autograder"))
for path in glob.glob("/opt/nngrade/lib/python3*/site-packages/solutions/backprop.py"):
    attempt("reference", lambda: open(path).read())
if escaped:  # any success costs this notebook the points of sigmoid_gradient
    def sigmoid_gradient(z):
        return "escaped: " + ", ".join(escaped)
"""


@pytest.mark.parametrize("namespaces", [True, False])
def test_student_code_cannot_read_the_source_or_write_the_results(release_dir, venv, tmp_path, namespaces):
    notebook = tmp_path / "prying.ipynb"
    notebook.write_text(
        json.dumps(new_notebook(reference_source("backprop"), answers_source("backprop"), PRYING))
    )
    layout = tmp_path / "container"
    done = container(release_dir, venv, layout, "backprop", [notebook], namespaces)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = GradedDocument.read(layout / "results" / "results.json")
    assert doc.extra_data["student"] == {  # as written: no other field
        "id": "1234",
        "name": "Jane Doe",
        "email": "jane@example.edu",
        "layout": "gradescope",
    }
    assert doc.source_files == ("prying.ipynb",) and doc.submitted_at == METADATA["created_at"]
    assert isinstance(doc.seed, int) and len(doc.grader_fingerprint) == 16
    assert doc.score == assignments.load("backprop").total_points, [
        t for t in doc.tests if t.score < t.max_score
    ][:2]


def test_a_submission_without_a_notebook_gets_a_results_file_saying_so(release_dir, venv, tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("not a notebook")
    layout = tmp_path / "container"
    done = container(release_dir, venv, layout, "perceptron", [stray], namespaces=True)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = GradedDocument.read(layout / "results" / "results.json")
    assert doc.score == 0 and "No .ipynb file" in doc.output
