"""What one hostile submission can take from the host: memory, disk and inodes, and state left for
the next submission in its slot. Real bubblewrap, real fork server, through `nngrade grade` (and
fresh sandboxes through FreshProcess). Each bound is measured from outside, not assumed: the
host's MemAvailable every 50 ms, the grader's peak RSS, the disk's used bytes and inodes.

Where the host lets the grader make no cgroup, the memory test is skipped (and says why).
"""

from __future__ import annotations

import os
import platform
import shutil
import threading
import time
from pathlib import Path

import pytest
from support import (
    answers_source,
    document,
    new_notebook,
    one_cell_submission,
    reference_source,
    report,
    results,
    write,
)

from autograder import assignments
from autograder.cli import main
from autograder.runner import cgroup, confine, sandbox
from autograder.runner.process import FreshProcess

ROOT = Path(__file__).resolve().parents[2]
TOTAL = assignments.load("backprop").total_points
GiB, MiB = 1024**3, 1024**2
SLOT_MEMORY = 1 * GiB  # below the default, so that three 0.9 GB processes would be over the bound
pytestmark = pytest.mark.skipif(
    shutil.which("bwrap") is None or platform.machine() not in confine.SYSCALLS,
    reason="needs bubblewrap on x86_64 or aarch64",
)
ROOT_ONLY = pytest.mark.skipif(
    os.geteuid() != 0, reason="keys are the slot's own only when its uid is (as root)"
)


def attack(code: str):
    return new_notebook(reference_source("backprop"), answers_source("backprop"), code)


# Writes in files of 32 MiB (each file is capped at 64 MiB by prlimit) until 1 GiB or an error.
FILL = r"""
import os
def fill(folder, total=1024**3, size=32 * 1024**2):
    written, chunk = 0, b'\x01' * (1 << 20)
    try:
        for i in range(total // size):
            fd = os.open(os.path.join(folder, f'fill{i}'), os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                for _ in range(size // len(chunk)):
                    written += os.write(fd, chunk)
            finally:
                os.close(fd)
    except OSError as exc:
        print('stopped:', os.strerror(exc.errno))
    return written
"""

FILLS_TMP = attack(FILL + "print('TMP_WRITTEN', fill('/tmp'))")

FILLS_WORKDIR = attack(
    FILL
    + r"""
print('WORK_WRITTEN', fill('.'))
made = 0
try:
    for i in range(300_000):
        open(f'empty{i}', 'w').close()
        made += 1
except OSError as exc:
    print('files stopped:', os.strerror(exc.errno))
print('FILES_MADE', made)
"""
)

HOGS = attack(r"""
import subprocess, sys, time
hog = "import time\ndata = b'\\x01' * 900_000_000\nprint('holding', flush=True)\ntime.sleep(120)"
hogs = [subprocess.Popen([sys.executable, '-c', hog], stdout=subprocess.DEVNULL) for _ in range(3)]
time.sleep(8)
print('HOGS_ALIVE', sum(h.poll() is None for h in hogs))
""")

NESTED_USERNS = attack(r"""
import ctypes, subprocess
done = subprocess.run(['sh', '-c', "unshare -Urm sh -c 'mount -t tmpfs -o size=1g none /tmp && echo MOUNTED'"],
                      capture_output=True, text=True)
print('UNSHARE', done.returncode, done.stdout.strip(), done.stderr.strip())
libc = ctypes.CDLL(None, use_errno=True)
print('CLONE_NEWUSER', libc.unshare(0x10000000), ctypes.get_errno())
""")

# keyctl: GET_PERSISTENT 22, SETPERM 5, SEARCH 10, READ 11; and add_key. The first one makes what
# keys it can readable by its uid (0x3f3f0000), so that a later process of that uid could read
# them by their id (from /proc/keys) without possessing them.
KEYS = r"""
import ctypes, os, platform
libc = ctypes.CDLL(None, use_errno=True)
L = ctypes.c_long
ADD_KEY, KEYCTL = {'x86_64': (248, 250), 'aarch64': (217, 219)}[platform.machine()]
def keyctl(*args):
    return libc.syscall(L(KEYCTL), *[a if isinstance(a, bytes) else L(a) for a in args])
RINGS = {'user': -4, 'user-session': -5, 'session': -3, 'persistent': keyctl(22, -1, -3)}
libc.mq_open.restype = ctypes.c_int
"""

