"""Throughput at scale: featurisation against scikit-learn, then 1,000,000 sentences from a file.

1. **Featurisation** (one process, one core, side by side): the ``semeval`` model's ``predict``
   and its ``features_.transform`` against a plain scikit-learn pipeline (word 1-3 + char 2-5
   tf-idf, ``LinearSVC``) on the same 20,000 TweetEval test tweets; median of ``repeats``
   interleaved runs; plus a cProfile of the ``semeval`` predict (top functions by own time).
2. **A file of 1,000,000 sentences** (``--quick``: 100,000), JSONL ``{"id", "text", "target"}``,
   generated at run time in a temporary directory by cycling the TweetEval test tweets and the seed
   sentences (never committed). Each configuration runs once in a fresh spawned interpreter, which
   reports its wall time and peak RSS (``VmHWM``; with worker processes, the sum of the parent's
   and every worker's peak, an upper bound of what was resident at once): stanceclf
   ``predict_file`` on one job and on all cores, the Dask path on a ``LocalCluster`` (one
   single-threaded worker process per core), the scikit-learn pipeline and fastText reading the
   same file in chunks of 2,000 (on its first ``peer_lines`` lines: the scikit-learn pipeline
   would take most of the run's budget on all of them), and the CLI
   ``stanceclf predict --input --output`` with the shipped model (stance and probabilities).
   All stanceclf rows use the ``semeval`` model trained on train+val, except the CLI row.
   The test tweets are only predicted here, never scored.
"""

from __future__ import annotations

import cProfile
import gc
import io
import itertools
import json
import multiprocessing
import os
import pickle
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from joblib.externals.loky import get_reusable_executor
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC

import stanceclf

from .common import SEED, load_split
from .peers import FastTextPeer, fasttext_available
from .speed import settle_and_reset_peak

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 2000


def sklearn_pipeline():
    """The plain scikit-learn peer: word 1-3 + char 2-5 tf-idf n-grams, one linear SVM."""
    return make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True),
            TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LinearSVC(random_state=SEED),
    )


class SklearnPeer:
    """The plain pipeline over the records' texts (targets ignored: this is about speed, not scores)."""

    name = "scikit-learn word 1-3 + char 2-5 tf-idf LinearSVC"

    def fit(self, records: list[dict], y: list[str]) -> SklearnPeer:
        self.model_ = sklearn_pipeline().fit(self._texts(records), y)
        return self

    @staticmethod
    def _texts(records: list[dict]) -> list[str]:
        return [r["text"] for r in records]

    def predict(self, records: list[dict]) -> np.ndarray:
        return self.model_.predict(self._texts(records))

    def transform(self, records: list[dict]) -> Any:
        return self.model_[:-1].transform(self._texts(records))


