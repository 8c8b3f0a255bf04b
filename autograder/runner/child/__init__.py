"""The child side of the trust boundary.

These modules run inside the submission's process, as a script directory, so they import
each other as top-level modules and depend only on the standard library, numpy, nbformat
and IPython. The parent imports `wire` and `testfns` from here too; both are pure.
"""
