"""Evaluation plots as PNG files: confusion matrix, reliability diagram, per-target F1 bars.

matplotlib is the optional extra ``plots`` (``pip install "stanceclf[plots]"``); the core install
does not need it, and every function here raises an ImportError that names the extra when it is
missing. Figures are drawn with the non-interactive Agg backend, so no display is needed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._io import check_overwrite
from .metrics import reliability

__all__ = [
    "PLOT_FILES",
    "confusion_matrix_plot",
    "per_target_f1_plot",
    "plots_available",
    "reliability_plot",
    "write_evaluation_plots",
]

PLOT_FILES = ("confusion_matrix.png", "reliability.png", "per_target_f1.png")
# Colour-blind-safe pair (Okabe-Ito), also used by the HTML report: FAVOR (for a ban) blue, AGAINST orange.
STANCE_COLOURS = {"FAVOR": "#0072B2", "AGAINST": "#D55E00", "NONE": "#999999"}
_DPI = 110


def plots_available() -> bool:
    """Whether matplotlib (the ``plots`` extra) can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise ImportError(
            "evaluation plots need matplotlib, the optional extra 'plots': pip install \"stanceclf[plots]\""
        ) from None
    matplotlib.use("Agg")  # files only: works without a display
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: str | os.PathLike) -> Path:
    """Write a figure atomically (temporary file, then rename) and close it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        fig.savefig(partial, format="png", dpi=_DPI, bbox_inches="tight", metadata={"Software": None})
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        fig.clf()
        _pyplot().close(fig)
    return path


def confusion_matrix_plot(
    labels: Sequence[str], matrix: Sequence[Sequence[int]], path: str | os.PathLike, *, title: str = "Confusion matrix"
) -> Path:
    """Draw a confusion matrix (rows gold, columns predicted) with counts and row shares.

    Parameters
    ----------
    labels : sequence of str
        Class names, in the order of the matrix's rows and columns.
    matrix : 2-D sequence of int
        ``matrix[i][j]``: items of gold class ``labels[i]`` predicted as ``labels[j]``.
    path : path
        PNG file to write.
    title : str

    Returns
    -------
    Path
    """
    plt = _pyplot()
    counts = np.asarray(matrix, dtype=float)
    if counts.shape != (len(labels), len(labels)):
        raise ValueError(f"matrix must be {len(labels)}x{len(labels)} for labels {list(labels)}, got {counts.shape}")
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)  # recall per gold class
    fig, ax = plt.subplots(figsize=(1.4 * len(labels) + 1.8, 1.2 * len(labels) + 1.4))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(
                j,
                i,
                f"{int(counts[i, j])}\n{shares[i, j]:.0%}",
                ha="center",
                va="center",
                color="white" if shares[i, j] > 0.55 else "black",
                fontsize=10,
            )
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(f"{title}\n(count and share of the gold row)", fontsize=11)
    return _save(fig, path)


def reliability_plot(
    curves: Mapping[str, Mapping[str, Any]], path: str | os.PathLike, *, title: str = "Reliability diagram"
) -> Path:
    """Draw reliability diagrams: accuracy against mean confidence per bin, one line per model.

    Parameters
    ----------
    curves : mapping of name to dict
        Each value as returned by :func:`stanceclf.metrics.reliability` (``ece``, ``bins`` with
        ``mean_confidence``, ``accuracy`` and ``n``). The first curve is drawn strongest.
    path : path
    title : str

    Returns
    -------
    Path
    """
    plt = _pyplot()
    if not curves:
        raise ValueError("curves is empty: nothing to plot")
    fig, (ax, hist) = plt.subplots(
        2, 1, figsize=(5.6, 6.2), sharex=True, gridspec_kw={"height_ratios": [3, 1], "hspace": 0.08}
    )
    ax.plot([0, 1], [0, 1], ls="--", color="#777777", lw=1, label="perfectly calibrated")
    colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    for k, (name, curve) in enumerate(curves.items()):
        bins = curve["bins"]
        x = [b["mean_confidence"] for b in bins]
        y = [b["accuracy"] for b in bins]
        colour = colours[k % len(colours)]
        ax.plot(
            x,
            y,
            marker="o",
            color=colour,
            lw=2.2 if k == 0 else 1.2,
            alpha=1 if k == 0 else 0.8,
            label=f"{name} (ECE {curve['ece']:.3f})",
        )
        if k == 0:
            ranges = [b["range"] for b in bins]
            hist.bar(
                [(lo + hi) / 2 for lo, hi in ranges],
                [b["n"] for b in bins],
                width=[0.9 * (hi - lo) for lo, hi in ranges],
                color=colour,
            )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("accuracy of the predicted class")
    ax.set_title(title, fontsize=11)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    hist.set_xlabel("confidence (probability of the predicted class)")
    hist.set_ylabel("sentences")
    hist.grid(axis="y", alpha=0.3)
    return _save(fig, path)


def per_target_f1_plot(
    figures: Mapping[str, Mapping[str, Any]], path: str | os.PathLike, *, title: str = "F1 per target"
) -> Path:
    """Draw horizontal bars of F_avg and macro-F1 per target, with 95% intervals where given.

    Parameters
    ----------
    figures : mapping of target to dict
        ``f_avg`` and ``macro_f1``, optionally ``n``, ``f_avg_ci`` and ``macro_f1_ci`` (low, high).
    path : path
    title : str

    Returns
    -------
    Path
    """
    plt = _pyplot()
    if not figures:
        raise ValueError("figures is empty: no target to plot")
    names = sorted(figures, key=lambda t: figures[t].get("n", 0))  # largest at the top
    y = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(7.2, 0.65 * len(names) + 1.4))
    for offset, key, colour, label in ((0.19, "f_avg", "#0072B2", "F_avg"), (-0.19, "macro_f1", "#999999", "macro-F1")):
        values = [figures[t][key] for t in names]
        errors = None
        if all(f"{key}_ci" in figures[t] for t in names):
            errors = np.array(
                [[v - figures[t][f"{key}_ci"][0], figures[t][f"{key}_ci"][1] - v] for t, v in zip(names, values)]
            ).T.clip(0)
        ax.barh(
            y + offset,
            values,
            height=0.36,
            color=colour,
            label=label,
            xerr=errors,
            error_kw={"ecolor": "#333333", "capsize": 3, "lw": 1},
        )
        for yy, v in zip(y + offset, values):
            ax.text(0.01, yy, f"{v:.2f}", va="center", ha="left", fontsize=8, color="white" if v > 0.08 else "black")
    labels = [f"{t}\n(n={figures[t]['n']})" if "n" in figures[t] else t for t in names]
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_xlabel(
        "score" + (" (bars: 95% bootstrap interval)" if any("f_avg_ci" in f for f in figures.values()) else "")
    )
    ax.set_title(title, fontsize=11)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, path)


def _target_figures(groups: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The ``target=<name>`` entries of an evaluation's ``groups``, keyed by target name."""
    return {name.split("=", 1)[1]: dict(g) for name, g in groups.items() if name.startswith("target=")}


