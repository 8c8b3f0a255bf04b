"""`nngrade selftest`: grade catalogued wrong variants and correct submissions through the real path."""
