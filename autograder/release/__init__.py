"""`nngrade release`: build every assignment's student and autograder artifacts."""
