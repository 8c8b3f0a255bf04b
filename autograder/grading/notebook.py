"""Reading a submitted notebook in the trusted parent: parse and validate, never execute."""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..report.spreadsheet import printable

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_CELLS = 5000  # a long honest notebook has a few hundred; validation time grows with the count


class UnreadableNotebook(ValueError):
    """The submission is not a notebook we can grade; the message is for the student."""


@dataclass(frozen=True)
class NotebookInfo:
    code_cells: int
    assignment: str | None  # what the notebook's own metadata says it is, if anything


def declared_assignment(metadata: object) -> str | None:
    """The assignment a notebook says it belongs to: otter's `assignment_name`, else nngrade's stamp."""
    if not isinstance(metadata, dict):
        return None
    for section, key in (("otter", "assignment_name"), ("nngrade", "assignment")):
        value = metadata.get(section, {}).get(key) if isinstance(metadata.get(section), dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def without_outputs(data: dict) -> dict:
    """The notebook with every code cell's outputs emptied: grading never reads them, and
    validating megabytes of them would cost the parent time outside any limit."""
    cells = data.get("cells")
    if not isinstance(cells, list):
        return data
    light = [
        {**c, "outputs": []} if isinstance(c, dict) and c.get("cell_type") == "code" else c for c in cells
    ]
    return {**data, "cells": light}


def validate(path: Path) -> NotebookInfo:
    """Check that `path` is a readable nbformat-4 notebook; say how many code cells it has and
    which assignment its metadata names."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableNotebook(f"the file could not be read ({exc.strerror})") from None
    if size == 0:
        raise UnreadableNotebook("the file is empty: save the notebook in Jupyter and submit it again")
    if size > MAX_NOTEBOOK_BYTES:
        raise UnreadableNotebook(f"the file is {size // 2**20} MiB; clear large outputs and submit it again")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:  # json's C parser refuses deep nesting (~1000 levels) quickly, in bounded memory
        raise UnreadableNotebook("the file nests JSON too deeply to be a Jupyter notebook") from None
    except UnicodeDecodeError:
        raise UnreadableNotebook("the file is not UTF-8 text, so it is not a Jupyter notebook") from None
    except json.JSONDecodeError as exc:
        raise UnreadableNotebook(
            f"the file is not valid notebook JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it may be truncated or edited by hand"
        ) from None
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        raise UnreadableNotebook("the file is JSON but not a Jupyter notebook")
    major = data.get("nbformat")
    if major != 4:
        shown = major if type(major) is int else "unknown"  # the value is the student's: never echo it
        raise UnreadableNotebook(
            f"the notebook is in format {shown}, but nbformat 4 is required: open it in a current "
            "Jupyter, save it, and submit it again"
        )
    cells = data.get("cells")
    if isinstance(cells, list) and len(cells) > MAX_CELLS:
        raise UnreadableNotebook(f"the notebook has {len(cells)} cells, more than the {MAX_CELLS} allowed")
    try:
        with warnings.catch_warnings():  # e.g. duplicate cell ids: harmless for grading
            warnings.simplefilter("ignore")
            notebook = nbformat.from_dict(without_outputs(data))
            nbformat.validate(notebook)
    except Exception as exc:  # nbformat raises several types for malformed structure (and RecursionError)
        first = printable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:200]
        raise UnreadableNotebook(f"the notebook's structure is invalid: {first}") from None
    code_cells = sum(1 for cell in notebook.cells if cell.cell_type == "code")
    if code_cells == 0:
        raise UnreadableNotebook("the notebook has no code cells, so there is nothing to grade")
    return NotebookInfo(code_cells, declared_assignment(data.get("metadata")))


def file_sha256(path: Path) -> str:
    """The file's sha256, or "" when it cannot be read or is over the size limit (checked first,
    so a sparse file of gigabytes is never read)."""
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return ""
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return ""
