from __future__ import annotations

import builtins
import json
import os
import threading
import warnings
from pathlib import Path

import joblib
import numpy as np
import pytest
import skops.io

import stanceclf
from stanceclf import ModelLoadError, StanceClassifier, load_model, persistence, save_model
from stanceclf.corpus import corpus_file, read_corpus_records
from tests.conftest import make_records

PROBE = ["We must ban facial recognition.", "Police need it to find missing children.", "The vote is on Monday."]
EXECUTED: list[str] = []


def model_file(directory: Path) -> Path:
    return directory / json.loads((directory / "manifest.json").read_text())["model_file"]


def rewrite_manifest(directory: Path, **changes) -> None:
    path = directory / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def plant(directory: Path, payload: bytes, name: str = "model-0000000000000000.skops") -> None:
    """Replace a saved model's file with ``payload`` and rewrite the manifest's name and hash to match."""
    model_file(directory).unlink()
    (directory / name).write_bytes(payload)
    rewrite_manifest(directory, model_file=name, model_sha256=persistence._sha256(payload))


def _model_dir_files(directory):
    """What a model directory holds after a save: manifest, one model file, the model card."""
    return sorted(["README.md", "manifest.json", model_file(directory).name])


def test_save_load_round_trip_gives_identical_predictions(fitted_model, tmp_path):
    directory = save_model(fitted_model, tmp_path / "m", evaluation={"f_avg": 0.5})
    manifest = json.loads((directory / "manifest.json").read_text())
    for key in ("library_version", "sklearn_version", "python_version", "config", "labels", "training", "model_sha256"):
        assert key in manifest
    assert manifest["model_format"] == "skops" and manifest["model_file"].endswith(".skops")
    assert sorted(p.name for p in directory.iterdir()) == sorted(["README.md", "manifest.json", manifest["model_file"]])
    assert manifest["evaluation"] == {"f_avg": 0.5}
    assert len(manifest["training"]["data_sha256"]) == 64
    loaded = load_model(directory)
    np.testing.assert_array_equal(loaded.predict_proba(PROBE), fitted_model.predict_proba(PROBE))
    assert loaded.features_.word_vectorizer_.vocabulary_ == fitted_model.features_.word_vectorizer_.vocabulary_
    assert loaded.manifest_["model_sha256"] == manifest["model_sha256"]


def test_save_refuses_to_overwrite_without_flag(fitted_model, tmp_path):
    directory = save_model(fitted_model, tmp_path / "m")
    before = model_file(directory).read_bytes()
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        save_model(fitted_model, directory)
    assert model_file(directory).read_bytes() == before
    other = StanceClassifier(C=1.0).fit(make_records(), [r["stance"] for r in make_records()])
    save_model(other, directory, overwrite=True)
    assert load_model(directory).C == 1.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # no staging leftovers
    assert sorted(p.name for p in directory.iterdir()) == _model_dir_files(directory)


