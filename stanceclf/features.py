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

import inspect
import re
import warnings
import weakref
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, repeat
from numbers import Integral, Real
from typing import Any

import numpy as np
import scipy.sparse as sp
from nltk.sentiment.util import CLAUSE_PUNCT_RE, NEGATION_RE, mark_negation
from nltk.tokenize import TweetTokenizer
from nltk.tokenize.casual import ENT_RE, _replace_html_entities
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .embeddings import EMBEDDING_MODELS, embed_texts
from .records import as_records

__all__ = ["FEATURE_PARAMS", "StanceFeatures", "hashtag_words", "tokenize"]

_HASHTAG = re.compile(r"#(\w+)")
# Split CamelCase and letter/digit boundaries inside a hashtag: #StopFacialRecognition -> stop facial recognition.
_HASHTAG_PARTS = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|\d)|[A-Z]?[a-z]+|[A-Z]+|\d+")


@lru_cache(maxsize=1)
def _tweet_tokenizer() -> TweetTokenizer:
    # TweetTokenizer needs no downloaded data and keeps hashtags, mentions and emoticons whole.
    return TweetTokenizer(preserve_case=False, reduce_len=True)


@lru_cache(maxsize=1 << 14)
def hashtag_words(tag: str) -> tuple[str, ...]:
    """A hashtag's words, split at case and letter/digit changes: ``StopFRT2020`` -> Stop, FRT, 2020."""
    return tuple(_HASHTAG_PARTS.findall(tag))


def _split_hashtag(match: re.Match) -> str:
    parts = hashtag_words(match.group(1))
    return f"{match.group(0)} {' '.join(parts)}" if len(parts) > 1 else match.group(0)


# Fast, exact tokenisation. TweetTokenizer's regex costs ~0.1 ms a text, but its tokens are a
# function of each white-space-separated chunk alone, with three exceptions that fall back to the
# whole-text tokenizer: a phone number or a spaced ellipsis across white space ("555 1234",
# ". . ."; a superset of the two patterns' white-space crossings, linear in time); the four
# control characters that str.split() treats as white space and the tokenizer's regex does not
# (both in _NOT_CHUNKABLE); and HTML entities that are still entities once unescaped (the
# tokenizer unescapes again). Chunks repeat (Zipf), so each is tokenised once and cached with its negation
# classes. tests/test_fast_features.py checks the equality on real and adversarial texts.
_NOT_CHUNKABLE = re.compile(r"\d[*\-.)(]* [ *\-.)(]*\d|\.\s+\.|[\x1c-\x1f]")
_CACHE_LIMIT = 1 << 16  # entries per cache (chunks; words of the char n-gram table): ~20 MB at most
# Negation classes of a token, as nltk.sentiment.util.mark_negation reads them.
_PLAIN, _NEGATION, _CLAUSE_END = 0, 1, 2
_chunk_cache: dict[str, tuple[tuple[str, ...], tuple[int, ...], bool]] = {}


def _negation_class(token: str) -> int:
    if NEGATION_RE.search(token):
        return _NEGATION
    return _CLAUSE_END if CLAUSE_PUNCT_RE.search(token) else _PLAIN


def _tokenize_chunk(chunk: str) -> tuple[tuple[str, ...], tuple[int, ...], bool]:
    tokens = tuple(_tweet_tokenizer().tokenize(chunk))
    classes = tuple(map(_negation_class, tokens))
    entry = _chunk_cache[chunk] = (tokens, classes, _NEGATION in classes)
    return entry


def _chunk_entries(chunks: list[str]) -> list[tuple[tuple[str, ...], tuple[int, ...], bool]]:
    """(tokens, negation classes, has a negation) of each chunk, from the cache where possible."""
    entries = list(map(_chunk_cache.get, chunks))
    if None in entries:
        if len(_chunk_cache) >= _CACHE_LIMIT:
            _chunk_cache.clear()
        for k, entry in enumerate(entries):
            if entry is None:
                entries[k] = _tokenize_chunk(chunks[k])
    return entries


