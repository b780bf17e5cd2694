"""Discourse features (issue 15): reported speech, context blocks, the learned lexicon, class offsets."""

import numpy as np
import pytest
from sklearn.base import clone

from stanceclf import StanceClassifier
from stanceclf.discourse import DiscourseFeatures, reported_speech_cues, split_quotes, with_context
from stanceclf.records import as_records
from stanceclf.workflows import with_context_if_needed

# Invented sentences, six per class.
FAVOR = [
    "Campaigners demand a ban on facial recognition in public spaces.",
    "The MEP welcomed the ban on live face scanning.",
    "We must prohibit biometric mass surveillance, she insisted.",
    "Rights groups urged lawmakers to outlaw emotion recognition.",
    '"Ban it now," said the activist.',
    "The city council backed a moratorium on police face scans.",
]
AGAINST = [
    "France fears that a ban would undermine public safety.",
    "The party wants rules for the technology rather than a ban.",
    "Police say the pilot led to hundreds of arrests.",
    "The minister rejected calls to ban the cameras.",
    '"The tool helps us catch criminals," the chief said.',
    "Retailers warn a prohibition would leave staff unprotected.",
]
NONE = [
    "The committee meets again on Tuesday.",
    "The system was installed at the station last year.",
    "The report runs to forty pages.",
    "Cameras were mounted above the entrance.",
    "The vote is scheduled for next month.",
    "The company sells software to several agencies.",
]
TEXTS = FAVOR + AGAINST + NONE
LABELS = ["FAVOR"] * 6 + ["AGAINST"] * 6 + ["NONE"] * 6
RECORDS = [
    {**r, "actor": "Jane Doe" if i % 2 else "author", "actor_type": "ngo" if i % 2 else "author"}
    for i, r in enumerate(with_context(TEXTS, [i % 3 == 0 for i in range(len(TEXTS))]))
]
ALL_BLOCKS = dict(
    cue_weight=0.5, frame_weight=0.5, previous_weight=0.3, paragraph_weight=0.3, lexicon_weight=2.0, actor_weight=0.3
)


def test_reporting_verb_polarity_and_ban_scope():
    cues = reported_speech_cues("France fears that a ban would undermine public safety.")
    assert {"concern", "frame:concern&ban", "modal_hedge", "ban"} <= set(cues)
    assert "support" not in cues
    welcome = reported_speech_cues("The MEP welcomed the ban.")
    assert "frame:support&ban" in welcome and "concern" not in welcome
    assert "rather_than&ban" in reported_speech_cues("They want rules rather than a ban.")
    assert "not_but" in reported_speech_cues("It is not a ban but a set of safeguards.")


def test_quote_and_frame_are_split():
    frame, quoted = split_quotes("Critics warn: “A ban would fail.”")
    assert "Critics warn:" in frame and "fail" not in frame
    assert quoted == "A ban would fail."
    cues = reported_speech_cues('"We fear a ban," he said.')
    assert "quote:concern&ban" in cues and "frame:concern" not in cues


def test_with_context_previous_and_paragraph():
    records = with_context(["A one.", "A two.", "B one."], [True, False, True])
    assert [r["previous"] for r in records] == ["", "A one.", "A two."]
    assert records[0]["paragraph"] == "A two." and records[2]["paragraph"] == ""
    with pytest.raises(ValueError, match="paragraph_starts"):
        with_context(["a", "b"], [True])


def test_as_records_keeps_context_fields_and_checks_them():
    record = as_records([{"text": "x", "previous": "y", "actor": "EDRi"}])[0]
    assert record["previous"] == "y" and record["actor"] == "EDRi" and "paragraph" not in record
    with pytest.raises(TypeError, match="item 0: field 'previous'"):
        as_records([{"text": "x", "previous": 3}])


def test_explain_sums_exactly_with_every_block():
    model = StanceClassifier(C=1.0, use_target="ignore", **ALL_BLOCKS).fit(RECORDS, LABELS)
    scores = model.decision_function(RECORDS)
    names = set()
    for i, explanation in enumerate(model.explain(RECORDS)):
        for c, label in enumerate(model.classes_):
            total = explanation.intercepts[label] + sum(v for _, v in explanation.contributions[label])
            assert total == pytest.approx(scores[i, c], abs=1e-9)
            names |= {n.split(":")[0] for n, _ in explanation.contributions[label]}
    assert {"cue", "frame", "prev", "para", "lex", "actor", "w"} <= names


