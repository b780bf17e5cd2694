"""Model card: the README.md of a model directory, rendered from its manifest.

:func:`stanceclf.save_model` writes it beside ``manifest.json``, and :func:`stanceclf.write_model_card`
(re)writes it for an existing directory (both in :mod:`stanceclf.persistence`, which owns model
directories). Everything in the card comes from the manifest (configuration, training files and
hashes, cross-validated figures), plus fixed text on intended use and limitations, so the card and
the figures cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from scipy.stats import binomtest

from .classifier import StanceClassifier
from .presets import DEFAULT_MODEL, DEFAULT_PRESET, PRESETS

__all__ = ["CARD_FILE", "is_model_card", "render_model_card"]

CARD_FILE = "README.md"
_CARD_TITLE = "# Model card:"
_CLI_PARAMS = ("classifier", "C")  # what `stanceclf train` can set besides --preset


def _interval(k: int, n: int) -> str:
    if not n:
        return "–"
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return f"{k / n:.3f} ({ci.low:.3f}–{ci.high:.3f})"


def _figures(evaluation: Mapping[str, Any]) -> list[str]:
    if not evaluation or evaluation.get("f_avg") is None:
        return [
            "No figures: the model was saved without an evaluation (e.g. `stanceclf train --no-cv`). Measure it "
            "with `stanceclf evaluate --data HELDOUT.jsonl --model DIR` or `stanceclf cross-validate`.",
        ]
    low, high = evaluation.get("f_avg_ci") or (float("nan"), float("nan"))
    n = int(evaluation.get("n", 0))
    labels = list(evaluation.get("labels", []))
    confusion = evaluation.get("confusion") or []
    correct = sum(confusion[i][i] for i in range(len(confusion)))
    accuracy = _interval(correct, n) if confusion else f"{evaluation.get('accuracy', float('nan')):.3f}"
    lines = [
        f"Protocol: **{evaluation.get('protocol', 'evaluation')}** on {n} sentences (pooled out-of-fold "
        "predictions). Intervals are 95%: bootstrap percentile for F_avg (1,000 resamples of whole "
        f"{evaluation.get('ci_unit', 'sentences')}), Wilson for proportions (which treat sentences as independent).",
        "",
        f"- F_avg (SemEval-2016: mean F1 of FAVOR and AGAINST): **{evaluation['f_avg']:.3f}** ({low:.3f}–{high:.3f})",
        f"- macro-F1: {evaluation.get('macro_f1', float('nan')):.3f}",
        f"- accuracy: {accuracy}",
        "",
    ]
    if confusion and labels:
        lines += ["| class | precision (95% CI) | recall (95% CI) | F1 | support |", "|---|---|---|---|---|"]
        for i, label in enumerate(labels):
            hits, predicted, gold = confusion[i][i], sum(row[i] for row in confusion), sum(confusion[i])
            f1 = evaluation.get("per_class", {}).get(label, {}).get("f1", float("nan"))
            lines.append(f"| {label} | {_interval(hits, predicted)} | {_interval(hits, gold)} | {f1:.3f} | {gold} |")
        lines += ["", "Confusion matrix (rows gold, columns predicted):", ""]
        lines += ["| gold \\ predicted | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
        lines += [f"| {label} | " + " | ".join(map(str, row)) + " |" for label, row in zip(labels, confusion)]
        lines.append("")
    groups = evaluation.get("groups") or {}
    if groups:
        lines += [
            "By group (groups of at least 10 sentences; small groups have wide, unreported intervals):",
            "",
            "| group | n | F_avg | macro-F1 |",
            "|---|---|---|---|",
        ]
        lines += [f"| {k} | {g['n']} | {g['f_avg']:.3f} | {g['macro_f1']:.3f} |" for k, g in groups.items()]
        lines.append("")
    return lines


def _reproduce(manifest: Mapping[str, Any], name: str) -> list[str]:
    config = manifest.get("config", {})
    preset = manifest.get("preset")
    files = [f["path"] for f in manifest.get("data_files", [])] or ["ANNOTATIONS.jsonl"]
    command = "stanceclf train " + " ".join(f"--data {path}" for path in files) + f" --out {name}"
    if preset:
        command += f" --preset {preset}"
    # What the command line gives without flags, as JSON values (tuples become lists).
    expected = json.loads(json.dumps({**StanceClassifier().get_params(), **PRESETS.get(preset or "", {})}))
    differing = [key for key, value in config.items() if expected.get(key) != value]
    command += "".join(f" --{key} {config[key]}" for key in _CLI_PARAMS if key in differing)
    if name == DEFAULT_MODEL and preset == DEFAULT_PRESET:  # the shipped model has a shortcut
        command += f"\nstanceclf train --default --force   # the same, into the shipped models/{name}"
    beyond = [key for key in differing if key not in _CLI_PARAMS]
    versions = ", ".join(
        f"{label} {manifest[key]}"
        for label, key in (("stanceclf", "library_version"), ("scikit-learn", "sklearn_version"),
                           ("numpy", "numpy_version"), ("Python", "python_version"))
        if manifest.get(key)
    )  # fmt: skip
    return [
        "```bash",
        command,
        "```",
        "",
        *(
            [
                f"The command line cannot set {', '.join(f'`{k}`' for k in beyond)}: train in Python with the "
                "configuration below.",
                "",
            ]
            if beyond
            else []
        ),  # fmt: skip
        f"It was saved with {versions}; the same versions and data should give the same model. The training "
        "data must match the hashes above (`sha256sum`). The full configuration, for "
        "`stanceclf.StanceClassifier(**config)`:",
        "",
        "```json",
        "{\n"
        + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in config.items())
        + "\n}",
        "```",
    ]


def render_model_card(manifest: Mapping[str, Any], *, name: str = "model") -> str:
    """Render the model card (markdown) of a model from its manifest.

    Parameters
    ----------
    manifest : dict
        As written by :func:`stanceclf.save_model` (``manifest.json``).
    name : str, default="model"
        The model's directory name, used in the title and the commands.

    Returns
    -------
    str
    """
    config = manifest.get("config", {})
    preset = manifest.get("preset")
    training = manifest.get("training", {})
    labels = ", ".join(manifest.get("labels", [])) or "?"
    targets = manifest.get("targets") or []
    kind = {"logreg": "logistic regression", "svm": "linear SVM", "sgd": "linear SGD"}.get(
        config.get("classifier"), str(config.get("classifier"))
    )
    calibration = config.get("calibration")
    lines = [
        f"{_CARD_TITLE} `{name}`",
        "",
        "<!-- Generated from manifest.json by stanceclf.model_card; regenerate rather than edit. -->",
        "",
        f"A stanceclf `StanceClassifier`: {kind} (C={config.get('C')}) over word "
        f"{'–'.join(map(str, config.get('word_ngram_range') or []))} and character "
        f"{'–'.join(map(str, config.get('char_ngram_range') or [])) or 'no'} n-grams"
        + (f", with {config['embeddings']} sentence embeddings" if config.get("embeddings") else "")
        + (f", preset `{preset}`" if preset else "")
        + f". Labels: {labels}."
        + (f" Probabilities calibrated by {calibration} scaling." if calibration else ""),
        "",
        f"Files: `{manifest.get('model_file', 'model.joblib')}` (SHA-256 `{manifest.get('model_sha256', '?')}`) and "
        "`manifest.json`. The model file is in skops format: `stanceclf.load_model` checks its hash and every "
        "manifest field, and builds only the types on its trusted list, so loading it runs no code of the file's.",
        "",
        "## Intended use",
        "",
        "Label the stance (FAVOR / AGAINST / NONE) of English sentences of AI-policy text toward a *ban* (on "
        "biometric surveillance, emotion recognition, social scoring, ...), and aggregate them per actor with "
        "`stanceclf analyze`, or suggest labels to annotators with `stanceclf annotate`. Its weights are exactly "
        "explainable (`model.explain`).",
        "",
        "Not for: judging one person or organisation from a single sentence; decisions about individuals; "
        "other languages, or topics far from the training data, without re-measuring on annotated examples.",
        "",
        "## Training data",
        "",
        f"{training.get('n_records', '?')} sentences (merged data fingerprint `{training.get('data_sha256', '?')}`)"
        + (
            f"; targets with their own weights: {', '.join(targets)}." if targets else "; targets not used as features."
        ),
        "",
    ]
    data_files = manifest.get("data_files") or []
    if data_files:
        lines += ["| file | records | SHA-256 |", "|---|---|---|"]
        lines += [f"| `{f['path']}` | {f.get('records', '?')} | `{f.get('sha256', '?')}` |" for f in data_files]
        lines.append("")
    lines += ["## Measured figures", ""] + _figures(manifest.get("evaluation") or {})
    lines += [
        "## Limitations",
        "",
        "- A linear bag-of-n-grams model: it sees words, not who says them"
        + ("" if config.get("use_speaker") else " (no speaker features)")
        + ', so reported speech ("critics say a ban is needed") and irony are often misread; AGAINST is the '
        "hardest class.",
        "- Small training data: intervals are wide, and figures on other sources, periods or targets will differ.",
        "- Cross-validated figures come from the training data's own distribution; measure on your own annotated "
        "sentences before relying on it (`stanceclf evaluate`).",
        "- English only; NLTK tokenisation; a target unseen in training gets the shared features only.",
        "",
        "## How to reproduce",
        "",
    ]
    lines += _reproduce(manifest, name)
    return "\n".join(lines) + "\n"


def is_model_card(text: str) -> bool:
    """Whether ``text`` (a model directory's ``README.md``) is a card this module rendered, which may be replaced."""
    return text.startswith(_CARD_TITLE)
