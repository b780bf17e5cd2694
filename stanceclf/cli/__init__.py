"""Command line: ``stanceclf COMMAND`` (also ``python -m stanceclf``).

The subcommands are declared once, in :data:`COMMANDS`: name, help, description, epilog and the
module that adds its arguments (``add_arguments``) and runs it (``run``). Each module is a thin
layer over the public API; only the command line knows flags, and :func:`in_flags` maps the
parameter names of library errors to them.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..persistence import ModelLoadError
from ..records import AnnotationError
from . import agreement, analyze, annotate, corpus, cross_validate, evaluate, predict, predict_dask, train, validate

__all__ = ["COMMANDS", "PARAMETER_FLAGS", "Command", "build_parser", "in_flags", "main"]

_EPILOG_PREDICT = """examples:
  stanceclf predict "We must ban facial recognition in public spaces."
  stanceclf predict --target biometric_surveillance --explain "Police need it to find missing children."
  stanceclf predict sentences.txt --format jsonl > predictions.jsonl
  stanceclf predict records.jsonl --model models/my-model
  stanceclf predict --text notes.txt            # classify the words "notes.txt", not the file
  stanceclf predict --input big.jsonl --output out.jsonl --jobs -1     # stream a file of any size
  stanceclf predict --input speeches.csv --output stances.parquet --text-field speech --id-field id --on-error skip
"""
_EPILOG_PREDICT_DASK = """examples:
  stanceclf predict-dask 'speeches/*.jsonl' out/ --scheduler tcp://scheduler:8786   # a Dask cluster
  stanceclf predict-dask speeches.jsonl out/ --target-field target                  # a local cluster
needs the optional extra: pip install "stanceclf[dask]"
"""
_EPILOG_TRAIN = """examples:
  stanceclf train --data data/aipolicy/annotations.jsonl --out models/my-model
  stanceclf train --data corpus.jsonl --data new.jsonl --out models/v2 --classifier svm --C 1
  stanceclf train --default --force      # rebuild the shipped model in models/aipolicy
"""
_EPILOG_EVALUATE = """examples:
  stanceclf evaluate --data heldout.jsonl                 # shipped model on your annotations
  stanceclf evaluate --data heldout.jsonl --model models/my-model --format json
  stanceclf evaluate --data heldout.jsonl --plots plots/   # PNGs; needs pip install "stanceclf[plots]"
"""
_EPILOG_CV = """examples:
  stanceclf cross-validate                                # 10-fold grouped by article on the shipped corpus
  stanceclf cross-validate --folds loo                    # leave-one-article-out (one fit per article)
  stanceclf cross-validate --data my.jsonl --groups none  # stratified 5-fold
"""
_EPILOG_AGREEMENT = """examples:
  stanceclf agreement data/aipolicy/annotator_a.jsonl data/aipolicy/annotator_b.jsonl
  stanceclf agreement a.jsonl b.jsonl c.jsonl --list      # Krippendorff's alpha for three annotators
"""
_EPILOG_ANNOTATE = """examples:
  stanceclf annotate article.txt --out article.jsonl
  stanceclf annotate article.txt --out article.jsonl --rank entropy --doc lords-2025
then fill speaker, speaker_type, target, stance, rationale (see data/ANNOTATION.md) and run
  stanceclf validate article.jsonl
"""
_EPILOG_VALIDATE = """examples:
  stanceclf validate data/aipolicy/annotations.jsonl new-article.jsonl
"""
_EPILOG_ANALYZE = """examples:
  stanceclf analyze article.txt                          # actor table of one article
  stanceclf analyze data/articles/ --format markdown     # a folder: one table, plus a timeline
  stanceclf analyze a.txt b.txt --by date --out report/  # CSV, JSONL, GraphML, report.md and report.html
  stanceclf analyze article.txt --format jsonl > sentences.jsonl
