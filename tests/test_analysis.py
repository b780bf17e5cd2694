"""Article analysis: target guess, actor table arithmetic, folder aggregation, exports and CLI."""

from __future__ import annotations

import argparse
import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from scipy.stats import beta

from stanceclf.actors import (
    EXPORT_FILES,
    Analysis,
    SentenceRow,
    actor_table,
    analyze,
    analyze_folder,
    export,
    graphml,
    guess_target,
    net_position,
)
from stanceclf.cli import build_parser

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
ARTICLE = """date: 2021-06-21
EU regulators call for a ban on facial recognition

"We must ban facial recognition in public spaces," said Anna Berg of the EDPB.
"A total ban is the only way to protect our rights."
Police need facial recognition to find missing children, Karl Olsen said.
They also said it should be illegal to use AI for social scoring.
"""


def row(i: int, speaker: str, stance: str, target: str = "biometric_surveillance") -> SentenceRow:
    return SentenceRow(f"d-{i}", "d", None, "text", speaker, "other", "", "test", target, "keyword", stance)


# --- targets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("They want to outlaw social credit scoring.", "social_scoring"),
        ("AI lie detectors that infer emotions must go.", "emotion_recognition"),
        ("Ban predictive policing now.", "predictive_policing"),
        ("Clearview AI scraped images from the web.", "biometric_databases"),
        ("Categorising people by sexual orientation is unacceptable.", "biometric_categorisation"),
        ("A ban on facial recognition and on predictive policing.", "biometric_surveillance"),  # default wins
        ("Social scoring and predictive policing are next.", "social_scoring"),  # else the first named
    ],
)
def test_guess_target_keywords(text: str, target: str) -> None:
    assert guess_target(text) == (target, "keyword")


def test_guess_target_default_and_carried() -> None:
    assert guess_target("It would be allowed on medical grounds.") == ("biometric_surveillance", "default")
    assert guess_target("It would be allowed.", previous="emotion_recognition") == ("emotion_recognition", "carried")


# --- aggregation arithmetic --------------------------------------------------------------


def test_net_position_and_jeffreys_interval() -> None:
    net, low, high = net_position(3, 1)
    assert net == 0.5
    assert low == pytest.approx(2 * beta.ppf(0.025, 3.5, 1.5) - 1)
    assert high == pytest.approx(2 * beta.ppf(0.975, 3.5, 1.5) - 1)
    assert -1 <= low < net < high <= 1
    assert net_position(0, 2)[0] == -1.0 and net_position(2, 2)[0] == 0.0
    none, low0, high0 = net_position(0, 0)
    assert none is None and low0 == pytest.approx(-high0)  # symmetric prior-only interval
    # More evidence narrows the interval.
    assert net_position(30, 10)[2] - net_position(30, 10)[1] < high - low


def test_actor_table_counts_and_ids() -> None:
    rows = [
        row(1, "Renew", "FAVOR"),
        row(2, "Renew", "FAVOR"),
        row(3, "Renew", "AGAINST"),
        row(4, "Renew", "NONE"),
        row(5, "France", "AGAINST"),
        row(6, "Renew", "FAVOR", "social_scoring"),
    ]
    table = {(r.actor, r.target): r for r in actor_table(rows)}
    renew = table["Renew", "biometric_surveillance"]
    assert (renew.favor, renew.against, renew.none, renew.n) == (2, 1, 1, 4)
    assert renew.net == pytest.approx(1 / 3)
    assert renew.sentence_ids == ["d-1", "d-2", "d-3", "d-4"]
    assert table["France", "biometric_surveillance"].net == -1.0
    assert table["Renew", "social_scoring"].sentence_ids == ["d-6"]
    assert list(table)[0] == ("Renew", "biometric_surveillance")  # most stance sentences first


# --- analyze --------------------------------------------------------------------------------