@pytest.mark.parametrize("content", ["notes", "bad_manifest", "other_manifest", "file"])
def test_overwrite_never_replaces_what_is_not_a_model_directory(fitted_model, tmp_path, content):
    # Issue 12: train --out DIR --force deleted any directory recursively (notes and annotations with it).
    target = tmp_path / "project"
    if content == "file":
        target.write_text("my notes", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("my notes", encoding="utf-8")
        (target / "annotations.jsonl").write_text("{}\n", encoding="utf-8")
        if content == "bad_manifest":
            (target / "manifest.json").write_text("{", encoding="utf-8")
        elif content == "other_manifest":
            (target / "manifest.json").write_text('{"name": "some other tool"}', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(FileExistsError, match="not a (valid )?stanceclf model directory|not a directory"):
        save_model(fitted_model, target, overwrite=True)
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_replacing_a_model_keeps_other_files_of_its_directory(fitted_model, tmp_path):
    directory = save_model(fitted_model, tmp_path / "m")
    (directory / "README.txt").write_text("how this model was made", encoding="utf-8")
    save_model(fitted_model, directory, overwrite=True, evaluation={"f_avg": 0.1})
    assert (directory / "README.txt").read_text() == "how this model was made"
    assert load_model(directory).manifest_["evaluation"] == {"f_avg": 0.1}


def test_an_empty_directory_is_a_fine_destination(fitted_model, tmp_path):
    (tmp_path / "empty").mkdir()
    assert load_model(save_model(fitted_model, tmp_path / "empty")).predict(PROBE).shape == (3,)


def test_tampered_model_is_refused(fitted_model, tmp_path):
    directory = save_model(fitted_model, tmp_path / "m")
    model_file(directory).write_bytes(model_file(directory).read_bytes()[:-10] + b"0123456789")
    with pytest.raises(ModelLoadError, match="does not match the manifest"):
        load_model(directory)


class Payload:
    """What an attacker would put in a model file: code that runs when the object is rebuilt."""

    def __setstate__(self, state):
        EXECUTED.append("setstate")

    def __reduce__(self):
        return (EXECUTED.append, ("reduce",))


@pytest.mark.parametrize("evil", [Payload(), builtins.eval, os.system])
def test_a_model_file_with_untrusted_types_is_refused_without_running_them(fitted_model, tmp_path, evil):
    # Issue 12: a replaced pickle with a rewritten manifest hash loaded and ran its payload.
    directory = save_model(fitted_model, tmp_path / "m")
    payload = skops.io.dumps({"format": persistence._FORMAT, "estimator": fitted_model, "vocabularies": [], "x": evil})
    plant(directory, payload)
    EXECUTED.clear()
    with pytest.raises(ModelLoadError, match="types that are not trusted: .*(Payload|eval|system)"):
        load_model(directory)
    assert EXECUTED == []


def test_a_pickle_loads_only_with_allow_pickle_and_a_warning(fitted_model, tmp_path):
    directory = save_model(fitted_model, tmp_path / "m")
    joblib.dump(fitted_model, tmp_path / "model.joblib")
    plant(directory, (tmp_path / "model.joblib").read_bytes(), name="model.joblib")
    with pytest.raises(ModelLoadError, match="is a pickle.*allow_pickle=True"):
        load_model(directory)
    with pytest.warns(UserWarning, match="loading a pickle, which runs any code"):
        loaded = load_model(directory, allow_pickle=True)
    np.testing.assert_array_equal(loaded.predict_proba(PROBE), fitted_model.predict_proba(PROBE))
    # Saving over it converts it: the pickle goes, the skops file and manifest stay.
    save_model(loaded, directory, overwrite=True)
    assert sorted(p.suffix for p in directory.iterdir()) == [".json", ".md", ".skops"]
    plant(directory, (tmp_path / "model.joblib").read_bytes(), name="model.joblib")
    # A pickle that runs code is refused before unpickling.
    joblib.dump(Payload(), tmp_path / "evil.joblib")
    plant(directory, (tmp_path / "evil.joblib").read_bytes(), name="model.joblib")
    EXECUTED.clear()
    with pytest.raises(ModelLoadError, match="is a pickle"):
        load_model(directory)
    assert EXECUTED == []


@pytest.mark.parametrize("name", ["../outside.skops", "/tmp/outside.skops", "sub/model.skops", ".hidden.skops", "x.py"])
def test_model_file_must_be_a_plain_name_inside_the_directory(fitted_model, tmp_path, name):
    directory = save_model(fitted_model, tmp_path / "m")
    rewrite_manifest(directory, model_file=name)
    with pytest.raises(ModelLoadError, match="model_file: .* inside the model directory"):
        load_model(directory)


def test_model_file_may_not_be_a_symlink_out_of_the_directory(fitted_model, tmp_path):
    directory = save_model(fitted_model, tmp_path / "m")
    real = model_file(directory)
    outside = tmp_path / "elsewhere.skops"
    real.rename(outside)
    real.symlink_to(outside)
    with pytest.raises(ModelLoadError, match="symbolic link"):
        load_model(directory)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("evaluation", {"f_avg": 0.99}),
        ("labels", ["AGAINST", "FAVOR", "MAYBE"]),
        ("config", {"C": 0.001}),
        ("training", {"n_records": 1000000}),
        ("preset", "semeval"),
    ],
)
def test_edited_manifest_fields_are_refused(fitted_model, tmp_path, field, value):
    # Issue 12: an edited f_avg of 0.99 was reported as the model's figure.
    directory = save_model(fitted_model, tmp_path / "m", evaluation={"f_avg": 0.5}, extra={"preset": None})
    rewrite_manifest(directory, **{field: value})
    with pytest.raises(ModelLoadError, match=f"{field}: differ from the copy saved inside the model file"):
        load_model(directory)


