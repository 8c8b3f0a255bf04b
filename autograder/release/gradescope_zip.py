"""The Gradescope autograder zip: setup.sh, run_autograder, and nngrade as a wheel.

Gradescope unpacks the zip into /autograder/source, runs setup.sh once as root while it builds
the image (Ubuntu), and runs run_autograder once per submission. Nothing in the zip depends on
the machine that built it: the wheel is reproducible and the zip is written by write_zip.
"""

from __future__ import annotations

from pathlib import Path

from ..report.results import DEFAULT_VISIBILITY, VISIBILITIES
from .reproducible import BuildInfo, write_zip

VENV = "/opt/nngrade"  # outside /autograder: the sandbox binds the Python environment read-only

SETUP_SH = """#!/usr/bin/env bash
# nngrade {version} (commit {commit}), assignment {assignment}: Gradescope runs this once, as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# bubblewrap sandboxes student code where the container allows namespaces; util-linux gives
# prlimit and setpriv, which bound it and drop it to an unprivileged uid everywhere.
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap util-linux
python3 -m venv {venv}
{venv}/bin/python -m pip install -q --upgrade pip
{venv}/bin/python -m pip install -q /autograder/source/{wheel}
# The wheel holds the hidden suites and the reference: root's alone.
chmod 700 /autograder/source
{venv}/bin/python -I -m autograder.cli gradescope --assignment {assignment} --check
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# nngrade {version} (commit {commit}), assignment {assignment}: Gradescope runs this per submission.
# It grades /autograder/submission/*.ipynb exactly as `nngrade grade` would and writes
# /autograder/results/results.json.
set -euo pipefail
exec {venv}/bin/python -I -m autograder.cli gradescope --assignment {assignment} --root /autograder{options}
"""


def gradescope_entries(
    assignment: str, wheel: Path, info: BuildInfo, carry: bool = True, visibility: str = DEFAULT_VISIBILITY
) -> dict[str, bytes]:
    """The zip's files. The grading options are written into run_autograder (and recorded in
    nngrade-release.json), so the zip alone says how it grades and what students see."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {visibility!r}")
    options = ("" if carry else " --no-carry-forward") + f" --visibility {visibility}"
    fields = {
        "version": info.version,
        "commit": info.commit,
        "assignment": assignment,
        "venv": VENV,
        "wheel": wheel.name,
        "options": options,
    }
    return {
        "setup.sh": SETUP_SH.format(**fields).encode(),
        "run_autograder": RUN_AUTOGRADER.format(**fields).encode(),
        wheel.name: wheel.read_bytes(),
        "nngrade-release.json": info.json_bytes(
            assignment=assignment,
            wheel=wheel.name,
            gradescope={"carry_forward": carry, "visibility": visibility},
        ),
    }


def build_gradescope_zip(
    assignment: str,
    wheel: Path,
    info: BuildInfo,
    folder: Path,
    carry: bool = True,
    visibility: str = DEFAULT_VISIBILITY,
) -> Path:
    """Write folder/<assignment>-autograder.zip and return its path; `carry` False grades strictly;
    `visibility` says when students see their function scores and feedback (report.results)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{assignment}-autograder.zip"
    write_zip(
        target,
        gradescope_entries(assignment, wheel, info, carry, visibility),
        {"setup.sh", "run_autograder"},
        info,
    )
    return target
