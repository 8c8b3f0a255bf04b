"""A simulated Gradescope container on this machine, for tests/e2e/test_gradescope*.py.

The container is bubblewrap (as root) with Gradescope's layout bound at /autograder: the zip
unpacked in /autograder/source, run_autograder copied to /autograder/run_autograder, the student's
notebook in /autograder/submission. /opt/nngrade is a venv holding the zip's wheel, as setup.sh
makes it (the `venv` fixture in tests/e2e/conftest.py); its dependencies come from this
checkout's .venv (setup.sh's apt and pip downloads are the one part not exercised here). With
`namespaces`, the container allows them (student code runs in a nested bubblewrap); without, it
has no CAP_SYS_ADMIN, like Docker's default (student code runs as an unprivileged uid with limits).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.runner.sandbox import SYSTEM_DIRS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "assignments" / "{name}" / "samples"
SITE = next(Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
needs_container = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("bwrap") is None,
    reason="the simulated container needs root and bubblewrap",
)

METADATA = {
    "id": 123456,
    "created_at": "2026-11-30T14:22:32.365935-07:00",
    "assignment": {"due_date": "2026-12-01T23:00:00.000000-07:00", "title": "backprop"},
    "users": [{"email": "jane@example.edu", "id": 1234, "name": "Jane Doe"}],
    "previous_submissions": [],
}


def container(
    release_dir: Path,
    venv: Path,
    layout: Path,
    assignment: str,
    notebooks: list[Path],
    namespaces: bool,
    command: list[str] | None = None,
) -> subprocess.CompletedProcess:
    """Unpack the zip like Gradescope, then run /autograder/run_autograder in the container (or
    `command`, e.g. the installed `nngrade gradescope` with other options than the zip's)."""
    for sub in ("source", "submission", "results"):
        (layout / sub).mkdir(parents=True)
    with zipfile.ZipFile(release_dir / assignment / "gradescope" / f"{assignment}-autograder.zip") as archive:
        archive.extractall(layout / "source")
    shutil.copy(layout / "source" / "run_autograder", layout / "run_autograder")
    os.chmod(layout / "run_autograder", 0o755)
    for notebook in notebooks:
        shutil.copy(notebook, layout / "submission" / notebook.name)
    (layout / "submission_metadata.json").write_text(json.dumps(METADATA))  # as Gradescope documents it
    args = [
        "bwrap",
        "--unshare-pid",
        "--die-with-parent",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--tmpfs",
        "/tmp",
    ]
    for directory in SYSTEM_DIRS:
        if os.path.islink(directory):
            args += ["--symlink", os.readlink(directory), directory]
        elif os.path.isdir(directory):
            args += ["--ro-bind", directory, directory]
    for tree in (Path(sys.base_prefix), SITE):
        for ancestor in reversed(tree.parents):
            if str(ancestor) != "/" and not any(str(ancestor).startswith(d) for d in SYSTEM_DIRS):
                args += ["--perms", "0755", "--dir", str(ancestor)]
        args += ["--ro-bind", str(tree), str(tree)]
    args += [
        "--perms",
        "0755",
        "--dir",
        "/opt",
        "--bind",
        str(venv),
        "/opt/nngrade",
        "--bind",
        str(layout),
        "/autograder",
        "--chdir",
        "/autograder",
    ]
    if not namespaces:
        args += ["--cap-drop", "CAP_SYS_ADMIN"]  # like Docker's default: no new namespaces inside
    return subprocess.run(
        args + (command or ["/autograder/run_autograder"]),
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )
