"""The catalogue of wrong variants, and running them as the student's outputs would arrive.

The catalogued wrong variants of the reference run, in this trusted process, on a case's own
inputs. A variant marked `via` a helper is the correct algorithm run with that helper's mistake,
so the report can blame the helper instead of the function that merely called it. Which variants
are claimed is decided per item, over all its cases, by `evidence.settle`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

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
    "backprop": ("variants_forward", "variants_backprop", "variants_gradcheck_init"),
    "perceptron": ("variants_perceptron",),
}


@cache
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
    return [call.apply(implementation) for call in calls]
