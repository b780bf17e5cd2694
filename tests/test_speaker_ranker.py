"""The learned choice among rule candidates: candidates, fitting, the shipped JSON, abstention, aliases."""

from __future__ import annotations

import json

import pytest
from sklearn.base import clone

from stanceclf.actors import analyze
from stanceclf.speakers import (
    RANKER_PATH,
    SpeakerRanker,
    SpeakerRegistry,
    attribute_speakers,
    load_ranker,
    prepare_article,
)
from stanceclf.speakers._candidates import SOURCES

# Invented articles: a quote attributed a sentence later, a press-release voice, the writer's own view.
ARTICLES = [
    [
        "Watchdog warns against face scans",
        '"This is mass surveillance," said Anna Berg, head of the Data Board.',
        '"It must stop."',
        "The Data Board wants a ban on live facial recognition.",
        "The city council meets on Tuesday.",
    ],
    [
        "Police defend cameras",
        "The Metropolitan Police said the cameras helped arrest 12 people.",
        "Live facial recognition keeps London safe, the force said.",
        "Critics disagree.",
    ],
    [
        "Why we should ban facial recognition",
        "I believe the technology is dangerous.",
        "Karl Olsen, a minister, said police need it.",
        "He is wrong.",
    ],
]
GOLD = [
    [None, "Anna Berg", "Anna Berg", "Data Board", None],
    [None, "Metropolitan Police", "Metropolitan Police", "critics"],
    ["author", "author", "Karl Olsen", "author"],
]


def _articles() -> list:
    registry = SpeakerRegistry()
    return [prepare_article(sentences, registry) for sentences in ARTICLES]


def test_candidates_name_their_sources_and_always_include_the_rules_and_the_writer() -> None:
    article = _articles()[0]
    candidates = article.sentence_candidates({})
    assert len(candidates) == len(ARTICLES[0])
    for i, found in enumerate(candidates):
        names = [c.canonical for c in found]
        assert "author" in names and article.rules[i].canonical in names
        assert len(names) == len(set(n.lower() for n in names))  # one candidate per name
        for c in found:
            assert c.sources and all(s in SOURCES for s in c.sources)
            assert c.features[f"src={c.sources[0]}"] == 1.0
    # The rules' own choice keeps its rule name; the other candidates are named by their source.
    rule_choice = next(c for c in candidates[1] if "rule" in c.sources)
    assert rule_choice.attribution.rule == article.rules[1].rule == "quote-verb-name"


def test_fit_attribute_and_json_round_trip(tmp_path) -> None:
    articles = _articles()
    ranker = SpeakerRanker(C=1.0, voice_C=1.0, inner_folds=3, min_confidence=0.4).fit(articles, GOLD)
    assert ranker.n_articles_ == 3 and ranker.n_sentences_ == 10
    assert ranker.coef_ and ranker.voice_coef_
    attributions = ranker.attribute(articles[0])
    assert all(0.0 <= a.confidence <= 1.0 for a in attributions)
    assert attributions[1].canonical == "Anna Berg"
    path = tmp_path / "ranker.json"
    ranker.save(path)
    with pytest.raises(FileExistsError):
        ranker.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: names and numbers, no pickle
    assert data["format"].startswith("stanceclf-speaker-ranker/")
    loaded = SpeakerRanker.load(path)
    assert loaded.min_confidence == 0.4 and loaded.get_params() == ranker.get_params()
    assert loaded.attribute(articles[0]) == attributions
    assert clone(ranker).get_params() == ranker.get_params()


def test_fit_and_load_reject_bad_input(tmp_path) -> None:
    articles = _articles()
    with pytest.raises(ValueError, match="speakers"):
        SpeakerRanker().fit(articles, GOLD[:2])
    with pytest.raises(ValueError, match=r"speakers\[0\]"):
        SpeakerRanker().fit(articles, [g[:-1] for g in GOLD])
    with pytest.raises(ValueError):
        SpeakerRanker(C=-1.0).fit(articles, GOLD)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json: format"):
        SpeakerRanker.load(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json: line 1"):
        SpeakerRanker.load(bad)


def test_shipped_ranker_is_json_and_gives_confidences() -> None:
    data = json.loads(RANKER_PATH.read_text(encoding="utf-8"))
    assert data["command"] == "python -m benchmarks.speakers fit"
    ranker = load_ranker()
    assert 0.0 <= ranker.min_confidence <= 1.0
    sentences = ['"We will ban it," said Dragoș Tudorache of Renew.', "He warned the police."]
    ranked = attribute_speakers(sentences)
    assert [a.canonical for a in ranked] == ["Dragoș Tudorache", "Dragoș Tudorache"]
    assert all(0.0 <= a.confidence <= 1.0 for a in ranked)
    rules = attribute_speakers(sentences, method="rules")
    assert [a.confidence for a in rules] == [None, None]
    with pytest.raises(ValueError, match="method"):
        attribute_speakers(sentences, method="magic")


def test_acronym_resolves_within_and_across_articles() -> None:
    registry = SpeakerRegistry()
    first = attribute_speakers(
        [
            "The Office for Facial Privacy (OFP) called for a ban.",
            "The Office for Facial Privacy said the law is too weak.",
        ],
        registry,
        method="rules",
    )
    assert [a.canonical for a in first] == ["OFP", "OFP"]
    later = attribute_speakers(
        ["The Office for Facial Privacy warned against the plan."], registry, method="rules"
    )
    assert later[0].canonical == "OFP"
    assert registry.variants("OFP") == ["Office for Facial Privacy"]
    # (without the registry, another article knows nothing of the acronym)
    assert attribute_speakers(["The Office for Facial Privacy warned."], method="rules")[0].canonical != "OFP"


ARTICLE = """Regulators call for a ban

The Office for Facial Privacy (OFP) said on Monday that facial recognition must be banned.
"It is mass surveillance," the Office for Facial Privacy added.
The weather was fine.
"""


def test_analyze_abstains_below_the_threshold_and_lists_variants(fitted_model) -> None:
    everything = analyze(ARTICLE, fitted_model, min_speaker_confidence=0.0)
    assert everything.n_abstained == 0
    assert sum(r.n for r in everything.actors) == len(everything.sentences)
    assert all(s.speaker_confidence is not None for s in everything.sentences)
    ofp = everything.actor("OFP")
    assert ofp and "Office for Facial Privacy" in ofp[0].variants
    strict = analyze(ARTICLE, fitted_model, min_speaker_confidence=1.0)
    assert strict.n_abstained == len(strict.sentences) and strict.actors == []
    assert strict.attributed == [] and len(strict.sentences) == len(everything.sentences)
    default = analyze(ARTICLE, fitted_model)
    assert default.min_speaker_confidence == load_ranker().min_confidence
    assert sum(r.n for r in default.actors) + default.n_abstained == len(default.sentences)
    with pytest.raises(ValueError, match="min_speaker_confidence"):
        analyze(ARTICLE, fitted_model, min_speaker_confidence=1.5)


def test_reports_say_how_many_sentences_were_left_out(fitted_model) -> None:
    from stanceclf.actors import markdown_report
    from stanceclf.report import render_html

    strict = analyze(ARTICLE, fitted_model, min_speaker_confidence=1.0)
    assert f"{strict.n_abstained} sentences are left out of the actors" in render_html(strict)
    assert f"{strict.n_abstained} sentence(s) are left out of the tables" in markdown_report(strict)
    assert "left out" not in markdown_report(analyze(ARTICLE, fitted_model, min_speaker_confidence=0.0))