def _median_seconds(functions: dict[str, Any], repeats: int) -> dict[str, float]:
    """Median wall time of each function, the functions interleaved in every repeat."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def _profile(function, top: int = 12) -> list[dict]:
    profiler = cProfile.Profile()
    profiler.runcall(function)
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in sorted(
        stats.stats.items(), key=lambda item: -item[1][2]
    )[:top]:
        where = f"{Path(filename).name}:{line}({name})" if line else name
        rows.append({"function": where, "calls": calls, "own_s": own, "cumulative_s": cumulative, "share": own / total})
    return rows


def featurisation(model, peer: SklearnPeer, texts: list[dict], repeats: int) -> dict[str, Any]:
    model.predict(texts[:CHUNK])  # warm the tokeniser's caches as any long run would
    seconds = _median_seconds(
        {
            "stanceclf_predict": lambda: model.predict(texts),
            "sklearn_predict": lambda: peer.predict(texts),
            "stanceclf_transform": lambda: [
                model.features_.transform(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)
            ],
            "sklearn_transform": lambda: [peer.transform(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)],
        },
        repeats,
    )
    rate = {name: len(texts) / s for name, s in seconds.items()}
    return {
        "n_texts": len(texts),
        "repeats": repeats,
        "sentences_per_second": rate,
        "predict_ratio": rate["stanceclf_predict"] / rate["sklearn_predict"],
        "transform_ratio": rate["stanceclf_transform"] / rate["sklearn_transform"],
        "profile": _profile(lambda: model.predict(texts)),
    }


def write_corpus(path: Path, n_lines: int, tweets: list[dict]) -> None:
    """``n_lines`` JSONL rows cycling the tweets (with their targets) and the seed sentences."""
    seeds = []
    for seed in sorted((ROOT / "data" / "articles").glob("00[0-4]_*.txt")):
        seeds += [line.strip() for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    pool = [(r["text"], r["target"]) for r in tweets] + [(text, None) for text in seeds]
    with open(path, "w", encoding="utf-8") as handle:
        for i, (text, target) in zip(range(n_lines), itertools.cycle(pool)):
            handle.write(json.dumps({"id": i, "text": text, "target": target}, ensure_ascii=False) + "\n")


def _status_kib(pid: int | str, field: str = "VmHWM") -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _peak_mib() -> dict[str, float]:
    """Peak RSS of this process and of its live descendants (worker processes), MiB."""
    import psutil

    workers = [_status_kib(p.pid) for p in psutil.Process().children(recursive=True)]
    own = _status_kib("self")
    return {"peak_rss_mib": (own + sum(workers)) / 1024, "parent_peak_mib": own / 1024, "n_workers": len(workers)}


def _growth_mib(baseline_kib: int) -> dict[str, float]:
    return {"parent_growth_mib": (_status_kib("self") - baseline_kib) / 1024}


def _peer_stream(peer: Any, path: Path, out: Path, limit: int) -> int:
    n = 0
    with open(path, encoding="utf-8") as source, open(out, "w", encoding="utf-8") as sink:
        lines = itertools.islice(source, limit)
        while block := [json.loads(line) for line in itertools.islice(lines, CHUNK)]:
            sink.writelines(f"{r['id']}\t{label}\n" for r, label in zip(block, peer.predict(block)))
            n += len(block)
    return n


def _child(kind: str, model_path: str, data: str, out: str, limit: int, connection) -> None:
    warnings.simplefilter("ignore")
    with open(model_path, "rb") as handle:
        model = pickle.load(handle)
    n_cpu = os.cpu_count() or 1
    baseline = settle_and_reset_peak()  # after imports and the model: what the run itself adds
    start = time.perf_counter()
    figures: dict[str, Any] = {}
    if kind in ("serial", "all_cores"):
        report = stanceclf.predict_file(
            data, out, model, id_field="id", target_field="target", n_jobs=1 if kind == "serial" else -1
        )
        n = report.n_rows
        figures.update(_peak_mib(), **_growth_mib(baseline))
        # A spawned child's exit waits for loky's idle workers (5 minutes), not an atexit shutdown.
        get_reusable_executor().shutdown(wait=True)
    elif kind == "dask":
        from dask.distributed import Client, LocalCluster

        from stanceclf.dask import predict_jsonl

        with LocalCluster(n_workers=n_cpu, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            with Client(cluster):
                start = time.perf_counter()  # the cluster's start-up is not prediction
                files = predict_jsonl(data, out, model, target_field="target", blocksize="8MiB")
                figures["seconds_without_startup"] = time.perf_counter() - start
                figures.update(_peak_mib())
        n = sum(1 for f in files for _ in open(f, encoding="utf-8"))
    else:
        if kind == "fasttext":
            model = FastTextPeer().fit(*model)  # a fitted fastText model does not pickle: fit here
            baseline = settle_and_reset_peak()
            start = time.perf_counter()
        n = _peer_stream(model, Path(data), Path(out), limit)
        figures.update(_peak_mib(), **_growth_mib(baseline))
    seconds = figures.pop("seconds_without_startup", time.perf_counter() - start)
    connection.send({"n": n, "seconds": seconds, "sentences_per_second": n / seconds, **figures})
    connection.close()


def _run_child(kind: str, model: Any, data: Path, out: Path, limit: int, tmp: Path) -> dict[str, Any]:
    model_path = tmp / f"{kind}.pickle"
    with open(model_path, "wb") as handle:
        pickle.dump(model, handle)
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(kind, str(model_path), str(data), str(out), limit, send))
    process.start()
    send.close()
    figures = receive.recv()
    process.join()
    return figures


def _cli(data: Path, out: Path) -> dict[str, Any]:
    """``stanceclf predict --input --output`` in a child process; its peak RSS from the kernel's record.

    A fresh wrapper interpreter runs the command as its only child, so that ``RUSAGE_CHILDREN``
    (the largest waited-for child) is the CLI's own peak.
    """
    command = [sys.executable, "-m", "stanceclf", "predict", "--input", str(data), "--output", str(out)]
    command += ["--id-field", "id", "--target-field", "target"]
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )

    def peak_of(command: list[str]) -> float:
        done = subprocess.run([sys.executable, "-c", wrapper, *command], check=True, capture_output=True, text=True)
        return int(done.stdout.split()[-1]) / 1024  # ru_maxrss is in KiB on Linux

    one_line = data.with_name("one-line.jsonl")
    with open(data, encoding="utf-8") as source:
        one_line.write_text(source.readline(), encoding="utf-8")
    small = [*command[:4], "--input", str(one_line), "--output", str(out.with_name("one-line-out.jsonl")), *command[8:]]
    start = time.perf_counter()
    peak = peak_of(command)
    seconds = time.perf_counter() - start
    n = sum(1 for _ in open(out, encoding="utf-8"))
    # What predicting the file adds to the same command's peak on a one-line file (imports, model).
    growth = peak - peak_of(small)
    return {
        "n": n,
        "seconds": seconds,
        "sentences_per_second": n / seconds,
        "peak_rss_mib": peak,
        "parent_peak_mib": peak,
        "parent_growth_mib": growth,
        "n_workers": 0,
    }


def run(data: str | None, command: str, quick: bool = False) -> dict[str, Any]:
    train = load_split(data, "train") + load_split(data, "val")
    test = load_split(data, "test")
    y = [r["stance"] for r in train]
    repeats = 3 if quick else 5
    n_lines = 100_000 if quick else 1_000_000
    peer_lines = 50_000 if quick else 200_000
    model = stanceclf.train(train, preset="semeval")
    peer = SklearnPeer().fit(train, y)
    texts = (test * (20_000 // len(test) + 1))[:20_000]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        feat = featurisation(model, peer, texts, repeats)
    print(
        f"  featurisation: stanceclf {feat['sentences_per_second']['stanceclf_predict']:,.0f}/s, scikit-learn "
        f"{feat['sentences_per_second']['sklearn_predict']:,.0f}/s (x{feat['predict_ratio']:.2f} predict, "
        f"x{feat['transform_ratio']:.2f} transform)",
        flush=True,
    )
    rows = []
    skipped = []
    with tempfile.TemporaryDirectory(prefix="stanceclf-throughput-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "sentences.jsonl"
        write_corpus(corpus, n_lines, test)
        configurations: list[tuple[str, str, Any, int]] = [
            ("stanceclf semeval, predict_file, 1 job", "serial", model, n_lines),
            (f"stanceclf semeval, predict_file, all cores ({os.cpu_count()} jobs)", "all_cores", model, n_lines),
        ]
        try:
            import distributed  # noqa: F401

            configurations.append(
                (f"stanceclf semeval, Dask LocalCluster ({os.cpu_count()} worker processes)", "dask", model, n_lines)
            )
        except ImportError:
            skipped.append("Dask row skipped: the optional extra is missing (pip install -e '.[dask]')")
        configurations.append((f"{SklearnPeer.name}, 1 job", "peer", peer, peer_lines))
        if fasttext_available():
            configurations.append(("fastText supervised, 1 thread", "fasttext", (train, y), peer_lines))
        else:
            skipped.append("fastText row skipped: the optional extra is missing (pip install -e '.[fasttext]')")
        for name, kind, system, limit in configurations:
            out = tmp / (f"{kind}.jsonl" if kind in ("serial", "all_cores") else f"{kind}-out")
            figures = _run_child(kind, system, corpus, out, limit, tmp)
            rows.append({"system": name, **figures})
            print(
                f"  {name}: {figures['sentences_per_second']:,.0f}/s, peak {figures['peak_rss_mib']:.0f} MiB",
                flush=True,
            )
        figures = _cli(corpus, tmp / "cli.jsonl")
        rows.append({"system": "CLI stanceclf predict --input --output, shipped model (+ probabilities)", **figures})
        print(f"  CLI: {figures['sentences_per_second']:,.0f}/s, peak {figures['peak_rss_mib']:.0f} MiB", flush=True)
    serial = rows[0]["sentences_per_second"]
    for row in rows:
        row["speedup_vs_serial"] = row["sentences_per_second"] / serial
    return {
        "featurisation": feat,
        "n_lines": n_lines,
        "peer_lines": peer_lines,
        "cpu_count": os.cpu_count(),
        "rows": rows,
        "skipped": skipped,
    }
