from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

_FAVOR = [
    "We must ban facial recognition in public spaces.",
    "Biometric mass surveillance has no place in a democracy.",
    "A total ban is the only way to protect our rights.",
    "Live facial recognition threatens privacy and must be outlawed.",
    "Campaigners demand a ban on remote biometric identification.",
    "This technology discriminates and should be prohibited.",
]
_AGAINST = [
    "Police need facial recognition to find missing children.",
    "Banning the technology would undermine public safety.",
    "Exceptions for terrorism are essential for law enforcement.",
    "The government wants to keep facial recognition for security.",
    "A ban would be wrong: the tool helps identify terrorists in crowds.",
    "Industry says facial recognition keeps citizens safe.",
]
_NONE = [
    "The parliament discussed the report this week.",
    "The petition has been signed by 3,500 people.",
    "Negotiations will continue next month.",
    "The vote is scheduled for December.",
    "The commission published its proposal on Wednesday.",
    "The article was updated on Monday.",
]


def make_records() -> list[dict]:
    """A small balanced corpus in the full corpus schema, three docs, two targets."""
    records = []
    for stance, texts in (("FAVOR", _FAVOR), ("AGAINST", _AGAINST), ("NONE", _NONE)):
        for i, text in enumerate(texts):
            doc = f"doc{i % 3}"
            speaker = "" if stance == "NONE" else ("Renew" if stance == "FAVOR" else "France")
            records.append(
                {
                    "id": f"{doc}-{stance}-{i}",
                    "doc": doc,
                    "text": text,
                    "speaker": speaker,
                    "speaker_type": "none"
                    if not speaker
                    else ("party_group" if stance == "FAVOR" else "council_or_government"),
                    "target": "social_scoring" if i == 5 else "biometric_surveillance",
                    "stance": stance,
                    "rationale": "test",
                }
            )
    return records


@pytest.fixture
def records() -> list[dict]:
    return make_records()


@pytest.fixture
def corpus_file(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def fitted_model():
    from stanceclf import StanceClassifier

    data = make_records()
    return StanceClassifier().fit(data, [r["stance"] for r in data])


@pytest.fixture
def calibration_folds(monkeypatch):
    """The folds each fit's out-of-fold calibration scores were computed on, in fit order."""
    from sklearn.model_selection import cross_val_predict

    import stanceclf.classifier as classifier_module

    seen = []

    def spy(*args, cv, **kwargs):
        seen.append(cv)
        return cross_val_predict(*args, cv=cv, **kwargs)

    monkeypatch.setattr(classifier_module, "cross_val_predict", spy)
    return seen