@pytest.mark.parametrize("broken", ["missing_model", "missing_manifest", "corrupt_manifest", "corrupt_model"])
def test_missing_or_corrupt_files_are_clear_errors(fitted_model, tmp_path, broken):
    directory = save_model(fitted_model, tmp_path / "m")
    if broken == "missing_model":
        model_file(directory).unlink()
        message = "missing model file"
    elif broken == "missing_manifest":
        (directory / "manifest.json").unlink()
        message = "manifest.json: missing"
    elif broken == "corrupt_manifest":
        (directory / "manifest.json").write_text("{", encoding="utf-8")
        message = "corrupt manifest"
    else:
        plant(directory, b"not a skops file")
        message = "cannot be loaded"
    with pytest.raises(ModelLoadError, match=message):
        load_model(directory)


def test_incompatible_sklearn_version_is_reported_clearly(fitted_model, tmp_path, monkeypatch):
    from sklearn.exceptions import InconsistentVersionWarning

    directory = save_model(fitted_model, tmp_path / "m")

    def load_with_version_warning(data, trusted=None):
        warnings.warn(
            InconsistentVersionWarning(
                estimator_name="LogisticRegression", current_sklearn_version="9.9", original_sklearn_version="0.1"
            ),
            stacklevel=2,
        )

    monkeypatch.setattr(skops.io, "loads", load_with_version_warning)
    with pytest.raises(ModelLoadError, match="install scikit-learn==.* or retrain"):
        load_model(directory)


def test_trusted_types_cover_every_configuration_and_nothing_callable():
    data = make_records()
    labels = [r["stance"] for r in data]
    configurations = [
        {},
        {"classifier": "svm"},
        {"classifier": "sgd"},
        {"use_speaker": True, "char_ngram_range": None, "max_features": 30, "min_df": 2},
        {"classifier": "svm", "calibration": "temperature"},
        {"calibration": "temperature", "groups": "doc"},
    ]
    for config in configurations:
        groups = [r["doc"] for r in data] if config.pop("groups", None) else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            model = StanceClassifier(**config).fit(data, labels, groups=groups)
        packed, vocabularies = persistence._pack_vocabularies(model)
        payload = skops.io.dumps({"format": persistence._FORMAT, "estimator": packed, "vocabularies": vocabularies})
        assert persistence._types_in(payload, Path("x")) <= set(persistence.TRUSTED_TYPES), config
    assert not any(name.startswith(("builtins.", "operator.", "functools.", "os.")) and name not in {
        "builtins.dict", "builtins.list", "builtins.str", "builtins.tuple"
    } for name in persistence.TRUSTED_TYPES)


def test_unknown_model_name():
    with pytest.raises(ModelLoadError, match="no such model"):
        load_model("no-such-model-anywhere")


