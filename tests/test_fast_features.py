"""The fast featurisation equals the scikit-learn / NLTK path it replaces, bit for bit."""

from __future__ import annotations

import random
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import regex
import scipy.sparse as sp
from nltk.sentiment.util import mark_negation

import stanceclf
from stanceclf import features
from stanceclf.features import StanceFeatures, tokenize

ROOT = Path(__file__).resolve().parent.parent
ADVERSARIAL = [
    "call 555 123 4567 now",
    "call +1 (555) 123-4567 or 555- 1234",
    "wait . . . what",
    "a\x1cb not c",
    "&amp; don't go &amp;lt; x",
    "&#32;555 1234 and 5&#46; .5",
    "&nbsp;not&nbsp;me &#10;&#10;&#10;&#10;x",
    "x  -  y 1 2 3 (1) 2",
    "n't n't, no . yes; never ever : again",
    "cooool !!!!   ....  ΟΔΟΣ ΣΑΣ",
    "8) :-) <3 :D NOT #NoBan #StopIt2020 not #yes",
    "",
    "   ",
]


def _seed_texts() -> list[str]:
    lines = []
    for path in sorted((ROOT / "data" / "articles").glob("00[0-4]_*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def _random_texts(n: int) -> list[str]:
    rng = random.Random(0)
    alphabet = list("&lt;#; \t\n.-*()0123456789abcN'!?:;@\x1c\u00a0:)")
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(n)]


def _reference_tokenize(text: str, negation: bool, split_hashtags: bool) -> list[str]:
    if split_hashtags:
        text = features._HASHTAG.sub(features._split_hashtag, text)
    tokens = features._tweet_tokenizer().tokenize(text)
    return mark_negation(tokens) if negation else tokens


@pytest.mark.parametrize("negation", [True, False])
@pytest.mark.parametrize("split_hashtags", [True, False])
def test_tokenize_equals_nltk(negation, split_hashtags):
    texts = ADVERSARIAL + _seed_texts() + _random_texts(3000)
    for text in texts + texts:  # the second pass reads the chunk cache
        assert tokenize(text, negation=negation, split_hashtags=split_hashtags) == _reference_tokenize(
            text, negation, split_hashtags
        ), repr(text)


def test_odd_space_is_exactly_where_split_and_the_tokenizer_disagree():
    disagree = [
        c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() != bool(regex.match(r"\s", c, flags=regex.V0))
    ]
    assert disagree == [chr(c) for c in range(0x1C, 0x20)]
    assert all(features._NOT_CHUNKABLE.match(c) for c in disagree)


def _reference_transform(f: StanceFeatures, records: list[dict]) -> sp.csr_matrix:
    """StanceFeatures.transform as it was: the vectorizers' own transform, one masked product per target."""
    texts = [r["text"] for r in records]
    blocks = [f.word_vectorizer_.transform(texts)]
    if f.char_vectorizer_ is not None:
        blocks.append(f.char_vectorizer_.transform(texts))
    text_block = sp.hstack(blocks, format="csr")
    out = [text_block]
    for target in f.targets_:
        mask = np.fromiter((r["target"] == target for r in records), dtype=np.float64, count=len(records))
        mask *= f.target_weight
        out.append(sp.diags(mask) @ text_block)
    out.append(f.speaker_vectorizer_.transform(f._speaker_dicts(records)))
    return sp.hstack(out, format="csr")


def _assert_identical(a, b) -> None:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    assert a.shape == b.shape
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)  # same order: scores sum in the same order
    np.testing.assert_array_equal(a.data, b.data)


@pytest.mark.parametrize(
    "params",
    [
        {"target_weight": 1.5},
        {"use_target": "ignore"},
        {"word_ngram_range": (1, 3), "char_ngram_range": (3, 4)},
        {"char_ngram_range": None, "negation": False, "split_hashtags": False},
        {"char_analyzer": "char"},
        {"use_speaker": True, "target_weight": 2},
    ],
)
def test_transform_is_bit_identical_to_the_reference(params, records):
    train = records
    seeds = _seed_texts()
    targets = ["biometric_surveillance", "social_scoring", None, "unseen_target"]
    test = [
        {"text": t, "target": targets[i % 4], "speaker": "Renew" if i % 3 else None}
        for i, t in enumerate(seeds + ADVERSARIAL + _random_texts(300))
    ]
    f = StanceFeatures(**params).fit(train)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"target\(s\) .* were not seen in training")
        fast = f.transform(test)
        _assert_identical(fast, _reference_transform(f, test))
        _assert_identical(f.transform(test), fast)  # warm caches give the same


def test_shipped_model_predictions_and_probabilities_unchanged(monkeypatch):
    records = stanceclf.read_records(stanceclf.load_corpus(missing="raise"))
    model = stanceclf.load_model()
    labels, proba = model.predict(records), model.predict_proba(records)
    monkeypatch.setattr(features.StanceFeatures, "transform", _reference_transform)
    np.testing.assert_array_equal(model.predict(records), labels)
    np.testing.assert_array_equal(model.predict_proba(records), proba)  # exact, not approximate


def test_char_table_cache_is_bounded(monkeypatch, records):
    monkeypatch.setattr(features, "_CACHE_LIMIT", 5)
    f = StanceFeatures(use_target="ignore").fit(records)
    for i in range(20):  # the cache is cleared before a batch once it holds _CACHE_LIMIT words
        texts = [f"word{i} other{i} more{i}"]
        _assert_identical(
            f.transform(texts), _reference_transform(f, [{"text": texts[0], "target": None, "speaker": None}])
        )
        assert len(features._char_tables[f.char_vectorizer_].columns) <= 5 + 3
