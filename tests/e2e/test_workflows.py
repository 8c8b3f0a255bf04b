"""The GitHub workflows only call make targets that exist here, in the order the issue asks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def make_targets(workflow: str) -> list[str]:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text())
    steps = [s for job in data["jobs"].values() for s in job["steps"]]
    return [m for s in steps for m in re.findall(r"\bmake ([a-z-]+)", s.get("run", ""))]


def triggers(workflow: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / workflow).read_text())
    return data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` key as True


def test_every_make_target_in_the_workflows_exists():
    for workflow in ("ci.yml", "release.yml"):
        for target in make_targets(workflow):
            dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
            assert dry.returncode == 0, f"{workflow}: make {target}: {dry.stderr}"


def test_ci_tests_every_push_and_pull_request():
    assert make_targets("ci.yml") == ["test"]
    assert {"push", "pull_request"} <= set(triggers("ci.yml"))


def test_release_runs_on_version_tags_tests_first_and_attaches_the_assets():
    assert triggers("release.yml")["push"]["tags"] == ["v*"]
    assert make_targets("release.yml") == ["test", "release-assets"]
    assert "gh release upload" in (WORKFLOWS / "release.yml").read_text()
    recipe = subprocess.run(["make", "-n", "release-assets"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "nngrade release" in recipe and "-autograder.zip" in recipe and "student/" in recipe
