"""``stanceclf cross-validate``: grouped cross-validation of a configuration."""

from __future__ import annotations

import argparse
import warnings

from .. import workflows
from ..corpus import load_corpus
from ..presets import DEFAULT_PRESET, PRESETS
from .common import parse_folds, print_report


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf cross-validate``; return the exit status."""
    data = args.data or load_corpus(missing="raise")
    groups = None if args.groups == "none" else args.groups
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # held-out articles' unseen targets, by design
        report = workflows.cross_validate(
            data, groups=groups, n_splits=args.folds, preset=args.preset, n_jobs=args.jobs
        )
    title = f"cross-validation ({report.scheme}, preset {args.preset})"
    print_report(report, args.format, title)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf cross-validate`` to its subparser."""
    parser.add_argument("--data", help="annotated file (default: the shipped corpus)")
    parser.add_argument("--groups", default="doc", help="record field kept within one fold, or 'none' (default: doc)")
    parser.add_argument(
        "--folds",
        type=parse_folds,
        default=10,
        help="number of folds, or 'loo' to hold out one group at a time (default: 10, as the shipped model's "
        "manifest; leave-one-article-out refits the model once per article)",
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), default=DEFAULT_PRESET)
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
    parser.add_argument("--jobs", type=int, default=-1, help="folds fitted at once (default: all CPUs)")
