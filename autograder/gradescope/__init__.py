"""`nngrade gradescope`: what the Gradescope autograder zip's run_autograder runs."""
