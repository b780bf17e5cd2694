"""Speaker attribution and actor positions measured against the annotated AI-policy corpus.

Run from the repository root::

    python -m benchmarks.speakers [--corpus data/aipolicy/annotations.jsonl] [--no-positions]
                                  [--split {all,dev,test}]

Splits (an honest protocol for tuning the rules): the seed articles (doc ids starting with a digit)
were used to write the rules; the other documents, sorted by doc id, alternate DEV (even positions
0, 2, 4...) and TEST (odd positions). Tune on seed + DEV only; ``--split dev`` scores and prints
seed and DEV only (TEST is not even scored), ``--split test`` and ``--split all`` score all three.
Attribution always runs over every document (the cross-document name registry needs them); the
split only selects which sentences are scored and printed.

1. Attribution: :func:`stanceclf.speakers.attribute_speakers` runs over each corpus document's
   sentences in order (all sentences, so context is kept) and is scored on the stance-bearing ones
   (stance != NONE) against the annotated ``speaker``: exact canonical match (case-insensitive) and
   lenient match (:func:`stanceclf.speakers.lenient_match`: surname/organisation token overlap).
2. Main actors: :func:`stanceclf.analysis.analyze` on the five seed articles (data/articles/0*.txt;
   shipped model and leave-one-article-out models) against the corpus's annotated stances, as net
   positions (favor - against) / (favor + against) per actor group. Groups are matched by keyword
   on the speaker name on both sides (a benchmark definition, not a rule of the attributor);
   people speaking for a group (Dragoș Tudorache of Renew) count as themselves, as annotated.

Prints the figures and every error case; writes benchmarks/results/speakers.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import warnings
from collections import defaultdict
from pathlib import Path

import stanceclf
from stanceclf import speakers as speakers_module
from stanceclf.analysis import guess_target
from stanceclf.corpus import article_text, read_corpus_records
from stanceclf.data import write_text_atomic
from stanceclf.speakers import SpeakerRegistry, attribute_speakers, find_paragraph_starts, lenient_match

from .common import RESULTS, log_test_scoring, read_test_log

ROOT = Path(__file__).resolve().parent.parent
TEST_LOG = RESULTS / "speakers_test_log.json"  # append-only: every scoring of the TEST split
# Actor groups of the "done when" criterion of issue 6: keywords matched on lower-cased words.
MAIN_ACTORS: dict[str, set[str]] = {
    "Renew": {"renew"},
    "EDPB/EDPS": {"edpb", "edps"},
    "EPP": {"epp"},
    "France": {"france", "paris"},
    "Reclaim Your Face / EDRi": {"reclaim", "edri"},
}


def _group(*names: str) -> str | None:
    words = {w.strip(".,'’()").lower() for name in names for w in name.replace("/", " ").split()}
    for group, keys in MAIN_ACTORS.items():
        if words & keys:
            return group
    return None


SPLITS = ("seed", "dev", "test")


def split_of(doc: str, non_seed_docs: list[str]) -> str:
    """``seed`` for the seed articles, else ``dev``/``test`` by even/odd position in sorted doc ids."""
    if doc[:1].isdigit():
        return "seed"
    return "dev" if sorted(non_seed_docs).index(doc) % 2 == 0 else "test"


def _scores(rows: list[dict]) -> dict:
    n = len(rows)
    return {
        "n": n,
        "exact_accuracy": sum(r["exact"] for r in rows) / n if n else None,
        "lenient_accuracy": sum(r["lenient"] for r in rows) / n if n else None,
    }


def attribute_corpus(records: list[dict]) -> list[tuple[str, list[dict], list]]:
    """Run the attribution over each corpus document, in reading order, with one shared registry.

    Returns ``(doc, records in sentence order, attributions)`` per document, documents in order of
    first appearance. Paragraph breaks are read from the article text
    (:func:`stanceclf.corpus.article_text`, blank lines) when it is at hand.
    """
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_doc[record["doc"]].append(record)
    registry = SpeakerRegistry()
    out = []
    for doc, items in by_doc.items():
        items.sort(key=lambda r: int(r["id"].rsplit("-", 1)[1]))
        sentences = [r["text"] for r in items]
        try:
            starts = find_paragraph_starts(article_text(doc), sentences)
        except (KeyError, FileNotFoundError):  # not a corpus article, or its text is not at hand
            starts = None
        out.append((doc, items, attribute_speakers(sentences, registry, starts)))
    return out


def measure_attribution(corpus: Path, splits: tuple[str, ...] = SPLITS) -> dict:
    """Score the attribution on the stance-bearing sentences of the documents in ``splits``."""
    records = [record for _, record in read_corpus_records(corpus, missing="raise")]
    rows = []
    target_hits = 0
    non_seed = list(dict.fromkeys(r["doc"] for r in records if not r["doc"][:1].isdigit()))
    for doc, items, attributions in attribute_corpus(records):
        split = split_of(doc, non_seed)
        previous = None
        for record, attribution in zip(items, attributions):
            target, rule = guess_target(record["text"], previous)
            previous = target if rule == "keyword" else previous
            if record["stance"] == "NONE" or split not in splits:
                continue
            target_hits += target == record["target"]
            gold, predicted = record["speaker"], attribution.canonical
            rows.append(
                {
                    "id": record["id"],
                    "doc": doc,
                    "split": split,
                    "gold": gold,
                    "predicted": predicted,
                    "rule": attribution.rule,
                    "exact": predicted.lower() == gold.lower(),
                    "lenient": lenient_match(predicted, gold),
                }
            )
    n = len(rows)
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        by_rule[row["rule"]][0] += 1
        by_rule[row["rule"]][1] += row["lenient"]
    return {
        "corpus": os.path.relpath(corpus, Path(__file__).resolve().parent.parent),
        "n_documents": len({r["doc"] for r in rows}),
        "splits": list(splits),
        "n_stance_sentences": n,
        "exact_accuracy": sum(r["exact"] for r in rows) / n if n else None,
        "lenient_accuracy": sum(r["lenient"] for r in rows) / n if n else None,
        "target_accuracy": target_hits / n if n else None,
        "by_split": {split: _scores([r for r in rows if r["split"] == split]) for split in splits},
        "by_rule": {rule: {"n": c[0], "lenient_correct": c[1]} for rule, c in sorted(by_rule.items())},
        "errors": [r for r in rows if not r["lenient"]],
        "exact_only_errors": [r for r in rows if r["lenient"] and not r["exact"]],
    }


def _net(favor: int, against: int) -> float | None:
    return (favor - against) / (favor + against) if favor + against else None


def _counts() -> dict[str, dict[str, int]]:
    return defaultdict(lambda: {"FAVOR": 0, "AGAINST": 0, "NONE": 0})


def compare_positions(corpus: Path) -> dict:
    """Annotated vs predicted net positions of the main actors on the seed articles.

    Predicted twice: with the shipped model (trained on the whole corpus, so the seed sentences are
    in its training data) and leave-one-article-out (each article analysed by a model trained on
    the corpus without it), which is the honest figure.
    """
    from stanceclf.analysis import analyze
    from stanceclf.speakers import SpeakerRegistry as Registry

    records = stanceclf.read_records(corpus, corpus=True)
    seeds = sorted((ROOT / "data" / "articles").glob("0*.txt"))
    seed_docs = {p.stem for p in seeds}
    gold = _counts()
    for record in records:
        group = _group(record["speaker"])
        if group and record["doc"] in seed_docs:
            gold[group][record["stance"]] += 1
    shipped = stanceclf.load_model()
    predicted = {"shipped": _counts(), "heldout": _counts()}
    registry = Registry()
    for path in seeds:
        warnings.filterwarnings("ignore", "target", UserWarning)  # held-out models miss rare targets: expected
        text = path.read_text(encoding="utf-8")
        training = [r for r in records if r["doc"] != path.stem]
        models = {"shipped": shipped, "heldout": stanceclf.train(training, preset="aipolicy")}
        for name, model in models.items():
            for sentence in analyze(text, model, doc=path.stem, registry=registry).sentences:
                group = _group(sentence.speaker)  # speaker name only, as on the annotated side
                if group:
                    predicted[name][group][sentence.stance] += 1
    rows = []
    for group in MAIN_ACTORS:
        g = gold[group]
        g_net = _net(g["FAVOR"], g["AGAINST"])
        row = {"actor": group, "annotated": dict(g), "annotated_net": g_net}
        for name, counts in predicted.items():
            p = counts[group]
            p_net = _net(p["FAVOR"], p["AGAINST"])
            row[name] = dict(p)
            row[f"{name}_net"] = p_net
            row[f"{name}_sign_agrees"] = None if g_net is None or p_net is None else (g_net > 0) == (p_net > 0)
        rows.append(row)
    return {"articles": [p.name for p in seeds], "actors": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "data" / "aipolicy" / "annotations.jsonl")
    parser.add_argument("--no-positions", action="store_true", help="skip the main-actor comparison")
    parser.add_argument(
        "--split",
        choices=("all", "dev", "test"),
        default="all",
        help="dev: score seed + DEV only (for tuning); all/test: seed, DEV and TEST",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="results file; default benchmarks/results/speakers.json, which a --split dev run never writes "
        "(so tuning runs cannot replace the recorded held-out figures)",
    )
    args = parser.parse_args(argv)

    splits = ("seed", "dev") if args.split == "dev" else SPLITS
    result = {"attribution": measure_attribution(args.corpus, splits)}
    if "test" in splits:
        # Every TEST scoring is logged, with the hash of the rules that were scored.
        # The rules are the whole package: hash every module, by name and content, in sorted order.
        digest = hashlib.sha256()
        for module in sorted(Path(speakers_module.__file__).parent.glob("*.py")):
            digest.update(module.name.encode() + b"\0" + module.read_bytes())
        rules = digest.hexdigest()[:16]
        log_test_scoring(
            "speaker attribution", {"speakers rules sha256": rules}, "python -m benchmarks.speakers", TEST_LOG
        )
        result["test_scorings"] = read_test_log(TEST_LOG)
    a = result["attribution"]
    print(f"speaker attribution on {a['n_stance_sentences']} stance-bearing sentences of {a['n_documents']} documents")
    print(f"  exact canonical match: {a['exact_accuracy']:.1%}")
    print(f"  lenient match:         {a['lenient_accuracy']:.1%}")
    for split, scores in a["by_split"].items():
        print(
            f"  {split:<5} n={scores['n']:<4} exact {scores['exact_accuracy']:.1%}  "
            f"lenient {scores['lenient_accuracy']:.1%}"
        )
    print(f"  (keyword target guess on the same sentences: {a['target_accuracy']:.1%})")
    print(
        "  by rule (n, lenient correct): "
        + ", ".join(f"{k} {v['n']}/{v['lenient_correct']}" for k, v in a["by_rule"].items())
    )
    print(f"\nerror cases ({len(a['errors'])}):")
    for row in a["errors"]:
        print(f"  {row['id']}: gold {row['gold']!r} predicted {row['predicted']!r} [{row['rule']}]")
    if not args.no_positions:
        result["positions"] = compare_positions(args.corpus)
        print("\nmain actors, seed articles: net position (favor-against)/(favor+against), F/A/N sentence counts")
        print(f"  {'actor':<26} {'annotated':<20} {'shipped model':<20} {'held-out article':<20}")
        for row in result["positions"]["actors"]:

            def fmt(net, counts):
                net_s = "  n/a" if net is None else f"{net:+.2f}"
                return f"{net_s} ({counts['FAVOR']}/{counts['AGAINST']}/{counts['NONE']})"

            print(
                f"  {row['actor']:<26} {fmt(row['annotated_net'], row['annotated']):<20} "
                f"{fmt(row['shipped_net'], row['shipped']):<20} {fmt(row['heldout_net'], row['heldout']):<20}"
            )
        actors = result["positions"]["actors"]
        agree = {k: sum(bool(r[f"{k}_sign_agrees"]) for r in actors) for k in ("shipped", "heldout")}
        result["positions"]["sign_agreement"] = agree
        print(f"  sign agreement: shipped {agree['shipped']}/{len(actors)}, held-out {agree['heldout']}/{len(actors)}")
    result["name"] = "speakers"
    if args.out is None:
        if args.split == "dev":
            print("\n--split dev: results not written (pass --out to keep them)")
            return 0
        args.out = ROOT / "benchmarks" / "results" / "speakers.json"
    write_text_atomic(args.out, json.dumps(result, indent=2, ensure_ascii=False) + "\n", overwrite=True)
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
