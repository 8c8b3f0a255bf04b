"""The answer channel and the argument check are not the student's to forge or to use against the grader.

Student code shares the child's process with the harness. One batch of notebooks, graded through
the real path with the sandbox on, attacks the answer pipe (floods, oversized, over-many and
over-nested messages, forged answers), the argument check (patched comparisons, in-place writes)
and the hidden inputs (printing them during the graded calls); honest notebooks in the same batch
keep full marks. The batch runs in a fresh interpreter that is the grader, so that its peak RSS
is its own (the pytest process's ru_maxrss is a maximum over every test run before). Unit tests
cover the bounded reader, the protocol's order, the structure check and the output cut.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from support import answers_source, new_notebook, question_scores, reference_source, report, results, write
from test_bounds import FILLS_TMP, FILLS_WORKDIR, HOGS, NESTED_USERNS, Sampler, line, size_of
from test_grading_bad_input import _deeply_nested, _escape_in_format, _many_cells, _sparse_giant

from autograder import assignments
from autograder.grading.plan import plan_cases
from autograder.runner import channel
from autograder.runner.channel import (
    CappedOutput,
    ChannelViolation,
    ChildReport,
    bounded_lines,
    collect_answers,
)
from autograder.runner.child import wire
from autograder.runner.sandbox import Limits, slot_group

ROOT = Path(__file__).resolve().parents[2]
TOTAL = assignments.load("backprop").total_points  # 53
RSS_LIMIT_MB = 500
CONTRACT = (
    "sigmoid_gradient",
    "one_hot",
    "feedforward",
    "nn_cost",
    "backprop_deltas",
    "nn_gradients",
    "numerical_gradient",
    "relative_difference",
    "rand_initialize_weights",
    "xavier_initialize_weights",
)

# How a student finds the answer pipe: the harness got it as an inherited descriptor (argv of a
# fresh child, SCM_RIGHTS in a fork server); it is the one write-only pipe that is not stdout.
FIND_CHANNEL = """import os, stat, fcntl, sys, json
def answer_channel():
    stdout = os.fstat(1).st_ino
    for name in os.listdir("/proc/self/fd"):
        try:
            info = os.fstat(int(name))
        except OSError:
            continue
        if stat.S_ISFIFO(info.st_mode) and info.st_ino != stdout and fcntl.fcntl(int(name), fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
            return int(name)
    raise RuntimeError("no answer channel found")
"""

# The bug of tests/submissions/bugs.py `mutates_input`, on the reference: nn_gradients zeroes its
# argument's bias column in place (a correct gradient, but the caller's Θ lose their biases).
MUTATING_NN_GRADIENTS = """_honest_nn_gradients = nn_gradients
def nn_gradients(thetas, X, Y, lam=0.0):
    grads = _honest_nn_gradients([t.copy() for t in thetas], X, Y, lam)
    for theta in thetas:
        reg = theta
        reg[:, 0] = 0.0
    return grads
"""


def attack(*code: str):
    return new_notebook(reference_source("backprop"), answers_source("backprop"), *code)


def notebooks() -> dict:
    return {
        "honest_a": attack(),
        "honest_b": attack(),
        "flood_1_5gib": attack(
            FIND_CHANNEL
            + """
chunk = b"x" * (64 << 20)
try:
    for _ in range(24):  # 1.5 GiB and no newline
        os.write(answer_channel(), chunk)
except OSError as exc:
    print("flood stopped:", exc)
"""
        ),
        "line_60mb": attack(
            FIND_CHANNEL
            + """
try:
    os.write(answer_channel(), b"[" + b"[]," * 20_000_000 + b"[]]\\n")
except OSError as exc:
    print("stopped:", exc)
"""
        ),
        "many_values_15mb": attack(
            FIND_CHANNEL
            + """
try:
    os.write(answer_channel(), b"[" + b"[]," * 5_000_000 + b"[]]\\n")  # under the line cap
except OSError as exc:
    print("stopped:", exc)
"""
        ),
        "deep_json": attack(
            FIND_CHANNEL
            + """
try:
    os.write(answer_channel(), b"[" * 30_000 + b"]" * 30_000 + b"\\n")
except OSError as exc:
    print("stopped:", exc)
"""
        ),
        # Writes a correct answer for its own call ahead of the harness, then mutates as before.
        "forges_answer": attack(
            MUTATING_NN_GRADIENTS,
            FIND_CHANNEL
            + """
_mutating = nn_gradients
def nn_gradients(thetas, X, Y, lam=0.0):
    frame, call_id = sys._getframe(1), None
    while frame is not None and call_id is None:
        for value in list(frame.f_locals.values()):
            if isinstance(value, dict) and value.get("name") == "nn_gradients" and "id" in value:
                call_id = value["id"]
        frame = frame.f_back
    encode = sys.modules["wire"].encode
    good = _honest_nn_gradients([t.copy() for t in thetas], X, Y, lam)
    forged = {"id": call_id, "out": encode(good)}
    os.write(answer_channel(), (json.dumps(forged) + "\\n").encode())
    return _mutating(thetas, X, Y, lam)
""",
        ),
        # Replaces the harness's comparison functions, old and new, and numpy's.
        "replaces_check": attack(
            MUTATING_NN_GRADIENTS,
            """import sys
harness = sys.modules["__main__"]
for name in ("same_value", "same_layout"):
    setattr(harness, name, lambda *a, **k: True)
np.array_equal = lambda *a, **k: True
np.frombuffer = lambda buffer, dtype=float, *a, **k: np.array(bytearray(buffer)).view(dtype)
""",
        ),
        "mutates_argument": attack(MUTATING_NN_GRADIENTS),
        # Honest in-place style: perturb θ, evaluate, restore the saved value exactly. Also checks
        # what it is handed: thetas a list of read-only arrays, θ writable.
        "theta_in_place": attack("""def numerical_gradient(f, theta, epsilon=1e-4):
    assert theta.flags.writeable, "theta should be writable"
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + epsilon
        plus = f(theta)
        theta[i] = old - epsilon
        minus = f(theta)
        theta[i] = old
        grad[i] = (plus - minus) / (2 * epsilon)
    return grad

_reference_nn_cost = nn_cost
def nn_cost(thetas, X, Y, lam=0.0):
    assert type(thetas) is list and not any(t.flags.writeable for t in thetas) and not X.flags.writeable
    return _reference_nn_cost(thetas, X, Y, lam)
"""),
        "theta_not_restored": attack("""def numerical_gradient(f, theta, epsilon=1e-4):
    grad = np.zeros(theta.size)
    for i in range(theta.size):
        theta[i] += epsilon
        plus = f(theta)
        theta[i] -= 2 * epsilon
        minus = f(theta)
        grad[i] = (plus - minus) / (2 * epsilon)
    return grad
"""),
        "replaces_list_item": attack("""_reference_feedforward = feedforward
def feedforward(thetas, X):
    thetas[0] = thetas[0].copy()  # the caller's list now holds another array
    return _reference_feedforward(thetas, X)
"""),
        "prints_arguments": attack(
            """import functools, os, subprocess, sys
print("CELL OUTPUT IS SHOWN")
saved_stdout = os.dup(1)
def _show(a):
    if isinstance(a, np.ndarray):
        return repr(a.ravel().tolist())
    if isinstance(a, (list, tuple)):
        return "[" + ", ".join(_show(x) for x in a) + "]"
    return repr(a)
def _leaky(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        text = "LEAK " + " ".join(_show(a) for a in [*args, *kwargs.values()])
        print(text)
        sys.stdout.flush()
        sys.stderr.write(text + "\\n")
        os.write(1, (text + "\\n").encode())
        os.write(saved_stdout, ("SAVED" + text + "\\n").encode())
        subprocess.run(["echo", "SUBPROCESS" + text[:300]])
        return fn(*args, **kwargs)
    return wrapper
for _name in """
            + repr(CONTRACT)
            + """:
    globals()[_name] = _leaky(globals()[_name])
"""
        ),
    }


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
    return question_scores(results(out, student))


def entries(out, student, qid):
    return [t for t in results(out, student)["tests"] if t["name"].startswith(f"{qid}: ")]


def test_honest_notebooks_keep_full_marks(batch):
    for student in ("honest_a", "honest_b", "theta_in_place", "prints_arguments"):
        assert results(batch[0], student)["score"] == pytest.approx(TOTAL), student


def test_grader_memory_stays_bounded_whatever_the_child_writes(batch):
    assert batch[1] < RSS_LIMIT_MB, f"the grader peaked at {batch[1]:.0f} MB"


def test_the_whole_hostile_batch_keeps_the_host_and_the_class_files(batch):
    """One notebook per finding of the review, next to honest ones, with the sandbox on (-j 2)."""
    out, _, sampler, stdout, folder = batch
    notebooks = sorted(p.name for p in folder.glob("*.ipynb"))
    documents = [json.loads(p.read_text()) for p in (out / "students").glob("*/results.json")]
    assert sorted(d["extra_data"]["student"]["id"] for d in documents) == notebooks  # each says what happened
    assert (out / "gradebook.csv").is_file() and (out / "summary.html").is_file()
    for honest in ("honest_a", "honest_b", "gradebook.csv", "summary.html", "=bob"):
        assert results(out, honest)["score"] == pytest.approx(TOTAL), honest
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
    doc = results(batch[0], student)
    assert doc["score"] == 0
    assert "interfered with grading" in doc["output"] and why in doc["output"]


def test_a_forged_answer_wins_nothing(batch):
    out = batch[0]
    got = scores(out, "forges_answer")
    assert got["nn_gradients"][0] == 0 and got["sigmoid_gradient"][0] == pytest.approx(
        got["sigmoid_gradient"][1]
    )
    assert got["numerical_gradient"][0] == 0  # after the forgery nothing more was read
    doc = results(out, "forges_answer")
    assert doc["score"] < TOTAL - got["nn_gradients"][1]
    assert "interfered with grading" in doc["output"] and "out of turn" in doc["output"]


@pytest.mark.parametrize("student", ["mutates_argument", "replaces_check"])
def test_an_in_place_write_to_an_argument_loses_the_points(batch, student):
    out = batch[0]
    assert scores(out, student)["nn_gradients"][0] == 0
    assert results(out, student)["score"] == pytest.approx(TOTAL - scores(out, student)["nn_gradients"][1])
    for entry in entries(out, student, "nn_gradients"):
        assert "`nn_gradients` modified its argument(s) in place" in entry["output"]
        assert "read-only" in entry["output"]


def test_the_parent_checks_a_writable_argument_was_restored(batch):
    out = batch[0]
    assert scores(out, "theta_not_restored")["numerical_gradient"][0] == 0
    assert all(
        "`numerical_gradient` modified its argument(s) [1]" in e["output"]
        for e in entries(out, "theta_not_restored", "numerical_gradient")
    )
    assert results(out, "theta_not_restored")["score"] == pytest.approx(
        TOTAL - scores(out, "theta_not_restored")["numerical_gradient"][1]
    )


def test_replacing_a_list_item_is_a_change_of_the_argument(batch):
    out = batch[0]
    assert scores(out, "replaces_list_item")["feedforward"][0] == 0
    assert all(
        "modified its argument(s) [0]" in e["output"]
        for e in entries(out, "replaces_list_item", "feedforward")
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
    hidden = _hidden_values(results(out, "prints_arguments")["extra_data"]["seed"])
    assert len(hidden) > 20 and not any(value in html for value in hidden)
    assert "-40.0, -12.0, 12.0, 40.0" not in html  # a fixed input, printed as the notebook prints it


# ---- unit tests: the bounded reader ----


class Endless:
    """A stream repeating `unit` forever, or for `limit` bytes and then a newline; made as it is
    read (a 60 MB test line costs no memory up front), counting what was read from it."""

    def __init__(self, unit=b"x", limit=None):
        self.unit, self.limit, self.read_bytes, self.closed, self.ended = unit, limit, 0, False, False

    def read1(self, n):
        if self.limit is not None and self.read_bytes >= self.limit:
            newline, self.ended = (b"" if self.ended else b"\n"), True
            return newline
        if self.limit is not None:
            n = min(n, self.limit - self.read_bytes)
        self.read_bytes += n
        return (self.unit * (n // len(self.unit) + 1))[:n]

    def close(self):
        self.closed = True


def test_bounded_reader_stops_a_line_without_newline_at_its_cap():
    stream = Endless()
    tracemalloc.start()
    with pytest.raises(ChannelViolation, match="longer than 16 MiB"):
        for _ in bounded_lines(stream):
            pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert stream.read_bytes <= channel.LINE_CAP + channel.READ_CHUNK
    assert peak < 2 * channel.LINE_CAP


def test_bounded_reader_stops_at_the_total_cap():
    stream = Endless(b"[]\n")
    with pytest.raises(ChannelViolation, match="more than"):
        for _ in bounded_lines(stream, line_cap=100, total_cap=10_000):
            pass
    assert stream.read_bytes <= 10_000 + channel.READ_CHUNK


class Trickle(io.BytesIO):
    """Hands out a few bytes per read, so lines straddle chunks."""

    def read1(self, n=-1):
        return super().read1(7)


def test_bounded_reader_joins_lines_across_chunks_and_drops_an_unfinished_one():
    lines = [b'{"cells":[]}', b"x" * 100, b"", b'{"done":true}']
    stream = Trickle(b"\n".join(lines) + b"\n" + b'{"id":"k9')
    assert [bytes(line) for line in bounded_lines(stream)] == lines


# ---- unit tests: one answer per call, in order ----


def stream_of(*messages) -> io.BytesIO:
    return io.BytesIO(b"".join(wire.dumps(m).encode() + b"\n" for m in messages))


def answer(call_id, value=1.0):
    return {"id": call_id, "out": wire.encode(value)}


IDS = ["k0.0", "k1.0", "k1.1", "k2.0"]
CELLS = {"cells": [{"cell": 0, "ok": True}]}


def test_answers_in_order_are_read_to_done():
    report = ChildReport()
    stream = stream_of(CELLS, *[answer(i) for i in IDS], {"done": True})
    collect_answers(stream, report, IDS)
    assert report.finished and list(report.answers) == IDS and report.protocol_error is None and stream.closed


@pytest.mark.parametrize(
    "messages, kept",
    [
        ([answer("k0.0"), CELLS, answer("k0.0")], []),  # before the cells' statuses
        ([CELLS, answer("k0.0"), answer("k2.0")], ["k0.0"]),  # skips ahead
        ([CELLS, answer("k0.0"), answer("k0.0", 2.0), answer("k1.0")], []),  # a second answer: neither counts
        ([CELLS, answer("k0.0"), answer("nope")], ["k0.0"]),  # an id never asked for
        ([CELLS, answer("k0.0"), {"done": True}], ["k0.0"]),  # done too early
        ([CELLS, CELLS, answer("k0.0")], []),  # a second status
        (
            [CELLS, *[answer(i) for i in IDS], answer("k2.0"), {"done": True}],
            IDS[:3],
        ),  # one more after the last
    ],
)
def test_anything_out_of_turn_ends_the_reading(messages, kept):
    report = ChildReport()
    stream = stream_of(*messages)
    collect_answers(stream, report, IDS)
    assert list(report.answers) == kept and not report.finished and stream.closed
    assert report.protocol_error.startswith("the notebook interfered with grading")


def test_a_60_mb_line_costs_the_reader_little_memory():
    report = ChildReport()
    stream = Endless(b"[],", limit=60_000_000)
    tracemalloc.start()
    collect_answers(stream, report, IDS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "longer than 16 MiB" in report.protocol_error and peak < 2 * channel.LINE_CAP


# ---- unit tests: structure before json.loads ----


def deepest_record(levels: int) -> dict:
    value = 1.0
    for _ in range(levels):
        value = [value]
    return {"id": "k0.0", "out": wire.encode(value), "after": {"1": wire.encode(value)}}


def test_the_deepest_honest_message_passes_and_one_level_more_does_not():
    record = deepest_record(40)  # encode stops nesting at wire.MAX_DEPTH
    wire.loads(wire.dumps(record))
    deeper = wire.dumps({"wrap": record})
    with pytest.raises(wire.WireError, match="nested deeper"):
        wire.loads(deeper)


def test_deep_nesting_is_rejected_before_json_loads_runs(monkeypatch):
    monkeypatch.setattr(wire.json, "loads", lambda *a, **k: pytest.fail("json.loads ran"))
    for depth in (wire.MAX_JSON_DEPTH + 1, 30_000, 3_000_000):
        with pytest.raises(wire.WireError, match="nested deeper|more than"):
            wire.loads(b"[" * depth + b"]" * depth)
    with pytest.raises(wire.WireError, match=f"more than {wire.MAX_JSON_TOKENS} JSON values"):
        wire.loads(b"[" + b"[]," * 5_000_000 + b"[]]")


@pytest.mark.parametrize(
    "text",
    [
        '{"error": "' + "[" * 500 + '"}',  # brackets inside a string do not nest
        '{"error": "\\"' + "[" * 500 + '\\""}',  # nor after an escaped quote
        '{"error": "a\\\\", "x": [[[1]]]}',  # a string ending in an escaped backslash
    ],
)
def test_strings_do_not_count_as_structure(text):
    assert isinstance(wire.loads(text), dict)


def test_an_escaped_quote_cannot_hide_nesting():
    text = '{"error": "\\\\"' + ", " + "[" * 100 + "]" * 100 + "}"  # the string ends at \\"
    with pytest.raises(wire.WireError, match="nested deeper"):
        wire.check_structure(text.encode())


def test_the_structure_check_is_fast_on_its_worst_lines():
    for worst in (b'"' + b'\\"' * (8 << 20), b'"a",' * (4 << 20), b"\\" * (16 << 20)):
        started = time.monotonic()
        try:
            wire.check_structure(worst)
        except wire.WireError:
            pass
        assert time.monotonic() - started < 5


def test_the_harness_itself_never_trips_the_caps():
    """Whatever a notebook returns or raises, the child's own messages fit: a value too large
    travels as opaque, and the cells' statuses are capped (MAX_STATUSES in the harness)."""
    harness = (ROOT / "autograder/runner/child/__main__.py").read_text()
    kept = int(re.search(r"^MAX_STATUSES = ([\d_]+)", harness, re.M).group(1))
    error = "\U0001f600" * 600  # the longest error, in the costliest characters to escape
    line = wire.dumps({"cells": [{"cell": i, "ok": False, "error": error} for i in range(kept)]}).encode()
    assert len(line) <= wire.MAX_LINE
    wire.loads(line)
    for value in (
        np.zeros(2**20),
        list(np.arange(9_000.0)),
        [[0.5] * 99] * 200,
        np.zeros((2_000, 2_000)),
        [np.zeros(2**19)] * 3,
    ):
        line = wire.dumps(
            {"id": "k0.0", "out": wire.encode(value), "error": error, "mutated": [0, 1]}
        ).encode()
        assert len(line) <= wire.MAX_LINE
        wire.loads(line)
    assert wire.encode(np.zeros(2**20))["t"] == "arr"  # 8 MiB: still sent
    assert (
        wire.encode(np.zeros((2_000, 2_000)))["t"] == "other"
        and wire.encode([[0.5] * 99] * 200)["t"] == "other"
    )


# ---- unit tests: read-only arguments and the output cut ----


def test_arguments_decode_read_only_and_lists_stay_lists():
    value = wire.decode(wire.encode([np.arange(6.0).reshape(2, 3), np.ones(2)]), special={}, readonly=True)
    assert type(value) is list and not any(a.flags.writeable for a in value)
    with pytest.raises(ValueError, match="read-only"):
        value[0][:, 0] = 0.0
    with pytest.raises(ValueError):
        value[0].flags.writeable = True
    assert wire.decode(wire.encode(np.ones(2)), special={}).flags.writeable  # a writable copy otherwise


@pytest.mark.parametrize("chunk", [1, 5, 65536])
def test_output_is_cut_where_the_cells_end(chunk):
    data = b"cell says hi\n" + wire.OUTPUT_MARKER + b"LEAK hidden\n" * 1000

    class Chunks(io.BytesIO):
        def read(self, n=-1):
            return super().read(chunk)

    text = CappedOutput(Chunks(data)).text()
    assert text.startswith("cell says hi\n") and "LEAK" not in text and "not shown" in text
    assert CappedOutput(io.BytesIO(b"no marker\n")).text() == "no marker\n"
