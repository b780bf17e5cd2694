"""Issue 15: AI-policy accuracy on unseen articles — ablation, nested selection, learning curve, TEST.

Run: ``python -m benchmarks.aipolicy_accuracy [--stages ablation,curve,test,nested,tenfold,selection,cotraining,loao]``
(about two hours on 2 free cores; a stage not run keeps its figures from the last run; ``selection`` adds
the sentence-embedding candidates when the ``embeddings`` extra is installed). Writes
``benchmarks/results/aipolicy_accuracy.json`` and logs every TEST scoring.

Protocol (corpus v3, ``split`` in ``data/aipolicy/documents.jsonl``):

* Everything is chosen on the **dev pool** only, by ``GroupKFold`` over articles (5 folds).
* **Ablation**: each direction is added alone to the base (the ``aipolicy`` preset of corpus v2,
  uncalibrated: temperature scaling changes no prediction) and compared to it by the **paired
  per-article difference**: whole articles are resampled (1000 times) and both configurations'
  F_avg computed on the same resample. A direction is *kept* when at least 95% of the resampled
  differences are above 0.
* **Nested estimate** of the selection: outer 5-fold over dev articles; inside each outer training
  part, a 3-fold grouped CV chooses between the base and ``aipolicy`` and among the AGAINST offsets
  (0, 0.2, 0.4: a shift of the decision threshold, applied exactly as ``class_offset``).
* **Presets** ``aipolicy`` and ``aipolicy-context`` on the ablation's folds, paired against the base;
  stage ``tenfold``: grouped 10-fold over the dev articles (leave-one-article-out would need 182
  fits of ~12 s: too slow on 2 cores), pooled predictions, article-resampled 95% interval.
* **Learning curve**: outer 5-fold over dev articles; each outer training part subsampled to 25,
  50, 100 articles or kept whole.
* **TEST** (37 articles, never tuned on): the base and the shipped configuration, each trained on
  the whole dev pool and scored once; both scorings logged.
* **Round 2** (stage ``selection``): C of the shipped configuration and the MiniLM embedding block
  (C x weight) on the ablation's folds, paired against the shipped configuration; the nested estimate of
  choosing among them; the best scored once on TEST (logged) if it is not the shipped one.
* **Co-training** (stage ``cotraining``): TweetEval stance training tweets added to every training part.
* **Leave-one-article-out** (stage ``loao``) over the whole corpus, dev and TEST articles: the issue's
  headline figure, for the shipped configuration and the round-2 selection; nothing is chosen on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from datetime import datetime, timezone
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

from stanceclf import PRESETS, StanceClassifier
from stanceclf.corpus import documents, read_corpus_records
from stanceclf.discourse import add_context
from stanceclf.embeddings import embeddings_available
from stanceclf.metrics import stance_report
from stanceclf.tweeteval import load_tweeteval

from .common import RESULTS, SEED, log_test_scoring, write_result

NAME = "aipolicy_accuracy"
# The corpus-v2 preset without its calibration (which changes no prediction).
BASE: dict[str, Any] = {"C": 1.0, "use_target": "ignore"}
# Each direction alone on top of BASE (weights from a first look on the same dev folds).
DIRECTIONS: dict[str, dict[str, Any]] = {
    "reported-speech cues": {"cue_weight": 0.2},
    "frame around quotes": {"frame_weight": 0.5},
    "previous sentence": {"previous_weight": 0.3},
    "paragraph": {"paragraph_weight": 0.3},
    "stance lexicon (training folds)": {"lexicon_weight": 2.0},
    "attributed actor (rules)": {"actor_weight": 0.3},
    "AGAINST offset +0.2": {"class_offset": {"AGAINST": 0.2}},
    "AGAINST class weight x1.5": {"class_weight": {"AGAINST": 1.5, "FAVOR": 1.0, "NONE": 1.0}},
}
OFFSETS = (0.0, 0.2, 0.4)
CURVE_SIZES = (25, 50, 100)
CLASSES = np.array(["AGAINST", "FAVOR", "NONE"])
N_RESAMPLES = 1000


def _uncalibrated(preset: str) -> dict[str, Any]:
    """A preset without its temperature scaling, which changes no prediction (faster CV)."""
    return {k: v for k, v in PRESETS[preset].items() if k != "calibration"}


def corpus_records() -> list[dict]:
    """Corpus v3 with context fields and each record's ``split`` (dev/test)."""
    split = {doc: d["split"] for doc, d in documents().items()}
    records = add_context([record for _, record in read_corpus_records(missing="raise")])
    return [{**r, "split": split[r["doc"]]} for r in records]


