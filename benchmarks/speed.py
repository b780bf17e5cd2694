"""Training time, prediction throughput and peak memory: stanceclf and its peers, same run, same data.

Times are medians of ``repeats`` runs in this one process, all systems side by side. Throughput is
measured on the TweetEval test tweets repeated to at least ``n_sentences`` records (single process;
the models themselves are single-threaded). The SemEval SVM baseline's training time is that of
its final per-target fits, with C chosen beforehand (untimed) by its grid search.

Peak memory is measured in a fresh *spawned* interpreter per repeat and system (a forked child
would reuse the parent's freed heap and undercount). In the child, after the data are loaded, the
freed heap is returned to the OS (``malloc_trim``) and the kernel's peak-RSS mark is reset
(``/proc/self/clear_refs``); the figure is the peak RSS (``VmHWM``) minus the RSS just before
``fit`` on train+val, then the same again for ``predict`` on a 10,000-record batch with the
fitted model resident. ``model_mib`` is the RSS the fitted model keeps. Linux only.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
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


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(f"/proc/self/status has no {field}")


def settle_and_reset_peak() -> int:
    """Free what can be freed, reset the peak-RSS mark, and return the current RSS in KiB."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: freed heap may stay resident, peaks read low
        pass
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")  # Linux >= 4.0: VmHWM := VmRSS
    return _status_kib("VmRSS")


def _memory_child(system, train: list[dict], y: list[str], batch: list[dict], connection) -> None:
    before_fit = settle_and_reset_peak()
    system.fit(train, y)
    fit_peak = _status_kib("VmHWM") - before_fit
    before_predict = settle_and_reset_peak()
    system.predict(batch)
    predict_peak = _status_kib("VmHWM") - before_predict
    connection.send(
        {
            "fit_peak_mib": fit_peak / 1024,
            "predict_peak_mib": predict_peak / 1024,
            "model_mib": (before_predict - before_fit) / 1024,
        }
    )
    connection.close()


def _memory(system, train: list[dict], y: list[str], batch: list[dict]) -> dict[str, float]:
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_memory_child, args=(system, train, y, batch, send))
    process.start()
    send.close()
    figures = receive.recv()
    process.join()
    return figures


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
        start = time.perf_counter()
        # A transformer encoder runs at ~150 sentences/s on 2 cores: 100,000 sentences x repeats
        # would take most of the run's budget, so it is timed, and its memory measured, on 2,000.
        embeds = bool(getattr(system, "config", {}).get("embeddings"))
        sample, memory_batch = (big[:2_000], big[:2_000]) if embeds else (big, batch)
        # Memory first: the child gets the system unfitted (a fitted fastText model does not pickle).
        memory = [_memory(system, train, y, memory_batch) for _ in range(repeats)]
        train_s = _median_seconds(lambda s=system: s.fit(train, y), repeats)
        predict_s = _median_seconds(lambda s=system, x=sample: s.predict(x), repeats)
        rows.append(
            {
                "system": system.name,
                "train_seconds": train_s,
                "predict_seconds": predict_s,
                "n_predict": len(sample),
                "n_memory_batch": len(memory_batch),
                "sentences_per_second": len(sample) / predict_s,
                **{key: statistics.median(m[key] for m in memory) for key in memory[0]},
            }
        )
        rows[-1]["measure_seconds"] = time.perf_counter() - start
        print(f"  {system.name}: train {train_s:.1f}s, {rows[-1]['sentences_per_second']:.0f} sentences/s")
    ref = rows[0]
    for row in rows:
        row["ratios_vs_stanceclf"] = {
            "train_time": row["train_seconds"] / ref["train_seconds"],
            "throughput": row["sentences_per_second"] / ref["sentences_per_second"],
            "fit_peak_memory": row["fit_peak_mib"] / ref["fit_peak_mib"],
            "predict_peak_memory": row["predict_peak_mib"] / ref["predict_peak_mib"],
            "model_memory": row["model_mib"] / ref["model_mib"],
        }
    return {
        "n_train": len(train),
        "n_predict": len(big),
        "repeats": repeats,
        "memory": "peak RSS (VmHWM) growth over the RSS before fit / predict, in a spawned child, MiB",
        "systems": rows,
        "skipped": skipped,
    }
