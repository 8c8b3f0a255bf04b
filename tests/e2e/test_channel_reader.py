"""How the parent reads the answer channel, without a notebook: bounded lines, one answer per call.

The reader takes the channel in chunks and stops a line, or the whole stream, at its cap without
holding more than the cap in memory; answers are accepted only in the order the parent asked for
them, after the cells' statuses and before `done`, and anything out of turn ends the reading.
tests/e2e/test_answer_channel.py grades notebooks that attack the channel for real.
"""

from __future__ import annotations

import io
import tracemalloc

import pytest

from autograder.runner import channel
from autograder.runner.channel import ChannelViolation, ChildReport, bounded_lines, collect_answers
from autograder.runner.child import wire

# ---- unit tests: the bounded reader ----


class Endless:
    """A stream repeating `unit` forever, or for `limit` bytes and then a newline; made as it is
    read (a 60 MB test line costs no memory up front), counting what was read from it."""

    def __init__(self, unit=b"x", limit=None):
        self.unit, self.limit, self.read_bytes, self.closed, self.ended = unit, limit, 0, False, False

    def read1(self, n):
        if self.limit is not None and self.read_bytes >= self.limit:
            newline, self.ended = (b"" if self.ended else b"\n"), True
            return newline
        if self.limit is not None:
            n = min(n, self.limit - self.read_bytes)
        self.read_bytes += n
        return (self.unit * (n // len(self.unit) + 1))[:n]

    def close(self):
        self.closed = True


def test_bounded_reader_stops_a_line_without_newline_at_its_cap():
    stream = Endless()
    tracemalloc.start()
    with pytest.raises(ChannelViolation, match="longer than 16 MiB"):
        for _ in bounded_lines(stream):
            pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert stream.read_bytes <= channel.LINE_CAP + channel.READ_CHUNK
    assert peak < 2 * channel.LINE_CAP


def test_bounded_reader_stops_at_the_total_cap():
    stream = Endless(b"[]\n")
    with pytest.raises(ChannelViolation, match="more than"):
        for _ in bounded_lines(stream, line_cap=100, total_cap=10_000):
            pass
    assert stream.read_bytes <= 10_000 + channel.READ_CHUNK


class Trickle(io.BytesIO):
    """Hands out a few bytes per read, so lines straddle chunks."""

    def read1(self, n=-1):
        return super().read1(7)


def test_bounded_reader_joins_lines_across_chunks_and_drops_an_unfinished_one():
    lines = [b'{"cells":[]}', b"x" * 100, b"", b'{"done":true}']
    stream = Trickle(b"\n".join(lines) + b"\n" + b'{"id":"k9')
    assert [bytes(line) for line in bounded_lines(stream)] == lines


# ---- unit tests: one answer per call, in order ----


def stream_of(*messages) -> io.BytesIO:
    return io.BytesIO(b"".join(wire.dumps(m).encode() + b"\n" for m in messages))


def answer(call_id, value=1.0):
    return {"id": call_id, "out": wire.encode(value)}


IDS = ["k0.0", "k1.0", "k1.1", "k2.0"]
CELLS = {"cells": [{"cell": 0, "ok": True}]}


def test_answers_in_order_are_read_to_done():
    report = ChildReport()
    stream = stream_of(CELLS, *[answer(i) for i in IDS], {"done": True})
    collect_answers(stream, report, IDS)
    assert report.finished and list(report.answers) == IDS and report.protocol_error is None and stream.closed


@pytest.mark.parametrize(
    "messages, kept",
    [
        ([answer("k0.0"), CELLS, answer("k0.0")], []),  # before the cells' statuses
        ([CELLS, answer("k0.0"), answer("k2.0")], ["k0.0"]),  # skips ahead
        ([CELLS, answer("k0.0"), answer("k0.0", 2.0), answer("k1.0")], []),  # a second answer: neither counts
        ([CELLS, answer("k0.0"), answer("nope")], ["k0.0"]),  # an id never asked for
        ([CELLS, answer("k0.0"), {"done": True}], ["k0.0"]),  # done too early
        ([CELLS, CELLS, answer("k0.0")], []),  # a second status
        (
            [CELLS, *[answer(i) for i in IDS], answer("k2.0"), {"done": True}],
            IDS[:3],
        ),  # one more after the last
    ],
)
def test_anything_out_of_turn_ends_the_reading(messages, kept):
    report = ChildReport()
    stream = stream_of(*messages)
    collect_answers(stream, report, IDS)
    assert list(report.answers) == kept and not report.finished and stream.closed
    assert report.protocol_error.startswith("the notebook interfered with grading")


def test_a_60_mb_line_costs_the_reader_little_memory():
    report = ChildReport()
    stream = Endless(b"[],", limit=60_000_000)
    tracemalloc.start()
    collect_answers(stream, report, IDS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "longer than 16 MiB" in report.protocol_error and peak < 2 * channel.LINE_CAP
