"""Issue 12: input that was silently misread, and files that were analysed as if they were articles."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import stanceclf
from stanceclf.cli import main

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ["We must ban facial recognition.", "Police need it to find missing children.", "The vote is on Monday."]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_pandas_data_frame_is_read_by_column(fitted_model):
    # Issue 12: model.predict(pd.DataFrame(...)) predicted on the column names (3 rows in, 2 labels out).
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": TEXTS, "target": ["biometric_surveillance"] * 3})
    records = frame.to_dict(orient="records")
    np.testing.assert_array_equal(fitted_model.predict(frame), fitted_model.predict(records))
    np.testing.assert_array_equal(fitted_model.predict_proba(frame), fitted_model.predict_proba(records))
    assert len(fitted_model.explain(frame)) == 3
    with pytest.raises(ValueError, match="needs a 'text' column"):
        fitted_model.predict(pd.DataFrame({"sentence": TEXTS}))
    refit = stanceclf.StanceClassifier().fit(frame.assign(text=TEXTS), ["FAVOR", "AGAINST", "NONE"])
    assert refit.training_["n_records"] == 3


@pytest.mark.parametrize("container", [set(TEXTS), frozenset(TEXTS), dict.fromkeys(TEXTS).keys()])
def test_unordered_containers_are_refused(fitted_model, container):
    with pytest.raises(TypeError, match="unordered"):
        fitted_model.predict(container)


def test_other_table_types_are_refused(fitted_model):
    class Table:  # e.g. a polars DataFrame: iterating it gives columns, not rows
        columns = ["text"]

        def __iter__(self):
            return iter(self.columns)

    with pytest.raises(TypeError, match="got a Table; convert it to a list of records"):
        fitted_model.predict(Table())


@pytest.mark.parametrize(
    "text",
    ["حظر التعرف على الوجه ضروري لحماية الخصوصية", "יש לאסור זיהוי פנים במרחב הציבורי", "Запретить распознавание лиц"],
)
def test_non_latin_script_warns_that_the_model_is_english_only(fitted_model, text):
    with pytest.warns(UserWarning, match=r"1 of 2 text\(s\) are mostly in a non-Latin script \(first: item 1\)"):
        fitted_model.predict(["We must ban it.", text])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fitted_model.predict(["Die Überwachung muss verboten werden.", "Le Parlement européen a voté.", "EU: 27"])


@pytest.mark.parametrize("argument", ["sentnces.txt", "data/missing.jsonl", "C:\\texts\\a.csv"])
def test_predict_a_missing_file_is_an_error_not_a_sentence(capsys, argument):
    # Issue 12: `stanceclf predict sentnces.txt` classified the file name as a sentence, exit 0.
    code, out, err = run(capsys, "predict", argument)
    assert code == 2 and out == ""
    assert "no such file (to classify these words as text, pass --text)" in err
    code, out, _ = run(capsys, "predict", "--text", argument, "--format", "jsonl")
    assert code == 0 and json.loads(out)["text"] == argument


def test_predict_a_directory_is_an_error(capsys, tmp_path):
    code, _, err = run(capsys, "predict", tmp_path)
    assert code == 2 and "is a directory" in err


def test_predict_texts_are_still_texts(capsys):
    code, out, _ = run(capsys, "predict", "--format", "jsonl", "Ban it.", "U.S. police want it", "e.g.", "")
    assert code == 0 and [json.loads(line)["text"] for line in out.splitlines()] == [
        "Ban it.",
        "U.S. police want it",
        "e.g.",
        "",
    ]
    code, _, err = run(capsys, "predict", "Ban it.", "notes.txt")
    assert code == 2 and "looks like a file name among texts" in err


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<p>We must ban facial recognition.</p>"),
        ("page.txt", b"<!DOCTYPE html>\n<html><body>We must ban it.</body></html>"),
        ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("paper.txt", b"%PDF-1.4\nstream"),
    ],
)
def test_analyze_refuses_html_and_pdf(tmp_path, capsys, name, content):
    # Issue 12: HTML and PDF files were analysed as article text.
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"{name}: is (HTML|PDF).*not a plain-text article"):
        stanceclf.actors.read_article(path)
    code, _, err = run(capsys, "analyze", path)
    assert code == 2 and "not a plain-text article" in err


def test_one_unreadable_file_in_a_folder_is_skipped_and_counted(tmp_path, fitted_model, capsys, monkeypatch):
    # Issue 12: one non-UTF-8 file aborted the whole folder.
    (tmp_path / "good.txt").write_text("Renew says the ban is needed. The vote is on Monday.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Le Parlement a voté l'interdiction.".encode("latin-1"))
    (tmp_path / "saved.txt").write_bytes(b"<html><body>x</body></html>")
    with pytest.warns(UserWarning, match=r"skipped 2 of 3 file\(s\).*latin1.txt:1: not UTF-8"):
        analysis = stanceclf.analyze_folder(tmp_path, fitted_model)
    assert {row.doc for row in analysis.sentences} == {"good"} and len(analysis.skipped) == 2
    with pytest.raises(ValueError, match="latin1.txt:1: not UTF-8"):
        stanceclf.analyze_folder(tmp_path, fitted_model, strict=True)
    monkeypatch.setattr("stanceclf.cli.analyze.load_model", lambda name=None: fitted_model)
    code, out, err = run(capsys, "analyze", tmp_path)
    assert code == 0 and "stanceclf: warning: skipped 2 of 3 file(s)" in err
    assert run(capsys, "analyze", tmp_path, "--strict")[0] == 2
    (tmp_path / "good.txt").unlink()
    with pytest.raises(ValueError, match="no readable article among 2 file"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stanceclf.analyze_folder(tmp_path, fitted_model)


def test_cli_titles_and_messages_name_the_real_scheme_and_preset(capsys, tmp_path, records, monkeypatch):
    # Issue 12: `--groups article` printed shuffled-5-fold figures under "leave-one-article-out", and
    # `train` printed "leave-one-article-out" while the manifest said stratified 5-fold.
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, _, err = run(capsys, "cross-validate", "--data", data, "--groups", "article", "--jobs", "1")
    assert code == 2 and "no 'article' field" in err
    no_doc = tmp_path / "no_doc.jsonl"
    no_doc.write_text("".join(json.dumps({**r, "doc": ""}) + "\n" for r in records), encoding="utf-8")
    code, out, _ = run(capsys, "train", "--data", no_doc, "--out", tmp_path / "m", "--preset", "none", "--jobs", "1")
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    protocol = manifest["evaluation"]["protocol"]
    assert code == 0 and protocol.startswith("stratified ") and protocol.endswith("-fold")
    assert f"{protocol}: F_avg" in out and "leave-one" not in out and "grouped" not in out
    assert "training with preset none" in out
    seen = {}

    def spy(data, **kwargs):
        seen.update(kwargs)
        report = stanceclf.evaluate(stanceclf.load_model(), records)
        report.scheme = stanceclf.workflows.scheme(kwargs["groups"], kwargs["n_splits"])
        return report

    monkeypatch.setattr(stanceclf.workflows, "cross_validate", spy)
    code, out, _ = run(capsys, "cross-validate", "--data", data)
    assert code == 0 and "### cross-validation (10-fold grouped by article, preset aipolicy)" in out
    assert seen == {"groups": "doc", "n_splits": 10, "preset": "aipolicy", "n_jobs": -1}


def test_cli_train_defaults_to_the_shipped_models_preset(capsys, tmp_path, records):
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, out, _ = run(capsys, "train", "--data", data, "--out", tmp_path / "m", "--no-cv")
    assert code == 0 and "training with preset aipolicy (the shipped model's)" in out
    model = stanceclf.load_model(tmp_path / "m")
    assert model.manifest_["preset"] == "aipolicy" and model.calibration == "temperature" and model.C == 1.0


def test_cli_prints_the_script_warning_once(capsys):
    code, out, err = run(capsys, "predict", "--explain", "יש לאסור זיהוי פנים במרחב הציבורי")
    assert code == 0 and out and err.count("stanceclf: warning:") == 1 and "non-Latin script" in err
