from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from datasets import Dataset

import stanceclf
from stanceclf import AnnotationError, f_avg
from stanceclf.metrics import stance_report
from tests.conftest import make_records


def test_public_surface_is_small_and_documented():
    for name in stanceclf.__all__:
        obj = getattr(stanceclf, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"
    assert {"load_model", "train", "evaluate", "cross_validate", "load_corpus", "StanceClassifier"} <= set(
        stanceclf.__all__
    )


def test_train_accepts_records_dataset_jsonl_and_csv(records, corpus_file, tmp_path):
    csv_path = tmp_path / "corpus.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    probe = [
        "We must ban facial recognition in public spaces.",
        "Police need facial recognition to find missing children.",
    ]
    predictions = [
        list(stanceclf.train(data).predict(probe))
        for data in (records, Dataset.from_list(records), corpus_file, str(csv_path))
    ]
    assert all(p == predictions[0] for p in predictions)
    assert predictions[0] == ["FAVOR", "AGAINST"]


def test_train_on_classlabel_dataset_decodes_labels(tmp_path, records):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    dataset = stanceclf.load_corpus(path)
    assert dataset.features["stance"].names == ["NONE", "AGAINST", "FAVOR"]
    model = stanceclf.train(dataset)
    assert set(model.classes_) == {"NONE", "AGAINST", "FAVOR"}


def test_presets_and_unknown_preset(records):
    assert isinstance(stanceclf.train(records, preset="aipolicy", C=1.0), stanceclf.StanceClassifier)
    with pytest.raises(ValueError, match="unknown preset"):
        stanceclf.train(records, preset="nope")


def test_evaluate_report_figures_match_sklearn(records):
    model = stanceclf.train(records, preset=None)  # estimator defaults: fits these few records exactly
    report = stanceclf.evaluate(model, records)
    assert report.n == len(records)
    assert report.accuracy == 1.0 and report.f_avg == 1.0
    assert "target=biometric_surveillance" in report.groups
    as_dict = report.to_dict()
    assert as_dict["confusion"] == report.confusion
    assert "F_avg" in report.to_markdown("title")


def test_f_avg_is_the_semeval_measure():
    gold = ["FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE", "NONE"]
    pred = ["FAVOR", "NONE", "AGAINST", "FAVOR", "NONE", "AGAINST"]
    # F1 FAVOR = 2*0.5*0.5/(1) = 0.5; F1 AGAINST = 0.5 likewise; NONE does not count.
    assert f_avg(gold, pred) == pytest.approx(0.5)
    report = stance_report(gold, pred, n_resamples=200)
    low, high = report.f_avg_ci
    assert low <= report.f_avg <= high
    assert report.per_class["NONE"]["recall"] == pytest.approx(0.5)
    assert np.array(report.confusion).sum() == 6


def test_cross_validate_leaves_one_doc_out(records):
    report, predicted = stanceclf.cross_validate(records, return_predictions=True, preset=None, n_jobs=1)
    assert report.n == len(records) == len(predicted)
    assert 0.0 <= report.f_avg <= 1.0
    no_doc = [{k: v for k, v in r.items() if k != "doc"} for r in records]
    no_groups = stanceclf.cross_validate(no_doc, groups=None, n_splits=3, preset=None)
    assert no_groups.n == len(records)


@pytest.mark.parametrize("groups", ["article", "doc"])
def test_cross_validate_with_a_missing_group_field_is_an_error_not_shuffled_folds(records, groups):
    # Issue 12: groups="article" (no such field) silently fell back to shuffled 5-fold, inflated figures.
    data = records if groups == "article" else [{k: v for k, v in r.items() if k != "doc"} for r in records]
    with pytest.raises(ValueError, match=f"groups='{groups}': 18 of 18 records have no '{groups}' field"):
        stanceclf.cross_validate(data, groups=groups, preset=None)
    partly = [dict(r, doc="") if i == 4 else r for i, r in enumerate(records)]
    with pytest.raises(ValueError, match=r"1 of 18 records .*\(first: record 5\)"):
        stanceclf.cross_validate(partly, preset=None)


