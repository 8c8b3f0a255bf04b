"""The instructor's own CSV files (roster, submission times): UTF-8, a byte-order mark tolerated."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def read_rows(
    path: Path, error: type[Exception], what: str
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line number, {column: stripped value})]) of a CSV, blank lines skipped.

    Header names are stripped and lower-cased. Raises `error` with a sentence naming `what`
    when the file cannot be read or is not UTF-8.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise error(f"{what} {path} could not be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise error(f"{what} {path} is not UTF-8 text; save it as CSV UTF-8.") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip().lower() for column in next(reader, [])]
    rows = [
        (line, {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(header)})
        for line, row in enumerate(reader, start=2)
        if any(cell.strip() for cell in row)
    ]
    return header, rows
