"""Regenerate the figures of data/DATACARD.md from the corpus files.

Run from the repository root: ``python scripts/datacard.py`` (``--check`` only compares, exit 1 on a
difference; the test suite runs the same comparison). The figures stand between the
``<!-- BEGIN FIGURES -->`` and ``<!-- END FIGURES -->`` markers; the prose around them is kept.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stanceclf.corpus import agreement  # noqa: E402
from stanceclf.records import SPEAKER_TYPES, STANCES, TARGETS  # noqa: E402

FOLDER = ROOT / "data" / "aipolicy"
CARD = ROOT / "data" / "DATACARD.md"
BEGIN, END = "<!-- BEGIN FIGURES -->", "<!-- END FIGURES -->"
AGREEMENT_FIELDS = ("stance", "target", "speaker_type", "speaker")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return lines + [""]


def _one_vs_rest_kappa(first: list[dict], second: list[dict], label: str) -> float:
    from sklearn.metrics import cohen_kappa_score

    by_id = {r["id"]: r for r in second}
    pairs = [(r["stance"] == label, by_id[r["id"]]["stance"] == label) for r in first if r["id"] in by_id]
    return float(cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs]))


def agreement_rows(first: list[dict], second: list[dict], batch_of: dict[str, str]) -> list[list]:
    """Per annotation batch and overall: n, kappa / observed agreement per field, and per-class stance kappa."""
    rows = []
    batches = sorted({batch_of[r["id"].rpartition("-")[0]] for r in second}, key=lambda b: (b != "seed", b))
    subsets = {f"batch {b}": (lambda r, b=b: batch_of[r["id"].rpartition("-")[0]] == b) for b in batches}
    subsets["v3 (all batches)"] = lambda r: batch_of[r["id"].rpartition("-")[0]].startswith("v3")
    subsets["all double-annotated"] = lambda r: True
    for name, keep in subsets.items():
        warnings.filterwarnings("ignore", module="sklearn")  # single-label subsets; shown as n/a
        a = [r for r in first if keep(r)]
        b = [r for r in second if keep(r)]
        if not a or not b:
            continue
        result = agreement(a, b, fields=AGREEMENT_FIELDS)
        cells = [name, result["n"]]
        for field in AGREEMENT_FIELDS:
            kappa = result[field]["kappa"]
            # Kappa is undefined when both annotators used one label only (e.g. one target throughout).
            shown = "n/a" if math.isnan(kappa) else f"{kappa:.3f}"
            cells.append(f"{shown} / {result[field]['observed']:.3f}")
        shared = {r["id"] for r in b}
        a_shared = [r for r in a if r["id"] in shared]
        cells += [f"{_one_vs_rest_kappa(a_shared, b, label):.3f}" for label in ("FAVOR", "AGAINST", "NONE")]
        rows.append(cells)
    return rows


def figures() -> str:
    """The generated part of the data card."""
    corpus = _jsonl(FOLDER / "annotations.jsonl")
    documents = _jsonl(FOLDER / "documents.jsonl")
    first, second = _jsonl(FOLDER / "annotator_a.jsonl"), _jsonl(FOLDER / "annotator_b.jsonl")
    decisions = _jsonl(FOLDER / "adjudication.jsonl")
    doc_of = {d["doc"]: d for d in documents}
    batch_of = {d["doc"]: d["batch"] for d in documents}
    stance_order = ["FAVOR", "AGAINST", "NONE"]
    assert set(stance_order) == set(STANCES)
    collections = Counter(d["collection"] for d in documents)

    def stance_rows(key, keys) -> list[list]:
        counts = Counter((key(r), r["stance"]) for r in corpus)
        rows = [[k] + [counts[k, s] for s in stance_order] + [sum(counts[k, s] for s in stance_order)] for k in keys]
        return [row for row in rows if row[-1]]

    lines = [
        BEGIN,
        "",
        f"**{len(corpus)} sentences** from **{len(documents)} articles** "
        f"({collections['seed']} seeds, {collections['v2']} corpus v2, {collections['v3']} corpus v3).",
        "",
        "#### Stance × target",
        "",
    ]
    total = [sum(r["stance"] == s for r in corpus) for s in stance_order]
    lines += _table(
        ["target"] + stance_order + ["total"],
        stance_rows(lambda r: r["target"], TARGETS) + [["**total**", *total, len(corpus)]],
    )
    lines += ["#### Stance by collection, annotation batch and split", ""]
    batches = sorted({d["batch"] for d in documents}, key=lambda b: (b != "seed", b))
    lines += _table(
        ["collection"] + stance_order + ["total"],
        stance_rows(lambda r: doc_of[r["doc"]]["collection"], ["seed", "v2", "v3"]),
    )
    lines += _table(["batch"] + stance_order + ["total"], stance_rows(lambda r: batch_of[r["doc"]], batches))
    split_docs = Counter(d["split"] for d in documents)
    lines += _table(
        ["split (articles)"] + stance_order + ["total"],
        [
            [f"{row[0]} ({split_docs[row[0]]})", *row[1:]]
            for row in stance_rows(lambda r: doc_of[r["doc"]]["split"], ["dev", "test"])
        ],
    )
    lines += ["#### Stance by the collector's side note (v3 pages; a rough guide, not an annotation)", ""]
    lines += _table(
        ["side"] + stance_order + ["total"],
        stance_rows(lambda r: doc_of[r["doc"]]["side"] or "-", sorted({d["side"] or "-" for d in documents})),
    )
    lines += ["#### Speaker type × stance", ""]
    lines += _table(
        ["speaker_type"] + stance_order + ["total"], stance_rows(lambda r: r["speaker_type"], SPEAKER_TYPES)
    )
    lines += ["#### Inter-annotator agreement (before adjudication)", ""]
    lines.append(
        "Cohen's kappa / observed agreement (`stanceclf.agreement`, scikit-learn `cohen_kappa_score`) "
        "between `annotator_a.jsonl` and `annotator_b.jsonl` on the double-annotated articles; `speaker` is "
        "compared as exact strings. The last three columns are one-vs-rest kappas of each stance class; "
        '"n/a": both annotators used a single label, where kappa is undefined.'
    )
    lines.append("")
    lines += _table(
        ["subset", "n"] + list(AGREEMENT_FIELDS) + ["κ FAVOR", "κ AGAINST", "κ NONE"],
        agreement_rows(first, second, batch_of),
    )
    changed = Counter(d["field"] for d in decisions)
    lines.append(
        f"{len(decisions)} adjudication decisions recorded in `adjudication.jsonl` "
        f"({', '.join(f'{f}: {n}' for f, n in sorted(changed.items()))})."
    )
    lines += ["", "#### Documents", ""]
    rows = []
    for document in documents:
        counts = Counter(r["stance"] for r in corpus if r["doc"] == document["doc"])
        rows.append(
            [
                document["doc"],
                document["collection"],
                document["batch"],
                document["split"],
                "yes" if document["double_annotated"] else "",
                document["date"],
                document["sentences"],
            ]
            + [counts[s] for s in stance_order]
        )
    lines += _table(["doc", "collection", "batch", "split", "2nd annotation", "date", "sentences"] + stance_order, rows)
    lines += [END]
    return "\n".join(lines)


def render(card: str) -> str:
    head, _, rest = card.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + figures() + tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if the card is stale")
    args = parser.parse_args(argv)
    card = CARD.read_text(encoding="utf-8")
    updated = render(card)
    if args.check:
        if updated != card:
            print(f"{CARD}: figures are stale; run python scripts/datacard.py", file=sys.stderr)
            return 1
        return 0
    CARD.write_text(updated, encoding="utf-8")  # under version control: git keeps what it was
    print(f"{CARD}: figures regenerated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
