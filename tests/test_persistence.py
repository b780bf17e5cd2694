from __future__ import annotations

import json

import joblib
import numpy as np
import pytest

import stanceclf
from stanceclf import ModelLoadError, load_model
from stanceclf.corpus import read_corpus_records
from stanceclf.data import shipped_path

PROBE = ["We must ban facial recognition.", "Police need it to find missing children.", "The vote is on Monday."]


def test_save_load_round_trip_gives_identical_predictions(fitted_model, tmp_path):
    directory = fitted_model.save(tmp_path / "m", evaluation={"f_avg": 0.5})
    manifest = json.loads((directory / "manifest.json").read_text())
    for key in ("library_version", "sklearn_version", "python_version", "config", "labels", "training", "model_sha256"):
        assert key in manifest
    assert manifest["evaluation"] == {"f_avg": 0.5}
    assert len(manifest["training"]["data_sha256"]) == 64
    loaded = load_model(directory)
    np.testing.assert_array_equal(loaded.predict_proba(PROBE), fitted_model.predict_proba(PROBE))
    assert loaded.manifest_["model_sha256"] == manifest["model_sha256"]


def test_save_refuses_to_overwrite_without_flag(fitted_model, tmp_path):
    directory = fitted_model.save(tmp_path / "m")
    before = (directory / "model.joblib").read_bytes()
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        fitted_model.save(directory)
    assert (directory / "model.joblib").read_bytes() == before
    fitted_model.save(directory, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # no staging leftovers


def test_tampered_model_is_refused_before_unpickling(fitted_model, tmp_path):
    directory = fitted_model.save(tmp_path / "m")
    joblib.dump({"evil": True}, directory / "model.joblib")
    with pytest.raises(ModelLoadError, match="does not match the manifest"):
        load_model(directory)


@pytest.mark.parametrize("broken", ["missing_model", "missing_manifest", "corrupt_manifest", "corrupt_model"])
def test_missing_or_corrupt_files_are_clear_errors(fitted_model, tmp_path, broken):
    directory = fitted_model.save(tmp_path / "m")
    if broken == "missing_model":
        (directory / "model.joblib").unlink()
        message = "missing model file"
    elif broken == "missing_manifest":
        (directory / "manifest.json").unlink()
        message = "manifest.json: missing"
    elif broken == "corrupt_manifest":
        (directory / "manifest.json").write_text("{", encoding="utf-8")
        message = "corrupt manifest"
    else:
        (directory / "model.joblib").write_bytes(b"not a pickle")
        manifest = json.loads((directory / "manifest.json").read_text())
        manifest["model_sha256"] = stanceclf.data.file_sha256(directory / "model.joblib")
        (directory / "manifest.json").write_text(json.dumps(manifest))
        message = "cannot be loaded"
    with pytest.raises(ModelLoadError, match=message):
        load_model(directory)


def test_incompatible_sklearn_version_is_reported_clearly(fitted_model, tmp_path, monkeypatch):
    from sklearn.exceptions import InconsistentVersionWarning

    directory = fitted_model.save(tmp_path / "m")

    def load_with_version_warning(path):
        import warnings

        warnings.warn(
            InconsistentVersionWarning(
                estimator_name="LogisticRegression", current_sklearn_version="9.9", original_sklearn_version="0.1"
            ),
            stacklevel=2,
        )
        return fitted_model

    monkeypatch.setattr(joblib, "load", load_with_version_warning)
    with pytest.raises(ModelLoadError, match="install scikit-learn==.* or retrain"):
        load_model(directory)


def test_unknown_model_name():
    with pytest.raises(ModelLoadError, match="no such model"):
        load_model("no-such-model-anywhere")


def test_shipped_default_model_loads_and_rebuilds_identically(tmp_path):
    model = load_model()
    manifest = model.manifest_
    assert manifest["evaluation"]["protocol"] == "leave-one-article-out"
    corpus = [record for _, record in read_corpus_records(missing="raise")]
    assert manifest["training"]["n_records"] == len(corpus)
    # The documented rebuild (stanceclf train --default) retrains from the corpus with the manifest's
    # configuration; here without cross-validation, which does not change the fitted model.
    from stanceclf.retrain import train_and_save

    rebuilt = tmp_path / "rebuilt"
    corpus_file = shipped_path("_corpus", "aipolicy", "annotations.jsonl")
    train_and_save([corpus_file], rebuilt, preset=manifest["preset"], cross_validate=False)
    again = load_model(rebuilt)
    assert again.manifest_["training"]["data_sha256"] == manifest["training"]["data_sha256"]
    assert again.get_params() == model.get_params()
    np.testing.assert_array_equal(again.predict(corpus), model.predict(corpus))
    np.testing.assert_array_equal(again.predict_proba(corpus), model.predict_proba(corpus))


def test_readme_quotes_the_shipped_models_figures():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- BEGIN MODEL FIGURES -->")[1].split("<!-- END MODEL FIGURES -->")[0]
    evaluation = load_model().manifest_["evaluation"]
    assert re.search(r"F_avg \*\*(\d\.\d{3})\*\*", block).group(1) == f"{evaluation['f_avg']:.3f}"
    assert re.search(r"macro-F1 (\d\.\d{3})", block).group(1) == f"{evaluation['macro_f1']:.3f}"
    assert f"{evaluation['n']} sentences" in block


def test_every_subpackage_is_listed_for_non_editable_installs():
    # An editable install finds any folder; a wheel holds only the packages pyproject lists.
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    root = Path(stanceclf.__file__).resolve().parent
    pyproject = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root.parent).parts) for p in root.rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
