"""Training time, prediction throughput and peak memory: stanceclf and its peers, same run, same data.

Each figure is the median of ``repeats`` runs in this one process. Throughput is measured on the
TweetEval test tweets repeated to at least ``n_sentences`` records (single process; the models
themselves are single-threaded). Peak memory is the growth of the peak resident set size
(``ru_maxrss``) over the RSS at the start, in a forked child process that runs ``fit`` on
train+val, or prediction of a 10,000-record batch (Linux; ``tracemalloc`` slowed the pure-Python
n-gram counting of the SVM baseline too much). The SVM baseline's training time is that
of its final per-target fits, with C already chosen by its grid search.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import statistics
import time
from typing import Any

from .common import load_split
from .peers import SemEvalSVMPeer
from .semeval import systems


def _median_seconds(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rss_kib() -> int:
    return int(open("/proc/self/statm").read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _child(function, connection) -> None:
    gc.collect()
    start = _rss_kib()
    function()
    connection.send((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) / 1024)
    connection.close()


def _peak_mib(function) -> float:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(function, send))
    process.start()
    value = receive.recv()
    process.join()
    return float(value)


def run(data: str | None, command: str, quick: bool = False) -> dict[str, Any]:
    train = load_split(data, "train") + load_split(data, "val")
    test = load_split(data, "test")
    y = [r["stance"] for r in train]
    repeats = 1 if quick else 3
    n_sentences = 20_000 if quick else 100_000
    big = (test * (n_sentences // len(test) + 1))[: max(n_sentences, len(test))]
    batch = big[:10_000]
    chosen, skipped = systems()
    rows = []
    for system in chosen:
        if isinstance(system, SemEvalSVMPeer):
            # Time the final per-target fits: C is selected once (untimed) by its 5-fold grid search.
            system.C = system.fit(train, y).chosen_C_
        train_s = _median_seconds(lambda s=system: s.fit(train, y), repeats)
        predict_s = _median_seconds(lambda s=system: s.predict(big), repeats)
        fit_peaks = [_peak_mib(lambda s=system: s.fit(train, y)) for _ in range(repeats)]
        predict_peaks = [_peak_mib(lambda s=system: s.predict(batch)) for _ in range(repeats)]
        rows.append(
            {
                "system": system.name,
                "train_seconds": train_s,
                "predict_seconds": predict_s,
                "sentences_per_second": len(big) / predict_s,
                "fit_peak_mib": statistics.median(fit_peaks),
                "predict_peak_mib": statistics.median(predict_peaks),
            }
        )
        print(f"  {system.name}: train {train_s:.1f}s, {rows[-1]['sentences_per_second']:.0f} sentences/s")
    ref = rows[0]
    for row in rows:
        row["ratios_vs_stanceclf"] = {
            "train_time": row["train_seconds"] / ref["train_seconds"],
            "throughput": row["sentences_per_second"] / ref["sentences_per_second"],
            "fit_peak_memory": row["fit_peak_mib"] / ref["fit_peak_mib"],
            "predict_peak_memory": row["predict_peak_mib"] / ref["predict_peak_mib"],
        }
    return {
        "n_train": len(train),
        "n_predict": len(big),
        "repeats": repeats,
        "memory": "peak RSS growth in a forked child (ru_maxrss minus RSS at start), MiB",
        "systems": rows,
        "skipped": skipped,
    }
