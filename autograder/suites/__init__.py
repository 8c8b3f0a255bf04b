"""Hidden suites: one table of cases per graded item, built on the reference solution."""
