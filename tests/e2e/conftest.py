"""Fixtures shared by e2e modules: /opt/nngrade of the simulated Gradescope container
(tests/gradescope_container.py), for tests/e2e/test_gradescope*.py. The session's release, which
it installs from, is made in tests/conftest.py."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from gradescope_container import SITE


@pytest.fixture(scope="session")
def venv(release_dir, tmp_path_factory) -> Path:
    """/opt/nngrade as setup.sh leaves it: a venv with the zip's wheel installed (made once, for
    every test that runs the container)."""
    folder = tmp_path_factory.mktemp("opt") / "nngrade"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    wheel_dir = tmp_path_factory.mktemp("wheel")
    with zipfile.ZipFile(release_dir / "backprop" / "gradescope" / "backprop-autograder.zip") as archive:
        (wheel,) = [n for n in archive.namelist() if n.endswith(".whl")]
        archive.extract(wheel, wheel_dir)
    site = next((folder / "lib").glob("python3*/site-packages"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel_dir / wheel),
        ],
        check=True,
    )
    (site / "dependencies.pth").write_text(f"{SITE}\n")
    return folder
