"""The shipped corpus: schema, completeness, reproducible text, data-card figures, loader errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import stanceclf
from stanceclf import AnnotationError, read_records, split_sentences
from stanceclf.corpus import extract_article_text, read_corpus_records, sentence_sha256, sentence_spans
from stanceclf.records import SPEAKER_TYPES, STANCES, TARGETS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
AIPOLICY = DATA / "aipolicy"
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "scripts"))

import adjudicate  # noqa: E402
import build_corpus  # noqa: E402
import datacard  # noqa: E402

needs_shared = pytest.mark.skipif(
    not (SHARED / "articles").is_dir() or not (SHARED / "articles-v3").is_dir(),
    reason="the non-seed articles are read from ../shared/articles* beside the checkout",
)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    if not (SHARED / "articles").is_dir():
        pytest.skip("../shared/articles not present: the corpus cannot be hydrated")
    return [record for _, record in read_corpus_records(missing="raise")]


def test_schema_and_unique_ids(corpus):
    assert len({r["id"] for r in corpus}) == len(corpus)
    for record in corpus:
        assert record["stance"] in STANCES and record["target"] in TARGETS
        assert record["speaker_type"] in SPEAKER_TYPES
        assert record["rationale"].strip()
        assert record["annotators"] in ("A", "A+B", "A+B adjudicated")


def test_no_tracked_file_holds_third_party_text():
    standoff = _jsonl(AIPOLICY / "annotations.jsonl")
    assert all("text" not in r and len(r["sha256"]) == 64 for r in standoff)
    for name in ("annotator_a.jsonl", "annotator_b.jsonl", "sentences.jsonl", "adjudication.jsonl"):
        assert all("text" not in r for r in _jsonl(AIPOLICY / name)), name
    seeds = {p.stem for p in (DATA / "articles").glob("*.txt")}
    assert len(seeds) == 5 and all(doc[:3].isdigit() for doc in seeds)


@needs_shared
def test_tool_finds_no_article_sentence_in_tracked_files():
    tool = SHARED / "tools" / "thirdparty_text_check.py"
    if not tool.is_file():
        pytest.skip("../shared/tools/thirdparty_text_check.py not present")
    done = subprocess.run(
        [sys.executable, str(tool), str(ROOT), str(SHARED / "articles"), str(SHARED / "articles-v3")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@needs_shared
def test_index_offsets_are_the_splitter_sentences_in_order():
    documents = {d["doc"]: d for d in _jsonl(AIPOLICY / "documents.jsonl")}
    index = _jsonl(AIPOLICY / "sentences.jsonl")
    by_doc: dict[str, list[dict]] = {}
    for record in index:
        by_doc.setdefault(record["doc"], []).append(record)
    assert set(by_doc) == set(documents)
    for doc, records in by_doc.items():
        collection = documents[doc]["collection"]
        if collection == "seed":
            text = (DATA / "articles" / f"{doc}.txt").read_text(encoding="utf-8")
        else:
            folder = SHARED / ("articles" if collection == "v2" else "articles-v3")
            text = extract_article_text((folder / f"{doc}.txt").read_text(encoding="utf-8"))[1]
        assert sentence_sha256(text) == documents[doc]["sha256"]
        assert [(r["start"], r["end"]) for r in records] == sentence_spans(text)
        assert [r["sentence"] for r in records] == list(range(1, len(records) + 1))
        assert [r["id"] for r in records] == [f"{doc}-{n}" for n in range(1, len(records) + 1)]
        assert [text[r["start"] : r["end"]] for r in records] == split_sentences(text)


def test_every_indexed_sentence_is_annotated_exactly_once_in_order():
    index = [r["id"] for r in _jsonl(AIPOLICY / "sentences.jsonl")]
    assert [r["id"] for r in _jsonl(AIPOLICY / "annotations.jsonl")] == index
    assert [r["id"] for r in _jsonl(AIPOLICY / "annotator_a.jsonl")] == index


def test_load_corpus_is_a_typed_dataset(corpus):
    dataset = stanceclf.load_corpus()
    assert len(dataset) == len(corpus)
    assert dataset.features["stance"].names == list(STANCES)
    assert dataset.features["target"].names == list(TARGETS)
    assert dataset.features["stance"].int2str(dataset[0]["stance"]) == corpus[0]["stance"]
    assert dataset[0]["text"] == corpus[0]["text"]


def _copy_articles(tmp_path: Path, skip: str = "", edit: str = "") -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for page in [*(SHARED / "articles").glob("*.txt"), *(SHARED / "articles-v3").glob("*.txt")]:
        if page.stem == skip:
            continue
        raw = page.read_text(encoding="utf-8")
        if page.stem == edit:  # an article whose publisher changed a word
            header, _, body = raw.partition("\n---\n")
            raw = header + "\n---\n" + body.replace(" the ", " a ", 1)
        (folder / page.name).write_text(raw, encoding="utf-8")
    return folder


@needs_shared
def test_a_missing_article_is_named_with_its_url_and_the_rest_loads(tmp_path):
    documents = [d for d in _jsonl(AIPOLICY / "documents.jsonl") if d["collection"] != "seed"]
    gone = documents[0]
    folder = _copy_articles(tmp_path, skip=gone["doc"])
    with pytest.warns(UserWarning, match=rf"missing: {gone['doc']} .*{re.escape(gone['url'])}"):
        dataset = stanceclf.load_corpus(articles_dir=folder)
    assert gone["doc"] not in set(dataset["doc"])
    assert len(dataset) == sum(d["sentences"] for d in _jsonl(AIPOLICY / "documents.jsonl")) - gone["sentences"]
    with pytest.raises(AnnotationError, match="articles_dir=FOLDER"):
        stanceclf.load_corpus(articles_dir=folder, missing="raise")
    report = stanceclf.check_articles(folder)
    assert [a.doc for a in report.missing] == [gone["doc"]] and not report.changed


@needs_shared
def test_a_changed_article_is_reported_not_silently_relabelled(tmp_path, monkeypatch):
    edited = next(d["doc"] for d in _jsonl(AIPOLICY / "documents.jsonl") if d["collection"] == "v3")
    folder = _copy_articles(tmp_path, edit=edited)
    monkeypatch.setenv("STANCECLF_ARTICLES", str(folder))  # the environment variable is honoured
    report = stanceclf.check_articles()
    assert [a.doc for a in report.changed] == [edited] and report.searched == [str(folder)]
    assert "differ from the annotated text" in report.summary()


def test_without_article_folders_only_the_seeds_load_and_it_says_so(tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    with pytest.warns(UserWarning, match="corpus incomplete"):
        dataset = stanceclf.load_corpus(articles_dir=empty)
    assert set(dataset["doc"]) == {p.stem for p in (DATA / "articles").glob("*.txt")}
    with pytest.raises(FileNotFoundError, match="articles_dir"):
        stanceclf.load_corpus(articles_dir=tmp_path / "typo")


def test_cli_hydrate_reports_and_writes_without_overwriting(tmp_path, capsys):
    from stanceclf.cli import main

    empty = tmp_path / "none"
    empty.mkdir()
    out = tmp_path / "corpus.jsonl"
    assert main(["corpus", "hydrate", "--articles", str(empty), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "missing:" in printed.out and "to restore them" in printed.out
    assert "corpus incomplete" in printed.err  # the library's warning, as one CLI warning line
    assert len(_jsonl(out)) == sum(1 for r in _jsonl(AIPOLICY / "sentences.jsonl") if r["doc"][:3].isdigit())
    assert main(["corpus", "hydrate", "--articles", str(empty), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seed_text_is_rebuilt_byte_for_byte_from_the_sources():
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        expected = (DATA / "articles" / seed.name).read_text(encoding="utf-8")
        assert build_corpus.extract_article(seed.read_text(encoding="utf-8")) == expected


def test_seed_extraction_rules():
    raw = (
        '---\ntitle: "A ban"\nexcerpt: "MEPs \\"want\\" it."\nother: x\n---\n2 min\n\nBody text.\n\n'
        "Caption | Photo / Agency\n\nSource link\n\nLeave a Reply"
    )
    assert build_corpus.extract_article(raw) == 'A ban\n\nMEPs "want" it.\n\nBody text.\n\nCaption\n'


def test_final_labels_are_annotator_a_plus_recorded_adjudications():
    first, second = _jsonl(AIPOLICY / "annotator_a.jsonl"), _jsonl(AIPOLICY / "annotator_b.jsonl")
    decisions = _jsonl(AIPOLICY / "adjudication.jsonl")
    final = adjudicate.standoff(_jsonl(AIPOLICY / "sentences.jsonl"), adjudicate.merge(first, second, decisions))
    assert final == _jsonl(AIPOLICY / "annotations.jsonl")
    assert all(d["why"].strip() for d in decisions)
    by_id = {r["id"]: r for r in final}
    for decision in decisions:  # an overruled stance never keeps the overruled annotator's reason
        if decision["field"] == "stance":
            assert by_id[decision["id"]]["rationale"] == decision["why"]


def test_second_annotation_covers_seeds_and_a_fifth_of_each_collection():
    second = {r["id"] for r in _jsonl(AIPOLICY / "annotator_b.jsonl")}
    documents = _jsonl(AIPOLICY / "documents.jsonl")
    for collection in ("seed", "v2", "v3"):
        docs = [d for d in documents if d["collection"] == collection]
        double = [d for d in docs if d["double_annotated"]]
        assert len(double) >= len(docs) / 5, collection
        for document in double:
            assert all(f"{document['doc']}-{n}" in second for n in range(1, document["sentences"] + 1))


def test_data_card_figures_match_the_files():
    card = (DATA / "DATACARD.md").read_text(encoding="utf-8")
    assert datacard.render(card) == card, "run: python scripts/datacard.py"


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
        (json.dumps(GOOD | {"id": "d-2", "text": None}), ":2: text: must be a string, got NoneType"),
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
    from stanceclf._io import read_text

    exported = tmp_path / "excel.csv"  # spreadsheet exports often start with a BOM
    exported.write_bytes("\ufefftext,stance\nBan it now.,FAVOR\n".encode("utf-8"))
    assert read_records(exported) == [{"text": "Ban it now.", "stance": "FAVOR"}]
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b'{"text": "ok", "stance": "NONE"}\n{"text": "caf\xe9", "stance": "NONE"}\n')
    with pytest.raises(ValueError, match=rf"{broken}:2: not UTF-8 text"):
        read_records(broken)
    with pytest.raises(ValueError, match=rf"{broken}:2: not UTF-8"):
        read_text(broken)


def test_atomic_writes_get_the_mode_of_a_plain_open(tmp_path):
    import os

    from stanceclf._io import write_text_atomic

    written, plain = tmp_path / "atomic.txt", tmp_path / "plain.txt"
    write_text_atomic(written, "x")
    plain.write_text("x")
    assert os.stat(written).st_mode & 0o777 == os.stat(plain).st_mode & 0o777


@needs_shared
def test_validate_reads_the_stand_off_corpus_as_load_corpus_does():
    from stanceclf.corpus import validate_files

    problems = validate_files([AIPOLICY / "annotations.jsonl"])
    # The only findings are sentences syndicated in two v3 articles (listed in the data card's limits).
    assert problems and all(": text: duplicate of the text at " in p for p in problems)
