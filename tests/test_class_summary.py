"""summary.html for the instructor: distribution, per-question difficulty, frequent misconceptions,
and the submissions that failed to run, from a real graded batch."""
import base64
import json
import re
import shutil
from pathlib import Path

import pytest

from autograder import assignments
from autograder.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "assignments" / "backprop" / "samples"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder, out = tmp_path_factory.mktemp("class-in"), tmp_path_factory.mktemp("class-out")
    for sample in SAMPLES.glob("*.ipynb"):
        shutil.copy(sample, folder / sample.name)
    (folder / "zoe.ipynb").write_text('{"cells": [')  # cannot be graded
    assert main(["grade", "-a", "backprop", str(folder), "-o", str(out), "-j", "2"]) == 0
    return out, (out / "summary.html").read_text()


def test_counts_and_mean_match_the_results(graded):
    out, html = graded
    scores = [json.loads(p.read_text())["score"] for p in out.glob("*/results.json")]
    assert len(scores) == 7
    assert f"{sum(scores) / len(scores):.2f}" in html


def test_every_question_and_the_diagnosed_misconceptions_appear(graded):
    _, html = graded
    for item in assignments.load("backprop").items:
        assert item.id in html
    for misconception in ("sigmoid-grad-of-activation", "grad-reg-lambda", "delta-sign-flipped"):
        assert misconception in html


def test_failed_submission_is_listed_with_its_reason(graded):
    _, html = graded
    assert "zoe" in html and "not valid notebook JSON" in html


def test_plots_are_embedded_pngs(graded):
    _, html = graded
    images = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    assert len(images) >= 2
    assert all(base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n" for data in images)
