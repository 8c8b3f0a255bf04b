"""Diagnosis reaches the student: tags in results.json, plain words in report.html, helpers blamed."""

from pathlib import Path

import pytest
from support import document, report

from autograder.cli import main
from autograder.diagnosis.catalogue import describe

SAMPLES = Path(__file__).resolve().parents[2] / "assignments" / "backprop" / "samples"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("diagnosis")
    assert (
        main(
            [
                "grade",
                "-a",
                "backprop",
                str(SAMPLES / "carol.ipynb"),
                str(SAMPLES / "dave.ipynb"),
                str(SAMPLES / "erin.ipynb"),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    return out


def tags_of(doc, qid):
    return {t for test in doc.tests if test.qid == qid for t in test.tags}


def test_wrong_helper_is_named_in_the_functions_that_call_it(graded, tmp_path):
    doc = document(graded, "carol")  # sigmoid_gradient computes z(1 - z)
    assert "misconception:sigmoid-grad-of-activation" in tags_of(doc, "sigmoid_gradient")
    deltas = [t for t in doc.tests if t.qid == "backprop_deltas"]
    assert deltas and all(
        t.score == t.max_score
        and t.tags == ("carried-forward:sigmoid_gradient",)
        and "Correct given your `sigmoid_gradient`, whose own error is marked there" in t.output
        for t in deltas
    )
    # Marked strictly, the functions built on it lose their points and name the helper to fix first.
    strict = tmp_path / "strict"
    assert (
        main(
            ["grade", "-a", "backprop", str(SAMPLES / "carol.ipynb"), "-o", str(strict), "--no-carry-forward"]
        )
        == 0
    )
    doc = document(strict, "carol")
    deltas = [t for t in doc.tests if t.qid == "backprop_deltas" and t.score == 0]
    assert deltas and all("fix `sigmoid_gradient` first" in t.output for t in deltas)
    assert "misconception:sigmoid-grad-of-activation" in tags_of(doc, "backprop_deltas")


@pytest.mark.parametrize(
    "student, qid, misconception",
    [
        ("dave", "nn_gradients", "grad-reg-lambda"),
        ("erin", "backprop_deltas", "delta-sign-flipped"),
    ],
)
def test_deck_mistakes_are_diagnosed(graded, student, qid, misconception):
    assert f"misconception:{misconception}" in tags_of(document(graded, student), qid)


def test_report_explains_in_plain_words_without_hidden_values(graded):
    html = report(graded, "carol")
    info = describe("sigmoid-grad-of-activation")
    assert "What seems to have gone wrong" in html and info["hint"].split()[0] in html
    assert info["deck"] in html
    assert "all public checks passed" in html.lower() or "small subset" in html
    assert "sin_network" not in html and "random_network" not in html
