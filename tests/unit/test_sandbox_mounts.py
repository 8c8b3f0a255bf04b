"""The sandbox's mount order: later mounts cover earlier ones, so the private /tmp must come
before the Python binds (a checkout, and its virtualenv, may live under /tmp)."""

from pathlib import Path

from autograder.runner import sandbox


def test_private_tmp_is_mounted_before_the_python_environment(tmp_path):
    args = sandbox.bwrap_arguments(tmp_path, Path(sandbox.__file__).with_name("child"), uid=None)
    tmpfs_tmp = next(i for i, a in enumerate(args) if a == "--tmpfs" and args[i + 1] == "/tmp")
    binds = [
        i for i, a in enumerate(args) if a == "--ro-bind" and Path(args[i + 1]) in sandbox.python_roots()
    ]
    assert binds and all(tmpfs_tmp < i for i in binds)


def test_checkout_and_outputs_are_not_mounted(tmp_path):
    args = sandbox.bwrap_arguments(tmp_path, Path(sandbox.__file__).with_name("child"), uid=None)
    repo = Path(sandbox.__file__).resolve().parents[2]
    sources = [args[i + 1] for i, a in enumerate(args) if a in ("--bind", "--ro-bind")]
    assert str(repo) not in sources and str(repo / "solutions") not in sources
    assert all(not s.startswith(str(repo / "solutions")) for s in sources)
