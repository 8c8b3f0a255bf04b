"""results.json feedback as Markdown: the diagnosis report.html gives, inert, and no hidden value.

These run `nngrade grade`, which writes the same results document as `nngrade gradescope`
(report.results); tests/e2e/test_gradescope_feedback.py checks the Gradescope container's own run.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hidden_values import hidden_numbers, leaks, visible_texts
from support import answers_source, document, new_notebook, reference_source, write

from autograder import assignments
from autograder.cli import main
from autograder.diagnosis.catalogue import describe
from autograder.grading.outcome import Entry, Outcome
from autograder.grading.plan import plan_cases
from autograder.report.markdown import md_code, md_text, redact
from autograder.report.results import results_document

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "assignments" / "backprop" / "samples"
SEED = 20261130

# Student code that echoes its hidden arguments and writes Markdown and HTML into its messages.
ECHOES = r"""
import numpy as np
def sigmoid_gradient(z):
    raise ValueError(f"z was {z!r} ![pic](http://evil.example/p.png) <img src=x onerror=alert(1)> *loud* _under_ `tick")
def feedforward(thetas, X):
    raise AssertionError(str(thetas) + " and " + repr(np.asarray(X).tolist()))
def relative_difference(a, b):
    raise RuntimeError(f"a={a} [click](http://evil.example) b={list(b)}")
"""


def test_student_text_is_inert_markdown():
    text = md_text(
        "calling `f` raised ValueError: ![a](http://x/y.png) [b][c] <script>x</script> *e* _u_ a\\b `odd\n# h"
    )
    assert "](" not in text and "][" not in text and "<" not in text and ">" not in text
    assert "\\*e\\*" in text and "\\_u\\_" in text and "\\`odd" in text and "a\\\\b" in text
    assert text.startswith("calling `f` raised") and "\n" not in text  # no line can start a heading
    assert md_code("a`b") == "``a`b``" and md_code("`x") == "`` `x ``"
    assert (
        redact("got [0.5488135  -0.71518937] and 1.23456789e-05, within ±0.001 of 2.5")
        == "got […  -…] and …, within ±0.001 of 2.5"
    )


def _entry(qid: str, kind: str, score: float = 0.0) -> Entry:
    return Entry(
        qid,
        f"{qid}: a case",
        score,
        1.0,
        "",
        kind,
        problem=None if score else "the result has wrong values",
        function=qid,
        message="What this case tests.",
    )


@pytest.mark.parametrize("visibility", ["visible", "after_published"])
def test_lecture_questions_wait_for_publication_and_the_rest_follow_the_choice(visibility):
    entries = [
        _entry("f", "function"),
        _entry("g", "function", 1.0),
        _entry("q", "lecture question"),
        _entry("ex", "worked example"),
    ]
    doc = results_document(Outcome("s", "backprop", entries), visibility)  # the writer's own dict
    assert [t["visibility"] for t in doc["tests"]] == [visibility, visibility, "after_published", visibility]
    assert doc["output_format"] == doc["test_output_format"] == "md"
    assert all(t["output_format"] == "md" for t in doc["tests"])
    if visibility == "visible":
        assert "**Score so far: 1 / 3**" in doc["output"] and "First thing to fix: `f`" in doc["output"]
        assert "The 1 point of lecture questions" in doc["output"]
    else:  # Gradescope shows the top-level output at once: no score, no feedback in it
        assert "Score" not in doc["output"] and "`f`" not in doc["output"]
    with pytest.raises(ValueError):
        results_document(Outcome("s", "backprop", entries), "hidden")


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("feedback")
    echoes = write(
        new_notebook(reference_source("backprop"), answers_source("backprop"), ECHOES),
        folder / "in" / "echoes.ipynb",
    )
    paths = [str(echoes)] + [str(SAMPLES / f"{name}.ipynb") for name in ("carol", "dave", "erin")]
    out = folder / "out"
    assert main(["grade", "-a", "backprop", *paths, "-o", str(out), "--seed", str(SEED), "-j", "2"]) == 0
    return out


@pytest.mark.parametrize("student", ["echoes", "carol", "dave", "erin"])
def test_no_hidden_input_or_expected_value_in_any_field_students_see(graded, student):
    doc = document(graded, student)
    assert doc.seed == SEED
    hidden = hidden_numbers("backprop", SEED)
    assert len(hidden) > 100
    for text in visible_texts(doc):
        assert leaks(text, hidden) == [], text


def test_an_exception_message_echoing_the_inputs_is_redacted_and_escaped(graded):
    doc = document(graded, "echoes")
    outputs: dict[str, str] = {}
    for test in doc.tests:
        if test.score == 0:
            outputs[test.qid] = outputs.get(test.qid, "") + test.output + "\n"
    for qid in ("sigmoid_gradient", "feedforward", "relative_difference"):
        assert (
            "**What the check found:**" in outputs[qid] and "raised" in outputs[qid] and "…" in outputs[qid]
        )
    text = "\n".join(visible_texts(doc))
    assert "](" not in text and "<img" not in text and "&lt;img" in outputs["sigmoid_gradient"]
    assert "\\*loud\\*" in outputs["sigmoid_gradient"]


@pytest.mark.parametrize(
    "student, qid", [("carol", "sigmoid_gradient"), ("dave", "nn_gradients"), ("erin", "backprop_deltas")]
)
def test_each_failing_function_shows_the_diagnosis_the_report_gives(graded, student, qid):
    doc = document(graded, student)
    failing = [t for t in doc.tests if t.qid == qid and t.score < t.max_score]
    assert failing
    for test in failing:
        assert test.misconceptions and test.output.startswith("**What the check found:** ")
        for misconception in test.misconceptions:
            info = describe(misconception)
            assert f"**Likely misconception: {md_text(info['title'])}** (`{misconception}`)" in test.output
            assert md_text(info["explanation"]) in test.output
            assert f"- Lecture formula: {md_code(info['formula'])}" in test.output
            assert f"- See {md_text(info['deck'])}, slide “{md_text(info['where'])}”." in test.output
            assert f"- **Hint:** {md_text(info['hint'])}" in test.output
    assert f"**First thing to fix: `{qid}`**" in doc.output
    carried = [t for t in doc.tests if t.carried_from]
    assert all(t.output.startswith("Correct given your `") and t.score == t.max_score for t in carried)
    assert {t.visibility for t in doc.tests if t.qid.startswith("q_")} == {"after_published"}
    assert {t.visibility for t in doc.tests if not t.qid.startswith("q_")} == {"visible"}


@pytest.mark.parametrize("name", assignments.NAMES)
def test_no_case_message_students_see_at_once_states_an_expected_value(name):
    """A case's message is its entry's feedback when nothing is diagnosed; outside lecture
    questions it is shown at once, so it must not give away what the case expects."""
    assignment = assignments.load(name)
    hidden = hidden_numbers(name, SEED)
    stated = {
        p.case.message: leaks(p.case.message, hidden)
        for p in plan_cases(assignment, np.random.default_rng(SEED))
        if assignment.item(p.case.qid).kind != "lecture question"
    }
    assert {message: found for message, found in stated.items() if found} == {}
