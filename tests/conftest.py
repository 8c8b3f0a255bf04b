"""Shared fixtures: one real release per test session."""

from pathlib import Path

import pytest

from autograder.cli import main


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory) -> Path:
    """`nngrade release` run once, for real (otter assign in a Jupyter kernel)."""
    out = tmp_path_factory.mktemp("release")
    assert main(["release", "--out", str(out)]) == 0
    return out
