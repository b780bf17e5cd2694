"""Build the stand-off corpus index from the seed pages and the collected articles.

Run from the repository root: ``python scripts/build_corpus.py [--force]``.

1. ``data/articles/<seed>.txt``: the article body of each seed page, by the rules below
   (stated in data/DATACARD.md), so the output is made by rule, never by hand. Only the seeds'
   text is kept in the repository.
2. ``data/aipolicy/documents.jsonl``: one record per article: doc, collection (seed, v2, v3), url,
   date, source (no title: it is article text), the collector's side note, SHA-256 of the article text, sentence count,
   annotation batch, whether it was double-annotated, and its split (``dev`` or ``test``).
3. ``data/aipolicy/sentences.jsonl``: one stand-off record per sentence ``{id, doc, sentence,
   start, end, sha256}``: its position, its character offsets into the article text
   (:func:`stanceclf.corpus.extract_article_text` for collected pages) and the SHA-256 of its text,
   never the text. Sentences are split by :func:`stanceclf.split_sentences`.

The outputs are checked into git; this script re-makes them byte for byte and refuses to change
an existing file without ``--force``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stanceclf.corpus import extract_article_text, sentence_sha256, sentence_spans  # noqa: E402

# Whole paragraphs that are page furniture, not article text.
_FURNITURE = {
    "2 min",  # reading-time badge
    "Press play to listen to this article",  # audio player
    "AndreyPopov via Getty Images",  # photo credit
}
# A paragraph starting with one of these ends the article: everything after it is a footer
# (subscription ads, tracking code, hashtags, "Source link", comment form, related links).
_END_MARKERS = ("Red gradient pro", "Featured Resources", "Most Popular", "Source link", "#")
# Photo credit appended to a caption: "Caption text | Photographer / Agency".
_CAPTION_CREDIT = re.compile(r"\s+\|\s+[^|]+$")
# Windows-1252 mojibake of UTF-8 punctuation, repaired so that tokenizers see the real character.
_MOJIBAKE = {"â€”": "—", "â€“": "–", "â€™": "’", "â€œ": "“", "â€\x9d": "”"}
_YAML_TEXT_FIELD = re.compile(r'^\s*(?:- )?(title|excerpt): (".*")\s*$')


def _front_matter_paragraphs(front_matter: str) -> list[str]:
    """Title and excerpt of the article and of each related article, in page order."""
    paragraphs = []
    for line in front_matter.splitlines():
        match = _YAML_TEXT_FIELD.match(line)
        if match:
            # YAML double-quoted scalars on one line are valid JSON strings.
            paragraphs.append(json.loads(match.group(2)))
    return paragraphs


def extract_article(raw: str) -> str:
    """Return the article body of one seed page as paragraphs separated by blank lines."""
    paragraphs: list[str] = []
    body = raw
    if raw.startswith("---\n"):
        front_matter, _, body = raw[4:].partition("\n---")
        paragraphs.extend(_front_matter_paragraphs(front_matter))
    for block in re.split(r"\n\s*\n", body):
        block = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if not block or block in _FURNITURE:
            continue
        if block.startswith(_END_MARKERS):
            break
        paragraphs.append(_CAPTION_CREDIT.sub("", block))
    text = "\n\n".join(paragraphs) + "\n"
    for broken, fixed in _MOJIBAKE.items():
        text = text.replace(broken, fixed)
    return text


def _side_notes(readme: Path) -> dict[str, str]:
    """The collector's rough side note (O/P/N) per article id, from a collection's README table."""
    notes = {}
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.split("|")]
            if len(cells) > 6 and cells[1] and cells[1] != "id" and not cells[1].startswith("-"):
                notes[cells[1]] = cells[5]
    return notes


def _jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--v2", type=Path, default=ROOT.parent / "shared" / "articles")
    parser.add_argument("--v3", type=Path, default=ROOT.parent / "shared" / "articles-v3")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--force", action="store_true", help="overwrite files that differ")
    args = parser.parse_args(argv)
    assignment = json.loads((args.out / "aipolicy" / "v3_assignment.json").read_text(encoding="utf-8"))
    second_file = args.out / "aipolicy" / "annotator_b.jsonl"
    second = set(assignment["second_annotation"]) | {
        json.loads(line)["id"].rpartition("-")[0]
        for line in second_file.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    outputs: dict[Path, str] = {}
    documents, sentences = [], []

    def add(doc: str, collection: str, text: str, meta: dict[str, str], side: str = "") -> None:
        spans = sentence_spans(text)
        documents.append(
            {
                "doc": doc,
                "collection": collection,
                **{k: meta.get(k, "") for k in ("url", "date", "source")},
                "side": side,
                "sha256": sentence_sha256(text),
                "sentences": len(spans),
                "batch": assignment["batch"].get(doc, collection),
                "double_annotated": collection == "seed" or doc in second,
                "split": "test" if doc in assignment["test"] else "dev",
            }
        )
        for number, (start, end) in enumerate(spans, start=1):
            sentences.append(
                {
                    "id": f"{doc}-{number}",
                    "doc": doc,
                    "sentence": number,
                    "start": start,
                    "end": end,
                    "sha256": sentence_sha256(text[start:end]),
                }
            )

    for seed in sorted(args.seeds.glob("*.txt")):
        text = extract_article(seed.read_text(encoding="utf-8"))
        outputs[args.out / "articles" / seed.name] = text
        add(seed.stem, "seed", text, {})
    for collection, folder in (("v2", args.v2), ("v3", args.v3)):
        notes = _side_notes(folder / "README.md")
        for page in sorted(folder.glob("*.txt")):
            meta, text = extract_article_text(page.read_text(encoding="utf-8"))
            add(page.stem, collection, text, meta, notes.get(page.stem, ""))
    if not documents:
        print(f"{args.seeds}: no seed files", file=sys.stderr)
        return 1
    outputs[args.out / "aipolicy" / "documents.jsonl"] = _jsonl(documents)
    outputs[args.out / "aipolicy" / "sentences.jsonl"] = _jsonl(sentences)
    changed = [p for p, t in outputs.items() if p.exists() and p.read_text(encoding="utf-8") != t]
    if changed and not args.force:
        for path in changed:
            print(f"{path}: exists and differs; pass --force to overwrite", file=sys.stderr)
        return 1
    for path, text in outputs.items():  # files under version control: git keeps what they were
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"{len(documents)} articles, {len(sentences)} sentences indexed under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
