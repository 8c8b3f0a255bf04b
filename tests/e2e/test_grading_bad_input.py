"""Submissions that are not gradable notebooks, or that break in ordinary ways, still get results."""

import json

import pytest
from support import (
    answers_source,
    document,
    gradebook_rows,
    new_notebook,
    one_cell_submission,
    question_scores,
    reference_source,
    report,
    write,
)

from autograder.cli import main


def grade(tmp_path, assignment, *paths):
    out = tmp_path / "out"
    code = main(["grade", "-a", assignment, *map(str, paths), "-o", str(out), "-j", "2"])
    return code, out


def _truncated(path):
    text = json.dumps(one_cell_submission("perceptron"))
    path.write_text(text[: len(text) // 2])


def _nbformat3(path):
    path.write_text(
        json.dumps(
            {
                "nbformat": 3,
                "nbformat_minor": 0,
                "metadata": {"name": ""},
                "worksheets": [
                    {"cells": [{"cell_type": "code", "input": "x = 1", "language": "python", "outputs": []}]}
                ],
            }
        )
    )


def _empty(path):
    path.write_bytes(b"")


def _markdown_only(path):
    import nbformat

    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# my answers")]), path)


def _deeply_nested(path):  # 100,000 nested lists in 200 KB: json's recursion must not stop the batch
    text = json.dumps(one_cell_submission("perceptron"))
    path.write_text(text[:-1] + ', "deep": ' + "[" * 100_000 + "]" * 100_000 + "}")


def _many_cells(path):  # 500,000 empty cells in 45 MB: validation must stay cheap
    cell = '{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ""}'
    path.write_text(
        '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [' + ", ".join([cell] * 500_000) + "]}"
    )


def _sparse_giant(path):  # 1.5 GB that takes no disk: it must never be read whole
    with open(path, "wb") as handle:
        handle.truncate(1536 * 2**20)


def _escape_in_format(path):  # the nbformat value is the student's text: it must not reach a terminal
    data = json.loads(json.dumps(one_cell_submission("perceptron")))
    data["nbformat"] = "\x1b]0;owned\x07\x1b[2K53.00 / 37"
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    "make, words",
    [
        (_deeply_nested, "nests JSON too deeply"),
        (_many_cells, "more than the 5000 allowed"),
        (_sparse_giant, "larger than 50 MiB"),
        (_escape_in_format, "format unknown"),
        (_truncated, "not valid notebook JSON"),
        (_nbformat3, "nbformat 4 is required"),
        (_empty, "empty"),
        (_markdown_only, "no code cells"),
    ],
)
def test_ungradable_file_gets_a_results_file_that_says_why(tmp_path, make, words):
    bad = tmp_path / "bad.ipynb"
    make(bad)
    good = write(one_cell_submission("perceptron"), tmp_path / "good.ipynb")
    code, out = grade(tmp_path, "perceptron", bad, good)
    assert code == 0
    doc = document(out, "bad")
    assert doc.score == 0 and words in doc.output
    assert all(t.score == 0 and words in t.output for t in doc.tests)
    assert words in report(out, "bad")
    assert document(out, "good").score == 37  # the batch carries on
    rows = gradebook_rows(out)
    assert rows["bad"]["total"] == "0" and words in rows["bad"]["status"]


BROKEN = """
del sigmoid_gradient
def one_hot(y, num_labels):
    raise RuntimeError("not done yet")
_ff = feedforward
def feedforward(thetas, X):
    return [a.T for a in _ff(thetas, X)]
def nn_cost(thetas, X, Y, lam=0.0):
    return float("nan")
def nn_gradients(thetas, X, Y, lam=0.0):
    return "gradients"
"""


def test_missing_raising_misshapen_nan_and_mistyped_functions_score_zero_with_a_reason(tmp_path):
    notebook = new_notebook(reference_source("backprop"), answers_source("backprop"), BROKEN)
    code, out = grade(tmp_path, "backprop", write(notebook, tmp_path / "broken.ipynb"))
    assert code == 0
    doc = document(out, "broken")
    outputs = {t.qid: t.output for t in doc.tests if t.score == 0}
    assert "`sigmoid_gradient` is not defined" in outputs["sigmoid_gradient"]
    assert "RuntimeError: not done yet" in outputs["one_hot"]
    assert "shape" in outputs["feedforward"]
    assert "NaN" in outputs["nn_cost"]
    assert "got text" in outputs["nn_gradients"]
    scores = question_scores(doc)
    for qid in ("sigmoid_gradient", "one_hot", "feedforward", "nn_cost", "nn_gradients"):
        assert scores[qid][0] == 0, qid
    # backprop_deltas calls the notebook's sigmoid_gradient, which is gone, so it fails too;
    # the independent items keep full marks.
    assert scores["backprop_deltas"][0] == 0 and "NameError" in outputs["backprop_deltas"]
    for qid in ("numerical_gradient", "relative_difference", "rand_initialize_weights", "q_fp_bp_order"):
        assert scores[qid][0] == scores[qid][1], qid


def test_unknown_assignment_and_missing_files_are_usage_errors(tmp_path, capsys):
    assert main(["grade", "-a", "nope", str(tmp_path), "-o", str(tmp_path / "o")]) == 2
    assert main(["grade", "-a", "backprop", str(tmp_path / "absent.ipynb"), "-o", str(tmp_path / "o")]) == 2
    assert "unknown assignment" in capsys.readouterr().err
