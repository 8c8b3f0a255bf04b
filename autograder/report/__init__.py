"""What grading writes: results.json (Gradescope), report.html (student), gradebook.csv (instructor)."""