LEAVES = new_notebook(
    KEYS
    + r"""
q = libc.mq_open(b'/nngrade-leak', os.O_CREAT | os.O_RDWR, ctypes.c_int(0o666), None)
print('MQ_SENT', q >= 0 and libc.mq_send(q, b'secret-from-the-first', 21, 0) == 0)
for name, ring in RINGS.items():
    key = libc.syscall(L(ADD_KEY), b'user', ('nngrade-leak-' + name).encode(), b'secret-from-the-first', L(21), L(ring))
    keyctl(5, key, 0x3f3f0000)  # possible where it possesses the key: in its session keyrings
    print('KEY_ADDED', name, key > 0)
"""
)

LOOKS = new_notebook(
    KEYS
    + r"""
q = libc.mq_open(b'/nngrade-leak', os.O_RDONLY | os.O_NONBLOCK)
if q >= 0:
    buffer = ctypes.create_string_buffer(8192)
    got = libc.mq_receive(q, buffer, L(8192), None)
    print('FOUND queue', buffer.raw[:max(0, got)])
for name, ring in RINGS.items():
    key = keyctl(10, ring, b'user', ('nngrade-leak-' + name).encode(), 0)
    if key > 0:
        buffer = ctypes.create_string_buffer(256)
        got = keyctl(11, key, ctypes.addressof(buffer), 256)
        print('FOUND key', name, buffer.raw[:max(0, got)])
listed = [line for line in open('/proc/keys') if 'nngrade-leak' in line]
print('FOUND /proc/keys', listed)
for key in listed:
    buffer = ctypes.create_string_buffer(256)
    got = keyctl(11, int(key.split()[0], 16), ctypes.addressof(buffer), 256)
    print('FOUND by id', buffer.raw[:max(0, got)])
print('LOOKED')
"""
)


class Sampler:
    """MemAvailable, and used bytes and inodes of the disks of /tmp and the checkout, every 50 ms."""

    def __init__(self):
        self.disks = sorted({os.stat(p).st_dev: p for p in ("/tmp", str(ROOT))}.values())
        self.memory, self.disk = self._memory(), self._disk()
        self.least_memory, self.most_disk = self.memory, dict(self.disk)
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @staticmethod
    def _memory() -> int:
        with open("/proc/meminfo") as meminfo:
            return next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))

    def _disk(self) -> dict:
        found = {}
        for path in self.disks:
            stat = os.statvfs(path)
            found[path] = ((stat.f_blocks - stat.f_bfree) * stat.f_frsize, stat.f_files - stat.f_ffree)
        return found

    def _run(self) -> None:
        while self.running:
            self.least_memory = min(self.least_memory, self._memory())
            for path, (used, inodes) in self._disk().items():
                most = self.most_disk[path]
                self.most_disk[path] = (max(most[0], used), max(most[1], inodes))
            time.sleep(0.05)

    def stop(self) -> None:
        self.running = False
        self.thread.join()


