"""Name the misconception behind a failed case, from outputs alone.

The catalogued wrong variants of the reference run, in this trusted process, on the case's own
inputs; every variant whose output the student's matches (under the case's own comparison) is
reported. A variant marked `via` a helper is the correct algorithm run with that helper's mistake,
so the report can blame the helper instead of the function that merely called it.

This module matches one case at a time (engine.score_case's first pass). What the report finally
claims is decided per item, over all its cases, by `evidence.settle`: a variant one case matches
by coincidence is dropped there when the item's other cases rule it out.
"""
from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..runner.child import wire


@dataclass(frozen=True)
class Diagnosis:
    misconception: str
    via: str | None = None  # the helper whose mistake this function inherited

    @property
    def tag(self) -> str:
        return f"misconception:{self.misconception}"


# Each assignment's variant modules (in autograder/diagnosis), each self-contained and pasteable.
VARIANT_MODULES = {
    "backprop": ("variants_backprop", "variants_gradcheck_init"),
    "perceptron": ("variants_perceptron",),
}


@lru_cache(maxsize=None)
def variants_for(assignment: str) -> dict[str, list[tuple[str, object, str | None]]]:
    """{function: [(misconception id, implementation, via)]} for one assignment, over all its modules."""
    table: dict[str, list] = {}
    for name in VARIANT_MODULES[assignment]:
        module = importlib.import_module(f"autograder.diagnosis.{name}")
        for function, misconception, implementation, via in module.VARIANTS:
            table.setdefault(function, []).append((misconception, implementation, via))
    return table


def _as_received(value):
    """The variant's output as the student's would arrive: through the same plain-data codec."""
    return wire.decode(wire.loads(wire.dumps(wire.encode(value))))


def _variant_outputs(implementation, calls):
    outputs = []
    for call in calls:
        if call.read:
            outputs.append(implementation())
        else:
            args, kwargs = call.local_args()
            outputs.append(implementation(*args, **kwargs))
    return outputs


def matching_variants(assignment: str, function: str, check, student_values: list, calls: list) -> list[Diagnosis]:
    """Every catalogued variant of `function` whose outputs pass `check` against the student's."""
    found = []
    for misconception, implementation, via in variants_for(assignment).get(function, []):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                outputs = [_as_received(v) for v in _variant_outputs(implementation, calls)]
            # The variant's output plays the part of the expected value, the student's stays "got".
            if all(check(s, v, c) is None for s, v, c in zip(student_values, outputs, calls)):
                found.append(Diagnosis(misconception, via))
        except Exception:  # a variant that cannot run on these inputs simply does not match
            continue
    return found
