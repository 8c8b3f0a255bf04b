"""Plain-data codec for everything that crosses the trust boundary.

A value on the wire is a JSON object with a tag `t`:

    {"t": "arr", "dtype": "<f8", "shape": [2, 3], "b64": "..."}   numeric/bool ndarray (also scalars)
    {"t": "seq", "kind": "list"|"tuple", "items": [...]}             list or tuple
    {"t": "str", "v": "..."}                                          text
    {"t": "none"}                                                     None
    {"t": "other", "type": "Foo"}                                     anything else (never decoded)
    {"t": "rng", "seed": 123, "key": null}                             (inputs only) a numpy Generator
    {"t": "fn", "name": "...", "params": {...}}                        (inputs only) a test function

Decoding never calls code: JSON parsing, an allow-listed dtype, and np.frombuffer. A message is
parsed only after its size, its count of JSON tokens and its nesting have been checked on the raw
bytes (`check_structure`), so json.loads never builds more than a few MB or recurses deeper than
the format needs, whatever the child wrote.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np

ALLOWED_DTYPES = frozenset(
    f"{order}{kind}{size}"
    for order in "<|"
    for kind, sizes in (("f", (2, 4, 8)), ("i", (1, 2, 4, 8)), ("u", (1, 2, 4, 8)), ("b", (1,)))
    for size in sizes
)
MAX_DEPTH = 8
MAX_ITEMS = 10_000
MAX_STR = 10_000
MAX_ELEMENTS = 50_000_000
MAX_LINE = 16 * 1024**2  # bytes of one message; the largest honest answer is ~0.3 MB (see channel.py)
# One encoded value stays well inside a message, so that the harness itself never trips the
# parent's caps (a student returning X.tolist() must fail one case, not be taken for a forger):
# at most 8 MiB of array data (11 MiB of base64) and 10,000 encoded nodes. Beyond either, the
# whole value is sent as {"t": "other"}; outputs this large fail their check anyway.
MAX_VALUE_BYTES = 8 * 1024**2
MAX_VALUE_NODES = 10_000
# The deepest message: an answer record {"after": {"1": value}} holding a value nested MAX_DEPTH
# times, each level an object plus its "items" list, whose innermost items are {"t": "other"}.
MAX_JSON_DEPTH = 2 * MAX_DEPTH + 5
# `[ { , :` outside strings bound how many objects json.loads creates (about 45 bytes each at
# worst). An encoded node needs at most 12; a status for each of 10,000 cells needs 70,000.
MAX_JSON_TOKENS = 200_000
# Written by the child to its stdout after the last cell: the parent keeps no output after it.
OUTPUT_MARKER = b"\x00\x1b[nngrade: the notebook's cells end here]\x1b\x00"


class WireError(ValueError):
    """A message from the child that is not well-formed plain data."""


# ---- encoding (used by the child for outputs and by the parent for inputs) ----


class _TooLarge(Exception):
    pass


def encode(value, depth: int = 0) -> dict:
    """Encode a plain value. Unknown objects become {"t": "other"} without being inspected, and so
    does a value beyond MAX_VALUE_BYTES or MAX_VALUE_NODES."""
    try:
        return _encode(value, depth, [MAX_VALUE_NODES, MAX_VALUE_BYTES])
    except _TooLarge:
        return {"t": "other", "type": "value too large to send"}


def _encode(value, depth: int, budget: list[int]) -> dict:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge()
    if depth > MAX_DEPTH:
        return {"t": "other", "type": "nesting too deep"}
    kind = type(value)
    if value is None:
        return {"t": "none"}
    if kind is str:
        return {"t": "str", "v": value[:MAX_STR]}
    if kind in (bool, int, float) or isinstance(value, np.generic):
        return _encode_array(np.asarray(value), budget)
    if isinstance(value, np.ndarray):
        return _encode_array(np.array(value, copy=True, subok=False), budget)
    if kind in (list, tuple):
        items = list.__iter__(value) if kind is list else tuple.__iter__(value)
        encoded = [_encode(item, depth + 1, budget) for _, item in zip(range(MAX_ITEMS), items)]
        return {"t": "seq", "kind": kind.__name__, "items": encoded}
    return {"t": "other", "type": kind.__name__[:100]}


def _encode_array(arr: np.ndarray, budget: list[int]) -> dict:
    if arr.dtype.kind not in "fiub" or arr.dtype.itemsize > 8 or arr.size > MAX_ELEMENTS:
        return {"t": "other", "type": f"ndarray of dtype {arr.dtype.str}"}
    budget[1] -= arr.size * arr.dtype.itemsize
    if budget[1] < 0:
        raise _TooLarge()
    # astype(order="C") keeps 0-d arrays 0-d (np.ascontiguousarray would make them 1-d).
    arr = arr.astype(arr.dtype.newbyteorder("<"), order="C", copy=True)
    return {
        "t": "arr",
        "dtype": arr.dtype.str,
        "shape": list(arr.shape),
        "b64": base64.b64encode(arr.tobytes()).decode("ascii"),
    }


def rng_spec(seed: int, key: str | None = None) -> dict:
    """A numpy Generator; calls that give the same `key` share one generator object."""
    return {"t": "rng", "seed": int(seed), "key": key}


def fn_spec(name: str, params: dict) -> dict:
    return {"t": "fn", "name": name, "params": {k: encode(v) for k, v in params.items()}}


# ---- decoding (used by the parent for outputs and by the child for inputs) ----


def decode(obj, depth: int = 0, special=None, readonly: bool = False):
    """Decode plain data. Raises WireError on anything malformed.

    `special` maps the input-only tags ("rng", "fn") to constructors; only the child passes it,
    and then a 0-d array becomes a Python number, as the caller wrote it: a student's
    `b = b0; b += 1` must not change an argument in place. With `readonly`, arrays are views of
    immutable bytes: numpy refuses any write to them and refuses to make them writable again.
    """
    if depth > MAX_DEPTH or not isinstance(obj, dict):
        raise WireError("malformed value")
    tag = obj.get("t")
    if special and tag in special:
        return special[tag](obj)
    if tag == "none":
        return None
    if tag == "str":
        text = obj.get("v")
        if not isinstance(text, str) or len(text) > MAX_STR:
            raise WireError("malformed string")
        return text
    if tag == "arr":
        array = _decode_array(obj, readonly)
        return array.item() if special is not None and array.ndim == 0 else array
    if tag == "seq":
        items = obj.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise WireError("malformed sequence")
        decoded = [decode(item, depth + 1, special, readonly) for item in items]
        return tuple(decoded) if obj.get("kind") == "tuple" else decoded
    if tag == "other":
        return Unsupported(str(obj.get("type", "?"))[:100])
    raise WireError(f"unknown tag {str(tag)[:20]!r}")


def _decode_array(obj: dict, readonly: bool = False) -> np.ndarray:
    dtype, shape, b64 = obj.get("dtype"), obj.get("shape"), obj.get("b64")
    if dtype not in ALLOWED_DTYPES or not isinstance(b64, str) or not isinstance(shape, list):
        raise WireError("array with a disallowed dtype or malformed fields")
    if len(shape) > 32 or not all(type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape):
        raise WireError("array with a malformed shape")
    size = int(np.prod(shape, dtype=np.int64))
    raw = base64.b64decode(b64.encode("ascii"), validate=True)
    if size > MAX_ELEMENTS or len(raw) != size * np.dtype(dtype).itemsize:
        raise WireError("array bytes do not match its shape")
    array = np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape)
    return array if readonly else array.copy()


class Unsupported:
    """Stands for a returned object that is not plain data; only its type name is known."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<unsupported {self.type_name}>"


