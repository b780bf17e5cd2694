"""Feature extraction: tf-idf word and character n-grams, negation scope, target and speaker.

:class:`StanceFeatures` is a scikit-learn transformer over *records* (dicts with ``text`` and
optional ``target`` and ``speaker``) or bare strings. Its columns are, in order:

* the **shared** block: word n-grams of the NLTK-tokenized, negation-marked text, character
  n-grams, optionally sentence embeddings (:mod:`stanceclf.embeddings`), and a one-hot speaker
  indicator;
* one **target-conjoined** copy of the text block per target seen in ``fit``, non-zero only in
  rows of that target, so a linear model learns target-specific weights on top of shared ones
  (equivalent to per-target models that share statistical strength).

A target never seen in ``fit`` gets the shared block only, with a warning.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
from nltk.sentiment.util import mark_negation
from nltk.tokenize import TweetTokenizer
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from .discourse import CONTEXT_FIELDS
from .embeddings import EMBEDDING_MODELS, embed_texts

__all__ = ["StanceFeatures", "as_records", "tokenize"]

_HASHTAG = re.compile(r"#(\w+)")
# Split CamelCase and letter/digit boundaries inside a hashtag: #StopFacialRecognition -> stop facial recognition.
_HASHTAG_PARTS = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|\d)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def as_records(X: Any) -> list[dict]:
    """Normalise model input to a list of ``{"text", "target", "speaker"}`` dicts.

    Accepts a sequence of strings or of mappings with a ``text`` key (``target`` and ``speaker``
    optional; the context fields of :data:`stanceclf.discourse.CONTEXT_FIELDS` are kept when present),
    or a single mapping of equal-length columns. Raises a ``ValueError`` or
    ``TypeError`` that names the offending position.
    """
    if isinstance(X, str):
        raise TypeError("expected a list of texts or records, got a single str; wrap it in a list")
    if isinstance(X, Mapping):
        columns = {k: list(v) for k, v in X.items()}
        if "text" not in columns:
            raise ValueError("a mapping of columns needs a 'text' column")
        lengths = {k: len(v) for k, v in columns.items()}
        if len(set(lengths.values())) > 1:
            raise ValueError(f"columns have different lengths: {lengths}")
        X = [dict(zip(columns, row)) for row in zip(*columns.values())]
    if not isinstance(X, Iterable):
        raise TypeError(f"expected a list of texts or records, got {type(X).__name__}")
    records = []
    for i, item in enumerate(X):
        if isinstance(item, str):
            records.append({"text": item, "target": None, "speaker": None})
            continue
        if not isinstance(item, Mapping):
            raise TypeError(f"item {i}: expected a str or a record dict, got {type(item).__name__}")
        text = item.get("text")
        if not isinstance(text, str):
            raise TypeError(f"item {i}: field 'text' must be a str, got {type(text).__name__}")
        record = {"text": text}
        for field in ("target", "speaker"):
            value = item.get(field)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"item {i}: field {field!r} must be a str or None, got {type(value).__name__}")
            record[field] = value or None
        for field in CONTEXT_FIELDS:
            value = item.get(field)
            if value is not None:
                if not isinstance(value, str):
                    raise TypeError(f"item {i}: field {field!r} must be a str or None, got {type(value).__name__}")
                record[field] = value
        records.append(record)
    if not records:
        raise ValueError("empty input: expected at least one text")
    return records


@lru_cache(maxsize=1)
def _tweet_tokenizer() -> TweetTokenizer:
    # TweetTokenizer needs no downloaded data and keeps hashtags, mentions and emoticons whole.
    return TweetTokenizer(preserve_case=False, reduce_len=True)


def _split_hashtag(match: re.Match) -> str:
    parts = _HASHTAG_PARTS.findall(match.group(1))
    return f"{match.group(0)} {' '.join(parts)}" if len(parts) > 1 else match.group(0)


def tokenize(text: str, *, negation: bool = True, split_hashtags: bool = True) -> list[str]:
    """Lower-cased NLTK tokens; words in a negation's scope get a ``_NEG`` suffix.

    ``split_hashtags`` keeps ``#StopFacialRecognition`` and adds its words ("stop", "facial",
    "recognition"), so hashtags share evidence with plain text.
    """
    if split_hashtags:
        text = _HASHTAG.sub(_split_hashtag, text)
    tokens = _tweet_tokenizer().tokenize(text)
    return mark_negation(tokens) if negation else tokens


class _Tokenizer:
    """Picklable tokenizer callable for TfidfVectorizer (a lambda would not pickle)."""

    def __init__(self, negation: bool, split_hashtags: bool):
        self.negation = negation
        self.split_hashtags = split_hashtags

    def __call__(self, text: str) -> list[str]:
        return tokenize(text, negation=self.negation, split_hashtags=self.split_hashtags)


class StanceFeatures(TransformerMixin, BaseEstimator):
    """Sparse tf-idf features of stance records, with target-conjoined copies.

    Parameters
    ----------
    word_ngram_range : tuple (min_n, max_n), default=(1, 2)
        Word n-grams over NLTK ``TweetTokenizer`` tokens.
    char_ngram_range : tuple (min_n, max_n) or None, default=(2, 5)
        Character n-grams; ``None`` turns them off.
    char_analyzer : {"char_wb", "char"}, default="char_wb"
        ``char_wb`` builds character n-grams inside word boundaries only.
    min_df : int, default=1
        Ignore n-grams in fewer documents than this.
    max_features : int or None, default=None
        Keep at most this many word and this many character n-grams (by corpus frequency).
    negation : bool, default=True
        Mark tokens in a negation's scope with ``_NEG`` (NLTK ``mark_negation``).
    split_hashtags : bool, default=True
        Add the words of CamelCase hashtags as tokens.
    use_target : {"conjoin", "ignore"}, default="conjoin"
        ``conjoin`` adds a copy of the text features per target seen in ``fit``.
    target_weight : float, default=1.0
        Scale of the target-conjoined copies relative to the shared block. With an L2-penalised
        linear model, a larger value makes target-specific weights cheaper than shared ones
        (closer to independent per-target models); a smaller one pushes evidence into the shared
        block. Must be positive.
    use_speaker : bool, default=False
        Add a one-hot feature of the (lower-cased) speaker when a record has one. Off by default:
        in the corpus an empty speaker goes with stance NONE by the guidelines, so the speaker
        field leaks the label in cross-validation and biases bare-text predictions toward NONE.
    embeddings : str or None, default=None
        Append sentence embeddings of the text (e.g. ``"minilm"``, see
        :data:`stanceclf.embeddings.EMBEDDING_MODELS`) to the text block, so they are also
        target-conjoined. Needs the optional ``embeddings`` extra.
    embedding_weight : float, default=1.0
        Scale of the (unit-length) embedding block relative to the tf-idf blocks. Must be positive.
    embedding_cache : bool, default=False
        Reuse each text's embedding within this process (for cross-validation; does not change
        the features).

    Attributes
    ----------
    word_vectorizer_, char_vectorizer_ : TfidfVectorizer
    speaker_vectorizer_ : DictVectorizer
    targets_ : list of str
        Targets seen in ``fit`` (each has a conjoined block), sorted.
    n_text_features_ : int
        Width of the text block that is copied per target.
    """

    def __init__(
        self,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (2, 5),
        char_analyzer: str = "char_wb",
        min_df: int = 1,
        max_features: int | None = None,
        negation: bool = True,
        split_hashtags: bool = True,
        use_target: str = "conjoin",
        use_speaker: bool = False,
        target_weight: float = 1.0,
        embeddings: str | None = None,
        embedding_weight: float = 1.0,
        embedding_cache: bool = False,
    ):
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.char_analyzer = char_analyzer
        self.min_df = min_df
        self.max_features = max_features
        self.negation = negation
        self.split_hashtags = split_hashtags
        self.use_target = use_target
        self.use_speaker = use_speaker
        self.target_weight = target_weight
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self.embedding_cache = embedding_cache

    def _validate_params(self) -> None:
        if self.use_target not in ("conjoin", "ignore"):
            raise ValueError(f"use_target must be 'conjoin' or 'ignore', got {self.use_target!r}")
        if self.char_analyzer not in ("char_wb", "char"):
            raise ValueError(f"char_analyzer must be 'char_wb' or 'char', got {self.char_analyzer!r}")
        if not isinstance(self.target_weight, (int, float)) or not self.target_weight > 0:
            raise ValueError(f"target_weight must be a positive number, got {self.target_weight!r}")
        if not isinstance(self.embedding_weight, (int, float)) or not self.embedding_weight > 0:
            raise ValueError(f"embedding_weight must be a positive number, got {self.embedding_weight!r}")
        if self.embeddings is not None and self.embeddings not in EMBEDDING_MODELS:
            raise ValueError(f"embeddings must be None or one of {sorted(EMBEDDING_MODELS)}, got {self.embeddings!r}")

    def fit(self, X: Any, y: Any = None) -> StanceFeatures:
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X: Any, y: Any = None) -> sp.csr_matrix:
        self._validate_params()
        records = as_records(X)
        texts = [r["text"] for r in records]
        self.word_vectorizer_ = TfidfVectorizer(
            tokenizer=_Tokenizer(self.negation, self.split_hashtags),
            lowercase=False,
            token_pattern=None,
            ngram_range=self.word_ngram_range,
            min_df=self.min_df,
            max_features=self.max_features,
            sublinear_tf=True,
        )
        blocks = [self.word_vectorizer_.fit_transform(texts)]
        self.char_vectorizer_ = None
        if self.char_ngram_range is not None:
            self.char_vectorizer_ = TfidfVectorizer(
                analyzer=self.char_analyzer,
                ngram_range=self.char_ngram_range,
                min_df=self.min_df,
                max_features=self.max_features,
                sublinear_tf=True,
            )
            blocks.append(self.char_vectorizer_.fit_transform(texts))
        blocks += self._embedding_blocks(texts)
        text_block = sp.hstack(blocks, format="csr")
        self.n_text_features_ = text_block.shape[1]
        self.speaker_vectorizer_ = DictVectorizer(dtype=np.float64)
        speaker_block = self.speaker_vectorizer_.fit_transform(self._speaker_dicts(records))
        observed = {r["target"] for r in records if r["target"]}
        self.targets_ = sorted(observed) if self.use_target == "conjoin" else []
        self.n_features_out_ = self.n_text_features_ * (1 + len(self.targets_)) + speaker_block.shape[1]
        return self._assemble(records, text_block, speaker_block)

    def transform(self, X: Any) -> sp.csr_matrix:
        check_is_fitted(self, "targets_")
        records = as_records(X)
        texts = [r["text"] for r in records]
        blocks = [self.word_vectorizer_.transform(texts)]
        if self.char_vectorizer_ is not None:
            blocks.append(self.char_vectorizer_.transform(texts))
        blocks += self._embedding_blocks(texts)
        text_block = sp.hstack(blocks, format="csr")
        speaker_block = self.speaker_vectorizer_.transform(self._speaker_dicts(records))
        if self.use_target == "conjoin":
            unseen = sorted({r["target"] for r in records if r["target"] and r["target"] not in self.targets_})
            if unseen:
                warnings.warn(
                    f"target(s) {unseen} were not seen in training; their texts get the shared "
                    f"(target-independent) features only. Known targets: {self.targets_}",
                    UserWarning,
                    stacklevel=3,
                )
        return self._assemble(records, text_block, speaker_block)

    def _embedding_blocks(self, texts: list[str]) -> list[sp.csr_matrix]:
        if self.embeddings is None:
            return []
        vectors = embed_texts(texts, self.embeddings, cache=self.embedding_cache)
        return [sp.csr_matrix(self.embedding_weight * vectors)]

    def _speaker_dicts(self, records: Sequence[dict]) -> list[dict]:
        if not self.use_speaker:
            return [{} for _ in records]
        return [{f"speaker={r['speaker'].strip().lower()}": 1.0} if r["speaker"] else {} for r in records]

    def _assemble(
        self, records: Sequence[dict], text_block: sp.csr_matrix, speaker_block: sp.csr_matrix
    ) -> sp.csr_matrix:
        blocks = [text_block]
        for target in self.targets_:
            # Row mask as a diagonal matrix: rows of other targets become zero in this block.
            mask = np.fromiter((r["target"] == target for r in records), dtype=np.float64, count=len(records))
            mask *= self.target_weight
            blocks.append(sp.diags(mask) @ text_block)
        blocks.append(speaker_block)
        return sp.hstack(blocks, format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Names: ``w:<ngram>``, ``c:<ngram>``, ``e:<dim>``, ``<target>|w:<ngram>``, ``speaker=<name>``."""
        check_is_fitted(self, "targets_")
        text_names = [f"w:{n}" for n in self.word_vectorizer_.get_feature_names_out()]
        if self.char_vectorizer_ is not None:
            text_names += [f"c:{n}" for n in self.char_vectorizer_.get_feature_names_out()]
        if self.embeddings is not None:
            text_names += [f"e:{i}" for i in range(self.n_text_features_ - len(text_names))]
        names = list(text_names)
        for target in self.targets_:
            names += [f"{target}|{n}" for n in text_names]
        names += list(self.speaker_vectorizer_.get_feature_names_out())
        return np.asarray(names, dtype=object)
