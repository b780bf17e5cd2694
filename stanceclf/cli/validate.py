"""``stanceclf validate``: check annotation files; exit 1 on any problem."""

from __future__ import annotations

import argparse
import sys

from ..corpus import validate_files


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf validate``; return the exit status."""
    problems = validate_files(args.files)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {len(args.files)} file(s)", file=sys.stderr)
    return 1 if problems else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf validate`` to its subparser."""
    parser.add_argument("files", nargs="+", help="annotation files (.jsonl/.csv)")
