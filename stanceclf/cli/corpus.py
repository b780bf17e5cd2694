"""``stanceclf corpus hydrate``: restore the corpus text from article files."""

from __future__ import annotations

import argparse

from ..corpus import check_articles, read_corpus_records
from ..records import write_records


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf corpus hydrate``; return the exit status."""
    articles = args.articles or None
    report = check_articles(articles)
    print(report.summary())
    if args.out:
        located = read_corpus_records(articles_dir=articles, missing="warn")
        write_records(args.out, [record for _, record in located], overwrite=args.force)
        print(f"{args.out}: {len(located)} sentences with their text (keep this file out of version control)")
    return 0 if report.complete else 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf corpus`` to its subparser."""
    corpus_commands = parser.add_subparsers(dest="corpus_command", required=True, metavar="ACTION")
    hydrate = corpus_commands.add_parser("hydrate", help="check article files and restore the corpus text")
    hydrate.add_argument(
        "--articles", action="append", help="folder of article .txt files; repeat for several (default: "
        "$STANCECLF_ARTICLES, else ../shared/articles* beside a checkout)"
    )
    hydrate.add_argument("--out", help="write the hydrated corpus (.jsonl, with text) here")
    hydrate.add_argument("--force", action="store_true", help="overwrite --out if it exists")