def size_of(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*")]
    return sum(p.stat().st_blocks * 512 for p in files if p.is_file()), len(files)


def grade(folder: Path, out: Path, names: list[str], *options: str) -> None:
    paths = [str(folder / f"{name}.ipynb") for name in names]
    assert (
        main(["grade", "-a", "backprop", *paths, "-o", str(out), "-j", "1", "--timeout", "60", *options]) == 0
    )


def line(text: str, marker: str) -> list[str]:
    found = [row.split()[1:] for row in text.splitlines() if row.startswith(marker + " ")]
    assert found, f"no {marker} line in the output"
    return found[-1]


@pytest.mark.serial
def test_memory_disk_and_inodes_stay_bounded(tmp_path, capsys):
    probe = sandbox.slot_group(0, sandbox.Limits())
    available = bool(probe.dirs)
    probe.close()
    if not available:
        pytest.skip(f"no cgroup can be made here: {cgroup._state.get('unavailable')}")
    folder, out = tmp_path / "in", tmp_path / "out"
    notebooks = {
        "honest_first": one_cell_submission("backprop"),
        "fills_tmp": FILLS_TMP,
        "hogs": HOGS,
        "fills_workdir": FILLS_WORKDIR,
        "honest_last": one_cell_submission("backprop"),
    }
    for name, notebook in notebooks.items():
        write(notebook, folder / f"{name}.ipynb")
    out.mkdir()
    sampler = Sampler()
    try:
        grade(folder, out, list(notebooks), "--slot-memory", f"{SLOT_MEMORY // MiB}")
    finally:
        sampler.stop()
    after, out_bytes, out_inodes = sampler._disk(), *size_of(out)
    drop = sampler.memory - sampler.least_memory
    with capsys.disabled():
        print(
            f"\n[bounds] MemAvailable drop {drop / MiB:.0f} MiB (bound {(SLOT_MEMORY + GiB) / MiB:.0f}); "
            + "; ".join(
                f"{path}: disk peak +{(sampler.most_disk[path][0] - used) / MiB:.1f} MiB, "
                f"after {(after[path][0] - used) / MiB:+.1f} MiB (OUT {out_bytes / MiB:.1f} MiB), "
                f"inodes peak +{sampler.most_disk[path][1] - inodes}, after {after[path][1] - inodes:+d} "
                f"(OUT {out_inodes})"
                for path, (used, inodes) in sampler.disk.items()
            )
        )
    # One slot: the host never lost more than the slot's memory and 1 GiB for everything else.
    assert (
        drop <= SLOT_MEMORY + GiB
    )  # (the grader's own RSS: tests/e2e/test_answer_channel.py, in a fresh process)
    for path, (used, inodes) in sampler.disk.items():
        assert sampler.most_disk[path][0] - used < 100 * MiB
        assert sampler.most_disk[path][1] - inodes < 50_000
        assert abs(after[path][0] - used - out_bytes) < 32 * MiB
    # Each tmpfs stopped the writes at its size; the hostile ones still got a results file.
    assert int(line(report(out, "fills_tmp"), "TMP_WRITTEN")[0]) <= 256 * MiB
    assert int(line(report(out, "fills_workdir"), "WORK_WRITTEN")[0]) <= 256 * MiB
    for name in ("fills_tmp", "hogs", "fills_workdir"):
        assert "score" in results(out, name)  # the file as written holds a score (the reader would fill one)
    for honest in ("honest_first", "honest_last"):
        assert document(out, honest).score == pytest.approx(TOTAL)


@ROOT_ONLY
def test_no_user_namespaces_and_nothing_left_for_the_next_in_the_fork_server(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    notebooks = {
        "honest_first": one_cell_submission("backprop"),
        "nested_userns": NESTED_USERNS,
        "leaves": LEAVES,
        "looks": LOOKS,
        "honest_last": one_cell_submission("backprop"),
    }
    for name, notebook in notebooks.items():
        write(notebook, folder / f"{name}.ipynb")
    grade(folder, out, list(notebooks))  # one slot: each runs after the one before, in one sandbox
    nested = report(out, "nested_userns")
    assert "UNSHARE 1" in nested and "MOUNTED" not in nested
    assert line(nested, "CLONE_NEWUSER") == ["-1", "1"]  # EPERM
    left = report(out, "leaves")
    assert "MQ_SENT True" in left and left.count(" True\n") == 5 and left.count("KEY_ADDED") == 4
    looked = report(out, "looks")
    assert "LOOKED" in looked and "FOUND queue" not in looked and "FOUND key" not in looked
    assert "FOUND /proc/keys []" in looked and "FOUND by id" not in looked
    for honest in ("honest_first", "honest_last"):
        assert document(out, honest).score == pytest.approx(TOTAL)


@ROOT_ONLY
def test_nothing_left_for_the_next_in_fresh_sandboxes(tmp_path):
    runner = FreshProcess(sandbox.BUBBLEWRAP, slot=5)
    outputs = {}
    for name, notebook in {"leaves": LEAVES, "looks": LOOKS, "nested_userns": NESTED_USERNS}.items():
        done = runner.run(write(notebook, tmp_path / f"{name}.ipynb"), [], timeout=60, call_timeout=5)
        outputs[name] = done.output_tail
    left = outputs["leaves"]
    assert "MQ_SENT True" in left and left.count(" True\n") == 5 and left.count("KEY_ADDED") == 4
    looked = outputs["looks"]
    assert "LOOKED" in looked and "FOUND queue" not in looked and "FOUND key" not in looked
    assert "FOUND /proc/keys []" in looked and "FOUND by id" not in looked
    assert "UNSHARE 1" in outputs["nested_userns"] and "MOUNTED" not in outputs["nested_userns"]
