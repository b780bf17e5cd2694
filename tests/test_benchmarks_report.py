"""BENCHMARKS.md and the README's headline figures agree with the recorded benchmark results."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def _semeval_row(preset: str) -> dict:
    rows = json.loads((RESULTS / "semeval.json").read_text(encoding="utf-8"))["systems"]
    return next(r for r in rows if r["system"] == f"stanceclf (preset={preset!r})")


def test_benchmarks_md_is_rendered_from_the_results(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    sys.modules.pop("benchmarks.report", None)
    from benchmarks import report

    assert report.render() == (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")


def test_readme_quotes_the_recorded_semeval_figures():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- BEGIN MODEL FIGURES -->")[1].split("<!-- END MODEL FIGURES -->")[0]
    quoted = dict(re.findall(r"`(semeval(?:-minilm)?)` preset[^*]*?\*\*(\d+\.\d\d)\*\*", block))
    assert quoted == {p: f"{_semeval_row(p)['f_avg']:.2f}" for p in ("semeval", "semeval-minilm")}


def test_readme_quotes_the_recorded_attribution_figures():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    result = json.loads((RESULTS / "speakers.json").read_text(encoding="utf-8"))
    section = readme.split("Speakers in `analyze`")[1].split("\n\n")[0]
    quoted = re.findall(r"\*\*(\d+\.\d)%\*\*", section)
    expected = [result["test"]["lenient_accuracy"], result["test"]["at_threshold"]["precision"]]
    expected.append(result["cv"]["lenient_accuracy"])
    assert quoted == [f"{100 * x:.1f}" for x in expected]


def test_benchmark_plots_are_drawn_and_embedded(monkeypatch, tmp_path):
    pytest.importorskip("matplotlib", reason="matplotlib is the optional extra 'plots'")
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks import report

    paths = report.write_plots(root=tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == sorted(report.PLOTS.values())
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in paths)
    markdown = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    for relative in report.PLOTS.values():
        assert f"]({relative})" in markdown and (ROOT / relative).is_file()


def test_readme_quotes_the_recorded_corpus_v3_figures():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Corpus v3: accuracy on unseen articles")[1].split("\n## ")[0]
    result = json.loads((RESULTS / "aipolicy_accuracy.json").read_text(encoding="utf-8"))
    expected = [row["f_avg"] for row in result["loao_whole_corpus"]] + [result["selection"]["nested"]["f_avg"]]
    assert re.findall(r"\*\*(\d\.\d{3})\*\*", section) == [f"{x:.3f}" for x in expected]
    assert result["selection"]["selected"] in {row["name"] for row in result["loao_whole_corpus"]}


def test_the_minilm_preset_is_the_recorded_selection():
    from stanceclf import PRESETS

    selection = json.loads((RESULTS / "aipolicy_accuracy.json").read_text(encoding="utf-8"))["selection"]
    chosen = next(row["config"] for row in selection["candidates"] if row["candidate"] == selection["selected"])
    preset = {k: v for k, v in PRESETS["aipolicy-minilm"].items() if k != "calibration"}
    assert preset == {k: v for k, v in chosen.items() if k != "embedding_cache"}