def _mark_negation(tokens: list[str], classes: list[int]) -> list[str]:
    """``mark_negation(tokens)`` (no double-negation flip) from precomputed token classes."""
    in_scope = False
    for i, kind in enumerate(classes):
        if kind == _NEGATION and not in_scope:
            in_scope = True
        elif in_scope and kind == _CLAUSE_END:
            in_scope = False
        elif in_scope:
            tokens[i] += "_NEG"
    return tokens


def _tokenize_all(texts: Sequence[str], negation: bool, split_hashtags: bool) -> list[list[str]]:
    """:func:`tokenize` of each text, the chunks of all texts looked up at once."""
    tokenizer = _tweet_tokenizer()
    whole: dict[int, str] = {}  # texts the chunk cache cannot tokenise exactly
    splits = []
    for i, text in enumerate(texts):
        if split_hashtags and "#" in text:
            text = _HASHTAG.sub(_split_hashtag, text)
        unescaped = _replace_html_entities(text) if "&" in text else text
        if _NOT_CHUNKABLE.search(unescaped) or (unescaped is not text and ENT_RE.search(unescaped)):
            whole[i] = text
            splits.append([])
        else:
            splits.append(unescaped.split())
    entries = _chunk_entries(list(chain.from_iterable(splits)))
    token_lists = []
    start = 0
    for i, chunks in enumerate(splits):
        if i in whole:
            tokens = tokenizer.tokenize(whole[i])
            token_lists.append(mark_negation(tokens, shallow=True) if negation else tokens)
            continue
        doc = entries[start : start + len(chunks)]
        start += len(chunks)
        tokens = [token for entry in doc for token in entry[0]]
        if negation and any(entry[2] for entry in doc):
            _mark_negation(tokens, [kind for entry in doc for kind in entry[1]])
        token_lists.append(tokens)
    return token_lists


def tokenize(text: str, *, negation: bool = True, split_hashtags: bool = True) -> list[str]:
    """Lower-cased NLTK tokens; words in a negation's scope get a ``_NEG`` suffix.

    ``split_hashtags`` keeps ``#StopFacialRecognition`` and adds its words ("stop", "facial",
    "recognition"), so hashtags share evidence with plain text. The tokens are those of NLTK's
    ``TweetTokenizer(preserve_case=False, reduce_len=True)`` and ``mark_negation``, computed from
    cached white-space chunks where that is exact.
    """
    return _tokenize_all([text], negation, split_hashtags)[0]


class _Tokenizer:
    """Picklable tokenizer callable for TfidfVectorizer (a lambda would not pickle)."""

    def __init__(self, negation: bool, split_hashtags: bool):
        self.negation = negation
        self.split_hashtags = split_hashtags

    def __call__(self, text: str) -> list[str]:
        return tokenize(text, negation=self.negation, split_hashtags=self.split_hashtags)


def _tfidf(vectorizer: TfidfVectorizer, counts: sp.csr_matrix) -> sp.csr_matrix:
    """The fitted ``vectorizer``'s tf-idf weighting of ``counts`` (what its ``transform`` does after counting)."""
    weighting = TfidfTransformer(
        norm=vectorizer.norm,
        use_idf=vectorizer.use_idf,
        smooth_idf=vectorizer.smooth_idf,
        sublinear_tf=vectorizer.sublinear_tf,
    )
    if vectorizer.use_idf:
        weighting.idf_ = vectorizer.idf_
    weighting.n_features_in_ = len(vectorizer.vocabulary_)
    return weighting.transform(counts, copy=False)


# Vectorizer settings under which the fast counts below equal the vectorizer's own.
_PLAIN_INPUT = {"input": "content", "preprocessor": None, "strip_accents": None, "binary": False}
_FAST_WORD = {**_PLAIN_INPUT, "analyzer": "word", "lowercase": False, "stop_words": None}
_FAST_CHAR = {**_PLAIN_INPUT, "analyzer": "char_wb", "lowercase": True}


