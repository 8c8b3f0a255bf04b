"""Run a released notebook as a student would: in a real Jupyter kernel (nbclient), with real otter.

The kernel's environment is this one's, minus anything that would change what the notebook does
(`NNGRADE_GRADING`, Jupyter's `JPY_SESSION_NAME`), plus `PIP_NO_INDEX=1`: the setup cell's pip can
then only find otter already installed, so no test can ever download into, or change, the venv.
"Otter is missing" is simulated without touching the venv either: a `sitecustomize.py` on the
kernel's PYTHONPATH makes `import otter` fail (the first time, or always).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import nbclient
import nbformat
from support import document

from autograder.cli import main
from autograder.report.results import GradedDocument

# Loaded by every Python process started with this folder on PYTHONPATH: the kernel and its pip.
HIDE_OTTER = '''\
"""nngrade test: `import otter` fails as if otter were not installed ({how})."""
import sys
from pathlib import Path


class HideOtter:
    def find_spec(self, name, path=None, target=None):
        if name != "otter":
            return None
        if {once}:
            sys.meta_path.remove(self)
        Path({marker!r}).write_text("import otter was refused")
        raise ModuleNotFoundError("No module named 'otter'", name="otter")


sys.meta_path.insert(0, HideOtter())
'''


def hide_otter(folder: Path, once: bool) -> dict[str, str]:
    """Kernel environment entries under which `import otter` fails (only the first time if `once`);
    the refusal leaves the file `folder/refused` behind as evidence."""
    folder.mkdir(parents=True, exist_ok=True)
    how = "the first import only" if once else "every import"
    (folder / "sitecustomize.py").write_text(
        HIDE_OTTER.format(how=how, once=once, marker=str(folder / "refused"))
    )
    return {"PYTHONPATH": os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH")) if p)}


def execute(
    notebook: nbformat.NotebookNode, cwd: Path, env: dict[str, str] | None = None
) -> nbformat.NotebookNode:
    """Run every cell in a fresh python3 kernel whose working directory is `cwd`; errors are kept
    as outputs (as in Jupyter's Run All), so the caller sees all of them."""
    kernel_env = {k: v for k, v in os.environ.items() if k not in ("NNGRADE_GRADING", "JPY_SESSION_NAME")}
    kernel_env.update({"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg"})
    kernel_env.update(env or {})
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute(env=kernel_env)
    return notebook


def text(cell: nbformat.NotebookNode) -> str:
    """Everything a code cell showed: streams, plain-text and HTML results, errors."""
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        parts += [
            output.get("text", ""),
            data.get("text/plain", ""),
            data.get("text/html", ""),
            output.get("ename", ""),
            output.get("evalue", ""),
        ]
    return "\n".join(p for p in parts if p)


def errors(notebook: nbformat.NotebookNode) -> list[str]:
    return [
        f"cell {i}: {o['ename']}: {o['evalue']}"
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.output_type == "error"
    ]


def check_outputs(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """{question id: what grader.check displayed} for every check cell."""
    return {
        cell.source.split('"')[1]: text(cell)
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.startswith("grader.check(")
    }


def failing_checks(notebook: nbformat.NotebookNode) -> dict[str, str]:
    return {
        qid: shown[:300]
        for qid, shown in check_outputs(notebook).items()
        if "All test cases passed" not in shown
    }


def setup_output(notebook: nbformat.NotebookNode) -> str:
    return text(notebook.cells[0])


def submit_output(notebook: nbformat.NotebookNode) -> str:
    return text(notebook.cells[-1])


def zips_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.zip"))


def entries(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return sorted(archive.namelist())


def grade(assignment: str, paths: list[Path], out: Path) -> dict[str, GradedDocument]:
    """`nngrade grade` on the given notebooks and zips; {path name: results document}."""
    assert main(["grade", "-a", assignment, *map(str, paths), "-o", str(out)]) == 0
    return {path.name: document(out, path.name) for path in paths}


def scores(doc: GradedDocument) -> dict[str, float]:
    """{test entry name: score}: equal for two documents that graded alike, case for case."""
    return {test.name: test.score for test in doc.tests}
