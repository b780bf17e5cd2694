"""Build the corpus text from the five seed pages: article bodies and their sentences.

Run from the repository root: ``python data/build_corpus.py [--seeds ../shared/seeds] [--force]``.

1. ``data/articles/<seed>.txt``: the article body of each seed page, by the rules below
   (stated in data/DATACARD.md), so the output is made by rule, never by hand.
2. ``data/aipolicy/sentences.jsonl``: one record ``{id, doc, text}`` per sentence, split by
   :func:`stanceclf.sentences.split_sentences`; this is what annotators are given.

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

from stanceclf.data import write_text_atomic  # noqa: E402
from stanceclf.sentences import split_sentences  # noqa: E402

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


def extract_collected_article(raw: str) -> tuple[dict[str, str], str]:
    """Split a ../shared/articles page into its header (url, title, date, source) and body.

    The title is kept as the first paragraph: like a headline, it is article text. A title the
    collector did not see on the page ("unknown ...", or one marked "[from URL slug]") is not
    article text and is left out.
    """
    header, _, body = raw.partition("\n---\n")
    meta = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    title = meta.get("title", "")
    if title.startswith("unknown") or title.endswith("[from URL slug]"):
        title = ""
    paragraphs = [title] + [" ".join(b.split()) for b in re.split(r"\n\s*\n", body)]
    return meta, "\n\n".join(p for p in paragraphs if p) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "articles")
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--force", action="store_true", help="overwrite files that differ")
    args = parser.parse_args(argv)
    outputs: dict[Path, str] = {}
    sentences = []
    for seed in sorted(args.seeds.glob("*.txt")):
        text = extract_article(seed.read_text(encoding="utf-8"))
        outputs[args.out / "articles" / seed.name] = text
        for number, sentence in enumerate(split_sentences(text), start=1):
            sentences.append({"id": f"{seed.stem}-{number}", "doc": seed.stem, "text": sentence})
    for page in sorted(args.articles.glob("*.txt")):
        meta, text = extract_collected_article(page.read_text(encoding="utf-8"))
        outputs[args.out / "articles" / page.name] = text
        provenance = {k: meta.get(k, "") for k in ("url", "date", "source")}
        for number, sentence in enumerate(split_sentences(text), start=1):
            sentences.append({"id": f"{page.stem}-{number}", "doc": page.stem, "text": sentence, **provenance})
    if not outputs:
        print(f"{args.seeds}: no seed files", file=sys.stderr)
        return 1
    outputs[args.out / "aipolicy" / "sentences.jsonl"] = "".join(
        json.dumps(record, ensure_ascii=False) + "\n" for record in sentences
    )
    changed = [p for p, t in outputs.items() if p.exists() and p.read_text(encoding="utf-8") != t]
    if changed and not args.force:
        for path in changed:
            print(f"{path}: exists and differs; pass --force to overwrite", file=sys.stderr)
        return 1
    for path, text in outputs.items():
        write_text_atomic(path, text, overwrite=True)
    print(f"{len(outputs) - 1} articles, {len(sentences)} sentences written under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
