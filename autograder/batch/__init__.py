"""`nngrade grade`: batch-grade notebooks into results.json, report.html and gradebook.csv."""
