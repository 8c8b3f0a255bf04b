"""Misconception diagnosis: catalogued wrong variants of the reference, matched against a
submission's outputs."""
