"""Running untrusted submissions: the child harness and the parent that drives it."""
