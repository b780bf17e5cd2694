"""Model card: save writes README.md from the manifest; the shipped model's card is current."""

from __future__ import annotations

from pathlib import Path

import pytest

from stanceclf.model_card import CARD_FILE, render_model_card
from stanceclf.persistence import read_manifest, save_model
from stanceclf.workflows import train_and_save

ROOT = Path(__file__).resolve().parent.parent


def test_save_writes_a_card_without_figures(tmp_path, fitted_model) -> None:
    directory = save_model(fitted_model, tmp_path / "bare")
    card = (directory / CARD_FILE).read_text("utf-8")
    assert card.startswith("# Model card: `bare`")
    for section in ("## Intended use", "## Training data", "## Measured figures", "## Limitations", "## How to"):
        assert section in card
    assert "No figures" in card and read_manifest(directory)["model_sha256"] in card
    assert card == render_model_card(read_manifest(directory), name="bare")


def test_card_of_a_trained_model_has_figures_intervals_and_the_command(tmp_path, corpus_file) -> None:
    out = tmp_path / "mine"
    manifest = train_and_save([corpus_file], out, config={"C": 2.0}, n_jobs=1)
    card = (out / CARD_FILE).read_text("utf-8")
    low, high = manifest["evaluation"]["f_avg_ci"]
    assert f"**{manifest['evaluation']['f_avg']:.3f}** ({low:.3f}–{high:.3f})" in card
    assert "| FAVOR | " in card and "recall (95% CI)" in card and "| target=biometric_surveillance |" in card
    assert "--out mine --preset aipolicy --C 2.0" in card and "--data " in card
    assert manifest["data_files"][0]["sha256"] in card
    assert '"C": 2.0' in card


def test_shipped_model_card_is_current() -> None:
    directory = ROOT / "models" / "aipolicy"
    expected = render_model_card(read_manifest(directory), name="aipolicy")
    assert (directory / CARD_FILE).read_text("utf-8") == expected, "regenerate: stanceclf.write_model_card"
    figure = f"{read_manifest(directory)['evaluation']['f_avg']:.3f}"
    assert "stanceclf train --default --force" in expected and figure in expected


def test_save_never_replaces_a_readme_that_is_not_a_model_card(tmp_path):
    from stanceclf import StanceClassifier
    from tests.conftest import make_records

    records = make_records()
    model = StanceClassifier(C=1.0).fit(records, [r["stance"] for r in records])
    directory = tmp_path / "mine"
    save_model(model, directory)
    notes = directory / "README.md"
    notes.write_text("My own notes about this model.\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="not a model card"):
        save_model(model, directory, overwrite=True)
    assert notes.read_text(encoding="utf-8") == "My own notes about this model.\n"
