"""Run a notebook's code cells top to bottom, tolerating errors per cell as Jupyter does.

IPython syntax (`%matplotlib inline`, `!pip install x`, `%%time`) is rewritten by IPython's own
input transformer into calls on `get_ipython()`. Our stand-in runs no shell command and no magic
except the few cell magics whose body is ordinary Python.

The notebook's printed output that reaches a report is its cells' only: `end_cells_output` closes
it before the first graded call, whose arguments are hidden inputs.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
import types

from IPython.core.inputtransformer2 import TransformerManager

# Cell magics whose body is plain Python and should run; every other magic is ignored.
PYTHON_BODY_CELL_MAGICS = {"time", "timeit", "capture", "prun"}
_transformer = TransformerManager()


class ShellStandIn:
    """The part of InteractiveShell that transformed cells call. Nothing reaches a shell."""

    def __init__(self, namespace: dict):
        self.user_ns = namespace

    def run_line_magic(self, name, line, *args, **kwargs):
        return None

    def run_cell_magic(self, name, line, cell, *args, **kwargs):
        if name in PYTHON_BODY_CELL_MAGICS:
            exec(compile(_transformer.transform_cell(cell), f"<%%{name}>", "exec"), self.user_ns)
        return None

    def system(self, cmd, *args, **kwargs):
        return None

    def getoutput(self, cmd, *args, **kwargs):
        return []

    def __getattr__(self, name):
        # Anything else a notebook pokes at (e.g. `get_ipython().kernel`) is inert.
        return lambda *args, **kwargs: None


def install_otter_stand_in() -> None:
    """`grader.check(...)` is the student's own feedback loop; grading does not need it."""

    class Notebook:
        def __init__(self, *args, **kwargs):
            pass

        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    otter = types.ModuleType("otter")
    otter.Notebook = Notebook
    sys.modules["otter"] = otter


def run_cells(sources: list[str], namespace: dict, max_error_chars: int = 600) -> list[dict]:
    """Execute each source in `namespace`; return one status record per cell."""
    shell = ShellStandIn(namespace)
    namespace.setdefault("__name__", "__main__")
    namespace["get_ipython"] = lambda: shell
    statuses = []
    for index, source in enumerate(sources):
        try:
            code = compile(_transformer.transform_cell(source), f"<cell {index}>", "exec")
            exec(code, namespace)
            statuses.append({"cell": index, "ok": True})
        except BaseException as exc:  # a cell may even call sys.exit(); Jupyter carries on
            last = traceback.format_exception_only(type(exc), exc)[-1].strip()
            statuses.append({"cell": index, "ok": False, "error": last[:max_error_chars]})
    return statuses


def output_pipe() -> tuple[int, int] | None:
    """What fd 1 is (device, inode), taken before any cell runs: a cell may move fd 1 and keep
    the pipe elsewhere."""
    try:
        found = os.fstat(1)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def end_cells_output(pipe: tuple[int, int] | None, marker: bytes) -> None:
    """After the last cell: flush what the cells printed, mark its end on the output pipe (the
    parent keeps nothing after the mark), then point fds 1 and 2, and every other descriptor of
    this process on that pipe, at /dev/null. At the descriptor level, so print, C-level writes
    and subprocesses (which inherit fds 1 and 2) of the graded calls all write nowhere."""
    for stream in {id(s): s for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)}.values():
        if type(stream) is io.TextIOWrapper:  # the interpreter's own streams, not a cell's object
            try:
                stream.flush()
            except Exception:
                pass
    on_pipe = _descriptors_of(pipe)
    for fd in on_pipe:
        try:
            os.write(fd, marker)  # shorter than PIPE_BUF: written whole or not at all
            break
        except OSError:
            continue
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no descriptor left to open: closing is as good
        null = None
    targets = {1, 2, *on_pipe}
    for fd in sorted(targets):
        try:
            os.dup2(null, fd) if null is not None else os.close(fd)
        except OSError:
            pass
    if null is not None and null not in targets:
        os.close(null)


def _descriptors_of(pipe: tuple[int, int] | None) -> list[int]:
    if pipe is None:
        return []
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        names = ["1", "2"]
    found = []
    for name in names:
        try:
            info = os.fstat(int(name))
        except (OSError, ValueError):
            continue
        if (info.st_dev, info.st_ino) == pipe:
            found.append(int(name))
    return sorted(found)
