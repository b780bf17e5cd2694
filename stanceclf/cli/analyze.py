"""``stanceclf analyze``: who stands where toward which ban, from article texts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..actors import Analysis, analyze, analyze_folder, export, markdown_report, read_article
from ..actors.exports import format_net, jsonl, sentence_dict
from ..persistence import load_model
from ..presets import DEFAULT_MODEL


def _print_table(analysis: Analysis, stream: Any) -> None:
    rows = [r for r in analysis.actors if r.favor + r.against] or analysis.actors
    width = max([len(r.actor) for r in rows] + [5])
    print(f"{'actor':<{width}}  {'target':<24} {'F':>3} {'A':>3} {'N':>3}  net [95% interval]", file=stream)
    for r in rows:
        counts = f"{r.favor:>3} {r.against:>3} {r.none:>3}"
        print(f"{r.actor:<{width}}  {r.target:<24} {counts}  {format_net(r)}", file=stream)


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf analyze``; return the exit status."""
    model = load_model(args.model)
    inputs = args.articles
    threshold = args.min_speaker_confidence
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"--min-speaker-confidence must be between 0 and 1, got {threshold}")
    if len(inputs) == 1 and Path(inputs[0]).is_file():
        path = Path(inputs[0])
        analysis = analyze(read_article(path), model, doc=path.stem, min_speaker_confidence=args.min_speaker_confidence)
    else:
        analysis = analyze_folder(
            inputs, model, by=args.by, min_speaker_confidence=args.min_speaker_confidence, strict=args.strict
        )
    if analysis.n_abstained:
        print(
            f"{analysis.n_abstained} of {len(analysis.sentences)} sentences left out of the actor table: speaker "
            f"confidence below {analysis.min_speaker_confidence:.2f} (--min-speaker-confidence)",
            file=sys.stderr,
        )
    if args.out:
        options = {"model": model, "model_name": args.model or DEFAULT_MODEL, "explain_top": args.explain_top}
        for path in export(analysis, args.out, overwrite=args.force, **options):
            print(f"wrote {path}", file=sys.stderr)
    if args.format == "jsonl":
        sys.stdout.write(jsonl(sentence_dict(r) for r in analysis.sentences))
    elif args.format == "markdown":
        sys.stdout.write(markdown_report(analysis))
    else:
        _print_table(analysis, sys.stdout)
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf analyze`` to its subparser."""
    parser.add_argument("articles", nargs="+", metavar="ARTICLE", help="article .txt files, or a folder of them")
    parser.add_argument(
        "--out", metavar="DIR", help="write actors/sentences CSV+JSONL, network.graphml, report.md, report.html"
    )
    parser.add_argument(
        "--format",
        choices=("table", "jsonl", "markdown"),
        default="table",
        help="what to print: actor table (default), sentence JSONL, or the markdown report",
    )
    parser.add_argument(
        "--by",
        choices=("article", "date"),
        default="article",
        help="timeline period for several articles (default: article)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing files in --out")
    parser.add_argument(
        "--min-speaker-confidence",
        type=float,
        metavar="P",
        help="leave sentences whose speaker confidence is below P out of the actor table "
        "(default: the threshold shipped with the speaker ranker; 0 keeps all)",
    )
    parser.add_argument(
        "--explain-top",
        type=int,
        default=5,
        metavar="K",
        help="features shown per sentence in report.html (default 5; 0 skips explaining, faster on large folders)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="stop at a file that is not UTF-8 plain text (default: skip it)"
    )
    parser.add_argument("--model", help="model directory or shipped name (default: the shipped model)")
