"""The answer channel and the argument check are not the student's to forge or to use against the grader.

Student code shares the child's process with the harness. One batch of notebooks
(tests/channel_attacks.py), graded through the real path with the sandbox on, attacks the answer
pipe (floods, oversized, over-many and over-nested messages, forged answers), the argument check
(patched comparisons, in-place writes) and the hidden inputs (printing them during the graded
calls); honest notebooks in the same batch keep full marks. The batch runs in a fresh interpreter
that is the grader, so that its peak RSS is its own (the pytest process's ru_maxrss is a maximum
over every test run before). The parent's side without a notebook: the bounded reader and the
protocol's order in tests/e2e/test_channel_reader.py, the structure check, read-only arguments and
the output cut in tests/e2e/test_channel_messages.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from channel_attacks import attack, notebooks
from support import document, documents_by_id, question_scores, report, write
from test_bounds import FILLS_TMP, FILLS_WORKDIR, HOGS, NESTED_USERNS, Sampler, line, size_of
from test_grading_bad_input import _deeply_nested, _escape_in_format, _many_cells, _sparse_giant

from autograder import assignments
from autograder.grading.plan import plan_cases
from autograder.runner.child import wire
from autograder.runner.sandbox import Limits, slot_group

ROOT = Path(__file__).resolve().parents[2]
TOTAL = assignments.load("backprop").total_points  # 53
RSS_LIMIT_MB = 500

GRADER = (
    "import resource, sys\nfrom autograder.cli import main\ncode = main(sys.argv[1:])\n"
    "print('MAXRSS_KIB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\nsys.exit(code)"
)


def other_findings(folder: Path) -> None:
    """The security review's other findings, in the same batch: the host's memory, disk and
    namespaces (tests/e2e/test_bounds.py), what the parent reads before any limit applies
    (tests/e2e/test_grading_bad_input.py), terminal injection, and names that would shadow class files."""
    for name, notebook in {
        "fills_tmp": FILLS_TMP,
        "fills_workdir": FILLS_WORKDIR,
        "hogs": HOGS,
        "nested_userns": NESTED_USERNS,
        "gradebook.csv": attack(),
        "=bob": attack(),
        "summary.html": attack(),
    }.items():
        write(notebook, folder / f"{name}.ipynb")
    for maker in (_deeply_nested, _many_cells, _sparse_giant, _escape_in_format):
        maker(folder / f"{maker.__name__.strip('_')}.ipynb")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder, out = tmp_path_factory.mktemp("channel-in"), tmp_path_factory.mktemp("channel-out")
    for name, notebook in notebooks().items():
        write(notebook, folder / f"{name}.ipynb")
    other_findings(folder)
    sampler = Sampler()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                GRADER,
                "grade",
                "-a",
                "backprop",
                str(folder),
                "-o",
                str(out),
                "-j",
                "2",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
    finally:
        sampler.stop()
    assert done.returncode == 0, done.stderr[-2000:]
    rss_kib = int(re.findall(r"MAXRSS_KIB (\d+)", done.stdout)[-1])
    return out, rss_kib / 1024, sampler, done.stdout, folder


def cgroup_available() -> bool:
    probe = slot_group(0, Limits())
    try:
        return bool(probe.dirs)
    finally:
        probe.close()


def scores(out, student):
    return question_scores(document(out, student))


def entries(out, student, qid):
    return [t for t in document(out, student).tests if t.qid == qid]


def test_honest_notebooks_keep_full_marks(batch):
    for student in ("honest_a", "honest_b", "theta_in_place", "prints_arguments"):
        assert document(batch[0], student).score == pytest.approx(TOTAL), student


def test_grader_memory_stays_bounded_whatever_the_child_writes(batch):
    assert batch[1] < RSS_LIMIT_MB, f"the grader peaked at {batch[1]:.0f} MB"


@pytest.mark.serial
def test_the_whole_hostile_batch_keeps_the_host_and_the_class_files(batch):
    """One notebook per finding of the review, next to honest ones, with the sandbox on (-j 2)."""
    out, _, sampler, stdout, folder = batch
    notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
    assert sorted(documents_by_id(out)) == notebooks  # each says what happened
    assert (out / "gradebook.csv").is_file() and (out / "summary.html").is_file()
    for honest in ("honest_a", "honest_b", "gradebook.csv", "summary.html", "=bob"):
        assert document(out, honest).score == pytest.approx(TOTAL), honest
    assert "\x1b" not in stdout and "\x07" not in stdout  # nothing of a notebook moves the terminal
    assert "UNSHARE 0" not in report(out, "nested_userns") and "MOUNTED" not in report(out, "nested_userns")
    assert int(line(report(out, "fills_tmp"), "TMP_WRITTEN")[0]) <= 256 * 2**20
    out_bytes, _ = size_of(out)
    for path, (used, _inodes) in sampler.disk.items():
        assert sampler.most_disk[path][0] - used < 100 * 2**20, path  # outside OUT, at any moment
        assert abs(sampler._disk()[path][0] - used - out_bytes) < 32 * 2**20, path  # and back where it was
    if not cgroup_available():
        pytest.skip(
            "no cgroup can be made here, so the host's memory is bounded per process only (see README)"
        )
    slots, slot_memory = 2, Limits().slot_memory_bytes
    drop = sampler.memory - sampler.least_memory
    assert drop <= slots * (slot_memory + 2**30), f"MemAvailable dropped by {drop >> 20} MiB"


@pytest.mark.parametrize(
    "student, why",
    [
        ("flood_1_5gib", "longer than 16 MiB"),
        ("line_60mb", "longer than 16 MiB"),
        ("many_values_15mb", f"more than {wire.MAX_JSON_TOKENS} JSON values"),
        ("deep_json", "nested deeper than 21 levels"),
    ],
)
def test_oversized_or_overnested_messages_end_the_reading(batch, student, why):
    doc = document(batch[0], student)
    assert doc.score == 0
    assert "interfered with grading" in doc.output and why in doc.output


def test_a_forged_answer_wins_nothing(batch):
    out = batch[0]
    got = scores(out, "forges_answer")
    assert got["nn_gradients"][0] == 0 and got["sigmoid_gradient"][0] == pytest.approx(
        got["sigmoid_gradient"][1]
    )
    assert got["numerical_gradient"][0] == 0  # after the forgery nothing more was read
    doc = document(out, "forges_answer")
    assert doc.score < TOTAL - got["nn_gradients"][1]
    assert "interfered with grading" in doc.output and "out of turn" in doc.output


@pytest.mark.parametrize("student", ["mutates_argument", "replaces_check"])
def test_an_in_place_write_to_an_argument_loses_the_points(batch, student):
    out = batch[0]
    assert scores(out, student)["nn_gradients"][0] == 0
    assert document(out, student).score == pytest.approx(TOTAL - scores(out, student)["nn_gradients"][1])
    for entry in entries(out, student, "nn_gradients"):
        assert "`nn_gradients` modified its argument(s) in place" in entry.output
        assert "read-only" in entry.output


def test_the_parent_checks_a_writable_argument_was_restored(batch):
    out = batch[0]
    assert scores(out, "theta_not_restored")["numerical_gradient"][0] == 0
    assert all(
        "`numerical_gradient` modified its argument(s) [1]" in e.output
        for e in entries(out, "theta_not_restored", "numerical_gradient")
    )
    assert document(out, "theta_not_restored").score == pytest.approx(
        TOTAL - scores(out, "theta_not_restored")["numerical_gradient"][1]
    )


def test_replacing_a_list_item_is_a_change_of_the_argument(batch):
    out = batch[0]
    assert scores(out, "replaces_list_item")["feedforward"][0] == 0
    assert all(
        "modified its argument(s) [0]" in e.output for e in entries(out, "replaces_list_item", "feedforward")
    )


def _hidden_values(seed: int) -> set[str]:
    """repr() of the first float of every drawn array argument: what the leaky notebook printed."""
    found = set()

    def visit(value):
        if (
            isinstance(value, np.ndarray)
            and value.dtype.kind == "f"
            and value.size
            and value.flat[0] != round(value.flat[0])
        ):
            found.add(repr(float(value.flat[0])))
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    for planned in plan_cases(assignments.load("backprop"), np.random.default_rng(seed)):
        for call in planned.calls:
            visit(list(call.args) + list(call.kwargs.values()))
    return found


def test_hidden_inputs_printed_during_the_calls_never_reach_the_report(batch):
    out = batch[0]
    html = report(out, "prints_arguments")
    assert "CELL OUTPUT IS SHOWN" in html  # the cells' own output still is
    for leak in ("LEAK", "SAVEDLEAK", "SUBPROCESS"):
        assert leak not in html
    hidden = _hidden_values(document(out, "prints_arguments").seed)
    assert len(hidden) > 20 and not any(value in html for value in hidden)
    assert "-40.0, -12.0, 12.0, 40.0" not in html  # a fixed input, printed as the notebook prints it