def write_evaluation_plots(
    report: Any,
    out_dir: str | os.PathLike,
    *,
    y_true: Sequence[str] | None = None,
    proba: np.ndarray | None = None,
    classes: Sequence[str] | None = None,
    title: str = "",
    overwrite: bool = False,
) -> list[Path]:
    """Write the plots of one evaluation into ``out_dir``; return the paths written.

    Parameters
    ----------
    report : EvaluationReport or dict
        From :func:`stanceclf.evaluate` or :func:`stanceclf.cross_validate` (or its ``to_dict()``).
    out_dir : path
    y_true, proba, classes : optional
        Gold labels, ``predict_proba`` output and the model's ``classes_``: with all three a
        reliability diagram is drawn (not for a model without probabilities).
    title : str
        Prefix of the figure titles (e.g. the model name).
    overwrite : bool, default=False
        Replace existing plot files; otherwise an existing one is an error and nothing is written.

    Returns
    -------
    list of Path
        ``confusion_matrix.png``, ``reliability.png`` (when probabilities are given) and
        ``per_target_f1.png`` (when the data has at least one target with enough sentences).

    Raises
    ------
    ImportError
        Without matplotlib (the ``plots`` extra).
    FileExistsError
        When a plot file exists and ``overwrite`` is false.
    """
    _pyplot()
    data = report if isinstance(report, Mapping) else report.to_dict()
    out = Path(out_dir)
    check_overwrite([out / name for name in PLOT_FILES], overwrite=overwrite)
    prefix = f"{title}: " if title else ""
    paths = [
        confusion_matrix_plot(data["labels"], data["confusion"], out / PLOT_FILES[0], title=f"{prefix}confusion matrix")
    ]
    if y_true is not None and proba is not None and classes is not None:
        paths.append(
            reliability_plot(
                {"model": reliability(y_true, proba, classes)}, out / PLOT_FILES[1], title=f"{prefix}reliability"
            )
        )
    targets = _target_figures(data.get("groups", {}))
    if targets:
        paths.append(per_target_f1_plot(targets, out / PLOT_FILES[2], title=f"{prefix}F1 per target"))
    return paths
