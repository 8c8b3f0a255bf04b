"""What comes back from a child, read by the parent: its answers and its output, both hostile input.

The answers: whatever runs in the child is the student's; student code shares the harness's process and can
write to this pipe. So the channel is read in fixed-size chunks, each line is capped before it is
parsed (and its nesting and size checked before json.loads, see wire.check_structure), and only
one sequence is accepted: the cells' statuses, one answer per call in the order the parent asked,
then `done`. Whatever breaks it ends the reading; the report's notes say the notebook interfered.
The output: stdout and stderr are read to their end, keeping only a capped head and tail of what
the cells printed (CappedOutput); `ChildReport` holds both for the parent's scoring.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .child import wire

# The largest honest message is 0.32 MB (xavier_initialize_weights(300, 100): 30,100 doubles in
# base64) and a whole honest backprop run sends 0.53 MB. 16 MiB a line and 64 MiB in all leave
# fifty times that room and still bound what one reader holds at once to a few tens of MB.
LINE_CAP = wire.MAX_LINE
CHANNEL_CAP = 64 * 1024**2
READ_CHUNK = 64 * 1024
OUTPUT_CAP = 64 * 1024  # bytes of the child's stdout/stderr kept for the report (head and tail)
INTERFERED = "the notebook interfered with grading"


@dataclass
class ChildReport:
    """What came back from one submission's run, already decoded into plain data."""

    cells: list[dict] = field(default_factory=list)
    answers: dict[str, dict] = field(default_factory=dict)
    finished: bool = False
    timed_out: bool = False
    protocol_error: str | None = None  # why the parent stopped reading the answer channel
    output_tail: str = ""


class CappedOutput:
    """Reads a stream to its end, keeping only its head and tail (the child never blocks on it).

    Only the notebook's cells' output is kept: everything from the child's `wire.OUTPUT_MARKER`
    on (written after the last cell, before the first graded call) is read and discarded, so
    what a function prints about its hidden inputs never reaches a report, whichever process
    or descriptor writes it to this pipe afterwards.
    """

    def __init__(self, stream, cap: int = OUTPUT_CAP):
        self.head, self.tail, self.total, self.cap = bytearray(), bytearray(), 0, cap
        self.discarded = 0  # bytes after the marker
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        marker, carry = wire.OUTPUT_MARKER, b""
        while chunk := stream.read(65536):
            if self.discarded:
                self.discarded += len(chunk)
                continue
            data = carry + chunk
            at = data.find(marker)
            if at >= 0:
                self._keep(data[:at])
                self.discarded = len(data) - at  # counts the marker: nonzero from here on
                continue
            cut = max(0, len(data) - len(marker) + 1)  # a marker may straddle two chunks
            self._keep(data[:cut])
            carry = data[cut:]
        if not self.discarded:
            self._keep(carry)
        stream.close()

    def _keep(self, chunk: bytes) -> None:
        half = self.cap // 2
        self.total += len(chunk)
        room = half - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail = (self.tail + chunk)[-half:]

    def text(self) -> str:
        self.thread.join(timeout=10)
        skipped = self.total - len(self.head) - len(self.tail)
        middle = f"\n[... {skipped} bytes of output omitted ...]\n" if skipped > 0 else ""
        calls = (
            "\n[output printed during the graded calls is not shown]\n"
            if self.discarded > len(wire.OUTPUT_MARKER)
            else ""
        )
        return self.head.decode("utf-8", "replace") + middle + self.tail.decode("utf-8", "replace") + calls