def test_train_and_cross_validate_default_to_the_shipped_models_preset(records, monkeypatch):
    # Issue 12: the API trained the estimator defaults (C=10, uncalibrated), not the shipped model's preset.
    assert stanceclf.presets.DEFAULT_PRESET == "aipolicy" == stanceclf.load_model().manifest_["preset"]
    model = stanceclf.train(records)
    assert {k: model.get_params()[k] for k in stanceclf.PRESETS["aipolicy"]} == stanceclf.PRESETS["aipolicy"]
    seen = {}

    def spy(estimator, X, y, **kwargs):
        seen.update(estimator.get_params(), n_jobs=kwargs["n_jobs"])
        return np.asarray(y)

    monkeypatch.setattr(stanceclf.workflows, "cross_val_predict", spy)
    stanceclf.cross_validate(records)
    assert seen["calibration"] == "temperature" and seen["C"] == 1.0 and seen["n_jobs"] == -1


def test_evaluating_on_training_sentences_warns(records):
    # Issue 12: the shipped model on its own training data reported F_avg 1.0 without a word.
    model = stanceclf.StanceClassifier().fit(records[:12], [r["stance"] for r in records[:12]])
    with pytest.warns(UserWarning, match="12 of 18 evaluation sentences were in the model's training data"):
        stanceclf.evaluate(model, records)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stanceclf.evaluate(model, [dict(r, text=r["text"] + " Really.") for r in records])


def test_training_data_errors_name_file_line_and_field(tmp_path, records):
    bad = tmp_path / "bad.jsonl"
    rows = [
        json.dumps(records[0]),
        "{not json",
        json.dumps({**records[1], "stance": "PRO"}),
        json.dumps({"stance": "FAVOR"}),
    ]
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        stanceclf.train(bad)
    problems = caught.value.problems
    assert any(p.startswith(f"{bad}:2: -: invalid JSON") for p in problems)
    assert any(p.startswith(f"{bad}:3: stance: unknown label 'PRO'") for p in problems)
    assert any(p.startswith(f"{bad}:4: text: missing") for p in problems)
    with pytest.raises(AnnotationError, match="stance: missing"):
        stanceclf.train([{"text": "a"}, {"text": "b", "stance": "FAVOR"}])
    with pytest.raises(FileNotFoundError):
        stanceclf.train(tmp_path / "absent.jsonl")


def test_intervals_resample_whole_articles_when_records_have_one():
    gold = ["FAVOR"] * 30 + ["AGAINST"] * 30
    # Every article is all right or all wrong: resampling articles widens the interval.
    predicted = [g if (i // 10) % 2 == 0 else "NONE" for i, g in enumerate(gold)]
    articles = [f"a{i // 10}" for i in range(60)]
    by_article = stance_report(gold, predicted, clusters=articles)
    by_sentence = stance_report(gold, predicted)
    assert by_article.ci_unit == "articles" and by_sentence.ci_unit == "sentences"
    assert by_article.f_avg == by_sentence.f_avg
    low, high = by_article.f_avg_ci
    assert low <= by_article.f_avg <= high
    assert high - low > by_sentence.f_avg_ci[1] - by_sentence.f_avg_ci[0]
    assert "articles resampled" in by_article.to_markdown()


def test_grouped_k_fold_keeps_articles_apart_and_names_its_scheme():
    records = make_records()
    report, predicted = stanceclf.cross_validate(
        records, groups="doc", n_splits=2, preset=None, n_jobs=1, return_predictions=True
    )
    assert len(predicted) == len(records) and report.ci_unit == "articles"
    assert stanceclf.workflows.scheme("doc", 2) == "2-fold grouped by article"
    assert stanceclf.workflows.scheme("doc") == "leave-one-article-out"


def test_a_stand_off_corpus_file_is_read_by_every_workflow_as_load_corpus_reads_it():
    if not (Path(__file__).resolve().parent.parent.parent / "shared" / "articles").is_dir():
        pytest.skip("the corpus text is read from ../shared/articles*")
    corpus_file = stanceclf.corpus.corpus_file()
    with pytest.warns(UserWarning, match="training"):  # the shipped model was trained on these sentences
        report = stanceclf.evaluate(stanceclf.load_model(), corpus_file)
    assert report.n == len(stanceclf.load_corpus())
