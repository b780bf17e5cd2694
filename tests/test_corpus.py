"""The shipped corpus: schema, completeness, reproducible text, data-card figures, loader errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import stanceclf
from stanceclf import AnnotationError, read_records, split_sentences
from stanceclf.data import SPEAKER_TYPES, STANCES, TARGETS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
sys.path.insert(0, str(DATA))

import adjudicate  # noqa: E402
import build_corpus  # noqa: E402
import datacard  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return read_records(DATA / "aipolicy" / "annotations.jsonl", corpus=True)


def test_schema_and_unique_ids(corpus):
    assert len({r["id"] for r in corpus}) == len(corpus)
    for record in corpus:
        assert record["stance"] in STANCES and record["target"] in TARGETS
        assert record["speaker_type"] in SPEAKER_TYPES
        assert record["rationale"].strip()


def test_every_article_sentence_is_annotated_exactly_once_in_order(corpus):
    articles = sorted((DATA / "articles").glob("*.txt"))
    assert len(articles) >= 5
    by_doc: dict[str, list[str]] = {}
    for record in corpus:
        by_doc.setdefault(record["doc"], []).append(record["text"])
    assert set(by_doc) == {p.stem for p in articles}
    for path in articles:
        assert by_doc[path.stem] == split_sentences(path.read_text(encoding="utf-8")), path.name
    seeds = [p for p in articles if p.stem[:3].isdigit()]
    assert len(seeds) == 5


def test_ids_are_doc_and_position(corpus):
    position: dict[str, int] = {}
    for record in corpus:
        position[record["doc"]] = position.get(record["doc"], 0) + 1
        assert record["id"] == f"{record['doc']}-{position[record['doc']]}"


def test_load_corpus_is_a_typed_dataset(corpus):
    dataset = stanceclf.load_corpus()
    assert len(dataset) == len(corpus)
    assert dataset.features["stance"].names == list(STANCES)
    assert dataset.features["target"].names == list(TARGETS)
    assert dataset.features["stance"].int2str(dataset[0]["stance"]) == corpus[0]["stance"]


SHARED = ROOT.parent / "shared"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_article_text_is_rebuilt_byte_for_byte_from_the_sources():
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        expected = (DATA / "articles" / seed.name).read_text(encoding="utf-8")
        assert build_corpus.extract_article(seed.read_text(encoding="utf-8")) == expected
    for page in sorted((SHARED / "articles").glob("*.txt")):
        _, text = build_corpus.extract_collected_article(page.read_text(encoding="utf-8"))
        assert (DATA / "articles" / page.name).read_text(encoding="utf-8") == text


def test_seed_extraction_rules():
    raw = (
        '---\ntitle: "A ban"\nexcerpt: "MEPs \\"want\\" it."\nother: x\n---\n2 min\n\nBody text.\n\n'
        "Caption | Photo / Agency\n\nSource link\n\nLeave a Reply"
    )
    assert build_corpus.extract_article(raw) == 'A ban\n\nMEPs "want" it.\n\nBody text.\n\nCaption\n'


def test_final_labels_are_annotator_a_plus_recorded_adjudications(corpus):
    first = read_records(DATA / "aipolicy" / "annotator_a.jsonl", corpus=True)
    second = read_records(DATA / "aipolicy" / "annotator_b.jsonl", corpus=True)
    decisions = [json.loads(x) for x in (DATA / "aipolicy" / "adjudication.jsonl").read_text().splitlines() if x]
    assert adjudicate.merge(first, second, decisions) == corpus
    assert all(d["why"].strip() for d in decisions)


def test_second_annotation_covers_all_seeds_and_a_fifth_of_v2(corpus):
    second = {r["id"] for r in read_records(DATA / "aipolicy" / "annotator_b.jsonl", corpus=True)}
    seeds = [r for r in corpus if r["doc"][:3].isdigit()]
    v2 = [r for r in corpus if not r["doc"][:3].isdigit()]
    assert all(r["id"] in second for r in seeds)
    assert sum(r["id"] in second for r in v2) >= len(v2) / 5


def test_data_card_figures_match_the_files():
    card = (DATA / "DATACARD.md").read_text(encoding="utf-8")
    assert datacard.render(card) == card, "run: python data/datacard.py"


def test_adjudication_refuses_unresolved_disagreements():
    a = [{"id": "d-1", "stance": "FAVOR", "target": "t", "speaker_type": "x", "speaker": "s"}]
    b = [{"id": "d-1", "stance": "NONE", "target": "t", "speaker_type": "x", "speaker": "s"}]
    with pytest.raises(ValueError, match="not adjudicated"):
        adjudicate.merge(a, b, [])
    fixed = adjudicate.merge(
        a, b, [{"id": "d-1", "field": "stance", "a": "FAVOR", "b": "NONE", "final": "NONE", "why": "w"}]
    )
    assert fixed[0]["stance"] == "NONE"


GOOD = {
    "id": "d-1",
    "doc": "d",
    "text": "Ban it.",
    "speaker": "Renew",
    "speaker_type": "party_group",
    "target": "biometric_surveillance",
    "stance": "FAVOR",
    "rationale": "r",
}


@pytest.mark.parametrize(
    "line, expected",
    [
        ("{bad json", ":2: -: invalid JSON"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "target"} | {"id": "d-2"}), ":2: target: missing"),
        (json.dumps(GOOD | {"id": "d-2", "stance": "PRO"}), ":2: stance: unknown label 'PRO'"),
        (json.dumps(GOOD | {"id": "d-2", "target": "drones"}), ":2: target: unknown target 'drones'"),
        (json.dumps(GOOD), ":2: id: duplicate id 'd-1' (first at line 1)"),
        (
            json.dumps(GOOD | {"id": "d-2", "speaker": "", "speaker_type": "none"}),
            ":2: speaker: empty, but stance is FAVOR",
        ),
        (json.dumps(GOOD | {"id": "x-2"}), ":2: id: 'x-2' does not have the form <doc>-<n>"),
        (json.dumps(GOOD | {"id": "d-2", "text": 5}), ":2: text: must be a string"),
    ],
)
def test_loader_errors_name_file_line_and_field(tmp_path, line, expected):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        stanceclf.load_corpus(path)
    assert any(p.startswith(f"{path}{expected}") for p in caught.value.problems), caught.value.problems


def test_loader_reports_all_problems_not_only_the_first(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("{x\n" + json.dumps(GOOD | {"stance": "?"}) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        stanceclf.load_corpus(path)
    assert len(caught.value.problems) == 2


def test_files_with_a_byte_order_mark_or_not_utf8(tmp_path):
    from stanceclf.data import read_text

    exported = tmp_path / "excel.csv"  # spreadsheet exports often start with a BOM
    exported.write_bytes("\ufefftext,stance\nBan it now.,FAVOR\n".encode("utf-8"))
    assert read_records(exported) == [{"text": "Ban it now.", "stance": "FAVOR"}]
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b'{"text": "ok", "stance": "NONE"}\n{"text": "caf\xe9", "stance": "NONE"}\n')
    with pytest.raises(ValueError, match=rf"{broken}:2: not UTF-8 text"):
        read_records(broken)
    with pytest.raises(ValueError, match=rf"{broken}:2: not UTF-8"):
        read_text(broken)
