"""The `nngrade` command line: one subcommand per subpackage."""

from __future__ import annotations

import argparse
import sys

from .batch import command as grade_command
from .export import command as export_command
from .gradescope import command as gradescope_command
from .release import command as release_command
from .selftest import command as selftest_command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nngrade", description="Autograded neural-network exercises.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    release_command.add_parser(subparsers)
    grade_command.add_parser(subparsers)
    selftest_command.add_parser(subparsers)
    gradescope_command.add_parser(subparsers)
    export_command.add_parser(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