def _fit_scores(config: dict, train: list[dict], test: list[dict]) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        model = StanceClassifier(**config).fit(train, [r["stance"] for r in train])
        assert list(model.classes_) == list(CLASSES)
        return model.decision_function(test)


def oof_scores(config: dict, records: list[dict], folds: list, extra: list[dict] = ()) -> np.ndarray:
    """Out-of-fold decision scores (columns AGAINST, FAVOR, NONE), folds fitted on 2 cores.

    ``extra`` records (never scored) are added to every training part.
    """
    scores = np.zeros((len(records), len(CLASSES)))
    jobs = Parallel(n_jobs=2)(
        delayed(_fit_scores)(config, [records[i] for i in tr] + list(extra), [records[i] for i in te])
        for tr, te in folds
    )
    for (_, te), part in zip(folds, jobs):
        scores[te] = part
    return scores


def predict(scores: np.ndarray, against_offset: float = 0.0) -> np.ndarray:
    return CLASSES[(scores + np.array([against_offset, 0.0, 0.0])).argmax(axis=1)]


def _counts(gold: np.ndarray, pred: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per article: tp, fp, fn of FAVOR and AGAINST (the F_avg classes)."""
    names, index = np.unique(docs, return_inverse=True)
    table = np.zeros((len(names), 6))
    for k, label in enumerate(("FAVOR", "AGAINST")):
        for j, hit in enumerate(
            ((pred == label) & (gold == label), (pred == label) & (gold != label), (pred != label) & (gold == label))
        ):
            table[:, 3 * k + j] = np.bincount(index, weights=hit, minlength=len(names))
    return names, table


def _f_avg_of(table: np.ndarray) -> np.ndarray:
    """F_avg of summed counts; ``table`` is (..., 6)."""
    f1 = []
    for k in range(2):
        tp, fp, fn = table[..., 3 * k], table[..., 3 * k + 1], table[..., 3 * k + 2]
        with np.errstate(invalid="ignore", divide="ignore"):
            f1.append(np.nan_to_num(2 * tp / (2 * tp + fp + fn)))
    return (f1[0] + f1[1]) / 2


def _resample_weights(n_docs: int, seed: int = SEED) -> np.ndarray:
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_docs, size=(N_RESAMPLES, n_docs))
    return np.stack([np.bincount(d, minlength=n_docs) for d in draws]).astype(float)


def article_interval(gold: np.ndarray, pred: np.ndarray, docs: np.ndarray) -> list[float]:
    """95% percentile interval of F_avg over resampled whole articles."""
    _, table = _counts(gold, pred, docs)
    values = _f_avg_of(_resample_weights(len(table)) @ table)
    return [float(v) for v in np.percentile(values, [2.5, 97.5])]


def paired_difference(gold: np.ndarray, pred: np.ndarray, base: np.ndarray, docs: np.ndarray) -> dict:
    """F_avg(pred) - F_avg(base) on the same resampled articles: mean, 95% interval, share above 0."""
    _, ours = _counts(gold, pred, docs)
    _, theirs = _counts(gold, base, docs)
    weights = _resample_weights(len(ours))
    diff = _f_avg_of(weights @ ours) - _f_avg_of(weights @ theirs)
    low, high = np.percentile(diff, [2.5, 97.5])
    return {
        "difference": float(_f_avg_of(ours.sum(0)) - _f_avg_of(theirs.sum(0))),
        "ci": [float(low), float(high)],
        "share_above_0": float((diff > 0).mean()),
    }


def figures(gold: np.ndarray, pred: np.ndarray, docs: np.ndarray) -> dict:
    report = stance_report(gold, pred, n_resamples=0)
    return {
        "f_avg": report.f_avg,
        "f_avg_ci_articles": article_interval(gold, pred, docs),
        "macro_f1": report.macro_f1,
        "f1": {c: report.per_class[c]["f1"] for c in CLASSES},
    }


def _grouped(records: list[dict], n_splits: int) -> list:
    groups = [r["doc"] for r in records]
    return list(GroupKFold(n_splits=n_splits).split(records, groups=groups))


def ablation(dev: list[dict], gold: np.ndarray, docs: np.ndarray) -> tuple[list[dict], dict[str, np.ndarray]]:
    folds = _grouped(dev, 5)
    predictions = {"base": predict(oof_scores(BASE, dev, folds))}
    rows = [{"direction": "base (aipolicy v2 preset)", "config": BASE, **figures(gold, predictions["base"], docs)}]
    for name, change in DIRECTIONS.items():
        predictions[name] = predict(oof_scores({**BASE, **change}, dev, folds))
        paired = paired_difference(gold, predictions[name], predictions["base"], docs)
        rows.append(
            {
                "direction": name,
                "config": change,
                **figures(gold, predictions[name], docs),
                "paired_vs_base": paired,
                "kept": paired["share_above_0"] >= 0.95,
            }
        )
        print(
            f"{name:34s} F_avg {rows[-1]['f_avg']:.4f}  diff {paired['difference']:+.4f} "
            f"({paired['share_above_0']:.2f} above 0)",
            flush=True,
        )
    for name in ("aipolicy", "aipolicy-context"):
        config = _uncalibrated(name)
        predictions[name] = predict(oof_scores(config, dev, folds))
        paired = paired_difference(gold, predictions[name], predictions["base"], docs)
        rows.append(
            {
                "direction": f"preset {name}",
                "config": config,
                **figures(gold, predictions[name], docs),
                "paired_vs_base": paired,
                "kept": paired["share_above_0"] >= 0.95,
                "preset": True,
            }
        )
        print(f"{name:34s} F_avg {rows[-1]['f_avg']:.4f}  diff {paired['difference']:+.4f}", flush=True)
    return rows, predictions


def combine(rows: list[dict]) -> dict[str, Any]:
    config = dict(BASE)
    for row in rows:
        if row.get("kept") and not row.get("preset"):
            config.update(row["config"])
    return config


def nested(dev: list[dict], gold: np.ndarray, docs: np.ndarray, candidates: dict[str, dict]) -> dict:
    """Outer 5-fold over dev articles; inner 3-fold picks a candidate and an AGAINST offset."""
    outer_pred = np.empty(len(dev), dtype=object)
    chosen = []
    for tr, te in _grouped(dev, 5):
        inner_records = [dev[i] for i in tr]
        inner_folds = _grouped(inner_records, 3)
        best = None
        for name, config in candidates.items():
            scores = oof_scores(config, inner_records, inner_folds)
            for offset in OFFSETS:
                value = figures(gold[tr], predict(scores, offset), docs[tr])["f_avg"]
                if best is None or value > best[0]:
                    best = (value, name, offset)
        _, name, offset = best
        scores = _fit_scores(candidates[name], inner_records, [dev[i] for i in te])
        outer_pred[te] = predict(scores, offset)
        chosen.append({"candidate": name, "against_offset": offset, "inner_f_avg": best[0]})
    return {**figures(gold, outer_pred.astype(str), docs), "chosen_per_outer_fold": chosen}


def learning_curve(dev: list[dict], gold: np.ndarray, docs: np.ndarray, config: dict) -> list[dict]:
    """Outer 5-fold over dev articles, each training part subsampled to CURVE_SIZES articles or kept whole."""
    rng = np.random.default_rng(SEED)
    folds = _grouped(dev, 5)
    points = []
    for size in [*CURVE_SIZES, None]:
        parts, n_articles = [], []
        for tr, te in folds:
            pool = sorted({docs[i] for i in tr})
            keep = set(pool if size is None else rng.choice(pool, size=min(size, len(pool)), replace=False))
            parts.append(([i for i in tr if docs[i] in keep], te))
            n_articles.append(len(keep))
        pred = predict(oof_scores(config, dev, parts))
        points.append({"training_articles": int(np.mean(n_articles)), **figures(gold, pred, docs)})
        print(f"curve {points[-1]['training_articles']:4d} articles: F_avg {points[-1]['f_avg']:.4f}", flush=True)
    return points


# Round 2 (issue 15): C of the shipped configuration, and sentence embeddings on top of it (C x weight).
NGRAM_C = (0.5, 1.0, 2.0, 4.0)
EMBEDDING_GRID = [
    {"C": c, "embeddings": "minilm", "embedding_weight": w, "embedding_cache": True}
    for c in (1.0, 3.0)
    for w in (0.5, 1.0, 2.0, 4.0)
]
# Co-training: TweetEval stance tweets (five other targets) added to every training part.
TWEETEVAL_SHARES = (0.25, 1.0)


def _tweeteval_records(share: float) -> list[dict]:
    tweets = [dict(r) for r in load_tweeteval(split="train")]
    rng = np.random.default_rng(SEED)
    keep = sorted(rng.choice(len(tweets), size=round(share * len(tweets)), replace=False))
    return [{"text": tweets[i]["text"], "target": "other", "stance": tweets[i]["stance"]} for i in keep]


def cotraining(dev: list[dict], gold: np.ndarray, docs: np.ndarray, shipped: dict) -> list[dict]:
    """The shipped configuration with TweetEval tweets added to each training part, paired against it."""
    folds = _grouped(dev, 5)
    reference = predict(oof_scores(shipped, dev, folds))
    rows = []
    for share in TWEETEVAL_SHARES:
        extra = _tweeteval_records(share)
        pred = predict(oof_scores(shipped, dev, folds, extra))
        paired = paired_difference(gold, pred, reference, docs)
        rows.append(
            {
                "tweets_added": len(extra),
                **figures(gold, pred, docs),
                "paired_vs_shipped": paired,
                "kept": paired["share_above_0"] >= 0.95,
            }
        )
        print(
            f"co-training {len(extra)} tweets: F_avg {rows[-1]['f_avg']:.4f} diff {paired['difference']:+.4f}",
            flush=True,
        )
    return rows


def _with_offset(config: dict, offset: float) -> dict:
    return {**config, "class_offset": {"AGAINST": offset}} if offset else config


def _offset_name(name: str, offset: float) -> str:
    return f"{name}, AGAINST +{offset}" if offset else name


def selection(
    dev: list[dict],
    test: list[dict],
    gold: np.ndarray,
    docs: np.ndarray,
    shipped: dict,
    command: str,
    previous: dict,
) -> dict:
    """Round 2: C and the embedding block, with an AGAINST offset, chosen on dev folds; nested; TEST once.

    Two choices by the same rule (the best (candidate, AGAINST offset) by pooled F_avg on the dev
    folds), which is the procedure the nested estimate measures: among every candidate (the
    ``aipolicy-minilm`` preset), and among the n-gram candidates only (the core install's default,
    changed only when its paired difference against the shipped configuration is kept, as in the
    ablation). The nested estimate is reused from ``previous`` when the candidates are unchanged;
    a configuration already scored on TEST is not scored again.
    """
    candidates = {"shipped": shipped}
    candidates.update({f"C={c}": {**shipped, "C": c} for c in NGRAM_C if c != shipped["C"]})
    if embeddings_available():
        for change in EMBEDDING_GRID:
            candidates[f"minilm w={change['embedding_weight']} C={change['C']}"] = {**shipped, **change}
    folds = _grouped(dev, 5)
    scores = {name: oof_scores(config, dev, folds) for name, config in candidates.items()}
    reference = predict(scores["shipped"])
    rows = []
    for name, config in candidates.items():
        for offset in OFFSETS:
            pred = predict(scores[name], offset)
            paired = paired_difference(gold, pred, reference, docs)
            rows.append(
                {
                    "candidate": _offset_name(name, offset),
                    "config": _with_offset(config, offset),
                    "embeddings": "embeddings" in config,
                    **figures(gold, pred, docs),
                    "paired_vs_shipped": paired,
                }
            )
            print(f"{rows[-1]['candidate']:40s} F_avg {rows[-1]['f_avg']:.4f} diff {paired['difference']:+.4f}")
    best = max(rows, key=lambda row: row["f_avg"])
    core = max((row for row in rows if not row["embeddings"]), key=lambda row: row["f_avg"])
    key = json.dumps(candidates, sort_keys=True)
    if previous.get("candidates_key") == key and "nested" in previous:
        nested_figures = previous["nested"]
    else:
        nested_figures = nested(dev, gold, docs, candidates)
    print(f"nested F_avg {nested_figures['f_avg']:.4f}", flush=True)
    core_kept = core["candidate"] != "shipped" and core["paired_vs_shipped"]["share_above_0"] >= 0.95
    out = {
        "embeddings_available": embeddings_available(),
        "candidates_key": key,
        "candidates": rows,
        "selected": best["candidate"],
        "selected_core": core["candidate"],
        "core_kept": core_kept,
        "nested": nested_figures,
        "test": dict(previous.get("test", {})),  # candidate name -> its config and TEST figures
    }
    test_gold = np.array([r["stance"] for r in test])
    test_docs = np.array([r["doc"] for r in test])
    for row in {best["candidate"]: best, core["candidate"]: core}.values():
        if row["candidate"] == "shipped" or row["candidate"] in out["test"]:
            continue
        log_test_scoring(f"aipolicy v3 TEST ({row['candidate']}, trained on dev)", row["config"], command)
        test_figures = figures(test_gold, predict(_fit_scores(row["config"], dev, test)), test_docs)
        out["test"][row["candidate"]] = {"config": row["config"], **test_figures}
        print(f"TEST {row['candidate']}: F_avg {test_figures['f_avg']:.4f}", flush=True)
    return out


def loao_figures(name: str, config: dict, every: list[dict]) -> dict:
    """Leave-one-article-out over ``every`` (one fit per article), overall and for the dev and TEST articles."""
    gold = np.array([r["stance"] for r in every])
    docs = np.array([r["doc"] for r in every])
    pred = predict(oof_scores(config, every, list(LeaveOneGroupOut().split(every, groups=docs))))
    row = {"name": name, "config": config, **figures(gold, pred, docs)}
    for part in ("dev", "test"):
        mask = np.array([r["split"] == part for r in every])
        row[f"{part}_articles"] = figures(gold[mask], pred[mask], docs[mask])
    print(f"LOAO {name} F_avg {row['f_avg']:.4f} {row['f_avg_ci_articles']}", flush=True)
    return row


STAGES = ("ablation", "curve", "test", "nested", "tenfold", "selection", "cotraining", "loao")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help=f"comma-separated subset of {','.join(STAGES)}; figures of other stages are kept from the last run",
    )
    args = parser.parse_args(argv)
    stages = args.stages.split(",")
    unknown = sorted(set(stages) - set(STAGES))
    if unknown:
        parser.error(f"--stages: unknown stage(s) {unknown}; choose from {','.join(STAGES)}")
    started = time.perf_counter()
    command = " ".join(["python -m benchmarks.aipolicy_accuracy", *(sys.argv[1:] if argv is None else argv)])
    records = corpus_records()
    dev = [r for r in records if r["split"] == "dev"]
    test = [r for r in records if r["split"] == "test"]
    gold = np.array([r["stance"] for r in dev])
    docs = np.array([r["doc"] for r in dev])
    shipped = _uncalibrated("aipolicy")

    path = RESULTS / f"{NAME}.json"
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    result.pop("name", None)
    result.pop("environment", None)
    result.update(
        n_dev_records=len(dev),
        n_dev_articles=len(set(docs)),
        n_test_records=len(test),
        n_test_articles=len({r["doc"] for r in test}),
        base=BASE,
        shipped_config=PRESETS["aipolicy"],
    )

    def save(name: str, **stage: Any) -> None:  # after each stage, so a long run that stops keeps what it measured
        # Stages run separately: each one's figures are dated by the run that last measured them.
        result.setdefault("stages_run", {})[name] = {
            "command": command,
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        result.update(stage, seconds=round(time.perf_counter() - started, 1))
        write_result(NAME, result, command)

    if "ablation" in stages:
        rows, _ = ablation(dev, gold, docs)
        save("ablation", ablation=rows, kept_config=combine(rows))
    if "curve" in stages:
        save("curve", learning_curve=learning_curve(dev, gold, docs, shipped))
    if "test" in stages:
        # Uncalibrated fits (temperature scaling changes no prediction); each configuration once, logged.
        test_gold = np.array([r["stance"] for r in test])
        test_docs = np.array([r["doc"] for r in test])
        configs = {"base": BASE, "aipolicy": shipped, "aipolicy-context": _uncalibrated("aipolicy-context")}
        scores = Parallel(n_jobs=2)(delayed(_fit_scores)(config, dev, test) for config in configs.values())
        test_figures = {}
        for (name, config), part in zip(configs.items(), scores):
            log_test_scoring(f"aipolicy v3 TEST ({name}, trained on dev)", config, command)
            test_figures[name] = {"config": config, **figures(test_gold, predict(part), test_docs)}
            print(f"TEST {name}: F_avg {test_figures[name]['f_avg']:.4f}", flush=True)
        save("test", test=test_figures)
    if "nested" in stages:
        nested_figures = nested(dev, gold, docs, {"base": BASE, "aipolicy": shipped})
        print(f"nested F_avg {nested_figures['f_avg']:.4f}", flush=True)
        save("nested", nested=nested_figures)
    if "tenfold" in stages:
        folds10 = _grouped(dev, 10)
        configs = {"base": BASE, "aipolicy": shipped}
        predictions = {name: predict(oof_scores(config, dev, folds10)) for name, config in configs.items()}
        ten_fold = {
            name: {"config": config, **figures(gold, predictions[name], docs)} for name, config in configs.items()
        }
        ten_fold["aipolicy"]["paired_vs_base"] = paired_difference(
            gold, predictions["aipolicy"], predictions["base"], docs
        )
        print(f"10-fold aipolicy F_avg {ten_fold['aipolicy']['f_avg']:.4f}", flush=True)
        save("tenfold", grouped_10fold_dev=ten_fold)
    if "selection" in stages:
        save("selection", selection=selection(dev, test, gold, docs, shipped, command, result.get("selection", {})))
    if "cotraining" in stages:
        save("cotraining", cotraining=cotraining(dev, gold, docs, shipped))
    if "loao" in stages:
        # The headline figure: leave-one-article-out over the whole corpus (dev and TEST
        # articles, 219 fits) for the shipped configuration and for the round-2 selection, if any.
        # Nothing is chosen on it.
        # A configuration already measured by this stage with the same settings is not refitted.
        configs = {"aipolicy (shipped)": shipped}
        chosen = result.get("selection", {})
        rows_by_name = {row["candidate"]: row for row in chosen.get("candidates", [])}
        for name in (chosen.get("selected"), chosen.get("selected_core") if chosen.get("core_kept") else None):
            if name and name != "shipped":
                configs[name] = rows_by_name[name]["config"]
        measured = {json.dumps(row["config"], sort_keys=True): row for row in result.get("loao_whole_corpus", [])}
        rows = [
            measured.get(json.dumps(config, sort_keys=True)) or loao_figures(name, config, dev + test)
            for name, config in configs.items()
        ]
        save("loao", loao_whole_corpus=rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
