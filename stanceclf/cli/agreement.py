"""``stanceclf agreement``: agreement between annotation files, per field."""

from __future__ import annotations

import argparse
import json

from ..corpus import agreement
from ..records import read_records


def run(args: argparse.Namespace) -> int:
    """Run ``stanceclf agreement``; return the exit status."""
    result = agreement(*(read_records(path, corpus=True) for path in args.files), fields=args.fields)
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{result['n']} items in all {len(args.files)} files; {len(result['missing'])} ids not in every file")
    for name in args.fields:
        figures = result[name]
        kappa = f"Cohen's kappa {figures['kappa']:.3f}, " if "kappa" in figures else ""
        print(
            f"{name}: {kappa}Krippendorff's alpha {figures['alpha']:.3f}, observed agreement "
            f"{figures['observed']:.3f}, {len(figures['disagreements'])} disagreements"
        )
        for pair, count in figures["confusion"].items():
            print(f"    {pair}: {count}")
        if args.list:
            for item, *labels in figures["disagreements"]:
                print(f"    {item}: {' | '.join(labels)}")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``stanceclf agreement`` to its subparser."""
    parser.add_argument("files", nargs="+", help="two or more annotation files of the same sentences")
    parser.add_argument("--list", action="store_true", help="list every disagreeing id with its labels")
    parser.add_argument("--fields", nargs="+", default=["stance", "target", "speaker_type"])
    parser.add_argument("--format", choices=["text", "json"], default="text")
