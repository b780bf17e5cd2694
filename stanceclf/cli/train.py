"""``stanceclf train``: train on annotated files, cross-validate, save a model directory."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..corpus import corpus_file
from ..persistence import shipped_model_path
from ..presets import DEFAULT_PRESET, PRESETS
from ..workflows import train_and_save
from .common import parse_folds


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf train``; return the exit status."""
    if args.default:
        data = args.data or [str(corpus_file())]
        out = Path(args.out or shipped_model_path())
    else:
        if not args.data or not args.out:
            raise SystemExit("stanceclf train: --data and --out are required (or --default)")
        data, out = args.data, Path(args.out)
    preset = None if args.preset == "none" else args.preset
    shipped = " (the shipped model's)" if preset == DEFAULT_PRESET else ""
    print(f"training with preset {args.preset}{shipped}")
    config = {k: v for k, v in (("classifier", args.classifier), ("C", args.C)) if v is not None}
    manifest = train_and_save(
        data,
        out,
        preset=preset,
        config=config,
        prefer=args.prefer,
        overwrite=args.force,
        cross_validate=not args.no_cv,
        n_splits=args.folds,
        n_jobs=args.jobs,
    )
    evaluation = manifest.get("evaluation", {})
    print(f"saved {out} ({manifest['training']['n_records']} records)")
    if evaluation:
        print(f"{evaluation['protocol']}: F_avg {evaluation['f_avg']:.4f}, macro-F1 {evaluation['macro_f1']:.4f}")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf train`` to its subparser."""
    parser.add_argument("--data", action="append", help="annotated file; repeat to merge several")
    parser.add_argument("--out", help="model directory to write")
    parser.add_argument("--default", action="store_true", help="rebuild the shipped model from the shipped corpus")
    parser.add_argument(
        "--preset",
        choices=[*sorted(PRESETS), "none"],
        default=DEFAULT_PRESET,
        help=f"named configuration (default: {DEFAULT_PRESET}, the shipped model's; none: defaults)",
    )
    parser.add_argument("--classifier", choices=["logreg", "svm"])
    parser.add_argument("--C", type=float, help="inverse regularisation strength")
    parser.add_argument("--prefer", help="on an id annotated differently in two files, keep the one from this file")
    parser.add_argument(
        "--folds",
        type=parse_folds,
        default=10,
        help="cross-validation folds grouped by article (default 10), or 'loo' for leave-one-article-out",
    )
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation (no figures in the manifest)")
    parser.add_argument(
        "--jobs", type=int, default=-1, help="cross-validation folds fitted at once (default: all CPUs)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing model directory")
