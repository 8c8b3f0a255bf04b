"""The Gradescope autograder zip, run in a simulated Gradescope container on this machine.

The container is bubblewrap (as root) with Gradescope's layout bound at /autograder: the zip
unpacked in /autograder/source, run_autograder copied to /autograder/run_autograder, the student's
notebook in /autograder/submission. /opt/nngrade is a venv holding the zip's wheel, as setup.sh
makes it; its dependencies come from this checkout's .venv (setup.sh's apt and pip downloads are
the one part not exercised here). Two containers: one that allows namespaces (student code runs
in a nested bubblewrap), and one without CAP_SYS_ADMIN, like Docker's default (student code runs
as an unprivileged uid with limits).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hidden_values import hidden_numbers, leaks, visible_texts
from support import answers_source, new_notebook, qid_of, reference_source, results

from autograder import assignments
from autograder.cli import main
from autograder.runner.sandbox import SYSTEM_DIRS

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "assignments" / "{name}" / "samples"
SITE = next(Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("bwrap") is None,
    reason="the simulated container needs root and bubblewrap",
)


@pytest.fixture(scope="module")
def venv(release_dir, tmp_path_factory) -> Path:
    """/opt/nngrade as setup.sh leaves it: a venv with the zip's wheel installed."""
    folder = tmp_path_factory.mktemp("opt") / "nngrade"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    wheel_dir = tmp_path_factory.mktemp("wheel")
    with zipfile.ZipFile(release_dir / "backprop" / "gradescope" / "backprop-autograder.zip") as archive:
        (wheel,) = [n for n in archive.namelist() if n.endswith(".whl")]
        archive.extract(wheel, wheel_dir)
    site = next((folder / "lib").glob("python3*/site-packages"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel_dir / wheel),
        ],
        check=True,
    )
    (site / "dependencies.pth").write_text(f"{SITE}\n")
    return folder


METADATA = {
    "id": 123456,
    "created_at": "2026-11-30T14:22:32.365935-07:00",
    "assignment": {"due_date": "2026-12-01T23:00:00.000000-07:00", "title": "backprop"},
    "users": [{"email": "jane@example.edu", "id": 1234, "name": "Jane Doe"}],
    "previous_submissions": [],
}