def test_model_names_resolve_to_shipped_models_not_the_working_directory(fitted_model, tmp_path, monkeypatch):
    # Issue 12: a planted ./aipolicy/ in the working directory was loaded by a plain `stanceclf predict`.
    monkeypatch.chdir(tmp_path)
    save_model(fitted_model, tmp_path / "aipolicy", evaluation={"planted": True})
    assert load_model().manifest_["evaluation"].get("planted") is None
    assert load_model("aipolicy").manifest_["evaluation"].get("planted") is None
    assert load_model("./aipolicy").manifest_["evaluation"] == {"planted": True}
    assert load_model(Path("aipolicy")).manifest_["evaluation"] == {"planted": True}
    with pytest.raises(ModelLoadError, match=r"not a shipped model name .*give its path \(e.g. ./mine\)"):
        load_model("mine")


def test_model_commands_work_from_the_data_folder(monkeypatch, capsys):
    from stanceclf.cli import main

    monkeypatch.chdir(Path(stanceclf.__file__).resolve().parent.parent / "data")  # holds an aipolicy/ folder
    assert main(["predict", "We must ban facial recognition in public spaces."]) == 0
    assert capsys.readouterr().out.startswith("FAVOR")


def test_a_reader_racing_a_save_sees_the_old_or_the_new_model(fitted_model, tmp_path, monkeypatch):
    # Issue 12: 1.5% of loads during save-over failed ("SHA-256 mismatch", "no such model", FileNotFoundError).
    directory = save_model(fitted_model, tmp_path / "m")
    other = StanceClassifier(C=1.0).fit(make_records(), [r["stance"] for r in make_records()])
    parse = persistence._parse_manifest
    raced = []

    def parse_then_save(raw, path):
        manifest = parse(raw, path)
        if not raced:  # between reading the manifest and the model file, a writer replaces both
            raced.append(True)
            save_model(other, directory, overwrite=True)
        return manifest

    monkeypatch.setattr(persistence, "_parse_manifest", parse_then_save)
    assert load_model(directory).C == 1.0 and raced


def test_loads_during_repeated_saves_never_fail(tmp_path):
    data = make_records()
    models = [StanceClassifier(C=c).fit(data, [r["stance"] for r in data]) for c in (1.0, 10.0)]
    directory = save_model(models[0], tmp_path / "m")
    failures, loads, done = [], [], threading.Event()

    def read():
        while not done.is_set():
            try:
                loads.append(load_model(directory).C)
            except Exception as error:  # noqa: BLE001 - any failure is what this test looks for
                failures.append(repr(error))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(12):
            save_model(models[i % 2], directory, overwrite=True)
    finally:
        done.set()
        reader.join()
    assert failures == [] and loads
    assert len(list(directory.iterdir())) == 3  # manifest, model file, model card


def test_a_save_killed_midway_leaves_the_old_model_and_no_leftovers_after_the_next(fitted_model, tmp_path, monkeypatch):
    directory = save_model(fitted_model, tmp_path / "m", evaluation={"version": 1})
    write = persistence._write_atomic

    def killed_at_manifest(path, data):
        if path.name == "manifest.json":
            (path.parent / ".stanceclf-deadbeef.tmp").write_bytes(data[:10])  # a half-written temporary file
            raise KeyboardInterrupt
        write(path, data)

    monkeypatch.setattr(persistence, "_write_atomic", killed_at_manifest)
    with pytest.raises(KeyboardInterrupt):
        save_model(fitted_model, directory, overwrite=True, evaluation={"version": 2})
    monkeypatch.setattr(persistence, "_write_atomic", write)
    assert load_model(directory).manifest_["evaluation"] == {"version": 1}
    # A kill (no clean-up at all) leaves these; the next save removes them.
    (directory / ".stanceclf-0123456789abcdef.tmp").write_bytes(b"partial")
    orphan = save_model(fitted_model, tmp_path / "orphan")
    stray = model_file(orphan)
    stray.rename(directory / stray.name)
    save_model(fitted_model, directory, overwrite=True, evaluation={"version": 3})
    assert sorted(p.name for p in directory.iterdir()) == _model_dir_files(directory)
    assert load_model(directory).manifest_["evaluation"] == {"version": 3}


