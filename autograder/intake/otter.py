"""Recognising the zips that otter's `grader.export()` writes.

Format (read in the source of `Notebook.export`, otter/check/notebook.py of otter-grader 7.0.0 as
installed here, https://github.com/ucbds-infra/otter-grader/blob/master/otter/check/notebook.py;
older copies at https://github.com/fperez/otter-grader/blob/3.0.0/otter/check/notebook.py): the zip is named
`<notebook stem>_<YYYY_MM_DDTHH_MM_SS_ffffff>.zip` unless the student chose a name, and holds the
notebook at the path it was exported from (usually the top), optionally its PDF, the otter log
`.OTTER_LOG`, the text file `__zip_filename__` (the zip's own name), at most one `*.otter` file,
and any extra files the assignment asked for. Only the notebook is graded.

An otter zip is recognised by `__zip_filename__` or `.OTTER_LOG` at its top level. On its own its
layout is "otter-export"; inside a Canvas, Moodle or Gradescope download the layout's identity
applies and the zip is simply one of the student's files.
"""

from __future__ import annotations

MARKERS = ("__zip_filename__", ".OTTER_LOG")


def is_otter_export(entry_parts: list[list[str]]) -> bool:
    """Whether a zip whose entries have these path components is an otter export."""
    return any(len(parts) == 1 and parts[0] in MARKERS for parts in entry_parts)
