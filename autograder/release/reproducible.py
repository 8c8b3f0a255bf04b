"""Byte-reproducible release artifacts: what was built from which commit, and zips that carry
nothing of the build machine (no clock, no umask, no directory order)."""

from __future__ import annotations

import json
import subprocess
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__

ZIP_MIN_EPOCH = 315_619_200  # 1980-01-02 UTC: zip timestamps cannot go earlier than 1980
EXECUTABLE = 0o100755
REGULAR = 0o100644


@dataclass(frozen=True)
class BuildInfo:
    """Recorded in every artifact: `version` of nngrade and the git `commit` it was built from."""

    version: str
    commit: str
    source_date_epoch: int

    def stamp(self) -> dict:
        return {"version": self.version, "commit": self.commit}

    def json_bytes(self, **extra) -> bytes:
        return (json.dumps({**self.stamp(), **extra}, indent=2, sort_keys=True) + "\n").encode()

    def comment(self) -> bytes:
        return f"nngrade {self.version} {self.commit}".encode()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def checkout_build(root: Path, environ: dict[str, str]) -> BuildInfo:
    """Version from the package; commit and timestamp from git (or SOURCE_DATE_EPOCH).

    A checkout with uncommitted changes to tracked files gets the commit with `-dirty` appended:
    its artifacts do not correspond to any commit.
    """
    commit = _git(root, "rev-parse", "HEAD") or "unknown"
    if commit != "unknown" and _git(root, "status", "--porcelain", "--untracked-files=no"):
        commit += "-dirty"
    epoch = environ.get("SOURCE_DATE_EPOCH") or _git(root, "log", "-1", "--format=%ct") or ZIP_MIN_EPOCH
    return BuildInfo(__version__, commit, max(int(epoch), ZIP_MIN_EPOCH))


def write_zip(dest: Path, entries: dict[str, bytes], executables: set[str], info: BuildInfo) -> None:
    """Write `entries` (archive name -> bytes) sorted by name, with one fixed timestamp and mode."""
    stamp = time.gmtime(info.source_date_epoch)[:6]
    with zipfile.ZipFile(dest, "w") as archive:
        archive.comment = info.comment()
        for name in sorted(entries):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.create_system = 3  # unix, so the mode below is honoured by unzip
            entry.external_attr = (EXECUTABLE if name in executables else REGULAR) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, entries[name], compresslevel=9)


def normalize_zip(path: Path, info: BuildInfo, add: dict[str, bytes] | None = None) -> None:
    """Rewrite a zip someone else built (otter's, setuptools') the reproducible way, in place.
    Directory entries are dropped; executable bits are kept; `add` puts extra files in."""
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        entries = {m.filename: archive.read(m) for m in members}
        executables = {m.filename for m in members if (m.external_attr >> 16) & 0o111}
    entries.update(add or {})
    write_zip(path, entries, executables, info)
