"""Build this package as a wheel from the checkout, reproducibly, with its build info inside.

The sources are copied to a scratch folder first, so neither a stale `build/` nor `*.egg-info`
of the checkout can leak into the wheel, and the checkout is never written to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .reproducible import BuildInfo, normalize_zip

SOURCES = ("pyproject.toml", "README.md", "autograder", "solutions")
BUILD_INFO = "autograder/build_info.json"  # read by autograder.installed_build()
WHEEL_TIMEOUT = 600


class WheelError(RuntimeError):
    pass


def build_wheel(root: Path, info: BuildInfo, dest: Path) -> Path:
    """Build root's package into `dest` and return the wheel's path."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nngrade-wheel-") as tmp:
        tree = Path(tmp) / "src"
        tree.mkdir()
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "build_info.json")
        for name in SOURCES:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, tree / name, ignore=ignore)
            else:
                shutil.copy2(source, tree / name)
        (tree / BUILD_INFO).write_bytes(info.json_bytes())
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(info.source_date_epoch), "PYTHONHASHSEED": "0"}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--no-cache-dir",
                "--quiet",
                "-w",
                str(Path(tmp) / "wheel"),
                str(tree),
            ],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            timeout=WHEEL_TIMEOUT,
        )
        built = sorted((Path(tmp) / "wheel").glob("*.whl"))
        if done.returncode != 0 or len(built) != 1:
            raise WheelError(
                f"building the nngrade wheel failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            )
        normalize_zip(built[0], info)
        target = dest / built[0].name
        shutil.copyfile(built[0], target)
    return target