def test_analyze_article(fitted_model) -> None:
    result = analyze(ARTICLE, fitted_model, doc="a1")
    assert result.sentences[0].id == "a1-1" and all(s.date == "2021-06-21" for s in result.sentences)
    assert "date:" not in result.sentences[0].text
    by_text = {s.text[:12]: s for s in result.sentences}
    assert by_text['"We must ban'].speaker == "Anna Berg" and by_text['"We must ban'].affiliation == "EDPB"
    assert by_text['"A total ban'].speaker == "Anna Berg"
    assert by_text["Police need "].speaker == "Karl Olsen"
    assert by_text["They also sa"].speaker == "Karl Olsen" and by_text["They also sa"].target == "social_scoring"
    for s in result.sentences:
        assert s.stance in ("FAVOR", "AGAINST", "NONE")
        assert sum(s.proba.values()) == pytest.approx(1, abs=1e-3)
        assert max(s.proba, key=s.proba.get) == s.stance
    counted = sum(r.n for r in result.actors)
    # every sentence is in exactly one actor row, unless its speaker is too uncertain (counted apart)
    assert counted + result.n_abstained == len(result.sentences)
    assert sum(r.n for r in analyze(ARTICLE, fitted_model, min_speaker_confidence=0).actors) == len(result.sentences)
    assert analyze(ARTICLE, fitted_model, date="2022-01-01").sentences[0].date == "2022-01-01"


def test_analyze_rejects_non_text(fitted_model) -> None:
    with pytest.raises(TypeError):
        analyze(b"bytes", fitted_model)


def test_analyze_folder_timeline_and_cross_document_names(tmp_path: Path, fitted_model) -> None:
    (tmp_path / "b.txt").write_text('date: 2021-05-01\n"We must ban it," said Svenja Hahn of Renew.\n', "utf-8")
    (tmp_path / "a.txt").write_text('date: 2023-02-01\n"Still a ban," said Hahn.\n', "utf-8")
    result = analyze_folder(tmp_path, fitted_model, by="date", min_speaker_confidence=0)
    assert {s.speaker for s in result.sentences} == {"Svenja Hahn"}
    assert [r.period for r in result.timeline] == ["2021-05-01", "2023-02-01"]
    assert sum(r.n for r in result.actors) == 2
    by_article = analyze_folder([tmp_path / "a.txt", tmp_path / "b.txt"], fitted_model, min_speaker_confidence=0)
    strict = analyze_folder(tmp_path, fitted_model, by="date", min_speaker_confidence=1.0)
    assert strict.timeline == [] and strict.actors == [] and strict.n_abstained == 2
    assert [r.period for r in by_article.timeline] == ["b", "a"]  # in date order
    with pytest.raises(FileNotFoundError):
        analyze_folder(tmp_path / "missing", fitted_model)
    with pytest.raises(ValueError):
        analyze_folder(tmp_path, fitted_model, by="week")


# --- exports --------------------------------------------------------------------------------


@pytest.fixture
def analysis() -> Analysis:
    sentences = [
        row(1, "Renew", "FAVOR"),
        row(2, "Renew", "FAVOR"),
        row(3, "France", "AGAINST"),
        row(4, "France", "NONE"),
        row(5, "EDPB & EDPS <joint>", "FAVOR", "social_scoring"),
    ]
    for s in sentences:
        s.proba = {"NONE": 0.2, "AGAINST": 0.3, "FAVOR": 0.5}
    return Analysis(sentences, actor_table(sentences))


def test_graphml_parses_and_round_trips(analysis: Analysis) -> None:
    root = ET.fromstring(graphml(analysis.actors))
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", NS)}
    nodes = {
        n.get("id"): {keys[d.get("key")]: d.text for d in n.findall("g:data", NS)}
        for n in root.findall("g:graph/g:node", NS)
    }
    assert set(nodes) == {
        "actor:Renew",
        "actor:France",
        "actor:EDPB & EDPS <joint>",
        "target:biometric_surveillance",
        "target:social_scoring",
    }
    assert nodes["actor:Renew"]["kind"] == "actor"
    edges = {}
    for e in root.findall("g:graph/g:edge", NS):
        edges[e.get("source"), e.get("target")] = {keys[d.get("key")]: d.text for d in e.findall("g:data", NS)}
    france = edges["actor:France", "target:biometric_surveillance"]
    assert (france["favor"], france["against"], france["none"], france["weight"], france["sign"]) == (
        "0",
        "1",
        "1",
        "2",
        "-1",
    )
    assert edges["actor:Renew", "target:biometric_surveillance"]["sign"] == "1"
    # Round trip: the rows can be rebuilt from the file.
    rebuilt = {(s[6:], t[7:]): (int(d["favor"]), int(d["against"]), int(d["none"])) for (s, t), d in edges.items()}
    assert rebuilt == {(r.actor, r.target): (r.favor, r.against, r.none) for r in analysis.actors}


