"""nngrade: autograded neural-network exercises and the sandboxed grader behind them."""

__version__ = "0.1.0"
