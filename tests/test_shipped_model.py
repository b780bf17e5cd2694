"""The shipped model gives exactly the outputs it gave before a refactor (stored as hashes, ids and numbers)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import stanceclf

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((Path(__file__).parent / "data" / "shipped_model_expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def model():
    return stanceclf.load_model()


def test_seed_sentences_get_identical_probabilities(model):
    texts = []
    for path in sorted((ROOT / "data" / "articles").glob("00[0-4]_*.txt")):
        texts += stanceclf.split_sentences(path.read_text(encoding="utf-8"))
    expected = EXPECTED["seed_sentences"]
    assert [hashlib.sha256(t.encode("utf-8")).hexdigest()[:16] for t in texts] == [e["sha256"] for e in expected]
    assert [str(c) for c in model.classes_] == EXPECTED["classes"]
    assert model.predict(texts).tolist() == [e["stance"] for e in expected]
    assert model.predict_proba(texts).tolist() == [e["proba"] for e in expected]  # exact, not approximate


def test_corpus_sentences_get_identical_probabilities(model):
    if not (ROOT.parent / "shared" / "articles").is_dir():
        pytest.skip("the corpus text is read from ../shared/articles*")
    by_id = {r["id"]: r for r in stanceclf.read_records(stanceclf.load_corpus(missing="raise"))}
    expected = EXPECTED["corpus_sentences"]
    records = [by_id[e["id"]] for e in expected]
    assert model.predict(records).tolist() == [e["stance"] for e in expected]
    assert model.predict_proba(records).tolist() == [e["proba"] for e in expected]
