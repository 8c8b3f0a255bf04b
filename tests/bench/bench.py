"""`make bench`: grade the same backprop submissions with nngrade (sandboxed) and with `otter run`.

otter uses its own autograder zip from a fresh `nngrade release`. Inputs: the release's solution
notebook and the buggy samples carol, dave, erin; otter grades each `--otter-runs` times, nngrade a
batch of `--copies` byte-distinct copies of each at -j 1 and -j 2 (`--runs` times, fresh OUT each).
Peak memory is sampled from /proc with psutil: getrusage does not see the children inside bwrap.
The last line is `speedup N`: otter's median s/submission over nngrade's at -j 1.

Both graders run with NNGRADE_GRADING=1 (nngrade always sets it), so both skip the notebook's
ungraded training demonstration and do the same work.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import nbformat
from measure import Run, measured, timed

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # the venv's bin (not resolved: its python may be a symlink)
SAMPLES = ROOT / "assignments" / "backprop" / "samples"
BUGGY = ("carol", "dave", "erin")
MIB = 1024 * 1024
CHILD_TIMER = r"""
import contextlib, importlib.util, io, json, signal, sys, time
sys.path.insert(0, sys.argv[1])
spec = importlib.util.spec_from_file_location("harness", sys.argv[1] + "/__main__.py")
harness = importlib.util.module_from_spec(spec); spec.loader.exec_module(harness)
import cells, nbformat, server
for module in server.PRELOAD:  # warm, as in a slot's fork server
    importlib.import_module(module)
cells.install_otter_stand_in()
signal.signal(signal.SIGALRM, harness._on_alarm)
plan, namespace, times = json.loads(sys.stdin.read()), {}, []
sources = [c.source for c in nbformat.read(sys.argv[2], 4).cells if c.cell_type == "code"]
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    for source in sources:
        start = time.perf_counter(); cells.run_cells([source], namespace); times.append(time.perf_counter() - start)
    start = time.perf_counter(); answers = [harness.answer(call, namespace, 10.0) for call in plan]
