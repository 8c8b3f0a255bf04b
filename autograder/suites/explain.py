"""The lecture questions' explanations, kept as data beside the suites."""

from __future__ import annotations

from pathlib import Path

import yaml


def load_explanations(assignment: str) -> dict[str, str]:
    return yaml.safe_load(Path(__file__).with_name("explanations.yaml").read_text(encoding="utf-8"))[
        assignment
    ]
