"""Plain-data codec for everything that crosses the trust boundary.

A value on the wire is a JSON object with a tag `t`:

    {"t": "arr", "dtype": "<f8", "shape": [2, 3], "b64": "..."}   numeric/bool ndarray (also scalars)
    {"t": "seq", "kind": "list"|"tuple", "items": [...]}             list or tuple
    {"t": "str", "v": "..."}                                          text
    {"t": "none"}                                                     None
    {"t": "other", "type": "Foo"}                                     anything else (never decoded)
    {"t": "rng", "seed": 123, "key": null}                             (inputs only) a numpy Generator
    {"t": "fn", "name": "...", "params": {...}}                        (inputs only) a test function

Decoding never calls code: JSON parsing, an allow-listed dtype, and np.frombuffer.
"""
from __future__ import annotations

import base64
import json

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


class WireError(ValueError):
    """A message from the child that is not well-formed plain data."""


# ---- encoding (used by the child for outputs and by the parent for inputs) ----

def encode(value, depth: int = 0) -> dict:
    """Encode a plain value. Unknown objects become {"t": "other"} without being inspected."""
    if depth > MAX_DEPTH:
        return {"t": "other", "type": "nesting too deep"}
    kind = type(value)
    if value is None:
        return {"t": "none"}
    if kind is str:
        return {"t": "str", "v": value[:MAX_STR]}
    if kind in (bool, int, float) or isinstance(value, np.generic):
        return _encode_array(np.asarray(value))
    if isinstance(value, np.ndarray):
        return _encode_array(np.array(value, copy=True, subok=False))
    if kind in (list, tuple):
        items = list.__iter__(value) if kind is list else tuple.__iter__(value)
        encoded = [encode(item, depth + 1) for _, item in zip(range(MAX_ITEMS), items)]
        return {"t": "seq", "kind": kind.__name__, "items": encoded}
    return {"t": "other", "type": kind.__name__[:100]}


def _encode_array(arr: np.ndarray) -> dict:
    if arr.dtype.kind not in "fiub" or arr.dtype.itemsize > 8 or arr.size > MAX_ELEMENTS:
        return {"t": "other", "type": f"ndarray of dtype {arr.dtype.str}"}
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

def decode(obj, depth: int = 0, special=None):
    """Decode plain data. Raises WireError on anything malformed.

    `special` maps the input-only tags ("rng", "fn") to constructors; only the child passes it,
    and then a 0-d array becomes a Python number, as the caller wrote it: a student's
    `b = b0; b += 1` must not change an argument in place.
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
        array = _decode_array(obj)
        return array.item() if special is not None and array.ndim == 0 else array
    if tag == "seq":
        items = obj.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise WireError("malformed sequence")
        decoded = [decode(item, depth + 1, special) for item in items]
        return tuple(decoded) if obj.get("kind") == "tuple" else decoded
    if tag == "other":
        return Unsupported(str(obj.get("type", "?"))[:100])
    raise WireError(f"unknown tag {str(tag)[:20]!r}")


def _decode_array(obj: dict) -> np.ndarray:
    dtype, shape, b64 = obj.get("dtype"), obj.get("shape"), obj.get("b64")
    if dtype not in ALLOWED_DTYPES or not isinstance(b64, str) or not isinstance(shape, list):
        raise WireError("array with a disallowed dtype or malformed fields")
    if len(shape) > 32 or not all(type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape):
        raise WireError("array with a malformed shape")
    size = int(np.prod(shape, dtype=np.int64))
    raw = base64.b64decode(b64.encode("ascii"), validate=True)
    if size > MAX_ELEMENTS or len(raw) != size * np.dtype(dtype).itemsize:
        raise WireError("array bytes do not match its shape")
    return np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()


class Unsupported:
    """Stands for a returned object that is not plain data; only its type name is known."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<unsupported {self.type_name}>"


def dumps(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), allow_nan=False)


def loads(text: str, limit: int = 200_000_000):
    if len(text) > limit:
        raise WireError("message too large")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise WireError(f"not JSON: {exc}") from None


def _reject_constant(name):
    raise WireError(f"non-standard JSON constant {name}")
