"""Two releases of one commit are byte-identical, and their zips carry nothing of the machine."""

from __future__ import annotations

import hashlib
import io
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

import autograder
from autograder import assignments
from autograder.cli import main

ROOT = Path(__file__).resolve().parents[2]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def second_release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("second-release")
    assert main(["release", "--out", str(out), "--skip-checks"]) == 0
    return out


def test_two_release_builds_are_byte_identical(release_dir, second_release):
    first, second = digests(release_dir), digests(second_release)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.endswith("-autograder.zip") for name in first)


def _all_entries(archive: zipfile.ZipFile):
    """Every (name, info, bytes) in a zip, descending into the wheel inside."""
    for info in archive.infolist():
        data = archive.read(info)
        yield info.filename, info, data
        if info.filename.endswith(".whl"):
            yield from _all_entries(zipfile.ZipFile(io.BytesIO(data)))


@pytest.mark.parametrize("name", assignments.NAMES)
def test_gradescope_zip_holds_scripts_and_wheel_and_nothing_of_this_machine(release_dir, name):
    path = release_dir / name / "gradescope" / f"{name}-autograder.zip"
    with zipfile.ZipFile(path) as archive:
        top = sorted(archive.namelist())
        assert top == sorted(
            [
                "nngrade-release.json",
                "run_autograder",
                "setup.sh",
                f"nngrade-{autograder.__version__}-py3-none-any.whl",
            ]
        )
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in archive.infolist()}
        assert modes["run_autograder"] == modes["setup.sh"] == 0o755
        assert archive.comment.decode().startswith(f"nngrade {autograder.__version__} ")
        entries = list(_all_entries(archive))
    names = [n for n, _, _ in entries]
    for needed in (
        "solutions/backprop.py",
        "autograder/suites/items/backprop.yaml",
        "autograder/runner/child/server.py",
        "autograder/build_info.json",
    ):
        assert needed in names
    machine = [str(ROOT).encode(), tempfile.gettempdir().encode() + b"/nngrade-", b"/root/", b"/home/"]
    for entry, _info, data in entries:
        assert not any(m in data for m in machine), f"{entry} mentions a path of the build machine"
        assert entry.startswith(("solutions/", "autograder/", "nngrade-")) or entry in top, entry
    dates = {info.date_time for _, info, _ in entries}
    assert len(dates) == 1  # one fixed timestamp: the commit's, not the clock's


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def test_every_artifact_records_the_version_and_commit(release_dir):
    commit = _git("rev-parse", "HEAD") or "unknown"
    for zipped in release_dir.rglob("*.zip"):
        with zipfile.ZipFile(zipped) as archive:
            record = archive.read("nngrade-release.json").decode()
            assert autograder.__version__ in record and commit in record
            assert commit in archive.comment.decode()
    with zipfile.ZipFile(release_dir / "backprop" / "gradescope" / "backprop-autograder.zip") as archive:
        (wheel,) = [n for n in archive.namelist() if n.endswith(".whl")]
        inner = zipfile.ZipFile(io.BytesIO(archive.read(wheel)))
        assert commit in inner.read("autograder/build_info.json").decode()


def test_zip_timestamps_are_the_commits_not_the_clock(release_dir):
    committed = _git("log", "-1", "--format=%ct")
    if not committed:
        pytest.skip("not a git checkout")
    with zipfile.ZipFile(release_dir / "perceptron" / "gradescope" / "perceptron-autograder.zip") as archive:
        stamps = {i.date_time for i in archive.infolist()}
    when = time.gmtime(int(committed))[:6]
    assert stamps == {(*when[:5], when[5] - when[5] % 2)}  # a zip stores seconds in units of 2 (DOS time)
