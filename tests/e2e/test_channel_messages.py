"""What a channel message may be, without a notebook: the structure check, read-only arguments and
the output cut.

Nesting and the number of JSON values are checked on the raw bytes before json.loads runs, and
fast even on the worst lines; the harness's own messages always fit under the caps; arguments
reach student code read-only; and what a notebook prints after its cells end is cut from the
output the report shows. tests/e2e/test_answer_channel.py grades notebooks that attack all of this.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.runner.channel import CappedOutput
from autograder.runner.child import wire

ROOT = Path(__file__).resolve().parents[2]


# ---- unit tests: structure before json.loads ----


def deepest_record(levels: int) -> dict:
    value = 1.0
    for _ in range(levels):
        value = [value]
    return {"id": "k0.0", "out": wire.encode(value), "after": {"1": wire.encode(value)}}


def test_the_deepest_honest_message_passes_and_one_level_more_does_not():
    record = deepest_record(40)  # encode stops nesting at wire.MAX_DEPTH
    wire.loads(wire.dumps(record))
    deeper = wire.dumps({"wrap": record})
    with pytest.raises(wire.WireError, match="nested deeper"):
        wire.loads(deeper)


def test_deep_nesting_is_rejected_before_json_loads_runs(monkeypatch):
    monkeypatch.setattr(wire.json, "loads", lambda *a, **k: pytest.fail("json.loads ran"))
    for depth in (wire.MAX_JSON_DEPTH + 1, 30_000, 3_000_000):
        with pytest.raises(wire.WireError, match="nested deeper|more than"):
            wire.loads(b"[" * depth + b"]" * depth)
    with pytest.raises(wire.WireError, match=f"more than {wire.MAX_JSON_TOKENS} JSON values"):
        wire.loads(b"[" + b"[]," * 5_000_000 + b"[]]")


@pytest.mark.parametrize(
    "text",
    [
        '{"error": "' + "[" * 500 + '"}',  # brackets inside a string do not nest
        '{"error": "\\"' + "[" * 500 + '\\""}',  # nor after an escaped quote
        '{"error": "a\\\\", "x": [[[1]]]}',  # a string ending in an escaped backslash
    ],
)
def test_strings_do_not_count_as_structure(text):
    assert isinstance(wire.loads(text), dict)


def test_an_escaped_quote_cannot_hide_nesting():
    text = '{"error": "\\\\"' + ", " + "[" * 100 + "]" * 100 + "}"  # the string ends at \\"
    with pytest.raises(wire.WireError, match="nested deeper"):
        wire.check_structure(text.encode())


def test_the_structure_check_is_fast_on_its_worst_lines():
    for worst in (b'"' + b'\\"' * (8 << 20), b'"a",' * (4 << 20), b"\\" * (16 << 20)):
        started = time.monotonic()
        try:
            wire.check_structure(worst)
        except wire.WireError:
            pass
        assert time.monotonic() - started < 5


def test_the_harness_itself_never_trips_the_caps():
    """Whatever a notebook returns or raises, the child's own messages fit: a value too large
    travels as opaque, and the cells' statuses are capped (MAX_STATUSES in the harness)."""
    harness = (ROOT / "autograder/runner/child/__main__.py").read_text()
    kept = int(re.search(r"^MAX_STATUSES = ([\d_]+)", harness, re.M).group(1))
    error = "\U0001f600" * 600  # the longest error, in the costliest characters to escape
    line = wire.dumps({"cells": [{"cell": i, "ok": False, "error": error} for i in range(kept)]}).encode()
    assert len(line) <= wire.MAX_LINE
    wire.loads(line)
    for value in (
        np.zeros(2**20),
        list(np.arange(9_000.0)),
        [[0.5] * 99] * 200,
        np.zeros((2_000, 2_000)),
        [np.zeros(2**19)] * 3,
    ):
        line = wire.dumps(
            {"id": "k0.0", "out": wire.encode(value), "error": error, "mutated": [0, 1]}
        ).encode()
        assert len(line) <= wire.MAX_LINE
        wire.loads(line)
    assert wire.encode(np.zeros(2**20))["t"] == "arr"  # 8 MiB: still sent
    assert (
        wire.encode(np.zeros((2_000, 2_000)))["t"] == "other"
        and wire.encode([[0.5] * 99] * 200)["t"] == "other"
    )


# ---- unit tests: read-only arguments and the output cut ----


def test_arguments_decode_read_only_and_lists_stay_lists():
    value = wire.decode(wire.encode([np.arange(6.0).reshape(2, 3), np.ones(2)]), special={}, readonly=True)
    assert type(value) is list and not any(a.flags.writeable for a in value)
    with pytest.raises(ValueError, match="read-only"):
        value[0][:, 0] = 0.0
    with pytest.raises(ValueError):
        value[0].flags.writeable = True
    assert wire.decode(wire.encode(np.ones(2)), special={}).flags.writeable  # a writable copy otherwise


@pytest.mark.parametrize("chunk", [1, 5, 65536])
def test_output_is_cut_where_the_cells_end(chunk):
    data = b"cell says hi\n" + wire.OUTPUT_MARKER + b"LEAK hidden\n" * 1000

    class Chunks(io.BytesIO):
        def read(self, n=-1):
            return super().read(chunk)

    text = CappedOutput(Chunks(data)).text()
    assert text.startswith("cell says hi\n") and "LEAK" not in text and "not shown" in text
    assert CappedOutput(io.BytesIO(b"no marker\n")).text() == "no marker\n"