def test_default_has_no_discourse_block_and_clone_keeps_weights():
    assert StanceClassifier().fit(TEXTS, LABELS).discourse_ is None
    model = clone(StanceClassifier(lexicon_weight=2.0, class_offset={"AGAINST": 0.2}))
    assert model.get_params()["lexicon_weight"] == 2.0 and model.class_offset == {"AGAINST": 0.2}


def test_lexicon_scores_training_rows_out_of_fold():
    features = DiscourseFeatures(cue_weight=0, lexicon_weight=1.0)
    train = features.fit_transform(RECORDS, LABELS).toarray()
    refit = features.transform(RECORDS).toarray()
    assert train.shape == (18, 3) and list(features.get_feature_names_out()) == ["lex:AGAINST", "lex:FAVOR", "lex:NONE"]
    assert not np.allclose(train, refit)  # training rows are not scored by a lexicon that saw them
    with pytest.raises(ValueError, match="needs the stance labels"):
        DiscourseFeatures(lexicon_weight=1.0).fit(RECORDS)


@pytest.mark.parametrize("name", ["cue_weight", "lexicon_weight", "actor_weight"])
def test_negative_weight_is_refused_by_name(name):
    with pytest.raises(ValueError, match=name):
        StanceClassifier(**{name: -1.0}).fit(TEXTS, LABELS)


def test_class_offset_moves_intercept_keeps_explain_exact_and_calibration_consistent():
    plain = StanceClassifier(C=1.0).fit(TEXTS, LABELS)
    shifted = StanceClassifier(C=1.0, class_offset={"AGAINST": 0.5}).fit(TEXTS, LABELS)
    delta = shifted.decision_function(TEXTS) - plain.decision_function(TEXTS)
    assert np.allclose(delta, np.array([0.5, 0.0, 0.0]))
    explanation = shifted.explain(TEXTS[:1])[0]
    assert explanation.intercepts["AGAINST"] + sum(v for _, v in explanation.contributions["AGAINST"]) == (
        pytest.approx(shifted.decision_function(TEXTS[:1])[0, 0], abs=1e-9)
    )
    calibrated = StanceClassifier(C=1.0, class_offset={"AGAINST": 3.0}, calibration="temperature").fit(TEXTS, LABELS)
    proba = calibrated.predict_proba(TEXTS)
    assert list(calibrated.classes_[proba.argmax(axis=1)]) == list(calibrated.predict(TEXTS))
    with pytest.raises(ValueError, match="class_offset: unknown class"):
        StanceClassifier(class_offset={"FAVOUR": 1.0}).fit(TEXTS, LABELS)
    with pytest.raises(ValueError, match="class_offset"):
        StanceClassifier(classifier="sgd", class_offset={"AGAINST": 1.0}).partial_fit(TEXTS, LABELS)


def test_context_configuration_needs_context_or_doc():
    bare = [{"text": t, "stance": s} for t, s in zip(TEXTS, LABELS)]
    assert with_context_if_needed(bare, {"lexicon_weight": 2.0}) is bare
    with pytest.raises(ValueError, match="'doc' field"):
        with_context_if_needed(bare, {"previous_weight": 0.3})


def test_analyze_gives_a_context_model_its_context():
    from stanceclf import analyze

    model = StanceClassifier(C=1.0, use_target="ignore", previous_weight=1.0, paragraph_weight=1.0).fit(RECORDS, LABELS)
    seen = []
    predict_proba = model.predict_proba
    model.predict_proba = lambda records: seen.extend(records) or predict_proba(records)
    analyze("Campaigners demand a ban.\n\nPolice say the pilot led to arrests. The report runs long.", model)
    assert [r["previous"] for r in seen] == ["", "Campaigners demand a ban.", "Police say the pilot led to arrests."]
    assert seen[2]["paragraph"] == "Police say the pilot led to arrests." and "actor" not in seen[0]


@pytest.mark.parametrize("preset", ["aipolicy", "aipolicy-context"])
def test_shipped_presets_train_calibrate_and_explain_exactly(preset):
    from stanceclf.presets import PRESETS

    records = [{**r, "doc": f"d{i % 6}"} for i, r in enumerate(RECORDS)]
    model = StanceClassifier(**PRESETS[preset]).fit(records, LABELS)
    assert list(model.classes_[model.predict_proba(records).argmax(axis=1)]) == list(model.predict(records))
    explanation = model.explain(records[:1])[0]
    label = explanation.label
    total = explanation.intercepts[label] + sum(v for _, v in explanation.contributions[label])
    column = list(model.classes_).index(label)
    assert total == pytest.approx(model.decision_function(records[:1])[0, column], abs=1e-9)
    assert any(name.startswith("lex:") for name, _ in explanation.contributions[label])
