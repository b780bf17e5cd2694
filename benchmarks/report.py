"""Regenerate BENCHMARKS.md from every ``benchmarks/results/*.json``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .common import RESULTS, test_log_summary

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "BENCHMARKS.md"
DOCS = ROOT / "docs"
# Plots of the AI-policy results (stanceclf.plots, extra 'plots'), embedded in BENCHMARKS.md.
PLOTS = {
    "confusion": "docs/aipolicy-confusion-matrix.png",
    "reliability": "docs/aipolicy-reliability.png",
    "per_target": "docs/aipolicy-per-target-f1.png",
}
# Reliability curves drawn, first the shipped setting, with shorter legend names.
# The shipped setting's name in results from before issue 13 (calibration_groups) and after (fit groups).
_CURVES = {
    "calibration='temperature', calibration_groups='doc'": "temperature, article-grouped folds (shipped)",
    "calibration='temperature', fit groups=doc": "temperature, article-grouped folds (shipped)",
    "uncalibrated (calibration=None)": "uncalibrated",
    "calibration='temperature'": "temperature, shuffled folds",
}


def _env(result: dict) -> list[str]:
    env = result["environment"]
    packages = ", ".join(f"{k} {v}" for k, v in env["packages"].items() if v)
    return [
        f"Command: `{env['command']}` — {env['date']}; {env['cpu']} ({env['cpu_count']} CPUs), "
        f"Python {env['python']}; {packages}.",
        "",
    ]


def _semeval(result: dict) -> list[str]:
    lines = ["## SemEval-2016 Task 6 A / TweetEval stance — test set", ""] + _env(result)
    lines += [
        f"Trained on train+val ({result['n_train']} tweets), scored once on test ({result['n_test']} tweets). "
        "F_avg = (F1 AGAINST + F1 FAVOR) / 2 on the pooled predictions of all five targets, ×100.",
        "",
        "| system | pooled F_avg | macro-F1 | abortion | atheism | climate | feminist | hillary |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["systems"]:
        t = row["per_target"]
        lines.append(
            f"| {row['system']} | **{row['f_avg']:.2f}** | {row['macro_f1']:.2f} | "
            + " | ".join(
                f"{t.get(k, float('nan')):.2f}" for k in ("abortion", "atheism", "climate", "feminist", "hillary")
            )
            + " |"
        )
    for anchor in result["anchors"]:
        lines.append(f"| *published:* {anchor['system']} | {anchor['f_avg']:.2f} | | | | | | |")
    lines.append("")
    for message in result.get("skipped", []):
        lines += [f"> {message}", ""]
    for row in result["systems"]:
        if "chosen_C" in row:
            lines += [f"SVM baseline C per target (5-fold CV on train+val): {row['chosen_C']}.", ""]
    return lines


def _ablation(result: dict) -> list[str]:
    lines = ["## Ablation of the issue-7 directions — cross-validation only (no test data)", ""] + _env(result)
    lines += [
        f"{result['cv']}, on TweetEval train+val ({result['n_records']} tweets); pooled out-of-fold F_avg ×100. "
        f"Reference: `PRESETS['semeval']` = `{result['reference_config']}`. Each row changes the reference as "
        "shown. *Verdict*: a row below the reference means the preset's setting is kept and the change rejected; "
        "*experiment* rows run outside the library (they need labels in the feature step or a decision rule "
        "after the model). The reference was itself chosen on these folds (about 25 configurations tried, "
        "including C in 0.03-30 and target_weight in 0.5-2), so its CV figure is optimistic by selection; CV "
        "differences below about 0.5 are within fold noise.",
        "",
        "| direction | change | kind | CV F_avg | Δ vs reference | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for i, row in enumerate(result["rows"]):
        if i == 0:
            lines.append(f"| {row['direction']} | — | library | **{row['cv_f_avg']:.2f}** | — | kept (shipped) |")
            continue
        delta = row["delta"]
        verdict = row.get("verdict") or ("rejected" if delta <= 0 else "better by CV — candidate (not shipped)")
        lines.append(
            f"| {row['direction']} | `{row['change']}` | {row['kind']} | {row['cv_f_avg']:.2f} | {delta:+.2f} | "
            f"{verdict} |"
        )
    for message in result.get("skipped", []):
        lines += ["", f"> {message}"]
    return lines + [""]


def _embedding_selection(result: dict) -> list[str]:
    lines = ["## Sentence-embedding preset selection — cross-validation only (no test data)", ""] + _env(result)
    chosen = result["chosen"]
    lines += [
        f"{result['cv']}, TweetEval train+val ({result['n_records']} tweets). Base: `{result['base']}`; grid "
        f"`{result['grid']}` ({len(result['rows'])} configurations, {result['seconds']:.0f} s). Rule: keep the "
        "`semeval` preset's C and target_weight and take the embedding_weight that is best for them; the grid's "
        f"best, `{ {k: result['best'][k] for k in result['grid']} }` at {result['best']['cv_f_avg']:.2f}, is "
        f"within fold noise of the chosen `{chosen}` at **{result['chosen_cv_f_avg']:.2f}**.",
        "",
        "| embedding_weight | C | target_weight | CV F_avg |",
        "|---|---|---|---|",
    ]
    for row in sorted(result["rows"], key=lambda r: -r["cv_f_avg"]):
        mark = " (chosen)" if all(row[k] == v for k, v in chosen.items()) else ""
        lines.append(
            f"| {row['embedding_weight']} | {row['C']} | {row['target_weight']} | {row['cv_f_avg']:.2f}{mark} |"
        )
    return lines + [""]


def _embedding_variants(result: dict) -> list[str]:
    lines = ["## Other sentence-embedding features — cross-validation only (no test data)", ""] + _env(result)
    reference = result["rows"][0]
    lines += [
        f"{result['cv']}, TweetEval train+val ({result['n_records']} tweets). Each row keeps "
        f"`PRESETS['semeval-minilm']` and changes what fills its embedding block ({result['seconds']:.0f} s). "
        "*Folds above*: CV folds on which the row beats the preset; *SD*: standard deviation of the per-fold "
        f"differences. Verdict: {result['verdict']}",
        "",
        "| embedding block | CV F_avg | Δ vs preset | folds above (of 5) | SD of fold Δ |",
        "|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        delta = row["cv_f_avg"] - reference["cv_f_avg"]
        lines.append(
            f"| {row['variant']} | {row['cv_f_avg']:.2f} | {delta:+.2f} | {row['folds_above_preset']} | "
            f"{row['fold_difference_sd']:.2f} |"
        )
    return lines + [""]


def _aipolicy(result: dict) -> list[str]:
    lines = ["## AI-policy corpus — the shipped configuration per target and speaker type", ""] + _env(result)
    o = result["overall"]
    lines += [
        f"Preset `{result['preset']}`; {result['n_records']} sentences in {result['n_articles']} articles; "
        f"{result['cv']}. F_avg 95% intervals resample whole articles (1,000 resamples); groups with "
        f"≥ {result['min_group']} sentences. Leave-one-article-out is in the issue-15 section below.",
        "",
        "| group | n | F_avg | 95% CI (articles) | macro-F1 | support |",
        "|---|---|---|---|---|---|",
    ]
    for name, g in [("all", o)] + list(result["groups"].items()):
        lines.append(
            f"| {name} | {g['n']} | {g['f_avg']:.3f} | {g['f_avg_ci'][0]:.3f}–{g['f_avg_ci'][1]:.3f} | "
            f"{g['macro_f1']:.3f} | {g['support']} |"
        )
    if "f1_per_class" in o:
        per_class = ", ".join(f"{k} {v:.3f}" for k, v in o["f1_per_class"].items())
        lines += ["", f"F1 per class, all sentences: {per_class}."]
    lines += [
        "",
        f"![Confusion matrix, 10-fold grouped by article]({PLOTS['confusion']}) "
        f"![F_avg per target with 95% intervals]({PLOTS['per_target']})",
    ]
    if result.get("variants"):
        lines += [
            "",
            "Variants on the same folds (*experiment*: outside the library; the attributed speaker type comes from "
            "`stanceclf.speakers` run over each whole article, whose rules were written on the seed and DEV "
            "articles):",
            "",
            "| variant | change | kind | F_avg | macro-F1 | AGAINST F1 |",
            "|---|---|---|---|---|---|",
            f"| preset `{result['preset']}` (shipped) | — | library | {o['f_avg']:.3f} | {o['macro_f1']:.3f} | "
            f"{o.get('f1_per_class', {}).get('AGAINST', float('nan')):.3f} |",
        ]
        lines += [
            f"| {v['variant']} | `{v['change']}` | {v['kind']} | {v['f_avg']:.3f} | {v['macro_f1']:.3f} | "
            f"{v['against_f1']:.3f} |"
            for v in result["variants"]
        ]
        if result.get("variants_verdict"):
            lines += ["", result["variants_verdict"]]
    return lines + [""]


def _calibration(result: dict) -> list[str]:
    lines = ["## AI-policy calibration — reliability on held-out articles", ""] + _env(result)
    lines += [
        f"Preset `{result['preset']}`, {result['n_records']} sentences, "
        f"{result.get('cv', 'LeaveOneGroupOut over articles')} "
        f"({result['seconds']:.0f} s). Confidence of the predicted class in 10 bins, shown where a bin has "
        "sentences; ECE = expected calibration error. The preset's own setting: "
        f"`{result.get('preset_calibration', 'uncalibrated')}`.",
        "",
        "| model | ECE | accuracy | bins: confidence range, n, mean confidence → accuracy |",
        "|---|---|---|---|",
    ]
    for name, c in result["calibration"].items():
        bins = "; ".join(
            f"{b['range'][0]:.1f}–{b['range'][1]:.1f}: n={b['n']}, {b['mean_confidence']:.2f}→{b['accuracy']:.2f}"
            for b in c["bins"]
        )
        lines.append(f"| {name} | {c['ece']:.3f} | {c['accuracy']:.3f} | {bins} |")
    return lines + ["", f"![Reliability diagram, held-out articles]({PLOTS['reliability']})", ""]


def _speed(result: dict) -> list[str]:
    lines = ["## Speed and memory", ""] + _env(result)
    lines += [
        f"Times: median of {result['repeats']} repeats, all systems in one process, training on "
        f"{result['n_train']} tweets and predicting {result['n_predict']:,} tweets (TweetEval test repeated; "
        "fewer where the *predicted* column says so). "
        f"Memory: {result['memory']}, median of {result['repeats']} children; fit on the training tweets, "
        "predict on the batch shown (10,000 tweets unless said); *model MiB* is what the fitted model keeps "
        "resident. Memory ratios compare different batch sizes where the batches differ. "
        "Ratios (×) are relative to stanceclf.",
        "",
        "| system | train s | predicted | sentences/s | fit peak MiB | predict peak MiB (batch) | model MiB | "
        "train time × | throughput × | fit memory × | predict memory × |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["systems"]:
        r = row["ratios_vs_stanceclf"]
        lines.append(
            f"| {row['system']} | {row['train_seconds']:.2f} | {row.get('n_predict', result['n_predict']):,} | "
            f"{row['sentences_per_second']:,.0f} | "
            f"{row['fit_peak_mib']:.1f} | {row['predict_peak_mib']:.1f} ({row.get('n_memory_batch', 10_000):,}) | "
            f"{row['model_mib']:.1f} | "
            f"{r['train_time']:.2f} | {r['throughput']:.2f} | {r['fit_peak_memory']:.2f} | "
            f"{r['predict_peak_memory']:.2f} |"
        )
    for message in result.get("skipped", []):
        lines += ["", f"> {message}"]
    return lines + [""]


# cProfile of the semeval model predicting the same 20,000 TweetEval test tweets before issue 17
# (commit 1c61616; total 20.8 s under the profiler): (function, calls, own seconds).
_PROFILE_BEFORE = [
    ("regex Pattern.search (EMOTICON_RE / NEGATION_RE / CLAUSE_PUNCT_RE per token)", 1006304, 3.934),
    ("sklearn text.py _count_vocab (per-n-gram dict look-ups)", 20, 3.801),
    ("sklearn text.py _char_wb_ngrams (every char n-gram of every text)", 20000, 2.374),
    ("regex Pattern.findall (TweetTokenizer's word regex)", 20000, 2.136),
    ("regex Pattern.sub (entities, reduce_len, HANG_RE)", 60000, 1.862),
    ("nltk redos.py search (timeout wrapper)", 1006304, 0.684),
    ("list.append", 7419706, 0.593),
    ("copy.deepcopy (mark_negation copies every token list)", 469979, 0.457),
]


def _throughput(result: dict) -> list[str]:
    feat = result["featurisation"]
    rate = feat["sentences_per_second"]
    lines = ["## Throughput at scale (issue 17)", ""] + _env(result)
    lines += [
        f"**Featurisation, one core, one process**: {feat['n_texts']:,} TweetEval test tweets, median of "
        f"{feat['repeats']} interleaved repeats. The `semeval` model against a plain scikit-learn pipeline "
        "(word 1–3 + char 2–5 tf-idf, `LinearSVC`). The shipped model's predictions and probabilities on the "
        "corpus are bit-identical to before (`tests/test_fast_features.py`).",
        "",
        "| | stanceclf `semeval` | scikit-learn pipeline | ratio |",
        "|---|---|---|---|",
        f"| `predict`, sentences/s | {rate['stanceclf_predict']:,.0f} | {rate['sklearn_predict']:,.0f} | "
        f"**{feat['predict_ratio']:.2f}×** |",
        f"| features only (`transform`, chunks of 2,000), sentences/s | {rate['stanceclf_transform']:,.0f} | "
        f"{rate['sklearn_transform']:,.0f} | **{feat['transform_ratio']:.2f}×** |",
        "",
        "Profile of that `predict` before the change (commit 1c61616, cProfile, 20.8 s in all): the time was "
        "pure-Python tokenisation and n-gram extraction, not the linear model.",
        "",
        "| function | calls | own s |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {calls:,} | {own:.2f} |" for name, calls, own in _PROFILE_BEFORE]
    total = sum(row["own_s"] for row in feat["profile"])
    lines += [
        "",
        f"And now (this run; top {len(feat['profile'])} functions, {total:.2f} s of own time among them):",
        "",
        "| function | calls | own s | share |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {row['function']} | {row['calls']:,} | {row['own_s']:.2f} | {100 * row['share']:.0f}% |"
        for row in feat["profile"]
    ]
    lines += [
        "",
        f"**{result['n_lines']:,} sentences from a JSONL file** (generated at run time; TweetEval test tweets and "
        f"seed sentences, cycled), {result['cpu_count']} CPUs, each row one run in a fresh process. Peak RSS: "
        "`VmHWM` of the process plus that of each worker process (an upper bound of what was resident at once); "
        "importing scikit-learn 1.9 (which imports pandas and scipy.stats), NLTK and datasets alone takes ~240 MiB. "
        "*Growth*: the process's peak over its RSS once the libraries and the model are loaded, i.e. what "
        "predicting the file adds (CLI: its peak minus its peak on a one-line file). "
        f"Peers read the first {result['peer_lines']:,} lines of the same file in chunks of 2,000. The rows run "
        "one after another, each under whatever load the machine had then: compare systems by the side-by-side "
        "ratio above, and read *× 1 job* of the all-cores and Dask rows as the parallel speed-up (Dask's excludes "
        "the cluster's start-up).",
        "",
        "| system | sentences | seconds | sentences/s | × 1 job | peak RSS MiB (workers) | growth MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        workers = f" ({row['n_workers']})" if row.get("n_workers") else ""
        growth = f"{row['parent_growth_mib']:.0f}" if "parent_growth_mib" in row else "–"
        lines.append(
            f"| {row['system']} | {row['n']:,} | {row['seconds']:.1f} | {row['sentences_per_second']:,.0f} | "
            f"{row['speedup_vs_serial']:.2f} | {row['peak_rss_mib']:.0f}{workers} | {growth} |"
        )
    for message in result.get("skipped", []):
        lines += ["", f"> {message}"]
    return lines + [""]


def _ci(figures: dict) -> str:
    low, high = figures["f_avg_ci_articles"]
    return f"{low:.3f}–{high:.3f}"


def _aipolicy_accuracy(result: dict) -> list[str]:
    lines = ["## AI-policy accuracy on unseen articles (issue 15, corpus v3)", ""] + _env(result)
    if result.get("stages_run"):
        dates = "; ".join(
            f"{stage} {run['date'][:16].replace('T', ' ')}" for stage, run in result["stages_run"].items()
        )
        lines += [
            "Stages run separately (`--stages`); each table is from the last run of its stage (UTC): " + dates + ".",
            "",
        ]
    lines += [
        f"Dev pool: {result['n_dev_records']} sentences in {result['n_dev_articles']} articles; TEST: "
        f"{result['n_test_records']} sentences in {result['n_test_articles']} articles, never tuned on. All choices "
        "by GroupKFold over dev articles; intervals resample whole articles (1000 times); a direction is *kept* "
        "when ≥ 95% of the paired per-article resampled differences against the base are above 0.",
        "",
        "### Ablation: each direction alone on top of the base (5-fold grouped CV, dev)",
        "",
        "| direction | F_avg | 95% CI (articles) | AGAINST F1 | FAVOR F1 | Δ vs base (paired) | 95% CI of Δ "
        "| verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["ablation"]:
        paired = row.get("paired_vs_base")
        delta = f"{paired['difference']:+.3f} | {paired['ci'][0]:+.3f}–{paired['ci'][1]:+.3f}" if paired else "— | —"
        verdict = "" if paired is None else ("kept" if row["kept"] else "rejected")
        lines.append(
            f"| {row['direction']} `{json.dumps(row['config'])}` | {row['f_avg']:.3f} | {_ci(row)} | "
            f"{row['f1']['AGAINST']:.3f} | {row['f1']['FAVOR']:.3f} | {delta} | {verdict} |"
        )
    lines += ["", f"Kept directions combined: `{json.dumps(result['kept_config'])}`.", ""]
    for key, table in (
        ("nested", _nested_line),
        ("grouped_10fold_dev", _ten_fold_table),
        ("test", _test_table),
        ("learning_curve", _curve_table),
        ("loao_whole_corpus", _loao_table),
        ("selection", _selection_table),
        ("cotraining", _cotraining_table),
    ):
        if key in result:  # a stage not run yet has no table
            lines += table(result[key])
    return lines + [""]


_FIGURE_COLUMNS = "F_avg | 95% CI (articles) | macro-F1 | AGAINST F1 | FAVOR F1 | NONE F1"


def _delta(paired: dict | None) -> str:
    """A paired difference and its 95% interval, or a dash."""
    if not paired:
        return "—"
    return f"{paired['difference']:+.3f} ({paired['ci'][0]:+.3f}–{paired['ci'][1]:+.3f})"


def _figure_cells(f: dict) -> str:
    return (
        f"**{f['f_avg']:.3f}** | {_ci(f)} | {f['macro_f1']:.3f} | {f['f1']['AGAINST']:.3f} | "
        f"{f['f1']['FAVOR']:.3f} | {f['f1']['NONE']:.3f}"
    )


def _loao_table(loao: list[dict]) -> list[str]:
    lines = [
        "### Leave-one-article-out over the whole corpus v3 (the issue's headline figure)",
        "",
        "One fit per article (dev and TEST articles), each predicting the article it left out; nothing was chosen "
        "on these figures. Temperature scaling is left out of the fits because it changes no prediction.",
        "",
        f"| configuration | articles | {_FIGURE_COLUMNS} |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in loao:
        lines.append(f"| {row['name']} `{json.dumps(row['config'])}` | all | {_figure_cells(row)} |")
        for part in ("dev", "test"):
            lines.append(f"| {row['name']} | {part} only | {_figure_cells(row[f'{part}_articles'])} |")
    return lines + [""]


def _selection_table(selection: dict) -> list[str]:
    lines = [
        "### Re-selection on v3: C and the sentence-embedding block (5-fold grouped CV, dev)",
        "",
        "Each candidate on the ablation's folds, paired against the shipped configuration.",
        "",
        f"| candidate | {_FIGURE_COLUMNS} | Δ vs shipped (paired, 95% CI) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in selection["candidates"]:
        delta = _delta(None if row["candidate"] == "shipped" else row["paired_vs_shipped"])
        lines.append(f"| {row['candidate']} | {_figure_cells(row)} | {delta} |")
    nested = selection["nested"]
    chosen = ", ".join(f"{c['candidate']} (+{c['against_offset']})" for c in nested["chosen_per_outer_fold"])
    lines += [
        "",
        f"Best on these folds: **{selection['selected']}**. Nested estimate of choosing among all candidates and "
        f"an AGAINST offset 0/0.2/0.4 (outer 5-fold over dev articles, inner 3-fold): F_avg **{nested['f_avg']:.3f}** "
        f"({_ci(nested)}); chosen per outer fold: {chosen}.",
        "",
    ]
    if selection.get("test"):
        lines += ["TEST (trained on the dev pool; each configuration scored once and logged):", ""]
        lines += [
            f"- {name}: F_avg **{f['f_avg']:.3f}** ({_ci(f)}), AGAINST F1 {f['f1']['AGAINST']:.3f}, "
            f"FAVOR F1 {f['f1']['FAVOR']:.3f}"
            for name, f in selection["test"].items()
        ]
        lines.append("")
    lines += [
        f"The n-gram candidates' best, {selection['selected_core']}, "
        + ("replaces" if selection.get("core_kept") else "does not replace")
        + " the shipped configuration (kept only when ≥ 95% of the paired resampled differences are above 0).",
        "",
    ]
    if not selection.get("embeddings_available", True):
        lines += ["> The embeddings extra was not installed for this run: only the n-gram candidates ran.", ""]
    return lines


def _cotraining_table(rows: list[dict]) -> list[str]:
    lines = [
        "### Co-training with TweetEval (5-fold grouped CV, dev)",
        "",
        "TweetEval stance training tweets (five unrelated targets) added to every training part of the shipped "
        "configuration; paired against it on the same folds.",
        "",
        f"| tweets added | {_FIGURE_COLUMNS} | Δ vs shipped (paired, 95% CI) | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        verdict = "kept" if row["kept"] else "rejected"
        lines.append(
            f"| {row['tweets_added']:,} | {_figure_cells(row)} | {_delta(row['paired_vs_shipped'])} | {verdict} |"
        )
    return lines + [""]


def _nested_line(nested: dict) -> list[str]:
    chosen = ", ".join(f"{c['candidate']} (+{c['against_offset']})" for c in nested["chosen_per_outer_fold"])
    return [
        f"**Nested estimate** of the selection (outer 5-fold over dev articles; an inner 3-fold chooses between the "
        f"base and `aipolicy`, and an AGAINST offset 0/0.2/0.4): "
        f"F_avg **{nested['f_avg']:.3f}** ({_ci(nested)}), AGAINST F1 {nested['f1']['AGAINST']:.3f}; "
        f"chosen per outer fold: {chosen}.",
        "",
    ]


def _ten_fold_table(ten_fold: dict) -> list[str]:
    lines = [
        "### Grouped 10-fold over the dev articles",
        "",
        f"| configuration | {_FIGURE_COLUMNS} | Δ vs base (paired, 95% CI) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, f in ten_fold.items():
        lines.append(f"| {name} | {_figure_cells(f)} | {_delta(f.get('paired_vs_base'))} |")
    return lines + [""]


def _test_table(test: dict) -> list[str]:
    lines = [
        "### TEST (trained on the dev pool, each configuration scored once and logged)",
        "",
        f"| configuration | {_FIGURE_COLUMNS} |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {name} | {_figure_cells(f)} |" for name, f in test.items()]
    return lines + [""]


def _curve_table(curve: list[dict]) -> list[str]:
    lines = [
        "### Learning curve (`aipolicy`, uncalibrated): F_avg against the number of training articles",
        "",
        "Outer 5-fold over dev articles; each outer training part subsampled to the number of articles shown "
        "(the last row keeps it whole); predictions on the held-out articles pooled.",
        "",
        "| training articles | F_avg | 95% CI (articles) | AGAINST F1 | FAVOR F1 |",
        "|---|---|---|---|---|",
    ]
    for point in curve:
        lines.append(
            f"| {point['training_articles']} | {point['f_avg']:.3f} | {_ci(point)} | {point['f1']['AGAINST']:.3f} | "
            f"{point['f1']['FAVOR']:.3f} |"
        )
    return lines + [""]


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _speaker_figures(figures: dict, title: str) -> list[str]:
    lines = [
        f"**{title}**: {figures['n_stance_sentences']} stance-bearing sentences of {figures['n_documents']} articles. "
        f"Ranker lenient accuracy **{_pct(figures['lenient_accuracy'])}** (exact {_pct(figures['exact_accuracy'])}); "
        f"the rules alone {_pct(figures['rules_lenient_accuracy'])}.",
        "",
    ]
    at = figures.get("at_threshold")
    if at:
        lines += [
            f"Abstention at the default threshold (confidence ≥ {at['threshold']:.2f}): precision "
            f"**{_pct(at['precision'])}** at coverage {_pct(at['coverage'])} ({at['n_kept']} sentences kept).",
            "",
            "| confidence ≥ | coverage | precision |",
            "|---|---|---|",
        ]
        lines += [
            f"| {c['threshold']:.1f} | {_pct(c['coverage'])} | {_pct(c['precision'])} |"
            for c in figures["coverage_curve"]
        ]
        lines.append("")
    lines += ["`author` vs a named speaker (ranker | rules alone):", "", "| gold / predicted | ranker | rules |"]
    lines.append("|---|---|---|")
    keys = sorted(set(figures["author_confusion"]) | set(figures["rules_author_confusion"]))
    lines += [
        f"| {k} | {figures['author_confusion'].get(k, 0)} | {figures['rules_author_confusion'].get(k, 0)} |"
        for k in keys
    ]
    lines += ["", "Per rule or source of the chosen attribution (ranker), and per rule of the rules alone:", ""]
    lines += [
        "| rule or source | n (ranker) | lenient correct | n (rules) | lenient correct |",
        "|---|---|---|---|---|",
    ]
    ranker, rules = figures["by_rule"], figures["rules_by_rule"]
    for rule in sorted(
        set(ranker) | set(rules), key=lambda r: (-ranker.get(r, {}).get("n", 0) - rules.get(r, {}).get("n", 0), r)
    ):
        a, b = ranker.get(rule, {"n": 0, "lenient_correct": 0}), rules.get(rule, {"n": 0, "lenient_correct": 0})
        lines.append(f"| {rule} | {a['n']} | {a['lenient_correct']} | {b['n']} | {b['lenient_correct']} |")
    return lines + [""]


def _speakers(result: dict) -> list[str]:
    lines = [
        "## Speaker attribution (issues 6 and 16)",
        "",
        "Commands: `python -m benchmarks.speakers` (cv), `… fit`, `… test`. The rules propose candidate speakers "
        "per sentence and a linear ranker (`stanceclf.speakers.SpeakerRanker`) chooses; scored against the "
        "annotated `speaker` of stance-bearing sentences, lenient = surname/organisation token overlap.",
        "",
        f"Protocol ({result['protocol']}): the 37 TEST articles of `data/aipolicy/documents.jsonl` are never read "
        "by `cv` or `fit`; every choice (C, voice_C, the abstention threshold) is made on out-of-fold "
        "predictions of a 5-fold GroupKFold over the development articles; TEST is scored once with the "
        "final version and logged with the hash of the code and weights scored.",
        "",
    ]
    selected = result.get("selected")
    if selected:
        lines += [f"Selected: `{json.dumps(selected)}`.", "", "| C | voice_C | CV lenient |", "|---|---|---|"]
        lines += [
            f"| {g['params']['C']} | {g['params']['voice_C']} | {_pct(g['cv_lenient_accuracy'])} |"
            for g in result["grid"]
        ]
        lines.append("")
    if "cv" in result:
        lines += _speaker_figures(result["cv"], "Development pool, out-of-fold")
    if "test" in result:
        lines += _speaker_figures(result["test"], "TEST (v3, scored once)")
    history = result.get("test_scorings", [])
    if history:
        lines += [
            f"Every scoring of a TEST split ({len(history)}), from `benchmarks/results/speakers_test_log.json`:",
            "",
        ]
        lines += [f"- {e['date'][:16]} {e['system']}: `{json.dumps(e['config'])}`" for e in history]
        lines += [
            "",
            "The first four scored the old v2 TEST (odd positions among v2 doc ids) while the rules were being "
            "changed (lenient 58.1% at the fourth); that split is superseded and no longer clean.",
            "",
        ]
    return lines


def _incremental(result: dict) -> list[str]:
    lines = [
        "## Incremental update vs full retrain (issue 5)",
        "",
        f"Command: `{result['command']}` ({result['seconds']} s). Held-out articles by 5-fold GroupKFold; the "
        "training articles split into an initial half and a 'new annotations' half (see the module docstring).",
        "",
        "| system | F_avg | 95% CI | macro-F1 |",
        "|---|---|---|---|",
    ]
    for name, f in result["figures"].items():
        lines.append(
            f"| {name} | {f['f_avg']:.3f} | {f['f_avg_ci'][0]:.3f}–{f['f_avg_ci'][1]:.3f} | {f['macro_f1']:.3f} |"
        )
    return lines + [""]


SECTIONS = {
    "semeval": _semeval,
    "ablation": _ablation,
    "embedding_selection": _embedding_selection,
    "embedding_variants": _embedding_variants,
    "aipolicy": _aipolicy,
    "calibration": _calibration,
    "aipolicy_accuracy": _aipolicy_accuracy,
    "speakers": _speakers,
    "incremental": _incremental,
    "speed": _speed,
    "throughput": _throughput,
}


def render() -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python -m benchmarks` from `benchmarks/results/*.json`; do not edit by hand. "
        "Data: TweetEval stance (`--data`, `$STANCECLF_TWEETEVAL`, or `../shared/data/tweeteval/stance`).",
        "",
    ]
    log = test_log_summary()
    lines += [
        f"**Test-set hygiene**: configurations are chosen by cross-validation on train/val only. The test set has "
        f"been scored {log['scorings']} times in all, on {log['distinct_configurations']} distinct configurations "
        "(`benchmarks/results/test_scoring_log.json`, append-only; every benchmark run adds one entry per system).",
        "",
    ]
    found = _results()
    for name, section in SECTIONS.items():
        if name in found:
            lines += section(found[name])
    return "\n".join(lines).rstrip() + "\n"


def write_plots(results: dict[str, Any] | None = None, root: Path = ROOT) -> list[Path]:
    """Draw the AI-policy confusion matrix, per-target F1 and reliability PNGs into docs/ (extra 'plots')."""
    from stanceclf.plots import confusion_matrix_plot, per_target_f1_plot, reliability_plot

    results = _results() if results is None else results
    paths = []
    if "aipolicy" in results:
        result = results["aipolicy"]
        confusion = result["confusion"]
        title = f"AI-policy corpus v3, preset {result['preset']}, 10-fold grouped by article"
        paths.append(
            confusion_matrix_plot(confusion["labels"], confusion["matrix"], root / PLOTS["confusion"], title=title)
        )
        targets = {k.split("=", 1)[1]: g for k, g in result["groups"].items() if k.startswith("target=")}
        paths.append(per_target_f1_plot(targets, root / PLOTS["per_target"], title=f"{title}: per target"))
    if "calibration" in results:
        found = results["calibration"]["calibration"]
        curves = {label: found[key] for key, label in _CURVES.items() if key in found}
        paths.append(
            reliability_plot(
                curves,
                root / PLOTS["reliability"],
                title="AI-policy corpus v3: reliability, grouped 10-fold",
            )
        )
    return paths


def _results() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in sorted(RESULTS.glob("*.json")):
        if path.name.endswith("_log.json"):  # append-only scoring logs, summarised in the text
            continue
        result = json.loads(path.read_text(encoding="utf-8"))
        found[result.get("name", path.stem)] = result
    return found


def write() -> Path:
    """Write BENCHMARKS.md, and its plots when matplotlib (extra 'plots') is installed."""
    from stanceclf.plots import plots_available

    OUTPUT.write_text(render(), encoding="utf-8")
    if plots_available():
        write_plots()
    else:
        print('plots in docs/ not redrawn: pip install "stanceclf[plots]"', file=sys.stderr)
    return OUTPUT


if __name__ == "__main__":
    print(f"wrote {write()}")
