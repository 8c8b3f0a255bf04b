"""Grading one submission: plan the calls, run the child, compare, score."""