def dumps(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), allow_nan=False)


def loads(data: str | bytes | bytearray, limit: int = MAX_LINE):
    """Parse one message, after checking its size and structure on the raw bytes."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > limit:
        raise WireError("message too large")
    check_structure(raw)
    text = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise WireError(f"not JSON: {exc}") from None


_STRING = re.compile(rb'"[^"]*"')
_NOT_TOKEN = bytes(b for b in range(256) if b not in b"[]{},:")


def check_structure(
    raw: bytes | bytearray, max_depth: int = MAX_JSON_DEPTH, max_tokens: int = MAX_JSON_TOKENS
) -> None:
    """Raise WireError when a message nests deeper than `max_depth` or has more than `max_tokens`
    brackets, commas and colons outside its strings. Linear time, C-level scans but for the final
    walk over at most `max_tokens` bytes.

    Only `\\\\` and `\\"` can change where a JSON string ends; removing them (pairs of backslashes
    first, left to right, as JSON pairs them) leaves every `"` a delimiter. Outside strings a
    backslash is not JSON, and json.loads stops there before reaching anything this miscounts.
    """
    bare = _STRING.sub(b"", bytes(raw).replace(b"\\\\", b"").replace(b'\\"', b""))
    tokens = bare.translate(None, _NOT_TOKEN)
    if len(tokens) > max_tokens:
        raise WireError(f"message with more than {max_tokens} JSON values")
    depth = 0
    for byte in tokens.translate(None, b",:"):
        depth += 1 if byte in b"[{" else -1
        if depth > max_depth:
            raise WireError(f"message nested deeper than {max_depth} levels")


def _reject_constant(name):
    raise WireError(f"non-standard JSON constant {name}")