def container(
    release_dir: Path,
    venv: Path,
    layout: Path,
    assignment: str,
    notebooks: list[Path],
    namespaces: bool,
    command: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """Unpack the zip like Gradescope, then run /autograder/run_autograder in the container (or
    `command`, e.g. the installed `nngrade gradescope` with other options than the zip's)."""
    for sub in ("source", "submission", "results"):
        (layout / sub).mkdir(parents=True)
    with zipfile.ZipFile(release_dir / assignment / "gradescope" / f"{assignment}-autograder.zip") as archive:
        archive.extractall(layout / "source")
    shutil.copy(layout / "source" / "run_autograder", layout / "run_autograder")
    os.chmod(layout / "run_autograder", 0o755)
    for notebook in notebooks:
        shutil.copy(notebook, layout / "submission" / notebook.name)
    (layout / "submission_metadata.json").write_text(json.dumps(METADATA))  # as Gradescope documents it
    args = [
        "bwrap",
        "--unshare-pid",
        "--die-with-parent",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    for directory in SYSTEM_DIRS:
        if os.path.islink(directory):
            args += ["--symlink", os.readlink(directory), directory]
        elif os.path.isdir(directory):
            args += ["--ro-bind", directory, directory]
    for tree in (Path(sys.base_prefix), SITE):
        for ancestor in reversed(tree.parents):
            if str(ancestor) != "/" and not any(str(ancestor).startswith(d) for d in SYSTEM_DIRS):
                args += ["--perms", "0755", "--dir", str(ancestor)]
        args += ["--ro-bind", str(tree), str(tree)]
    args += [
        "--perms",
        "0755",
        "--dir",
        "/opt",
        "--bind",
        str(venv),
        "/opt/nngrade",
        "--bind",
        str(layout),
        "/autograder",
        "--chdir",
        "/autograder",
    ]
    if not namespaces:
        args += ["--cap-drop", "CAP_SYS_ADMIN"]  # like Docker's default: no new namespaces inside
    return subprocess.run(
        args + (command or ["/autograder/run_autograder"]),
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )


def graded_locally(tmp_path: Path, assignment: str, notebook: Path, seed: int) -> dict:
    """`nngrade grade` of one notebook with the seed Gradescope's run recorded: the same hidden
    inputs, so every case must score the same (a buggy sample's score can depend on the draws)."""
    out = tmp_path / "local" / notebook.stem
    assert main(["grade", "-a", assignment, str(notebook), "-o", str(out), "--seed", str(seed)]) == 0
    return results(out, notebook.stem)


def per_test(doc: dict) -> list[tuple[str, float, float]]:
    return [(t["name"], t["score"], t["max_score"]) for t in doc["tests"]]


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
        gradescope = json.loads((layout / "results" / "results.json").read_text())
        local = graded_locally(tmp_path, assignment, sample, gradescope["extra_data"]["seed"])
        assert gradescope["score"] == local["score"], sample.stem
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
    doc = json.loads((layout / "results" / "results.json").read_text())
    extra = doc["extra_data"]
    assert extra["student"] == {
        "id": "1234",
        "name": "Jane Doe",
        "email": "jane@example.edu",
        "layout": "gradescope",
    }
    assert extra["source_files"] == ["prying.ipynb"] and extra["submitted_at"] == METADATA["created_at"]
    assert isinstance(extra["seed"], int) and len(extra["grader_fingerprint"]) == 16
    assert doc["score"] == assignments.load("backprop").total_points, [
        t for t in doc["tests"] if t["score"] < t["max_score"]
    ][:2]


def test_a_submission_without_a_notebook_gets_a_results_file_saying_so(release_dir, venv, tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("not a notebook")
    layout = tmp_path / "container"
    done = container(release_dir, venv, layout, "perceptron", [stray], namespaces=True)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads((layout / "results" / "results.json").read_text())
    assert doc["score"] == 0 and "No .ipynb file" in doc["output"]


FEEDBACK = {
    "carol": "sigmoid_gradient",
    "dave": "nn_gradients",
    "erin": "backprop_deltas",
}  # sample: failing function
INSTALLED = [
    "/opt/nngrade/bin/python",
    "-I",
    "-m",
    "autograder.cli",
    "gradescope",
    "--assignment",
    "backprop",
    "--root",
    "/autograder",
]


@pytest.fixture(scope="module")
def feedback(release_dir, venv, tmp_path_factory) -> dict[tuple[str, str], dict]:
    """Buggy samples' Gradescope results, by the zip's run_autograder (the release's default,
    `visible`) and by the same installed wheel's `nngrade gradescope --visibility after_published`."""
    docs = {}
    for sample in FEEDBACK:
        for visibility, command in (
            ("visible", None),
            ("after_published", [*INSTALLED, "--visibility", "after_published"]),
        ):
            layout = tmp_path_factory.mktemp(f"{sample}-{visibility}")
            notebook = Path(str(SAMPLES).format(name="backprop")) / f"{sample}.ipynb"
            done = container(release_dir, venv, layout, "backprop", [notebook], True, command)
            assert done.returncode == 0, done.stdout + done.stderr
            docs[sample, visibility] = json.loads((layout / "results" / "results.json").read_text())
    return docs


def test_the_release_writes_its_feedback_visibility_into_run_autograder(release_dir):
    with zipfile.ZipFile(release_dir / "backprop" / "gradescope" / "backprop-autograder.zip") as archive:
        script = archive.read("run_autograder").decode()
        record = json.loads(archive.read("nngrade-release.json"))
    assert script.rstrip().endswith("--root /autograder --visibility visible")
    assert record["gradescope"] == {"carry_forward": True, "visibility": "visible"}


@pytest.mark.parametrize("visibility", ["visible", "after_published"])
@pytest.mark.parametrize("sample", sorted(FEEDBACK))
def test_gradescope_feedback_is_the_diagnosis_in_markdown_with_the_chosen_visibility(
    feedback, sample, visibility
):
    doc, qid = feedback[sample, visibility], FEEDBACK[sample]
    kinds = {item.id: item.kind for item in assignments.load("backprop").items}
    assert doc["output_format"] == doc["test_output_format"] == "md" and doc["stdout_visibility"] == "hidden"
    assert doc["extra_data"]["feedback_visibility"] == visibility
    for test in doc["tests"]:
        kind = kinds[qid_of(test)]
        assert test["output_format"] == "md"
        assert test["visibility"] == ("after_published" if kind == "lecture question" else visibility), test[
            "name"
        ]
        if kind == "function" and test["score"] < test["max_score"]:
            assert test["output"].startswith("**What the check found:** "), test
        if any(tag.startswith("carried-forward:") for tag in test["tags"]):
            assert test["output"].startswith("Correct given your `"), test
    failing = [t for t in doc["tests"] if t["name"].startswith(f"{qid}: ") and t["score"] < t["max_score"]]
    assert failing
    for test in failing:
        claimed = [tag.split(":", 1)[1] for tag in test["tags"] if tag.startswith("misconception:")]
        assert claimed, test
        for misconception in claimed:
            assert (
                f"** (`{misconception}`)" in test["output"] and "**Likely misconception: " in test["output"]
            )
        for part in ("- Lecture formula: `", "- See ", "- **Hint:** "):
            assert part in test["output"], test["output"]
    if visibility == "visible":
        assert "**Score so far: " in doc["output"] and f"**First thing to fix: `{qid}`**" in doc["output"]
    else:  # Gradescope shows the top-level output at once: it waits with the score and the feedback
        assert "Score so far" not in doc["output"] and f"`{qid}`" not in doc["output"]
        assert "publishes the grades" in doc["output"]
    hidden = hidden_numbers("backprop", doc["extra_data"]["seed"])
    for text in visible_texts(doc):
        assert leaks(text, hidden) == [], text
