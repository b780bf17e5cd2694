from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from stanceclf import STANCES, StanceClassifier, train
from stanceclf.features import StanceFeatures, tokenize


def labels(records):
    return [r["stance"] for r in records]


@pytest.mark.parametrize(
    "check",
    [
        check_no_attributes_set_in_init,
        check_parameters_default_constructible,
        check_get_params_invariance,
        check_set_params,
    ],
)
def test_sklearn_estimator_checks_that_apply_to_text(check):
    check("StanceClassifier", StanceClassifier())


def test_params_are_stored_unchanged_and_clone_works(records):
    model = StanceClassifier(C=0.5, word_ngram_range=(1, 3), class_weight=None)
    assert model.get_params()["word_ngram_range"] == (1, 3)
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    model.fit(records, labels(records))
    assert not hasattr(clone(model), "estimator_")


def test_fit_predict_proba_decision_and_score(records):
    model = StanceClassifier().fit(records, labels(records))
    assert list(model.classes_) == ["AGAINST", "FAVOR", "NONE"]
    proba = model.predict_proba(records)
    assert proba.shape == (len(records), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert model.decision_function(records).shape == (len(records), 3)
    assert model.score(records, labels(records)) == 1.0  # separable toy data, seen in training
    assert model.predict(["We must ban facial recognition in public spaces."])[0] == "FAVOR"


def test_works_in_pipeline_and_grid_search(records):
    search = GridSearchCV(
        Pipeline([("clf", StanceClassifier())]),
        {"clf__C": [0.1, 10.0], "clf__use_target": ["conjoin", "ignore"]},
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        scoring="f1_macro",
    )
    search.fit(records, labels(records))
    assert set(search.best_params_) == {"clf__C", "clf__use_target"}
    assert len(search.predict(records)) == len(records)


def test_svm_option_has_no_uncalibrated_proba_but_calibrates(records):
    svm = StanceClassifier(classifier="svm").fit(records, labels(records))
    assert not hasattr(svm, "predict_proba")
    calibrated = CalibratedClassifierCV(StanceClassifier(classifier="svm"), cv=3).fit(records, labels(records))
    assert calibrated.predict_proba(records[:2]).shape == (2, 3)


def test_out_of_fold_probabilities_with_encoded_labels(records):
    # cross_val_predict label-encodes y for predict_proba: the classifier must take any label set.
    gold = labels(records)
    proba = cross_val_predict(
        StanceClassifier(), records, gold, cv=StratifiedKFold(3, shuffle=True, random_state=0), method="predict_proba"
    )
    assert proba.shape == (len(records), 3)
    np.testing.assert_allclose(proba.sum(1), 1.0)
    encoded = StanceClassifier().fit(records, [list(STANCES).index(g) for g in gold])
    assert set(encoded.classes_) == {0, 1, 2}


def test_deterministic_for_a_random_state(records):
    a = StanceClassifier(classifier="svm", random_state=3).fit(records, labels(records))
    b = StanceClassifier(classifier="svm", random_state=3).fit(records, labels(records))
    np.testing.assert_array_equal(a.decision_function(records), b.decision_function(records))


def test_explanation_contributions_add_up_exactly(fitted_model):
    [explanation] = fitted_model.explain(
        [{"text": "Police need it to find missing children.", "target": "biometric_surveillance"}]
    )
    scores = fitted_model.decision_function(
        [{"text": "Police need it to find missing children.", "target": "biometric_surveillance"}]
    )[0]
    for c, label in enumerate(fitted_model.classes_):
        total = explanation.intercepts[label] + sum(v for _, v in explanation.contributions[label])
        assert total == pytest.approx(explanation.scores[label]) == pytest.approx(scores[c])
    assert explanation.label == "AGAINST"
    names = [name for name, _ in explanation.top("AGAINST", k=50)]
    assert "biometric_surveillance|w:police" in names and "w:police" in names
    assert explanation.to_dict()["label"] == "AGAINST"


def test_target_and_speaker_features():
    features = StanceFeatures(char_ngram_range=None, use_speaker=True).fit(
        [{"text": "ban it", "target": "a", "speaker": "Renew"}, {"text": "keep it", "target": "b"}]
    )
    names = set(features.get_feature_names_out())
    assert {"w:ban", "a|w:ban", "b|w:keep", "speaker=renew"} <= names
    row = features.transform([{"text": "ban it", "target": "b"}]).toarray()[0]
    name_to_value = dict(zip(features.get_feature_names_out(), row))
    assert name_to_value["w:ban"] > 0 and name_to_value["a|w:ban"] == 0 and name_to_value["b|w:ban"] > 0


def test_unseen_target_warns_and_uses_shared_features(fitted_model):
    with pytest.warns(UserWarning, match="not seen in training"):
        seen = fitted_model.decision_function([{"text": "We must ban it.", "target": "never_seen"}])
    bare = fitted_model.decision_function(["We must ban it."])
    np.testing.assert_allclose(seen, bare)


def test_negation_marking_and_hashtag_splitting():
    assert tokenize("We do not want this ban") == ["we", "do", "not", "want_NEG", "this_NEG", "ban_NEG"]
    assert tokenize("#BanFacialRecognition now", negation=False) == [
        "#banfacialrecognition",
        "ban",
        "facial",
        "recognition",
        "now",
    ]


def test_empty_text_gets_none(fitted_model):
    assert list(fitted_model.predict(["", "   "])) == ["NONE", "NONE"]
    proba = fitted_model.predict_proba([""])[0]
    assert proba[list(fitted_model.classes_).index("NONE")] == 1.0


@pytest.mark.parametrize(
    "X, y, message",
    [
        ([], [], "empty input"),
        (["a", 3], ["FAVOR", "NONE"], "item 1"),
        ("a single string", ["FAVOR"], "single str"),
        (["a", "b"], ["FAVOR"], "2 texts but y has 1"),
        (["a", "b"], ["FAVOR", "FAVOUR"], "unknown stance label"),
        (["a", ""], ["FAVOR", "NONE"], "must not be empty"),
        ({"text": ["a", "b"], "target": ["t"]}, ["FAVOR", "NONE"], "different lengths"),
        ([{"text": "a", "target": 5}, {"text": "b"}], ["FAVOR", "NONE"], "field 'target'"),
    ],
)
def test_bad_training_input_is_a_clear_error(X, y, message):
    with pytest.raises((ValueError, TypeError), match=message):
        StanceClassifier().fit(X, y)


def test_bad_prediction_input_is_a_clear_error(fitted_model):
    with pytest.raises(ValueError, match="empty input"):
        fitted_model.predict([])
    with pytest.raises(TypeError, match="item 0"):
        fitted_model.predict([None])


def test_invalid_parameters_fail_in_fit(records):
    with pytest.raises(ValueError, match="'classifier' parameter"):
        StanceClassifier(classifier="tree").fit(records, labels(records))
    with pytest.raises(ValueError, match="use_target"):
        StanceClassifier(use_target="sometimes").fit(records, labels(records))


@pytest.mark.parametrize("classifier", ["logreg", "svm"])
def test_temperature_calibration_keeps_predictions_and_explanations(records, classifier):
    gold = labels(records)
    plain = StanceClassifier(classifier=classifier).fit(records, gold)
    calibrated = StanceClassifier(classifier=classifier, calibration="temperature").fit(records, gold)
    np.testing.assert_array_equal(calibrated.predict(records), plain.predict(records))
    np.testing.assert_allclose(calibrated.decision_function(records), plain.decision_function(records))
    proba = calibrated.predict_proba(records)
    np.testing.assert_allclose(proba.sum(1), 1.0)
    np.testing.assert_array_equal(calibrated.classes_[proba.argmax(1)], calibrated.predict(records))
    if classifier == "logreg":  # a temperature changes the probabilities, not their order
        assert not np.allclose(proba, plain.predict_proba(records))
    (explanation,) = calibrated.explain(records[:1])
    assert explanation.label == calibrated.predict(records[:1])[0]


def test_calibration_is_fitted_on_the_models_own_scores_and_old_calibrators_still_predict(records):
    gold = labels(records)
    docs = np.array([r["doc"] for r in records])
    model = StanceClassifier(calibration="temperature").fit(records, gold, groups=docs)
    # The calibrator holds no second copy of the model: it maps the model's scores to probabilities.
    assert not any(isinstance(v, StanceClassifier) for v in vars(model.calibrator_.estimator.estimator).values())
    np.testing.assert_array_equal(
        model.predict_proba(records), model.calibrator_.predict_proba(model.decision_function(records))
    )
    # A model saved before that, whose calibrator wraps a whole refitted copy, predicts as it did.
    old_style = CalibratedClassifierCV(
        clone(model).set_params(calibration=None), method="temperature", cv=3, ensemble=False
    ).fit(records, gold)
    model.calibrator_ = old_style
    np.testing.assert_array_equal(model.predict_proba(records), old_style.predict_proba(records))


def test_calibration_is_validated_and_not_incremental(records):
    with pytest.raises(ValueError, match="'calibration' parameter"):
        StanceClassifier(calibration="isotonic").fit(records, labels(records))
    with pytest.raises(ValueError, match="partial_fit does not update a calibration"):
        StanceClassifier(classifier="sgd", calibration="temperature").partial_fit(records, labels(records))


def test_calibration_folds_can_keep_groups_together(records, calibration_folds):
    gold = labels(records)
    docs = np.array([r["doc"] for r in records])
    grouped = StanceClassifier(calibration="temperature").fit(iter(records), gold, groups=docs)
    folds = calibration_folds[-1]
    assert len(folds) == len(set(docs)) == 3  # fewer groups than 5: one fold per group
    for train_rows, test_rows in folds:
        assert not set(docs[train_rows]) & set(docs[test_rows])
    np.testing.assert_array_equal(grouped.predict(records), StanceClassifier().fit(records, gold).predict(records))
    StanceClassifier(calibration="temperature").fit([r["text"] for r in records], gold)
    assert isinstance(calibration_folds[-1], StratifiedKFold)
    with pytest.raises(ValueError, match="groups has 2 values for"):
        StanceClassifier(calibration="temperature").fit(records, gold, groups=["a", "b"])
    with pytest.raises(ValueError, match="need at least 2 groups"):
        StanceClassifier(calibration="temperature").fit(records, gold, groups=["one"] * len(records))


def test_workflows_calibrate_on_folds_by_article(records, calibration_folds):
    gold = labels(records)
    docs = np.array([r["doc"] for r in records])
    model = train(records, preset=None, calibration="temperature")
    for train_rows, test_rows in calibration_folds[-1]:
        assert not set(docs[train_rows]) & set(docs[test_rows])
    by_fit = StanceClassifier(calibration="temperature").fit(records, gold, groups=docs)
    np.testing.assert_array_equal(model.predict_proba(records), by_fit.predict_proba(records))
    with pytest.raises(ValueError, match="record 2: no 'doc' field"):
        train([records[0], dict(records[1], doc="")] + records[2:], preset=None, calibration="temperature")
    with pytest.warns(UserWarning, match="no record has a 'doc' field: calibrating on shuffled"):
        plain = train(
            [{k: v for k, v in r.items() if k != "doc"} for r in records], preset=None, calibration="temperature"
        )
    assert plain.calibrator_ is not None and isinstance(calibration_folds[-1], StratifiedKFold)


def test_prediction_in_chunks_equals_one_batch(fitted_model, records, monkeypatch):
    import stanceclf.classifier as model_module

    batch = records + [{"text": "", "target": None}]
    whole = (fitted_model.decision_function(batch), fitted_model.predict(batch), fitted_model.predict_proba(batch))
    monkeypatch.setattr(model_module, "_PREDICT_CHUNK", 3)  # several chunks, the last one partial
    chunked = (fitted_model.decision_function(batch), fitted_model.predict(batch), fitted_model.predict_proba(batch))
    np.testing.assert_allclose(chunked[0], whole[0])
    assert list(chunked[1]) == list(whole[1]) and chunked[1][-1] == "NONE"
    np.testing.assert_allclose(chunked[2], whole[2])
    assert len(batch) % 3 != 0 and chunked[0].shape[0] == len(batch)