An article may start with a line 'date: YYYY-MM-DD'.
"""
_EPILOG_CORPUS = (
    "examples:\n  stanceclf corpus hydrate --articles ../shared/articles --articles ../shared/articles-v3\n"
    "  stanceclf corpus hydrate --out /tmp/corpus.jsonl"
)


@dataclass(frozen=True)
class Command:
    """One subcommand: its texts, and the module with its ``add_arguments(parser)`` and ``run(args)``."""

    name: str
    help: str
    description: str
    epilog: str
    module: ModuleType


COMMANDS: tuple[Command, ...] = (
    Command(
        "predict",
        "label texts with a model",
        "Predict the stance of texts given as arguments or in one .txt/.jsonl/.csv file.",
        _EPILOG_PREDICT,
        predict,
    ),
    Command(
        "predict-dask",
        "label JSONL files on a Dask cluster",
        "Predict JSONL files (a path or a glob the workers can read) into OUTPUT/part-*.jsonl on a Dask "
        "scheduler, one output file per input block.",
        _EPILOG_PREDICT_DASK,
        predict_dask,
    ),
    Command(
        "train",
        "train and save a model",
        "Train on annotated JSONL/CSV files, cross-validate, and save a model directory.",
        _EPILOG_TRAIN,
        train,
    ),
    Command(
        "evaluate",
        "score a model on annotated data",
        "F_avg, macro-F1, accuracy, per-class figures, confusion matrix.",
        _EPILOG_EVALUATE,
        evaluate,
    ),
    Command(
        "cross-validate",
        "grouped cross-validation of a configuration",
        "Leave-one-article-out figures of a configuration.",
        _EPILOG_CV,
        cross_validate,
    ),
    Command(
        "agreement",
        "Cohen's kappa between two annotation files",
        "Agreement per field, with the disagreements.",
        _EPILOG_AGREEMENT,
        agreement,
    ),
    Command(
        "annotate",
        "start annotating a new article",
        "Split an article into sentences and write annotation records with the model's suggestions.",
        _EPILOG_ANNOTATE,
        annotate,
    ),
    Command(
        "validate",
        "check annotation files",
        "Check schema, labels, unique ids across files, empty and duplicate texts; "
        "print every problem as file:line: field: message; exit 1 if any.",
        _EPILOG_VALIDATE,
        validate,
    ),
    Command(
        "corpus",
        "restore the corpus text from article files",
        "The corpus ships as stand-off annotation (offsets and hashes, no third-party text). "
        "'hydrate' reports which articles can be restored from the given folders and, with --out, writes the "
        "corpus with its text. Exit 1 when an article is missing or changed.",
        _EPILOG_CORPUS,
        corpus,
    ),
    Command(
        "analyze",
        "who stands where toward which ban, from article texts",
        "Attribute each sentence of the articles to a speaker, guess its target, classify its "
        "stance, and print the actor table (counts, net position with a 95%% interval).",
        _EPILOG_ANALYZE,
        analyze,
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The ``stanceclf`` parser, one subparser per entry of :data:`COMMANDS`; the handler is ``args.run``."""
    parser = argparse.ArgumentParser(
        prog="stanceclf",
        description="Stance classification of AI-policy text: who is FAVOR or AGAINST which ban.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        subparser = commands.add_parser(
            command.name,
            help=command.help,
            description=command.description,
            epilog=command.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.module.add_arguments(subparser)
        subparser.set_defaults(run=command.module.run)
    return parser


# The library's parameter names as the command line spells them (library errors name parameters).
PARAMETER_FLAGS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"pass overwrite=True"), "pass --force"),
    (re.compile(r"pass prefer=<file>"), "use --prefer FILE"),
    (re.compile(r"prefer=('[^']*'|\S+)"), r"--prefer \1"),
)


def in_flags(message: str) -> str:
    """A library error message with parameter names replaced by the flags that set them."""
    for pattern, flag in PARAMETER_FLAGS:
        message = pattern.sub(flag, message)
    return message


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            shown: set[str] = set()

            def show(message: Any, *_: Any, **__: Any) -> None:
                # A message, not a source line; once: predict, predict_proba and explain warn alike.
                if str(message) not in shown:
                    shown.add(str(message))
                    print(f"stanceclf: warning: {message}", file=sys.stderr)

            warnings.showwarning = show
            return args.run(args)
    # ImportError: an optional extra is missing (the library's message names it).
    except (
        AnnotationError, ModelLoadError, FileNotFoundError, FileExistsError, ImportError, ValueError, TypeError
    ) as error:
        print(f"stanceclf: error: {in_flags(str(error))}", file=sys.stderr)
        return 2