def test_graphml_reads_in_networkx(analysis: Analysis, tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    path = tmp_path / "g.graphml"
    path.write_text(graphml(analysis.actors), encoding="utf-8")
    graph = nx.read_graphml(path)
    assert graph.is_directed() and graph.number_of_nodes() == 5 and graph.number_of_edges() == 3
    edge = graph.edges["actor:Renew", "target:biometric_surveillance"]
    assert edge["favor"] == 2 and edge["weight"] == 2 and edge["sign"] == 1 and edge["net"] == 1.0


def test_export_writes_tables_and_refuses_overwrite(analysis: Analysis, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = export(analysis, out)
    assert sorted(p.name for p in written) == sorted(EXPORT_FILES)
    actors = list(csv.DictReader(io.StringIO((out / "actors.csv").read_text("utf-8"))))
    renew = next(r for r in actors if r["actor"] == "Renew")
    assert (renew["favor"], renew["against"], renew["net"], renew["sentence_ids"]) == ("2", "0", "1.0000", "d-1;d-2")
    lines = [json.loads(x) for x in (out / "sentences.jsonl").read_text("utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["d-1", "d-2", "d-3", "d-4", "d-5"] and lines[0]["proba"]["FAVOR"] == 0.5
    sentences = list(csv.DictReader(io.StringIO((out / "sentences.csv").read_text("utf-8"))))
    assert sentences[2]["stance"] == "AGAINST" and sentences[2]["p_FAVOR"] == "0.5"
    actor_lines = [json.loads(x) for x in (out / "actors.jsonl").read_text("utf-8").splitlines()]
    assert {x["actor"] for x in actor_lines} == {"Renew", "France", "EDPB & EDPS <joint>"}
    report = (out / "report.md").read_text("utf-8")
    assert "| Renew | other | biometric_surveillance | 2 | 0 | 0 | +1.00" in report and "`d-3`" in report

    before = (out / "report.md").read_text("utf-8")
    (out / "actors.csv").unlink()  # one file missing, the others present: still refuse, write nothing
    with pytest.raises(FileExistsError):
        export(analysis, out)
    assert not (out / "actors.csv").exists() and (out / "report.md").read_text("utf-8") == before
    assert len(export(analysis, out, overwrite=True)) == len(EXPORT_FILES)


# --- command line ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    return build_parser()


def test_cli_analyze(tmp_path: Path, fitted_model, monkeypatch, capsys) -> None:
    monkeypatch.setattr("stanceclf.cli.analyze.load_model", lambda name=None: fitted_model)
    article = tmp_path / "art.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = _parser().parse_args(["analyze", str(article), "--out", str(tmp_path / "o")])
    assert args.run(args) == 0
    assert "Anna Berg" in capsys.readouterr().out and (tmp_path / "o" / "network.graphml").is_file()
    args = _parser().parse_args(["analyze", str(article), "--out", str(tmp_path / "o")])
    with pytest.raises(FileExistsError):
        args.run(args)
    argv = ["analyze", str(tmp_path), "--format", "jsonl", "--force", "--out", str(tmp_path / "o")]
    args = _parser().parse_args(argv)
    assert args.run(args) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == "art-1"
    help_text = _parser()._subparsers._group_actions[0].choices["analyze"].format_help()
    assert "examples:" in help_text and "--min-speaker-confidence" in help_text
    args = _parser().parse_args(["analyze", str(article), "--min-speaker-confidence", "1"])
    assert args.run(args) == 0
    assert "sentences left out of the actor table" in capsys.readouterr().err
    args = _parser().parse_args(["analyze", str(article), "--min-speaker-confidence", "2"])
    with pytest.raises(ValueError, match="--min-speaker-confidence"):
        args.run(args)


def test_empty_article_warns_and_a_non_utf8_file_is_named(tmp_path: Path, fitted_model, capsys) -> None:
    from stanceclf.cli import main

    with pytest.warns(UserWarning, match="empty-doc: no sentences"):
        assert analyze("  \n\n", fitted_model, doc="empty-doc").sentences == []
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("MEPs back the ban.\nLe r\u00e9gulateur approuve.\n".encode("latin-1"))
    assert main(["analyze", str(bad)]) == 2
    assert f"{bad}:2: not UTF-8 text (byte 0xe9" in capsys.readouterr().err
