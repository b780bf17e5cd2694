"""Merge the two annotations and the adjudication decisions into the final corpus file.

Run from the repository root: ``python data/adjudicate.py [--force]``.

Inputs (data/aipolicy/):
* ``annotator_a.jsonl``: the first annotation of every sentence;
* ``annotator_b.jsonl``: the independent second annotation (all seed sentences, a fifth of v2);
* ``adjudication.jsonl``: one decision per disagreement on stance, target or speaker_type (and
  on speaker where it was settled): ``{id, field, a, b, final, why}``.

Output: ``annotations.jsonl``, annotator A's record with each adjudicated field set to ``final``.
Fails, writing nothing, when a disagreement has no decision or a decision matches no disagreement.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stanceclf.data import read_records, write_jsonl  # noqa: E402

ADJUDICATED_FIELDS = ("stance", "target", "speaker_type")
FOLDER = ROOT / "data" / "aipolicy"


def merge(first: list[dict], second: list[dict], decisions: list[dict]) -> list[dict]:
    """Final records; raises ValueError listing every unresolved or stray decision."""
    second_by_id = {r["id"]: r for r in second}
    decided = {(d["id"], d["field"]): d for d in decisions}
    problems, final = [], []
    for record in first:
        other = second_by_id.get(record["id"])
        merged = dict(record)
        for field in ("speaker", *ADJUDICATED_FIELDS):
            decision = decided.pop((record["id"], field), None)
            if decision is not None:
                if other is None or (decision["a"], decision["b"]) != (record[field], other[field]):
                    problems.append(f"{record['id']}: {field}: decision does not match the two annotations")
                merged[field] = decision["final"]
            elif other is not None and field in ADJUDICATED_FIELDS and record[field] != other[field]:
                problems.append(f"{record['id']}: {field}: {record[field]!r} vs {other[field]!r} not adjudicated")
        final.append(merged)
    problems += [f"{i}: {field}: decision for no record" for i, field in decided]
    if problems:
        raise ValueError("\n".join(problems))
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite annotations.jsonl")
    args = parser.parse_args(argv)
    first = read_records(FOLDER / "annotator_a.jsonl", corpus=True)
    second = read_records(FOLDER / "annotator_b.jsonl", corpus=True)
    decisions = [
        json.loads(line) for line in (FOLDER / "adjudication.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    try:
        final = merge(first, second, decisions)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    # Validate the merged records with the corpus schema before writing them.
    read_records(final, corpus=True)
    write_jsonl(FOLDER / "annotations.jsonl", final, overwrite=args.force)
    print(f"{len(final)} records, {len(decisions)} decisions -> {FOLDER / 'annotations.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