print(json.dumps({"cells": list(zip(times, sources)), "calls": time.perf_counter() - start}))
"""


def otter_score(outdir: Path, run: Run) -> float:
    results = outdir / "results.json"  # a failed run writes none, or no total: then the figures are worthless
    if not results.exists() or "Total Score" not in run.output:
        sys.exit(f"bench: otter produced no results in {outdir}:\n{run.output[-3000:]}")
    return sum(t["score"] for t in json.loads(results.read_text())["tests"] if t.get("score") is not None)


def nngrade_scores(out: Path, count: int, scores: dict[str, set]) -> None:
    docs = [json.loads(p.read_text()) for p in out.glob("students/*/results.json")]
    if len(docs) != count or any(d["extra_data"].get("problem") for d in docs):
        sys.exit(
            f"bench: nngrade wrote {len(docs)} results for {count} notebooks in {out}, or could not grade some"
        )
    for doc in docs:
        scores.setdefault(doc["extra_data"]["student"]["id"].split("_")[0], set()).add(doc["score"])


def scores(values: set) -> str:
    return "/".join(f"{v:g}" for v in sorted(values))


def make_batch(sources: dict[str, Path], n: int, folder: Path) -> int:
    folder.mkdir()
    for name, path in sources.items():
        for i in range(n):  # distinct bytes, so no resume logic can skip a copy
            nb = nbformat.read(path, as_version=4)
            nb.cells.append(nbformat.v4.new_markdown_cell(f"bench copy {i}"))
            nbformat.write(nb, folder / f"{name}_{i:03d}.ipynb")
    return n * len(sources)


def breakdown(notebook: Path, tmp: Path) -> list[str]:
    """Where one sandboxed submission spends its time (uses nngrade's internals; medians of 3)."""
    import numpy as np

    from autograder import assignments
    from autograder.grading import engine
    from autograder.runner.forkserver import ForkServer
    from autograder.runner.process import CHILD_DIR, run_submission, sandbox_environment
    from autograder.runner.sandbox import Limits, check_available, sandboxed_command

    work = Path(tempfile.mkdtemp(dir=tmp))
    bwrap = timed(
        lambda: subprocess.run(
            sandboxed_command(["/bin/true"], work, CHILD_DIR, 0, Limits(), {}),
            capture_output=True,
            check=True,
        )
    )
    assignment = assignments.load("backprop")
    planned = engine.plan_cases(assignment, np.random.default_rng(1))
    calls = [c.wire(i) for p in planned for c, i in zip(p.calls, p.ids)]
    server = ForkServer(slot=0)
    try:
        warm_start = timed(lambda: (server.stop(), server._ensure_started()))
        warm = timed(lambda: server.run(notebook, calls, timeout=120, call_timeout=10))
        report = server.run(notebook, calls, timeout=120, call_timeout=10)
    finally:
        server.stop()
    fresh = timed(lambda: run_submission(notebook, calls, timeout=120))

    def score_and_diagnose():
        engine.score_and_diagnose(assignment, planned, report)  # as grade_notebook: diagnosis per item

    scoring = timed(score_and_diagnose)
    imports = timed(lambda: subprocess.run([sys.executable, "-c", "import autograder.cli"], check=True))
    probe = timed(check_available)
    done = json.loads(
        subprocess.run(
            [sys.executable, "-E", "-s", "-c", CHILD_TIMER, CHILD_DIR, notebook],
            input=json.dumps(calls),
            env=sandbox_environment(False, tmp),
            cwd=tmp,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    cells = sorted(done["cells"], reverse=True)
    slow = "; ".join(
        f"{t:.3f} s `{' | '.join(line for line in s.splitlines() if line.strip())[:40]}`"
        for t, s in cells[:2]
    )
    rows = [
        ("sandbox start (prlimit+bwrap+setpriv `true`)", bwrap, ""),
        ("slot start: sandbox + warm imports (once)", warm_start, ""),
        ("one submission in the warm slot (fork)", warm, ""),
        ("  its notebook cells (unsandboxed, warm)", sum(t for t, _ in cells), f"; slowest {slow}"),
        (f"  its {len(calls)} calls (unsandboxed)", done["calls"], ""),
        ("same submission in a fresh sandbox, no fork", fresh, ""),
        (f"parent: score + diagnose {len(planned)} cases", scoring, ""),
        ("CLI: `import autograder.cli`", imports, f", sandbox probe {probe:.3f} s"),
    ]
    return [f"  {label:<46} {seconds:6.3f} s{extra}" for label, seconds, extra in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies", type=int, default=50, help="copies of each of the 4 notebooks in the batch"
    )
    parser.add_argument("--runs", type=int, default=1, help="timed nngrade batch runs per -j (median)")
    parser.add_argument("--otter-runs", type=int, default=3, help="otter runs per notebook")
    args = parser.parse_args()
    began, load = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="nngrade-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print("bench: nngrade release, then otter runs", file=sys.stderr, flush=True)
        measured([BIN / "nngrade", "release", "--out", tmp / "release"])
        auto = tmp / "release" / "backprop" / "autograder"
        sources = {"solution": auto / "backprop.ipynb", **{b: SAMPLES / f"{b}.ipynb" for b in BUGGY}}
        otter: dict[str, list[Run]] = {name: [] for name in sources}
        otter_scores: dict[str, set] = {name: set() for name in sources}
        for r in range(args.otter_runs):
            for name, path in sources.items():
                (out := tmp / f"otter-{name}-{r}").mkdir()
                run = measured(
                    [
                        BIN / "otter",
                        "run",
                        "--no-logo",
                        "-a",
                        auto / "backprop-otter-autograder.zip",
                        "-o",
                        out,
                        path,
                    ],
                    cwd=tmp,
                )
                otter_scores[name].add(otter_score(out, run))
                otter[name].append(run)
        # one CLI call for one notebook (start-up and sandbox probe included), like `otter run`
        single = timed(
            lambda: measured(
                [
                    BIN / "nngrade",
                    "grade",
                    "-a",
                    "backprop",
                    sources["solution"],
                    "-o",
                    tempfile.mkdtemp(dir=tmp),
                    "-j",
                    "1",
                ]
            )
        )
        count = make_batch(sources, args.copies, tmp / "batch")
        batch: dict[int, list[Run]] = {1: [], 2: []}
        nn_scores: dict[str, set] = {}
        for r in range(args.runs):
            for jobs, runs in batch.items():
                print(f"bench: nngrade batch of {count}, -j {jobs}, run {r + 1}", file=sys.stderr, flush=True)
                out = tmp / f"out-j{jobs}-{r}"
                runs.append(
                    measured(
                        [BIN / "nngrade", "grade", "-a", "backprop", tmp / "batch", "-o", out, "-j", jobs],
                        interval=0.1,
                    )
                )
                nngrade_scores(out, count, nn_scores)
        print("bench: single-submission breakdown", file=sys.stderr, flush=True)
        try:
            parts = breakdown(sources["solution"], tmp)
        except Exception as exc:  # internals may move; the figures above stand without it
            parts = [f"  (unavailable: {type(exc).__name__}: {exc})"]

    def mem(runs: list[Run], parent: str, child: str) -> str:
        return (
            f"peak RSS {parent} {max(r.parent for r in runs) / MIB:.0f} MiB, {child} "
            f"{max(r.child for r in runs) / MIB:.0f} MiB, tree {max(r.tree for r in runs) / MIB:.0f} MiB"
        )

    otter_all = [r for runs in otter.values() for r in runs]
    otter_per = median(r.seconds for r in otter_all)
    print(
        f"\nbackprop on {os.cpu_count()} CPUs (load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end)"
    )
    print(f"{'notebook':<10} {'otter median s':>14} {'otter score':>12} {'nngrade score':>14}")
    for name in sources:
        print(
            f"{name:<10} {median(r.seconds for r in otter[name]):>14.2f} {scores(otter_scores[name]):>12} "
            f"{scores(nn_scores[name]):>14}"
        )
    print(
        f"otter run   {otter_per:6.3f} s/submission (median of {len(otter_all)}), {1 / otter_per:5.2f} submissions/s; "
        + mem(otter_all, "otter", "kernel")
    )
    print(f"nngrade, one notebook per call: {single:.3f} s (median of 3, -j 1)")
    per = {}
    for jobs, runs in batch.items():
        wall = median(r.seconds for r in runs)
        per[jobs] = wall / count
        print(
            f"nngrade -j {jobs} {per[jobs]:6.3f} s/submission ({count} in {wall:.1f} s, median of {len(runs)}), "
            f"{1 / per[jobs]:5.2f} submissions/s; " + mem(runs, "parent", "largest child")
        )
    print("nngrade, one submission (solution) -j 1:", *parts, sep="\n")
    print(f"bench took {time.perf_counter() - began:.0f} s")
    print(f"speedup {otter_per / per[1]:.1f}")


if __name__ == "__main__":
    main()