def _has_params(vectorizer: TfidfVectorizer, expected: dict[str, Any]) -> bool:
    return all(getattr(vectorizer, name) == value for name, value in expected.items())


def _word_counts(token_lists: list[list[str]], vocabulary: dict[str, int], ngram_range: tuple[int, int]):
    """Word n-gram counts as ``CountVectorizer`` makes them, each n-gram length looked up over all texts at once."""
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    flat = list(chain.from_iterable(token_lists))
    doc = np.repeat(np.arange(len(token_lists)), lengths)
    end = np.repeat(np.cumsum(lengths), lengths)  # where each token's text ends in ``flat``
    rows, columns = [], []
    for n in range(ngram_range[0], ngram_range[1] + 1):
        count = len(flat) - n + 1
        if count <= 0:
            break
        grams = flat if n == 1 else map(" ".join, zip(*(flat[k:] for k in range(n))))
        found = np.fromiter(map(vocabulary.get, grams, repeat(-1)), dtype=np.int64, count=count)
        keep = found >= 0
        if n > 1:  # drop the n-grams that run into the next text
            keep &= np.arange(n, count + n) <= end[:count]
        rows.append(doc[:count][keep])
        columns.append(found[keep])
    rows_all = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
    counts = sp.csr_matrix(
        (np.ones(len(rows_all)), (rows_all, np.concatenate(columns) if columns else rows_all)),
        shape=(len(token_lists), len(vocabulary)),
    )
    counts.sum_duplicates()
    return counts


