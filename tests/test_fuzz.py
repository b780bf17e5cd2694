"""Property-based tests (issue 12): readers, validate, predict and analyze on random and adversarial text.

Each reader may raise only its documented exceptions; analyze must stay linear in its input
(checked as a generous ratio of CPU times of two sizes, not a time limit).
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="the fuzz tests need the test extra (hypothesis)")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import stanceclf  # noqa: E402
from stanceclf import AnnotationError  # noqa: E402
from stanceclf.corpus import validate_files  # noqa: E402
from stanceclf.speakers._actors import ABBREVIATION, abbreviation_pairs  # noqa: E402
from stanceclf.speakers._vocabulary import ends_with_quote  # noqa: E402

FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces an attacker or a messy file would use: quotation marks of every kind, brackets, colons
# and dashes the speaker rules look at, control and bidi characters, other scripts, emoji.
FRAGMENTS = [
    '"', "“", "”", "„", "«", "»", "'", "’", "(", ")", "[", "]", "{", "}", ":", ";", "–", "—", "-", ".", ",",
    "!", "?", "#", "@", "\n", "\n\n", "\r", "\t", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\u200b", " ",
    "says", "said", "Renew", "MEPs", "the European Commission", "ban", "facial recognition", "not", "Dr.",
    "Anna Berg", "(EDPS)", "حظر", "איסור", "Запрет", "禁止", "😀", "é", "ß", "İ",
]  # fmt: skip
adversarial_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=40).map("".join)
long_token = st.builds(lambda piece, n: piece * n, st.sampled_from(FRAGMENTS + ["x", "Ab", "A-"]), st.integers(50, 600))
texts = adversarial_text | long_token
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["text", "stance", "id", "doc"]) | st.text(max_size=4), inner, max_size=4),
    max_leaves=8,
)  # fmt: skip
record = st.fixed_dictionaries(
    {"text": texts},
    optional={
        "stance": st.sampled_from(["FAVOR", "AGAINST", "NONE", "", "FAVOUR"]) | texts,
        "target": st.sampled_from(list(stanceclf.TARGETS)) | texts | st.none(),
        "speaker": texts | st.none(),
        "id": texts,
        "doc": texts,
        "speaker_type": texts,
    },
)


_FILES = tempfile.TemporaryDirectory(prefix="stanceclf-fuzz-")  # removed at exit
_COUNTER = itertools.count()


def _write(suffix: str, content: bytes) -> Path:
    path = Path(_FILES.name) / f"input{next(_COUNTER)}{suffix}"
    path.write_bytes(content)
    return path


@FUZZ
@given(lines=st.lists(json_values.map(json.dumps) | texts, max_size=6), suffix=st.sampled_from([".jsonl", ".csv"]))
def test_annotation_readers_raise_only_annotation_errors(lines, suffix):
    path = _write(suffix, "\n".join(lines).encode("utf-8", "surrogatepass"))
    for corpus in (False, True):
        try:
            records = stanceclf.read_records(path, corpus=corpus)
        except AnnotationError as error:
            assert error.problems and all(p.startswith(str(path)) for p in error.problems)
        except ValueError as error:  # lone surrogates are not UTF-8
            assert "not UTF-8" in str(error)
        else:
            assert records and all(isinstance(r["text"], str) and r["text"].strip() for r in records)


@FUZZ
@given(content=st.binary(max_size=200), suffix=st.sampled_from([".jsonl", ".csv", ".txt"]))
def test_annotation_readers_on_random_bytes(content, suffix):
    path = _write(suffix, content)
    try:
        records = stanceclf.read_records(path, require_stance=True)
    except ValueError:  # AnnotationError, not UTF-8, or an unsupported file type: all documented
        return
    assert all(r["stance"] in stanceclf.STANCES for r in records)


@FUZZ
@given(records=st.lists(record | json_values, max_size=6))
def test_records_in_memory_raise_only_annotation_errors(records):
    try:
        read = stanceclf.read_records(records, corpus=True)
    except AnnotationError as error:
        assert all(p.startswith("<input record>:") for p in error.problems)
    else:
        assert all(r["stance"] in stanceclf.STANCES and r["target"] in stanceclf.TARGETS for r in read)


@FUZZ
@given(files=st.lists(st.lists(record.map(json.dumps) | texts, max_size=4) | st.binary(max_size=60), max_size=3))
def test_validate_reports_problems_and_never_raises(files):
    paths = [
        _write(".jsonl", content if isinstance(content, bytes) else "\n".join(content).encode("utf-8", "surrogatepass"))
        for content in files
    ]
    problems = validate_files(paths)
    assert all(isinstance(p, str) and p for p in problems)


@FUZZ
@given(batch=st.lists(texts | record, min_size=1, max_size=8))
def test_predict_any_text_gives_one_label_and_a_distribution(fitted_model, batch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # non-Latin scripts, unseen targets
        try:
            labels = fitted_model.predict(batch)
        except TypeError as error:  # a record whose field is not a str
            assert re.match(r"item \d+: field '\w+' must be a str", str(error))
            return
        proba = fitted_model.predict_proba(batch)
    assert len(labels) == len(batch) and set(labels) <= set(fitted_model.classes_)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


@FUZZ
@given(X=json_values)
def test_predict_malformed_input_raises_only_type_or_value_errors(fitted_model, X):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            labels = fitted_model.predict(X)
        except (TypeError, ValueError):
            return
    assert len(labels) >= 1


@FUZZ
@given(text=texts)
def test_analyze_any_text(fitted_model, text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        analysis = stanceclf.analyze(text, fitted_model)
    assert all(row.stance in stanceclf.STANCES for row in analysis.sentences)
    assert sum(r.favor + r.against + r.none for r in analysis.actors) <= len(analysis.sentences)


QUOTE_ALPHABET = '"“” .,!?:;-–()\n\tab_1é'


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(alphabet=QUOTE_ALPHABET, max_size=30))
def test_linear_end_quote_check_equals_the_pattern_it_replaces(text):
    assert ends_with_quote(text) == (re.search(r'"\W*$', text) is not None)


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.lists(st.sampled_from(list("ABEx-' ()&1é’\n") + ["of ", "the ", "EU"]), max_size=30).map("".join))
def test_linear_abbreviation_scan_equals_findall(text):
    assert abbreviation_pairs(text) == ABBREVIATION.findall(text)


# Shapes that made a pattern restart at every character: runs of quotation marks (issue 12: 20k
# quotes 2.8 s, 40k 11.6 s), long hyphenated capitalised tokens, and a mix.
SHAPES = {
    "quotes": '"',
    "spaced quotes": '" ',
    "curly quotes": "“„«»",
    "words in quotes": 'a "b ',
    "hyphenated names": "Jean-Marie-",
    "initials": "A.B. ",
    "colons": "Berg: ",
    "control and bidi": "\x00\x1b[0m\u202e",
    "mixed": 'حظر “ban” – (EU) : "x" Dr. A. B. says, ',
}


def _cpu_seconds(text: str, model) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        stanceclf.analyze(text, model)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("shape", SHAPES)
def test_analyze_is_linear_in_input_size(fitted_model, shape):
    piece = SHAPES[shape]
    # Ending in a letter: a pattern anchored at the end fails, and a quadratic one retries everywhere.
    small, large = piece * (2000 // len(piece)) + "x", piece * (16000 // len(piece)) + "x"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        stanceclf.analyze(small, fitted_model)  # warm caches
        ratio = _cpu_seconds(large, fitted_model) / max(_cpu_seconds(small, fitted_model), 1e-3)
    # Linear gives about 8 for 8x the input, quadratic about 64; 32 leaves room for a loaded machine
    # (CPU time still varies with caches and frequency) and still fails every quadratic shape.
    assert ratio < 32, f"{shape}: 8x the input took {ratio:.1f}x the time"


@pytest.mark.parametrize(
    ("helper", "piece"),
    [
        (ends_with_quote, '" '),
        (ends_with_quote, '"'),
        (abbreviation_pairs, "Jean-Marie-"),
        (abbreviation_pairs, "A"),
    ],
)
def test_speaker_patterns_are_linear(helper, piece):
    def seconds(text: str) -> float:
        start = time.process_time()
        for _ in range(3):
            helper(text)
        return time.process_time() - start

    small, large = piece * (4000 // len(piece)) + "x", piece * (32000 // len(piece)) + "x"
    ratio = seconds(large) / max(seconds(small), 1e-3)
    assert ratio < 32, f"{helper.__name__}: 8x the input took {ratio:.1f}x the time"  # as above
