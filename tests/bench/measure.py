"""How `make bench` measures a command: wall time, and peak memory sampled over its process tree.

getrusage does not see the children inside bwrap, so peak RSS is sampled from /proc with psutil.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from statistics import median

import psutil


@dataclass
class Run:
    seconds: float
    output: str
    code: int
    parent: int  # peak RSS of the command's own process, bytes
    child: int  # peak RSS of its largest descendant
    tree: int  # peak of the whole tree's summed RSS


GRADING_ENV = {**os.environ, "NNGRADE_GRADING": "1"}


def measured(cmd: list, cwd=None, interval: float = 0.05) -> Run:
    """Run `cmd` to its end: wall time, output, and peak RSS sampled over its process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=GRADING_ENV
    )
    peaks: dict[int, int] = {}
    tree = [0]

    def sample() -> None:
        while proc.returncode is None:
            total = 0
            try:
                root = psutil.Process(proc.pid)
                for p in [root] + root.children(recursive=True):
                    with contextlib.suppress(psutil.Error):  # a process may end between listing and reading
                        rss = p.memory_info().rss
                        peaks[p.pid], total = max(peaks.get(p.pid, 0), rss), total + rss
            except psutil.Error:
                return
            tree[0] = max(tree[0], total)
            time.sleep(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.communicate()[0].decode("utf-8", "replace")
    seconds = time.perf_counter() - start
    sampler.join()
    parent = peaks.pop(proc.pid, 0)
    run = Run(seconds, output, proc.returncode, parent, max(peaks.values(), default=0), tree[0])
    if run.code != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd[:3]))} failed (exit {run.code}):\n{output[-3000:]}")
    return run


def timed(fn, times: int = 3) -> float:
    """Median wall seconds of `fn()`."""
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return median(seconds)