def test_a_first_save_killed_midway_can_be_redone(fitted_model, tmp_path):
    directory = tmp_path / "new"
    directory.mkdir()
    (directory / ".stanceclf-0123456789abcdef.tmp").write_bytes(b"partial")
    source = save_model(fitted_model, tmp_path / "source")
    model_file(source).rename(directory / model_file(source).name)  # written, but no manifest yet
    save_model(fitted_model, directory)
    assert sorted(p.name for p in directory.iterdir()) == _model_dir_files(directory)


def test_shipped_model_is_skops_and_rebuilds_identically(tmp_path):
    shipped = persistence.model_directory(None)
    assert not list(shipped.glob("*.joblib")) and len(list(shipped.glob("*.skops"))) == 1
    model = load_model()
    manifest = model.manifest_
    assert manifest["evaluation"]["protocol"] == "10-fold grouped by article"
    assert manifest["evaluation"]["ci_unit"] == "articles"
    corpus = [record for _, record in read_corpus_records(missing="raise")]
    assert manifest["training"]["n_records"] == len(corpus)
    # The documented rebuild (stanceclf train --default) retrains from the corpus with the manifest's
    # configuration; here without cross-validation, which does not change the fitted model.
    from stanceclf.workflows import train_and_save

    rebuilt = tmp_path / "rebuilt"
    train_and_save([corpus_file()], rebuilt, preset=manifest["preset"], cross_validate=False)
    again = load_model(rebuilt)
    assert again.manifest_["training"] == manifest["training"]
    assert again.get_params() == model.get_params()
    np.testing.assert_array_equal(again.predict(corpus), model.predict(corpus))
    assert again.predict_proba(corpus).tobytes() == model.predict_proba(corpus).tobytes()


def test_readme_quotes_the_shipped_models_figures():
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- BEGIN MODEL FIGURES -->")[1].split("<!-- END MODEL FIGURES -->")[0]
    evaluation = load_model().manifest_["evaluation"]
    assert re.search(r"F_avg \*\*(\d\.\d{3})\*\*", block).group(1) == f"{evaluation['f_avg']:.3f}"
    assert re.search(r"macro-F1 (\d\.\d{3})", block).group(1) == f"{evaluation['macro_f1']:.3f}"
    assert f"{evaluation['n']} sentences" in block


def test_every_subpackage_is_listed_for_non_editable_installs():
    # An editable install finds any folder; a wheel holds only the packages pyproject lists.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    root = Path(stanceclf.__file__).resolve().parent
    pyproject = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root.parent).parts) for p in root.rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
    # and the shipped model's files are package data
    data = pyproject["tool"]["setuptools"]["package-data"]["stanceclf._models"]
    shipped = persistence.model_directory(None)
    assert all(any(p.match(pattern) for pattern in data) for p in shipped.iterdir())


def test_a_model_saved_with_the_removed_calibration_groups_loads_with_a_warning(fitted_model, tmp_path, monkeypatch):
    # Models saved before fit(X, y, groups=...) replaced it hold calibration_groups (the shipped one did).
    get_params = StanceClassifier.get_params
    monkeypatch.setattr(
        StanceClassifier, "get_params", lambda self, deep=True: {**get_params(self, deep), **{
            k: v for k, v in vars(self).items() if k == "calibration_groups"}}
    )
    old = StanceClassifier(**fitted_model.get_params()).fit(make_records(), [r["stance"] for r in make_records()])
    vars(old)["calibration_groups"] = "doc"
    directory = save_model(old, tmp_path / "old")
    monkeypatch.undo()
    assert persistence.read_manifest(directory)["config"]["calibration_groups"] == "doc"
    with pytest.warns(FutureWarning, match="saved with calibration_groups='doc', a parameter stanceclf no longer has"):
        loaded = load_model(directory)
    assert "calibration_groups" not in vars(loaded) and loaded.get_params() == fitted_model.get_params()
    np.testing.assert_array_equal(loaded.predict_proba(PROBE), old.predict_proba(PROBE))
