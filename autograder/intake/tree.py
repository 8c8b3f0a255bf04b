"""What a PATH holds, as one tree of folders, zips and files, whatever it is made of.

Folders on disk and zips (nested up to zips.MAX_DEPTH) become the same kind of node, so the layout
recognisers see one shape. Files are never read here except to check that zipped notebooks and
zips are within their caps; every file node carries a Source that reads its bytes when called.
`__MACOSX/`, `.ipynb_checkpoints/` and dot-files (`._foo.ipynb`, `.DS_Store`) are left out.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from autograder.intake import otter, zips
from autograder.intake.model import Source, SourceError

SKIPPED_FOLDERS = ("__MACOSX", ".ipynb_checkpoints")


@dataclass
class Node:
    """A folder ("dir"), a zip ("zip") or a file ("file").

    display: the path shown to people, relative to the PATH given ("" for a folder PATH itself).
    problem: why this file or zip cannot be used (then a zip has no children).
    otter: a zip that otter's `grader.export()` wrote (its markers are at its top).
    """

    name: str
    display: str
    kind: str
    children: list[Node] = field(default_factory=list)
    source: Source | None = None
    problem: str | None = None
    otter: bool = False

    @property
    def is_notebook(self) -> bool:
        return self.kind == "file" and self.name.lower().endswith(".ipynb")

    def folder(self, parts: list[str]) -> Node:
        """The sub-folder at `parts`, made on the way if missing."""
        node = self
        for part in parts:
            found = next((c for c in node.children if c.kind == "dir" and c.name == part), None)
            if found is None:
                found = Node(part, join(node.display, part), "dir")
                node.children.append(found)
            node = found
        return node

    def files(self) -> Iterator[Node]:
        """Every file and unusable zip below (or this node itself, if it is one)."""
        if self.kind == "file" or self.problem:
            yield self
            return
        for child in self.children:
            yield from child.files()


def join(parent: str, name: str) -> str:
    return f"{parent}/{name}" if parent else name


def is_skipped(name: str) -> bool:
    return name in SKIPPED_FOLDERS or name.startswith(".")


def is_zip_name(name: str) -> bool:
    return name.lower().endswith(".zip")


def build(path: Path) -> Node:
    """The tree of one PATH: a folder, a zip or a single file (shown by its own name)."""
    if path.is_dir():
        root = Node(path.name, "", "dir")
        _fill_folder(root, path)
        return root
    if not path.is_file():
        return Node(path.name, str(path), "file", problem=f"{path} does not exist or cannot be read.")
    return _disk_file(path, path.name)


def _disk_file(path: Path, shown: str) -> Node:
    if is_zip_name(path.name):
        node = Node(path.name, shown, "zip")
        chain = zips.ZipChain(path, shown)
        budget = zips.Budget(shown)
        try:
            with zips.open_chain(chain) as archive:
                _fill_zip(node, archive, chain, 1, budget)
        except SourceError as exc:  # unreadable, over a cap, or over the total budget
            node.children, node.problem = [], str(exc)
        return node
    node = Node(path.name, shown, "file", source=Source(shown, _disk_reader(path, shown)))
    if node.is_notebook:
        try:
            size = path.stat().st_size
        except OSError as exc:
            node.problem = f"{shown} could not be read ({exc.strerror or exc})."
        else:
            if size > zips.MAX_NOTEBOOK_BYTES:
                node.problem = (
                    f"{shown} is larger than {zips.shown_size(zips.MAX_NOTEBOOK_BYTES)}, "
                    "over the limit, so it was not read."
                )
    return node


def _fill_folder(node: Node, folder: Path) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        node.problem = f"{node.display or folder} could not be listed ({exc.strerror or exc})."
        return
    for entry in entries:
        if is_skipped(entry.name):
            continue
        shown = join(node.display, entry.name)
        if entry.is_dir(follow_symlinks=False):
            child = Node(entry.name, shown, "dir")
            _fill_folder(child, Path(entry.path))
            node.children.append(child)
        elif entry.is_file():
            node.children.append(_disk_file(Path(entry.path), shown))


def _disk_reader(path: Path, shown: str) -> Callable[[], bytes]:
    def read() -> bytes:
        cap = zips.MAX_NOTEBOOK_BYTES
        try:
            with open(path, "rb") as handle:
                data = handle.read(cap + 1)
        except OSError as exc:
            raise SourceError(f"{shown} could not be read ({exc.strerror or exc}).") from None
        if len(data) > cap:
            raise SourceError(
                f"{shown} is larger than {zips.shown_size(cap)}, over the limit, so it was not read."
            )
        return data

    return read


def _fill_zip(
    node: Node, archive: zipfile.ZipFile, chain: zips.ZipChain, depth: int, budget: zips.Budget
) -> None:
    """Add the entries of `archive` (the zip `node`, at nesting `depth`) below `node`."""
    listed = []
    for index, info in enumerate(archive.infolist()):
        parts = zips.safe_parts(zips.entry_name(info))
        if not info.is_dir() and parts:
            listed.append((index, info, parts))
    node.otter = otter.is_otter_export([parts for _, _, parts in listed])
    if listed and all(zips.is_encrypted(info) for _, info, _ in listed):
        node.problem = f"{node.display} is encrypted (password-protected), so it cannot be read."
        return
    for index, info, parts in listed:
        if any(is_skipped(part) for part in parts):
            continue
        shown = join(node.display, "/".join(parts))
        ref = zips.EntryRef(index, info.filename)
        name = parts[-1]
        if is_zip_name(name):
            child = Node(name, shown, "zip")
            _fill_inner_zip(child, archive, info, chain.then(ref, shown), depth + 1, budget)
        else:
            child = Node(name, shown, "file", source=Source(shown, zips.entry_reader(chain, ref, shown)))
            if child.is_notebook:
                try:  # measured, not kept: the bytes are read again when graded
                    zips.read_entry(archive, info, zips.MAX_NOTEBOOK_BYTES, shown, budget, keep=False)
                except zips.BudgetExceeded:
                    raise
                except SourceError as exc:
                    child.problem = str(exc)
        node.folder(parts[:-1]).children.append(child)


def _fill_inner_zip(
    node: Node,
    outer: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    chain: zips.ZipChain,
    depth: int,
    budget: zips.Budget,
) -> None:
    if depth > zips.MAX_DEPTH:
        node.problem = (
            f"{node.display} was not read: it is a zip nested more than {zips.MAX_DEPTH} zips deep."
        )
        return
    try:
        data = zips.read_entry(outer, info, zips.MAX_INNER_ZIP_BYTES, node.display, budget)
        with zips.open_zip(io.BytesIO(data), node.display) as archive:
            del data
            _fill_zip(node, archive, chain, depth, budget)
    except zips.BudgetExceeded:
        raise
    except SourceError as exc:
        node.children, node.problem = [], str(exc)
