"""Intake: turn what an LMS gave the instructor (notebooks, zips, folders) into submissions with
identities."""