def _word_tfidf(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)`` for a word vectorizer with a :class:`_Tokenizer`, minus per-n-gram Python."""
    tokenizer = vectorizer.tokenizer
    if not (isinstance(tokenizer, _Tokenizer) and _has_params(vectorizer, _FAST_WORD)):
        return vectorizer.transform(texts)
    token_lists = _tokenize_all(texts, tokenizer.negation, tokenizer.split_hashtags)
    return _tfidf(vectorizer, _word_counts(token_lists, vectorizer.vocabulary_, vectorizer.ngram_range))


class _CharNgramTable:
    """The vocabulary columns of each word's ``char_wb`` n-grams, cached per word.

    ``char_wb`` n-grams never cross white space, so a text's counts are the sum over its words:
    (texts x words counts) @ (words x n-grams counts), two sparse products instead of building
    and looking up every n-gram string of every text.
    """

    def __init__(self, vectorizer: TfidfVectorizer):
        self.analyze = vectorizer.build_analyzer()
        self.vocabulary = vectorizer.vocabulary_
        self.columns: dict[str, np.ndarray] = {}

    def _word_columns(self, word: str) -> np.ndarray:
        lookup = self.vocabulary.get
        return np.array([j for j in map(lookup, self.analyze(word)) if j is not None], dtype=np.int64)

    def _ngram_counts(self, words: list[str]) -> sp.csr_matrix:
        cache = self.columns
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        arrays = []
        for word in words:
            columns = cache.get(word)
            if columns is None:
                columns = cache[word] = self._word_columns(word)
            arrays.append(columns)
        indptr = np.zeros(len(arrays) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays)), out=indptr[1:])
        indices = np.concatenate(arrays) if arrays else np.empty(0, dtype=np.int64)
        return sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(words), len(self.vocabulary)))

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        # Words as the char_wb analyzer sees them: the lower-cased text split at white space.
        splits = list(map(str.split, map(str.lower, texts)))
        words = list(chain.from_iterable(splits))
        distinct = list(dict.fromkeys(words))
        ids = dict(zip(distinct, range(len(distinct))))
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, splits), dtype=np.int64, count=len(splits)), out=indptr[1:])
        word_ids = np.fromiter(map(ids.__getitem__, words), dtype=np.int64, count=len(words))
        in_texts = sp.csr_matrix((np.ones(len(words)), word_ids, indptr), shape=(len(texts), len(distinct)))
        counts = in_texts @ self._ngram_counts(distinct)
        counts.sort_indices()
        return counts


_char_tables: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _char_tfidf(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)`` for a ``char_wb`` vectorizer, from cached per-word n-grams."""
    if not _has_params(vectorizer, _FAST_CHAR):
        return vectorizer.transform(texts)
    table = _char_tables.get(vectorizer)
    if table is None:
        table = _char_tables[vectorizer] = _CharNgramTable(vectorizer)
    return _tfidf(vectorizer, table.counts(texts))


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

    # The one declaration of the feature parameters' valid values; StanceClassifier shares it.
    _parameter_constraints: dict = {
        "word_ngram_range": [tuple],
        "char_ngram_range": [tuple, None],
        "char_analyzer": [StrOptions({"char_wb", "char"})],
        "min_df": [Interval(Integral, 1, None, closed="left"), Interval(Real, 0, 1, closed="both")],
        "max_features": [Interval(Integral, 1, None, closed="left"), None],
        "negation": ["boolean"],
        "split_hashtags": ["boolean"],
        "use_target": [StrOptions({"conjoin", "ignore"})],
        "use_speaker": ["boolean"],
        "target_weight": [Interval(Real, 0, None, closed="neither")],
        "embeddings": [str, None],  # a key of EMBEDDING_MODELS, checked in fit (the registry can grow)
        "embedding_weight": [Interval(Real, 0, None, closed="neither")],
        "embedding_cache": ["boolean"],
    }

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

    def fit(self, X: Any, y: Any = None) -> StanceFeatures:
        self.fit_transform(X, y)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X: Any, y: Any = None) -> sp.csr_matrix:
        if self.embeddings is not None and self.embeddings not in EMBEDDING_MODELS:
            raise ValueError(f"embeddings must be None or one of {sorted(EMBEDDING_MODELS)}, got {self.embeddings!r}")
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
        blocks = [_word_tfidf(self.word_vectorizer_, texts)]
        if self.char_vectorizer_ is not None:
            blocks.append(_char_tfidf(self.char_vectorizer_, texts))
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
        if self.targets_:
            blocks.append(self._conjoined(records, text_block))
        blocks.append(speaker_block)
        return sp.hstack(blocks, format="csr")

    def _conjoined(self, records: Sequence[dict], text_block: sp.csr_matrix) -> sp.csr_matrix:
        """The target-conjoined copies: each row's text block, scaled, shifted to its target's columns.

        Built by offsetting column indices of ``text_block`` rather than one masked product per
        target. Entries are laid out exactly as ``sp.diags(mask) @ text_block`` laid them out
        (reversed within a row), so every score sums the same floats in the same order.
        """
        position = {target: k for k, target in enumerate(self.targets_)}
        block = np.fromiter((position.get(r["target"], -1) for r in records), dtype=np.int64, count=len(records))
        text_block = sp.csr_matrix(text_block)
        lengths = np.diff(text_block.indptr) * (block >= 0)
        indptr = np.zeros(len(records) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        row = np.repeat(np.arange(len(records)), lengths)
        # k-th of the row's n entries comes from text entry start + n - 1 - k (reversed order).
        source = text_block.indptr[row] + (indptr[row + 1] - 1 - np.arange(indptr[-1]))
        weight = np.float64(1.0) * self.target_weight
        return sp.csr_matrix(
            (
                weight * text_block.data[source],
                text_block.indices[source] + block[row] * self.n_text_features_,
                indptr,
            ),
            shape=(len(records), self.n_text_features_ * len(self.targets_)),
        )

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


# The feature parameters, in order: declared once, by StanceFeatures (names, defaults and valid values).
FEATURE_PARAMS: dict[str, Any] = {
    name: parameter.default for name, parameter in inspect.signature(StanceFeatures.__init__).parameters.items()
    if name != "self"
}
