"""The shape of a hidden suite: cases as data.

A case names its question, describes itself, says how to draw its inputs (from the grading
run's secret generator), how to compare, its weight within the question, and the message a
student sees when it fails. Expected outputs are not stored: the reference solution computes
them from the same inputs at grading time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..runner.child import testfns, wire
from .checks import Check


@dataclass(frozen=True)
class RngArg:
    """A numpy Generator argument built from `seed`; calls giving the same `shared` key receive
    one generator object in the child, so consecutive draws from it must differ."""

    seed: int
    shared: str | None = None

    def wire(self) -> dict:
        return wire.rng_spec(self.seed, self.shared)

    def local(self):
        return np.random.default_rng(self.seed)


@dataclass(frozen=True)
class FnArg:
    """A test function argument, rebuilt on both sides from `testfns`."""

    name: str
    params: dict

    def wire(self) -> dict:
        return wire.fn_spec(self.name, self.params)

    def local(self):
        return testfns.build(self.name, self.params)


SPECIAL = (RngArg, FnArg)

# Arguments a correct function may change while it runs, provided it restores them exactly: a
# numerical_gradient may perturb θ in place and put each value back (save, perturb, restore). These
# reach the child as writable copies; the child sends their state after the call and the parent
# compares it with what it sent. Every other array argument reaches the child read-only, so an
# in-place write fails in the call itself, whatever the notebook has patched. The parent decides.
RESTORED_ARGUMENTS: dict[str, tuple] = {"numerical_gradient": (1, "theta")}


@dataclass(frozen=True)
class Call:
    """One call in the submission (`name(*args, **kwargs)`), or a variable read when `read`."""

    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    read: bool = False

    def wire(self, call_id: str) -> dict:
        if self.read:
            return {"id": call_id, "kind": "value", "name": self.name}
        return {
            "id": call_id,
            "kind": "call",
            "name": self.name,
            "args": [_wire_arg(a) for a in self.args],
            "kwargs": {k: _wire_arg(v) for k, v in self.kwargs.items()},
            "writable": list(self.writable()),
        }

    def writable(self) -> dict[str, Any]:
        """The arguments handed over writable (RESTORED_ARGUMENTS), by their key on the wire (a
        position as text, or a keyword), with the values sent."""
        allowed = RESTORED_ARGUMENTS.get(self.name, ())
        found = {str(i): a for i, a in enumerate(self.args) if i in allowed}
        found.update({k: v for k, v in self.kwargs.items() if k in allowed})
        return found

    def apply(self, implementation: Callable[..., Any]) -> Any:
        """What `implementation` gives for this call, on fresh parent-side copies of the arguments
        (a variable read calls it without arguments): the reference's expected value, or a
        catalogued variant's output."""
        if self.read:
            return implementation()
        args, kwargs = self.local_args()
        return implementation(*args, **kwargs)

    def local_args(self) -> tuple[tuple, dict]:
        """Fresh parent-side copies of the arguments, for the reference to consume."""
        return tuple(_local_arg(a) for a in self.args), {k: _local_arg(v) for k, v in self.kwargs.items()}


def _wire_arg(value):
    """An argument as the child receives it: a special argument's recipe, else the plain data."""
    return value.wire() if isinstance(value, SPECIAL) else wire.encode(value)


def _local_arg(value):
    """An argument for a parent-side call: a special argument rebuilt, else a private copy."""
    return value.local() if isinstance(value, SPECIAL) else _copy(value)


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copy(v) for v in value)
    return value


Inputs = Callable[[np.random.Generator, str], list[Call]]


@dataclass(frozen=True)
class Case:
    """One row of a hidden suite."""

    qid: str
    name: str
    inputs: Inputs
    check: Check
    message: str
    weight: float = 1.0
    expect: Callable[..., Any] | None = None  # overrides "the reference function of the same name"


# ---- row builders, so that a suite reads as a table ----


def case(name, inputs, check, message, weight=1.0, expect=None) -> tuple:
    """One table row; the table's key supplies the question id."""
    return (name, inputs, check, message, weight, expect)


def call(*args, **kwargs) -> Inputs:
    """Call the question's own function with fixed arguments."""
    return lambda rng, qid: [Call(qid, args, kwargs)]


def call_drawn(draw: Callable[[np.random.Generator], tuple]) -> Inputs:
    """Call the question's function with `(args, kwargs)` drawn from the run's generator."""

    def inputs(rng, qid):
        args, kwargs = draw(rng)
        return [Call(qid, tuple(args), dict(kwargs))]

    return inputs


def calls_drawn(draw: Callable[[np.random.Generator], list[tuple]]) -> Inputs:
    """Several calls of the question's function, each `(args, kwargs)`, compared together."""
    return lambda rng, qid: [Call(qid, tuple(a), dict(k)) for a, k in draw(rng)]


def read(name: str | None = None) -> Inputs:
    """Read a variable of the notebook (by default the one named like the question)."""
    return lambda rng, qid: [Call(name or qid, read=True)]
