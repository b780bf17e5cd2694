"""Evaluation plots (optional extra 'plots'): the PNG files, and a clear error without matplotlib."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from stanceclf import save_model
from stanceclf.cli import main
from stanceclf.metrics import reliability, stance_report

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def evaluation():
    gold = ["FAVOR"] * 6 + ["AGAINST"] * 4 + ["NONE"] * 5
    pred = ["FAVOR"] * 5 + ["NONE"] + ["AGAINST"] * 3 + ["FAVOR"] + ["NONE"] * 4 + ["AGAINST"]
    report = stance_report(gold, pred, n_resamples=0)
    report.groups = {"target=a": {"n": 10, "f_avg": 0.7, "macro_f1": 0.6}, "target=b": {"n": 5, "f_avg": 0.4,
                     "macro_f1": 0.5}, "speaker_type=x": {"n": 15, "f_avg": 0.1, "macro_f1": 0.1}}  # fmt: skip
    classes = np.array(["AGAINST", "FAVOR", "NONE"])
    proba = np.full((len(gold), 3), 0.1)
    proba[np.arange(len(gold)), [list(classes).index(p) for p in pred]] = 0.8
    return report, gold, proba, classes


def test_reliability_bins_and_ece() -> None:
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.3, 0.7]])
    result = reliability(["a", "b", "a", "b"], proba, ["a", "b"])
    assert [b["n"] for b in result["bins"]] == [1, 1, 2]  # 0.6, 0.7, 0.9 bins
    assert result["accuracy"] == 0.75
    assert result["ece"] == pytest.approx(0.25 * 0.4 + 0.25 * 0.3 + 0.5 * 0.4)
    with pytest.raises(ValueError, match="one row per label"):
        reliability(["a"], proba, ["a", "b"])


def test_write_evaluation_plots(tmp_path, evaluation) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is the optional extra 'plots'")
    from stanceclf.plots import PLOT_FILES, write_evaluation_plots

    report, gold, proba, classes = evaluation
    paths = write_evaluation_plots(report, tmp_path, y_true=gold, proba=proba, classes=classes, title="test")
    assert [p.name for p in paths] == list(PLOT_FILES)
    assert all(p.read_bytes().startswith(PNG) for p in paths)
    with pytest.raises(FileExistsError):
        write_evaluation_plots(report, tmp_path)
    # Without probabilities (an SVM) and without targets: the confusion matrix only.
    report.groups = {}
    assert [p.name for p in write_evaluation_plots(report.to_dict(), tmp_path / "b")] == ["confusion_matrix.png"]


def test_missing_matplotlib_names_the_extra(monkeypatch, tmp_path, evaluation, corpus_file, capsys) -> None:
    from stanceclf.plots import plots_available, write_evaluation_plots

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    assert not plots_available()
    with pytest.raises(ImportError, match=r"stanceclf\[plots\]"):
        write_evaluation_plots(evaluation[0], tmp_path)
    assert main(["evaluate", "--data", str(corpus_file), "--plots", str(tmp_path / "p")]) == 2
    assert 'pip install "stanceclf[plots]"' in capsys.readouterr().err and not (tmp_path / "p").exists()


def test_cli_evaluate_writes_plots(tmp_path, corpus_file, fitted_model, capsys) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is the optional extra 'plots'")
    save_model(fitted_model, tmp_path / "model")
    argv = ["evaluate", "--data", str(corpus_file), "--model", str(tmp_path / "model"), "--format", "json"]
    assert main([*argv, "--plots", str(tmp_path / "p")]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["n"] == 18 and "reliability.png" in captured.err
    assert {p.name for p in (tmp_path / "p").iterdir()} == {"confusion_matrix.png", "reliability.png",
                                                            "per_target_f1.png"}  # fmt: skip
    assert main([*argv, "--plots", str(tmp_path / "p")]) == 2  # no silent overwrite (--force replaces)
