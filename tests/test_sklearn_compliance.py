"""scikit-learn compliance of StanceClassifier: the estimator checks that apply to a text estimator,
and our own text-data equivalents of the numeric ones."""

import inspect
import pickle

import numpy as np
import pytest
from sklearn import config_context
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.utils.estimator_checks import check_estimator

from stanceclf import STANCES, StanceClassifier
from stanceclf.features import FEATURE_PARAMS, StanceFeatures

TEXTS = [
    "We must ban facial recognition in public spaces now.",
    "Police need facial recognition to find missing children.",
    "The committee meets on Tuesday to discuss the report.",
    "A total ban on biometric surveillance protects our rights.",
    "Facial recognition helps catch dangerous criminals quickly.",
    "The minutes of the session were published online.",
] * 3
LABELS = ["FAVOR", "AGAINST", "NONE"] * 6
GROUPS = [i // 3 for i in range(len(TEXTS))]
SMALL = {"char_ngram_range": None, "max_iter": 200}


def test_the_applicable_scikit_learn_checks_pass():
    # The tags declare string input, so check_estimator runs only the checks that apply to it.
    results = check_estimator(StanceClassifier(**SMALL), on_fail=None)
    failed = [(r["check_name"], str(r["exception"])) for r in results if r["status"] == "failed"]
    assert not failed
    assert any(r["status"] == "passed" for r in results)


def test_tags_declare_text_input():
    tags = StanceClassifier().__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    assert tags.estimator_type == "classifier"


def test_feature_parameters_are_declared_once():
    signature = inspect.signature(StanceClassifier.__init__).parameters
    assert FEATURE_PARAMS == {
        k: p.default for k, p in inspect.signature(StanceFeatures.__init__).parameters.items() if k != "self"
    }
    assert {k: signature[k].default for k in FEATURE_PARAMS} == FEATURE_PARAMS
    assert set(StanceClassifier._parameter_constraints) == set(signature) - {"self"}


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function", "explain"])
def test_unfitted_model_raises_not_fitted_error(method):
    with pytest.raises(NotFittedError):
        getattr(StanceClassifier(), method)(TEXTS[:2])


def test_invalid_parameter_is_a_clear_error_naming_it():
    with pytest.raises(ValueError, match="'C' parameter"):
        StanceClassifier(C=-1).fit(TEXTS, LABELS)


def test_clone_set_params_pickle_and_idempotent_fit():
    model = StanceClassifier(**SMALL)
    assert clone(model).get_params() == model.get_params()
    model.set_params(C=0.5)
    assert model.get_params()["C"] == 0.5
    first = model.fit(TEXTS, LABELS).predict_proba(TEXTS)
    assert not hasattr(model, "n_features_in_")
    again = model.fit(TEXTS, LABELS).predict_proba(TEXTS)
    np.testing.assert_array_equal(first, again)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict_proba(TEXTS), first)
    assert clone(model).get_params() == model.get_params() and not hasattr(clone(model), "estimator_")


def test_output_types():
    model = StanceClassifier(**SMALL).fit(TEXTS, LABELS)
    assert model.predict(TEXTS).shape == (len(TEXTS),)
    assert set(model.predict(TEXTS)) <= set(model.classes_)
    assert model.predict_proba(TEXTS).dtype == np.float64
    assert model.decision_function(TEXTS).dtype == np.float64
    np.testing.assert_allclose(model.predict_proba(TEXTS).sum(axis=1), 1.0)


def test_groups_come_from_fit_not_from_the_rows_of_x(calibration_folds):
    records = [{"text": t, "doc": f"d{g}"} for t, g in zip(TEXTS, GROUPS)]
    settings = {**SMALL, "calibration": "temperature"}
    assert "calibration_groups" not in StanceClassifier().get_params()
    from_records = StanceClassifier(**settings).fit(records, LABELS, groups=GROUPS)
    from_texts = StanceClassifier(**settings).fit(TEXTS, LABELS, groups=GROUPS)  # the same folds
    np.testing.assert_array_equal(from_records.predict_proba(TEXTS), from_texts.predict_proba(TEXTS))
    docs = np.array(GROUPS)
    assert all(not set(docs[a]) & set(docs[b]) for a, b in calibration_folds[-1])


def test_grid_search_routes_groups_to_fit():
    with config_context(enable_metadata_routing=True):
        model = StanceClassifier(**SMALL, calibration="temperature").set_fit_request(groups=True)
        search = GridSearchCV(model, {"C": [0.5, 1.0]}, cv=GroupKFold(3), scoring="f1_macro")
        search.fit(TEXTS, LABELS, groups=GROUPS)
    assert search.best_params_["C"] in (0.5, 1.0)


def test_a_dataset_and_its_integer_stance_column_are_read_by_name():
    datasets = pytest.importorskip("datasets")
    features = datasets.Features(
        {
            "text": datasets.Value("string"),
            "target": datasets.ClassLabel(names=["biometric_surveillance", "emotion_recognition"]),
            "stance": datasets.ClassLabel(names=list(STANCES)),
        }
    )
    rows = {"text": TEXTS, "target": [0] * len(TEXTS), "stance": [list(STANCES).index(s) for s in LABELS]}
    dataset = datasets.Dataset.from_dict(rows, features=features)
    assert isinstance(dataset["stance"][0], int)  # what a user passes as y
    model = StanceClassifier(**SMALL).fit(dataset, dataset["stance"])
    assert set(model.classes_) == set(LABELS)
    records = [{"text": t, "target": "biometric_surveillance"} for t in TEXTS]
    expected = StanceClassifier(**SMALL).fit(records, LABELS)
    np.testing.assert_array_equal(model.predict(dataset), expected.predict(records))
