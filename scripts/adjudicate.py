"""Merge the two annotations and the adjudication decisions into the final stand-off corpus file.

Run from the repository root: ``python scripts/adjudicate.py [--force]``.

Inputs (data/aipolicy/), none of which holds article text:
* ``sentences.jsonl``: the stand-off index of every sentence (``scripts/build_corpus.py``);
* ``annotator_a.jsonl``: the first annotation of every sentence, ``{id, speaker, speaker_type,
  target, stance, rationale}``;
* ``annotator_b.jsonl``: the independent second annotation of the double-annotated articles;
* ``adjudication.jsonl``: one decision per disagreement on stance, target or speaker_type (and
  on speaker where it was settled): ``{id, field, a, b, final, why}``.

Output: ``annotations.jsonl``, one stand-off record per sentence: the index fields, annotator A's
labels with each adjudicated field set to ``final``, and ``annotators`` (``A``, ``A+B`` or
``A+B adjudicated``). Where the stance was adjudicated, the rationale is the adjudicator's ``why``,
never the annotator's reason for the label that was overruled. Fails, writing nothing, when a
disagreement has no decision, a decision matches no disagreement, or a sentence has no label.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stanceclf.records import read_records, write_records  # noqa: E402

ADJUDICATED_FIELDS = ("stance", "target", "speaker_type")
LABEL_FIELDS = ("speaker", "speaker_type", "target", "stance", "rationale")
FOLDER = ROOT / "data" / "aipolicy"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_labels(path: Path, labels: list[dict]) -> None:
    """Validate label-only records with the corpus schema (a placeholder stands for the text)."""
    records = [{"doc": r.get("id", "").rpartition("-")[0], "text": "-", **r} for r in labels]
    extra = [
        f"{path}:{n}: -: fields {sorted(set(r) - {'id', *LABEL_FIELDS})} are not labels"
        for n, r in enumerate(labels, 1)
        if set(r) - {"id", *LABEL_FIELDS}
    ]
    if extra:
        raise ValueError("\n".join(extra))
    read_records(records, corpus=True)


def merge(first: list[dict], second: list[dict], decisions: list[dict]) -> list[dict]:
    """Annotator A's labels with the decisions applied; raises ValueError listing every problem."""
    second_by_id = {r["id"]: r for r in second}
    decided = {(d["id"], d["field"]): d for d in decisions}
    problems, final = [], []
    for record in first:
        other = second_by_id.get(record["id"])
        merged = dict(record)
        adjudicated = False
        for field in ("speaker", *ADJUDICATED_FIELDS):
            decision = decided.pop((record["id"], field), None)
            if decision is not None:
                if other is None or (decision["a"], decision["b"]) != (record[field], other[field]):
                    problems.append(f"{record['id']}: {field}: decision does not match the two annotations")
                merged[field] = decision["final"]
                adjudicated = True
                if field == "stance":
                    merged["rationale"] = decision["why"]
            elif other is not None and field in ADJUDICATED_FIELDS and record[field] != other[field]:
                problems.append(f"{record['id']}: {field}: {record[field]!r} vs {other[field]!r} not adjudicated")
        merged["annotators"] = "A+B adjudicated" if adjudicated else "A+B" if other is not None else "A"
        final.append(merged)
    problems += [f"{i}: {field}: decision for no record" for i, field in decided]
    if problems:
        raise ValueError("\n".join(problems))
    return final


def standoff(index: list[dict], labels: list[dict]) -> list[dict]:
    """The index records joined with their final labels, in index order."""
    by_id = {r["id"]: r for r in labels}
    missing = [r["id"] for r in index if r["id"] not in by_id]
    stray = sorted(set(by_id) - {r["id"] for r in index})
    if missing or stray:
        raise ValueError(
            f"sentences without labels: {missing[:5]} ({len(missing)}); labels for no sentence: {stray[:5]}"
        )
    return [{**r, **{k: v for k, v in by_id[r["id"]].items() if k != "id"}} for r in index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite annotations.jsonl")
    args = parser.parse_args(argv)
    first, second = read_jsonl(FOLDER / "annotator_a.jsonl"), read_jsonl(FOLDER / "annotator_b.jsonl")
    decisions = read_jsonl(FOLDER / "adjudication.jsonl")
    try:
        check_labels(FOLDER / "annotator_a.jsonl", first)
        check_labels(FOLDER / "annotator_b.jsonl", second)
        final = standoff(read_jsonl(FOLDER / "sentences.jsonl"), merge(first, second, decisions))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    write_records(FOLDER / "annotations.jsonl", final, overwrite=args.force)
    print(f"{len(final)} records, {len(decisions)} decisions -> {FOLDER / 'annotations.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
