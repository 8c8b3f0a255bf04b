"""Reading zips in memory, within caps, so that no upload can exhaust memory, time or the disk.

Nothing is ever extracted: entries are decompressed into memory with a bounded, counted read
(the size a header declares is never relied on), and entry names are only ever used for display.

Caps (module constants, read at call time):
- MAX_ENTRIES entries per zip, checked from the end-of-central-directory record before the
  central directory is parsed, and again after;
- MAX_NOTEBOOK_BYTES uncompressed per notebook (or other file) read from a zip;
- MAX_INNER_ZIP_BYTES for a zip inside a zip, which must be read into memory to be opened;
- MAX_TOTAL_BYTES decompressed while discovering one top-level zip and everything inside it;
- MAX_DEPTH levels of zips (a zip in a folder is level 1, a zip inside it level 2, ...).
"""

from __future__ import annotations

import contextlib
import io
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from autograder.intake.model import SourceError

MiB = 1 << 20
MAX_ENTRIES = 10_000
MAX_NOTEBOOK_BYTES = 50 * MiB
MAX_INNER_ZIP_BYTES = 256 * MiB
MAX_TOTAL_BYTES = 2048 * MiB
MAX_DEPTH = 3
_CHUNK = MiB
_ENCRYPTED = 0x1
_UTF8_NAMES = 0x800


def shown_size(count: int) -> str:
    return f"{count // MiB} MiB" if count >= MiB else f"{count} bytes"


class BudgetExceeded(SourceError):
    """The total uncompressed budget of a top-level zip ran out."""


class Budget:
    """Uncompressed bytes that one top-level zip, and every zip inside it, may still cost."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.left = MAX_TOTAL_BYTES

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise BudgetExceeded(
                f"{self.shown} was not read: it holds more than {shown_size(MAX_TOTAL_BYTES)} of "
                "uncompressed data in total, over the limit."
            )


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author meant it: zips without the UTF-8 flag that carry UTF-8
    names (common from Windows and Ruby zippers) were decoded as cp437 by zipfile."""
    name = info.filename
    if not info.flag_bits & _UTF8_NAMES and not name.isascii():
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name


def safe_parts(name: str) -> list[str]:
    """Path components for display: backslashes are separators; empty, `.` and `..` components
    and a drive letter are dropped, so no name can point outside its zip."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":":
        parts = parts[1:]
    return parts


def declared_entry_count(stream: BinaryIO) -> int | None:
    """The entry count the end-of-central-directory record gives (zip64 aware), or None."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    tail_length = min(size, 0xFFFF + 22)
    stream.seek(size - tail_length)
    tail = stream.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        stream.seek(struct.unpack("<Q", tail[at - 12 : at - 4])[0])
        record = stream.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            count = struct.unpack("<Q", record[32:40])[0]
    return count


def open_zip(stream: BinaryIO, shown: str) -> zipfile.ZipFile:
    """Open a zip held in `stream`, refusing more than MAX_ENTRIES entries before parsing them."""
    too_many = f"{shown} was not read: it has more than {MAX_ENTRIES} entries, over the limit."
    try:
        count = declared_entry_count(stream)
        if count is not None and count > MAX_ENTRIES:
            raise SourceError(too_many)
        stream.seek(0)
        archive = zipfile.ZipFile(stream)
    except SourceError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        struct.error,
    ) as exc:
        raise SourceError(f"{shown} is not a readable zip file ({exc}).") from None
    if len(archive.infolist()) > MAX_ENTRIES:
        archive.close()
        raise SourceError(too_many)
    return archive


def is_encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & _ENCRYPTED)


def read_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    cap: int,
    shown: str,
    budget: Budget | None = None,
    keep: bool = True,
) -> bytes:
    """Decompress one entry, counting the bytes actually produced and stopping past `cap`.

    keep=False only measures (returns b""), which is how discovery checks every notebook
    without holding it. Raises SourceError with a sentence for people.
    """
    if is_encrypted(info):
        raise SourceError(f"{shown} is encrypted (password-protected), so it cannot be read.")
    kept: list[bytes] = []
    produced = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(min(_CHUNK, cap + 1 - produced)):
                produced += len(chunk)
                if budget is not None:
                    budget.spend(len(chunk))
                if produced > cap:
                    raise SourceError(
                        f"{shown} is larger than {shown_size(cap)} uncompressed, "
                        "over the limit, so it was not read."
                    )
                if keep:
                    kept.append(chunk)
    except SourceError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise SourceError(f"{shown} could not be read from its zip ({exc}).") from None
    return b"".join(kept)


@dataclass(frozen=True)
class EntryRef:
    """An entry by its position in the central directory, with its raw name as a check."""

    index: int
    raw_name: str


@dataclass(frozen=True)
class ZipChain:
    """Where a zip is: a zip file on disk, then the zips nested inside it, outermost first."""

    disk: Path
    shown: str
    inner: tuple[tuple[EntryRef, str], ...] = ()  # (entry, its display path)

    def then(self, entry: EntryRef, shown: str) -> ZipChain:
        return ZipChain(self.disk, self.shown, self.inner + ((entry, shown),))


def find_entry(archive: zipfile.ZipFile, entry: EntryRef, shown: str) -> zipfile.ZipInfo:
    infos = archive.infolist()
    if entry.index >= len(infos) or infos[entry.index].filename != entry.raw_name:
        raise SourceError(f"{shown} is no longer in its zip (the zip changed since it was listed).")
    return infos[entry.index]


# The innermost zip of the last nested read, so that grading the notebooks of one nested zip
# one after another reads the outer zips once, while at most one inner zip is held in memory.
_last_inner: tuple[ZipChain, bytes] | None = None
_last_inner_lock = threading.Lock()


@contextlib.contextmanager
def open_chain(chain: ZipChain) -> Iterator[zipfile.ZipFile]:
    """Open the innermost zip of `chain` (reading nested zips into memory within their cap)."""
    global _last_inner
    if not chain.inner:
        try:
            handle = open(chain.disk, "rb")
        except OSError as exc:
            raise SourceError(f"{chain.shown} could not be opened ({exc.strerror or exc}).") from None
        with handle, open_zip(handle, chain.shown) as archive:
            yield archive
        return
    with _last_inner_lock:
        cached = _last_inner[1] if _last_inner and _last_inner[0] == chain else None
    if cached is None:
        outer = ZipChain(chain.disk, chain.shown, chain.inner[:-1])
        entry, shown = chain.inner[-1]
        with open_chain(outer) as archive:
            cached = read_entry(archive, find_entry(archive, entry, shown), MAX_INNER_ZIP_BYTES, shown)
        with _last_inner_lock:
            _last_inner = (chain, cached)
    with open_zip(io.BytesIO(cached), chain.inner[-1][1]) as archive:
        yield archive


def entry_reader(chain: ZipChain, entry: EntryRef, shown: str) -> Callable[[], bytes]:
    """A function that reads one entry when called (at grading time), within MAX_NOTEBOOK_BYTES."""

    def read() -> bytes:
        with open_chain(chain) as archive:
            return read_entry(archive, find_entry(archive, entry, shown), MAX_NOTEBOOK_BYTES, shown)

    return read
