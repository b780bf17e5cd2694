"""Regenerate the figures of data/DATACARD.md from the corpus files.

Run from the repository root: ``python data/datacard.py`` (``--check`` only compares, exit 1 on a
difference; the test suite runs the same comparison). The figures stand between the
``<!-- BEGIN FIGURES -->`` and ``<!-- END FIGURES -->`` markers; the prose around them is kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stanceclf.data import SPEAKER_TYPES, STANCES, TARGETS, read_records, write_text_atomic  # noqa: E402
from stanceclf.evaluation import agreement  # noqa: E402

FOLDER = ROOT / "data" / "aipolicy"
CARD = ROOT / "data" / "DATACARD.md"
BEGIN, END = "<!-- BEGIN FIGURES -->", "<!-- END FIGURES -->"
AGREEMENT_FIELDS = ("stance", "target", "speaker_type", "speaker")


def _is_seed(doc: str) -> bool:
    return doc[:3].isdigit()


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return lines + [""]


def agreement_rows(first: list[dict], second: list[dict]) -> list[list]:
    """Rows of the agreement table: per subset, n and kappa / observed agreement per field."""
    rows = []
    subsets = {
        "seed articles": lambda r: _is_seed(r["doc"]),
        "corpus v2 articles (double-annotated fifth)": lambda r: not _is_seed(r["doc"]),
        "all double-annotated": lambda r: True,
    }
    for name, keep in subsets.items():
        a = [r for r in first if keep(r)]
        b = [r for r in second if keep(r)]
        if not a or not b:
            continue
        result = agreement(a, b, fields=AGREEMENT_FIELDS)
        cells = [name, result["n"]]
        for field in AGREEMENT_FIELDS:
            cells.append(f"{result[field]['kappa']:.3f} / {result[field]['observed']:.3f}")
        rows.append(cells)
    return rows


def figures() -> str:
    """The generated part of the data card."""
    corpus = read_records(FOLDER / "annotations.jsonl", corpus=True)
    first = read_records(FOLDER / "annotator_a.jsonl", corpus=True)
    second = read_records(FOLDER / "annotator_b.jsonl", corpus=True)
    decisions = [
        json.loads(line) for line in (FOLDER / "adjudication.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    docs = list(dict.fromkeys(r["doc"] for r in corpus))
    stance_order = ["FAVOR", "AGAINST", "NONE"]
    assert set(stance_order) == set(STANCES)

    lines = [
        BEGIN,
        "",
        f"**{len(corpus)} sentences** from **{len(docs)} articles** "
        f"({sum(_is_seed(d) for d in docs)} seeds, {sum(not _is_seed(d) for d in docs)} corpus v2).",
        "",
    ]
    lines.append("#### Stance × target")
    lines.append("")
    by_target = Counter((r["target"], r["stance"]) for r in corpus)
    rows = [
        [t] + [by_target[t, s] for s in stance_order] + [sum(by_target[t, s] for s in stance_order)] for t in TARGETS
    ]
    rows.append(["**total**"] + [sum(by_target[t, s] for t in TARGETS) for s in stance_order] + [len(corpus)])
    lines += _table(["target"] + stance_order + ["total"], rows)

    lines.append("#### Speaker type × stance")
    lines.append("")
    by_type = Counter((r["speaker_type"], r["stance"]) for r in corpus)
    rows = [
        [t] + [by_type[t, s] for s in stance_order] for t in SPEAKER_TYPES if any(by_type[t, s] for s in stance_order)
    ]
    lines += _table(["speaker_type"] + stance_order, rows)

    lines.append("#### Documents")
    lines.append("")
    rows = []
    for doc in docs:
        mine = [r for r in corpus if r["doc"] == doc]
        counts = Counter(r["stance"] for r in mine)
        rows.append([doc, mine[0].get("date") or "", len(mine)] + [counts[s] for s in stance_order])
    lines += _table(["doc", "date", "sentences"] + stance_order, rows)

    lines.append("#### Inter-annotator agreement (before adjudication)")
    lines.append("")
    lines.append(
        "Cohen's kappa / observed agreement (`stanceclf.agreement`, scikit-learn `cohen_kappa_score`) "
        "between `annotator_a.jsonl` and `annotator_b.jsonl`; `speaker` is compared as exact strings."
    )
    lines.append("")
    lines += _table(["subset", "n"] + list(AGREEMENT_FIELDS), agreement_rows(first, second))
    changed = Counter(d["field"] for d in decisions)
    lines.append(
        f"{len(decisions)} adjudication decisions recorded in `adjudication.jsonl` "
        f"({', '.join(f'{f}: {n}' for f, n in sorted(changed.items()))})."
    )
    lines += ["", END]
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
            print(f"{CARD}: figures are stale; run python data/datacard.py", file=sys.stderr)
            return 1
        return 0
    write_text_atomic(CARD, updated, overwrite=True)
    print(f"{CARD}: figures regenerated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