def _decode_answer(record: dict) -> dict:
    """One answer record in plain data; `after` holds the final state of the arguments the parent
    handed over writable (the parent compares them with what it sent)."""
    answer = {"missing": record.get("missing") is True, "mutated": [], "after": {}}
    if "out" in record:
        answer["value"] = wire.decode(record["out"])
    if isinstance(record.get("error"), str):
        answer["error"] = record["error"][:600]
    mutated = record.get("mutated")
    if isinstance(mutated, list):
        answer["mutated"] = [m for m in mutated if type(m) in (int, str)][:20]
    after = record.get("after")
    if isinstance(after, dict):
        answer["after"] = {str(k)[:100]: wire.decode(v) for k, v in list(after.items())[:20]}
    return answer


class ChannelViolation(Exception):
    """The answer channel broke the protocol; the message says how, for the report's notes."""


def bounded_lines(stream, line_cap: int = LINE_CAP, total_cap: int = CHANNEL_CAP):
    """Yield the stream's complete lines (without the newline), reading fixed-size chunks, so that
    no more than `line_cap` plus one chunk is ever held. A final line without its newline is an
    unfinished message (the child died while writing) and is dropped."""
    read = getattr(stream, "read1", None) or stream.read
    pending, total = bytearray(), 0
    while chunk := read(READ_CHUNK):
        total += len(chunk)
        if total > total_cap:
            raise ChannelViolation(f"it wrote more than {total_cap >> 20} MiB to the answer channel")
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            pending += chunk[start:end]
            if len(pending) > line_cap:
                break
            line, pending = pending, bytearray()
            yield line
            start = end + 1
        else:
            pending += chunk[start:]
        if len(pending) > line_cap:
            raise ChannelViolation(
                f"it wrote a message longer than {line_cap >> 20} MiB to the answer channel"
            )


def collect_answers(stream, report: ChildReport, call_ids: list[str]) -> None:
    """Decode the child's answer lines into `report` until the channel closes or breaks the protocol.

    The protocol is one order: the cells' statuses, one answer per call in the order of `call_ids`,
    then `done`. Student code shares the child's process and can write to this pipe, so anything
    else (an answer out of turn, a second answer, a second status) means the notebook wrote here:
    reading ends, the disputed answer is discarded (either of the two may be the forgery), cases
    not answered yet score 0, and the channel is closed so that the child's next write fails.
    """
    expected, position, cells_seen = list(call_ids), 0, False
    try:
        for line in bounded_lines(stream):
            try:
                message = wire.loads(line)
            except wire.WireError as exc:
                raise ChannelViolation(
                    f"it wrote a malformed message to the answer channel ({str(exc)[:200]})"
                ) from None
            if not isinstance(message, dict):
                raise ChannelViolation("it wrote something other than a message to the answer channel")
            if not cells_seen:
                if not isinstance(message.get("cells"), list):
                    raise ChannelViolation("it wrote to the answer channel before its cells had run")
                report.cells, cells_seen = [_clean_cell(c) for c in message["cells"][:10_000]], True
            elif (
                position < len(expected)
                and message.get("id") == expected[position]
                and "cells" not in message
            ):
                report.answers[expected[position]] = _decode_answer(message)
                position += 1
            elif position == len(expected) and message == {"done": True}:
                report.finished = True
                return
            else:
                if position and message.get("id") == expected[position - 1]:
                    del report.answers[expected[position - 1]]  # two answers to one call: trust neither
                raise ChannelViolation(
                    "it wrote to the answer channel out of turn (an answer the grader had not asked for next)"
                )
    except ChannelViolation as exc:
        report.protocol_error = f"{INTERFERED}: {exc}"
    except (wire.WireError, ValueError, TypeError, KeyError, AttributeError) as exc:
        report.protocol_error = f"{INTERFERED}: it wrote a malformed answer ({str(exc)[:200]})"
    finally:
        stream.close()


def _clean_cell(cell) -> dict:
    if not isinstance(cell, dict) or type(cell.get("cell")) is not int:
        raise wire.WireError("malformed cell status")
    clean = {"cell": cell["cell"], "ok": cell.get("ok") is True}
    if isinstance(cell.get("error"), str):
        clean["error"] = cell["error"][:600]
    return clean
