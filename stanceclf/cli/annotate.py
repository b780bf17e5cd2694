"""``stanceclf annotate``: annotation records of a new article, with the model's suggestions."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..actors import read_article
from ..annotate import start_annotation
from ..persistence import load_model
from ..records import write_records


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf annotate``; return the exit status."""
    path = Path(args.article)
    out = Path(args.out)
    if out.resolve() == path.resolve():
        raise ValueError(f"{out}: is the input article; choose another --out")
    records = start_annotation(
        read_article(path), args.doc or path.stem, load_model(args.model), rank=args.rank
    )
    write_records(out, records, overwrite=args.force)
    print(f"{out}: {len(records)} sentences to annotate (ordered by {args.rank})")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf annotate`` to its subparser."""
    parser.add_argument("article", help="plain-text article (.txt)")
    parser.add_argument("--out", required=True, help="annotation file to write (.jsonl)")
    parser.add_argument("--doc", help="document id (default: the file name without extension)")
    parser.add_argument(
        "--rank",
        choices=["position", "margin", "entropy"],
        default="position",
        help="order: article position, or most uncertain first",
    )
    parser.add_argument("--model", help="model that suggests stances (default: the shipped model)")
    parser.add_argument("--force", action="store_true", help="overwrite --out if it exists")
