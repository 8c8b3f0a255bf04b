"""The code keeps the shape the README promises: every package folder (and the top-level modules)
in the README's folder table, no folder there that is not in the tree, and no module over 300 lines."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("autograder", "solutions")
MAX_LINES = 300


def _folder_table() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## What is here")
    return readme[start : readme.index("\n## ", start + 1)]


def _package_folders() -> set[str]:
    found = set()
    for package in PACKAGES:
        for init in (ROOT / package).rglob("__init__.py"):
            found.add(init.parent.relative_to(ROOT).as_posix() + "/")
    return found


def test_every_package_folder_is_in_the_readme_table():
    named = set(re.findall(r"`((?:autograder|solutions)/(?:[\w/]*/)?)`", _folder_table()))
    missing = sorted(_package_folders() - named)
    assert not missing, f"package folders the README's table does not describe: {missing}"


def test_every_folder_the_readme_names_exists():
    named = set(re.findall(r"`((?:autograder|solutions|tests|assignments)/(?:[\w/]*/)?)`", _folder_table()))
    gone = sorted(folder for folder in named if not (ROOT / folder).is_dir())
    assert not gone, f"the README's table names folders that are not in the tree: {gone}"


def test_every_top_level_module_is_in_the_readme_table():
    table = _folder_table()
    row = next(line for line in table.splitlines() if line.startswith("| `autograder/` |"))
    modules = sorted(p.name for p in (ROOT / "autograder").glob("*.py") if p.name != "__init__.py")
    missing = [m for m in modules if f"`{m}`" not in row]
    assert not missing, f"top-level modules the README's table does not describe: {missing}"


def test_no_module_is_over_300_lines():
    sources = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")]
    sources += list((ROOT / "tests").rglob("*.py"))
    long = sorted(
        (p.relative_to(ROOT).as_posix(), n)
        for p in sources
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert not long, f"modules over {MAX_LINES} lines: {long}"
