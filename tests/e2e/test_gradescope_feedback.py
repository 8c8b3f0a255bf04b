"""The feedback students see on Gradescope, from the simulated container: Markdown, with the
visibility the release chose.

Buggy samples are graded in the container of tests/gradescope_container.py twice: by the zip's
run_autograder (the release's default, `visible`) and by the same installed wheel's
`nngrade gradescope --visibility after_published`. Every failing function's entry gives the
diagnosis report.html gives, lecture questions wait for publication, and no field shows a hidden
value. tests/e2e/test_feedback_markdown.py checks the same document as `nngrade grade` writes it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from gradescope_container import SAMPLES, container, needs_container
from hidden_values import hidden_numbers, leaks, visible_texts

from autograder import assignments
from autograder.report.results import GradedDocument

pytestmark = needs_container

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
    graded = GradedDocument.from_json(doc)
    kinds = {item.id: item.kind for item in assignments.load("backprop").items}
    # Gradescope's format fields, which the reader does not keep: checked in the file as written
    assert doc["output_format"] == doc["test_output_format"] == "md" and doc["stdout_visibility"] == "hidden"
    assert graded.extra_data["feedback_visibility"] == visibility
    assert all(test["output_format"] == "md" for test in doc["tests"])
    for test in graded.tests:
        kind = kinds[test.qid]
        assert test.visibility == ("after_published" if kind == "lecture question" else visibility), test.name
        if kind == "function" and test.score < test.max_score:
            assert test.output.startswith("**What the check found:** "), test
        if test.carried_from:
            assert test.output.startswith("Correct given your `"), test
    failing = [t for t in graded.tests if t.qid == qid and t.score < t.max_score]
    assert failing
    for test in failing:
        assert test.misconceptions, test
        for misconception in test.misconceptions:
            assert f"** (`{misconception}`)" in test.output and "**Likely misconception: " in test.output
        for part in ("- Lecture formula: `", "- See ", "- **Hint:** "):
            assert part in test.output, test.output
    if visibility == "visible":
        assert "**Score so far: " in graded.output and f"**First thing to fix: `{qid}`**" in graded.output
    else:  # Gradescope shows the top-level output at once: it waits with the score and the feedback
        assert "Score so far" not in graded.output and f"`{qid}`" not in graded.output
        assert "publishes the grades" in graded.output
    hidden = hidden_numbers("backprop", graded.seed)
    for text in visible_texts(graded):
        assert leaks(text, hidden) == [], text
