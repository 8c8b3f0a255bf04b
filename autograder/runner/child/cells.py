"""Run a notebook's code cells top to bottom, tolerating errors per cell as Jupyter does.

IPython syntax (`%matplotlib inline`, `!pip install x`, `%%time`) is rewritten by IPython's own
input transformer into calls on `get_ipython()`. Our stand-in runs no shell command and no magic
except the few cell magics whose body is ordinary Python.
"""
from __future__ import annotations

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
