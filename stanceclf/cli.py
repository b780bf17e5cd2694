"""Command line: ``stanceclf predict|train|evaluate|cross-validate|agreement`` (also ``python -m stanceclf``)."""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any

from . import workflows
from ._io import read_text, shipped_path, write_jsonl
from .analysis import add_cli as add_analyze_command
from .annotate import start_annotation
from .batch import FORMATS, predict_file
from .corpus import agreement, check_articles, load_corpus, read_corpus_records, validate_files
from .persistence import DEFAULT_MODEL, ModelLoadError, is_model_directory, load_model
from .plots import plots_available, write_evaluation_plots
from .records import AnnotationError, read_records
from .workflows import train_and_save

_EPILOG_PREDICT = """examples:
  stanceclf predict "We must ban facial recognition in public spaces."
  stanceclf predict --target biometric_surveillance --explain "Police need it to find missing children."
  stanceclf predict sentences.txt --format jsonl > predictions.jsonl
  stanceclf predict records.jsonl --model models/my-model
  stanceclf predict --text notes.txt            # classify the words "notes.txt", not the file
  stanceclf predict --input big.jsonl --output out.jsonl --jobs -1     # stream a file of any size
  stanceclf predict --input speeches.csv --output stances.parquet --text-field speech --id-field id --on-error skip
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


# An argument without white space that ends in one of these, or contains a path separator, names a file.
_FILE_NAME = re.compile(r"[^\s]*(/|\\)[^\s]*|[^\s]+\.(txt|jsonl|json|ndjson|csv|tsv|html?|pdf|md|docx?|xml)", re.I)


def _names_a_file(item: str) -> bool:
    return item.strip() != "" and (Path(item).exists() or _FILE_NAME.fullmatch(item) is not None)


def _read_inputs(items: list[str], target: str | None, speaker: str | None, as_text: bool = False) -> list[dict]:
    """Texts from arguments, or records from one .txt (a text a line), .jsonl or .csv file.

    An argument that exists as a path, or looks like a file name (no white space, and a path
    separator or a file extension), is read as a file, so a mistyped file name is an error rather
    than a sentence; ``as_text`` (``--text``) takes every argument as text.
    """
    files = [] if as_text else [item for item in items if _names_a_file(item)]
    if files:
        path = Path(files[0])
        if len(items) > 1:
            raise ValueError(f"{path}: looks like a file name among texts; give one file, or pass --text")
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file (to classify these words as text, pass --text)")
        if not path.is_file():
            raise ValueError(f"{path}: is a directory, not a .txt/.jsonl/.csv file")
        if path.suffix.lower() == ".txt":
            lines = read_text(path).splitlines()
            records = [{"text": line} for line in lines if line.strip()]
            if not records:
                raise AnnotationError([f"{path}: -: no non-empty lines"])
        else:
            records = read_records(path)
    else:
        records = [{"text": text} for text in items]
    for record in records:
        if target and not record.get("target"):
            record["target"] = target
        if speaker and not record.get("speaker"):
            record["speaker"] = speaker
    return records


def _predict_file(args: argparse.Namespace) -> int:
    if not (args.input and args.output):
        raise SystemExit("stanceclf predict: --input and --output go together")
    if args.inputs or args.explain:
        raise SystemExit("stanceclf predict: with --input, give no texts and no --explain")
    if Path(args.output).exists() and not args.force:
        print(f"stanceclf: {args.output}: exists; refusing to overwrite (pass --force)", file=sys.stderr)
        return 1
    report = predict_file(
        args.input,
        args.output,
        args.model,
        input_format=args.input_format,
        output_format=args.output_format,
        text_field=args.text_field,
        id_field=args.id_field,
        target_field=args.target_field,
        target=args.target,
        proba=not args.no_proba,
        include_text=args.include_text,
        on_error="skip" if args.on_error == "skip" else "raise",
        overwrite=args.force,
        n_jobs=args.jobs,
        chunk_size=args.chunk_size,
    )
    for problem in report.problems:
        print(f"skipped {problem}", file=sys.stderr)
    skipped = f", {report.n_skipped} malformed row(s) skipped" if report.n_skipped else ""
    print(
        f"{report.output}: {report.n_rows} rows{skipped} in {report.seconds:.1f}s "
        f"({report.sentences_per_second:,.0f} sentences/s, {report.n_jobs} job(s))",
        file=sys.stderr,
    )
    return 0


def _predict(args: argparse.Namespace) -> int:
    if args.input or args.output:
        return _predict_file(args)
    if not args.inputs:
        raise SystemExit("stanceclf predict: give texts, a file, or --input FILE --output FILE")
    model = load_model(args.model)
    records = _read_inputs(args.inputs, args.target, args.speaker, args.text)
    labels = model.predict(records)
    proba = model.predict_proba(records) if hasattr(model, "predict_proba") else None
    explanations = model.explain(records, k=args.top) if args.explain else None
    rows = []
    for i, record in enumerate(records):
        row: dict[str, Any] = {k: record[k] for k in ("id", "target", "speaker") if record.get(k)}
        row["text"] = record["text"]
        row["stance"] = str(labels[i])
        if proba is not None:
            row["proba"] = {str(c): round(float(p), 4) for c, p in zip(model.classes_, proba[i])}
        if explanations is not None:
            row["explanation"] = {
                label: [[name, round(value, 4)] for name, value in pairs]
                for label, pairs in explanations[i].contributions.items()
            }
        rows.append(row)
    if args.format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    for row in rows:
        confidence = f"{row['proba'][row['stance']]:.2f}" if "proba" in row else ""
        text = row["text"] if len(row["text"]) <= 90 else row["text"][:87] + "..."
        print(f"{row['stance']:<8} {confidence:>5}  {text}")
        if explanations is not None:
            for name, value in row["explanation"][row["stance"]]:
                print(f"{'':16}{value:+.4f}  {name}")
    return 0


def _train(args: argparse.Namespace) -> int:
    if args.default:
        data = args.data or [str(shipped_path("_corpus", "aipolicy", "annotations.jsonl"))]
        out = Path(args.out or shipped_path("_models", DEFAULT_MODEL))
    else:
        if not args.data or not args.out:
            raise SystemExit("stanceclf train: --data and --out are required (or --default)")
        data, out = args.data, Path(args.out)
    if is_model_directory(out) and not args.force:
        print(f"stanceclf: {out}: a model exists; refusing to overwrite it (pass --force)", file=sys.stderr)
        return 1
    preset = None if args.preset == "none" else args.preset
    shipped = " (the shipped model's)" if preset == workflows.DEFAULT_PRESET else ""
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


def _print_report(report: Any, fmt: str, title: str) -> None:
    if fmt == "json":
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.to_markdown(title))


def _evaluate(args: argparse.Namespace) -> int:
    if args.plots:
        if not plots_available():  # before the work, not after it
            print('stanceclf: error: --plots needs matplotlib: pip install "stanceclf[plots]"', file=sys.stderr)
            return 2
    model = load_model(args.model)
    records = read_records(args.data, require_stance=True)
    report = workflows.evaluate(model, records)
    _print_report(report, args.format, f"evaluation of {args.model or 'the shipped model'}")
    if args.plots:
        proba = model.predict_proba(records) if hasattr(model, "predict_proba") else None
        paths = write_evaluation_plots(
            report, args.plots, y_true=[r["stance"] for r in records], proba=proba, classes=model.classes_,
            title=Path(args.model).name if args.model else "shipped model", overwrite=args.force,
        )
        for path in paths:
            print(f"wrote {path}", file=sys.stderr)
    return 0


def _folds(value: str) -> int | None:
    if value == "loo":
        return None
    folds = int(value)
    if folds < 2:
        raise argparse.ArgumentTypeError("at least 2 folds, or 'loo'")
    return folds


def _cross_validate(args: argparse.Namespace) -> int:
    data = args.data or load_corpus(missing="raise")
    groups = None if args.groups == "none" else args.groups
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # held-out articles' unseen targets, by design
        report = workflows.cross_validate(
            data, groups=groups, n_splits=args.folds, preset=args.preset, n_jobs=args.jobs
        )
    title = f"cross-validation ({report.scheme}, preset {args.preset})"
    _print_report(report, args.format, title)
    return 0


def _agreement(args: argparse.Namespace) -> int:
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


def _annotate(args: argparse.Namespace) -> int:
    path = Path(args.article)
    out = Path(args.out)
    if out.resolve() == path.resolve():
        raise ValueError(f"{out}: is the input article; choose another --out")
    records = start_annotation(
        read_text(path), args.doc or path.stem, load_model(args.model), rank=args.rank
    )
    write_jsonl(out, records, overwrite=args.force)
    print(f"{out}: {len(records)} sentences to annotate (ordered by {args.rank})")
    return 0


def _validate(args: argparse.Namespace) -> int:
    problems = validate_files(args.files)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {len(args.files)} file(s)", file=sys.stderr)
    return 1 if problems else 0


def _corpus_hydrate(args: argparse.Namespace) -> int:
    articles = args.articles or None
    report = check_articles(articles)
    print(report.summary())
    if args.out:
        located = read_corpus_records(articles_dir=articles, missing="warn")
        write_jsonl(args.out, [record for _, record in located], overwrite=args.force)
        print(f"{args.out}: {len(located)} sentences with their text (keep this file out of version control)")
    return 0 if report.complete else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stanceclf",
        description="Stance classification of AI-policy text: who is FAVOR or AGAINST which ban.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    fmt = argparse.RawDescriptionHelpFormatter

    predict = commands.add_parser(
        "predict",
        help="label texts with a model",
        epilog=_EPILOG_PREDICT,
        formatter_class=fmt,
        description="Predict the stance of texts given as arguments or in one .txt/.jsonl/.csv file.",
    )
    predict.add_argument("inputs", nargs="*", help="texts, or one file (.txt: a text a line; .jsonl/.csv: records)")
    predict.add_argument("--model", help="model directory or shipped name (default: the shipped model)")
    predict.add_argument("--target", help="target of every text without one (e.g. biometric_surveillance)")
    predict.add_argument("--speaker", help="speaker of every text without one")
    predict.add_argument("--text", action="store_true", help="take every argument as text, even if it names a file")
    predict.add_argument("--format", choices=["table", "jsonl"], default="table")
    predict.add_argument("--explain", action="store_true", help="show the features behind each decision")
    predict.add_argument("--top", type=int, default=8, help="features per class with --explain (default 8)")
    batch = predict.add_argument_group("streaming a file of any size (--input with --output)")
    batch.add_argument("--input", help="file to predict: .jsonl, .csv, .txt (a sentence a line) or .parquet")
    batch.add_argument("--output", help="file to write (.jsonl, .csv, .txt or .parquet), atomically")
    batch.add_argument("--input-format", choices=FORMATS, help="format of --input (default: from its suffix)")
    batch.add_argument("--output-format", choices=FORMATS, help="format of --output (default: from its suffix)")
    batch.add_argument("--text-field", default="text", help="field or column with the text (default: text)")
    batch.add_argument("--id-field", help="field or column with the row id (default: the line number)")
    batch.add_argument("--target-field", help="field or column with the row's target (default: --target)")
    batch.add_argument("--jobs", type=int, default=1, help="worker processes; -1: all CPUs (default 1)")
    batch.add_argument("--chunk-size", type=int, default=2000, help="rows read and predicted at a time (default 2000)")
    batch.add_argument(
        "--on-error",
        choices=["fail", "skip"],
        default="fail",
        help="a malformed row stops the run (default, nothing written) or is skipped and counted",
    )
    batch.add_argument("--no-proba", action="store_true", help="write the stance only, no probabilities")
    batch.add_argument("--include-text", action="store_true", help="copy the text into the output")
    batch.add_argument("--force", action="store_true", help="replace an existing --output")
    predict.set_defaults(run=_predict)

    train = commands.add_parser(
        "train",
        help="train and save a model",
        epilog=_EPILOG_TRAIN,
        formatter_class=fmt,
        description="Train on annotated JSONL/CSV files, cross-validate, and save a model directory.",
    )
    train.add_argument("--data", action="append", help="annotated file; repeat to merge several")
    train.add_argument("--out", help="model directory to write")
    train.add_argument("--default", action="store_true", help="rebuild the shipped model from the shipped corpus")
    train.add_argument(
        "--preset",
        choices=[*sorted(workflows.PRESETS), "none"],
        default=workflows.DEFAULT_PRESET,
        help=f"named configuration (default: {workflows.DEFAULT_PRESET}, the shipped model's; none: defaults)",
    )
    train.add_argument("--classifier", choices=["logreg", "svm"])
    train.add_argument("--C", type=float, help="inverse regularisation strength")
    train.add_argument("--prefer", help="on an id annotated differently in two files, keep the one from this file")
    train.add_argument(
        "--folds",
        type=_folds,
        default=10,
        help="cross-validation folds grouped by article (default 10), or 'loo' for leave-one-article-out",
    )
    train.add_argument("--no-cv", action="store_true", help="skip cross-validation (no figures in the manifest)")
    train.add_argument("--jobs", type=int, default=-1, help="cross-validation folds fitted at once (default: all CPUs)")
    train.add_argument("--force", action="store_true", help="replace an existing model directory")
    train.set_defaults(run=_train)

    evaluate = commands.add_parser(
        "evaluate",
        help="score a model on annotated data",
        epilog=_EPILOG_EVALUATE,
        formatter_class=fmt,
        description="F_avg, macro-F1, accuracy, per-class figures, confusion matrix.",
    )
    evaluate.add_argument("--data", required=True, help="annotated .jsonl/.csv file")
    evaluate.add_argument("--model", help="model directory or shipped name (default: the shipped model)")
    evaluate.add_argument("--format", choices=["markdown", "json"], default="markdown")
    evaluate.add_argument(
        "--plots", metavar="DIR", help="also write confusion matrix, reliability and per-target F1 PNGs (extra 'plots')"
    )
    evaluate.add_argument("--force", action="store_true", help="overwrite existing plots in --plots")
    evaluate.set_defaults(run=_evaluate)

    cv = commands.add_parser(
        "cross-validate",
        help="grouped cross-validation of a configuration",
        epilog=_EPILOG_CV,
        formatter_class=fmt,
        description="Leave-one-article-out figures of a configuration.",
    )
    cv.add_argument("--data", help="annotated file (default: the shipped corpus)")
    cv.add_argument("--groups", default="doc", help="record field kept within one fold, or 'none' (default: doc)")
    cv.add_argument(
        "--folds",
        type=_folds,
        default=10,
        help="number of folds, or 'loo' to hold out one group at a time (default: 10, as the shipped model's "
        "manifest; leave-one-article-out refits the model once per article)",
    )
    cv.add_argument("--preset", choices=sorted(workflows.PRESETS), default=workflows.DEFAULT_PRESET)
    cv.add_argument("--format", choices=["markdown", "json"], default="markdown")
    cv.add_argument("--jobs", type=int, default=-1, help="folds fitted at once (default: all CPUs)")
    cv.set_defaults(run=_cross_validate)

    agree = commands.add_parser(
        "agreement",
        help="Cohen's kappa between two annotation files",
        epilog=_EPILOG_AGREEMENT,
        formatter_class=fmt,
        description="Agreement per field, with the disagreements.",
    )
    agree.add_argument("files", nargs="+", help="two or more annotation files of the same sentences")
    agree.add_argument("--list", action="store_true", help="list every disagreeing id with its labels")
    agree.add_argument("--fields", nargs="+", default=["stance", "target", "speaker_type"])
    agree.add_argument("--format", choices=["text", "json"], default="text")
    agree.set_defaults(run=_agreement)

    annotate = commands.add_parser(
        "annotate",
        help="start annotating a new article",
        epilog=_EPILOG_ANNOTATE,
        formatter_class=fmt,
        description="Split an article into sentences and write annotation records with the model's suggestions.",
    )
    annotate.add_argument("article", help="plain-text article (.txt)")
    annotate.add_argument("--out", required=True, help="annotation file to write (.jsonl)")
    annotate.add_argument("--doc", help="document id (default: the file name without extension)")
    annotate.add_argument(
        "--rank",
        choices=["position", "margin", "entropy"],
        default="position",
        help="order: article position, or most uncertain first",
    )
    annotate.add_argument("--model", help="model that suggests stances (default: the shipped model)")
    annotate.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    annotate.set_defaults(run=_annotate)

    validate = commands.add_parser(
        "validate",
        help="check annotation files",
        epilog=_EPILOG_VALIDATE,
        formatter_class=fmt,
        description="Check schema, labels, unique ids across files, empty and duplicate texts; "
        "print every problem as file:line: field: message; exit 1 if any.",
    )
    validate.add_argument("files", nargs="+", help="annotation files (.jsonl/.csv)")
    validate.set_defaults(run=_validate)

    corpus = commands.add_parser(
        "corpus",
        help="restore the corpus text from article files",
        formatter_class=fmt,
        description="The corpus ships as stand-off annotation (offsets and hashes, no third-party text). "
        "'hydrate' reports which articles can be restored from the given folders and, with --out, writes the "
        "corpus with its text. Exit 1 when an article is missing or changed.",
        epilog="examples:\n  stanceclf corpus hydrate --articles ../shared/articles --articles ../shared/articles-v3\n"
        "  stanceclf corpus hydrate --out /tmp/corpus.jsonl",
    )
    corpus_commands = corpus.add_subparsers(dest="corpus_command", required=True, metavar="ACTION")
    hydrate = corpus_commands.add_parser("hydrate", help="check article files and restore the corpus text")
    hydrate.add_argument(
        "--articles", action="append", help="folder of article .txt files; repeat for several (default: "
        "$STANCECLF_ARTICLES, else ../shared/articles* beside a checkout)"
    )
    hydrate.add_argument("--out", help="write the hydrated corpus (.jsonl, with text) here")
    hydrate.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    hydrate.set_defaults(run=_corpus_hydrate)

    add_analyze_command(commands)
    return parser


# The library's parameter names as the command line spells them (library errors name parameters).
PARAMETER_FLAGS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"pass (?:overwrite|force)=True"), "pass --force"),
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
    except (AnnotationError, ModelLoadError, FileNotFoundError, FileExistsError, ValueError, TypeError) as error:
        print(f"stanceclf: error: {in_flags(str(error))}", file=sys.stderr)
        return 2
