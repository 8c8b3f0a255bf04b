"""The plain-data codec: what crosses the trust boundary is decoded without running code."""

import base64

import numpy as np
import pytest

from autograder.runner.child import wire


@pytest.mark.parametrize(
    "value",
    [
        np.arange(6.0).reshape(2, 3),
        np.float64(2.5),
        3,
        2.0,
        True,
        np.array(7),
        np.arange(4, dtype=np.int32),
        np.zeros((0, 3)),
        np.array([np.nan, np.inf]),
    ],
)
def test_numbers_and_arrays_round_trip_with_shape_and_dtype(value):
    back = wire.decode(wire.loads(wire.dumps(wire.encode(value))))
    expected = np.asarray(value)
    assert (
        isinstance(back, np.ndarray)
        and back.shape == expected.shape
        and back.dtype.kind == expected.dtype.kind
    )
    np.testing.assert_array_equal(back, expected)


def test_containers_and_text_round_trip():
    value = (np.ones(2), [1.5, "x", None])
    back = wire.decode(wire.loads(wire.dumps(wire.encode(value))))
    assert isinstance(back, tuple) and isinstance(back[1], list)
    assert back[1][1] == "x" and back[1][2] is None and float(back[1][0]) == 1.5


def test_unknown_objects_become_opaque_without_being_called():
    class Sneaky:
        def __float__(self):
            raise AssertionError("must not be called")

        __str__ = __repr__ = __reduce__ = __float__

    encoded = wire.encode(Sneaky())
    assert encoded == {"t": "other", "type": "Sneaky"}
    assert isinstance(wire.decode(encoded), wire.Unsupported)


@pytest.mark.parametrize(
    "message",
    [
        {"t": "arr", "dtype": "|O", "shape": [1], "b64": ""},  # object dtype
        {"t": "arr", "dtype": "<f8", "shape": [3], "b64": base64.b64encode(b"\0" * 8).decode()},  # short
        {"t": "arr", "dtype": "<f8", "shape": [-1], "b64": ""},
        {"t": "pickle", "data": "gASV"},
        ["not", "an", "object"],
    ],
)
def test_malformed_values_are_rejected(message):
    with pytest.raises(wire.WireError):
        wire.decode(message)


def test_non_standard_json_constants_are_rejected():
    with pytest.raises(wire.WireError):
        wire.loads('{"t": "arr", "x": NaN}')
