"""``python -m benchmarks.persistence [--seconds S] [--kills N]``: replacing a model under load.

Two checks of :mod:`stanceclf.persistence` with the shipped model, in a temporary directory:

* **save-over/load loop**: one process saves the model over the same directory again and again
  (alternating two manifests), three processes load it meanwhile; every failed load is counted.
* **kills**: a process saving over the model is killed (SIGKILL) at a random moment, ``N`` times;
  after each kill the directory must load, and one more save must leave no leftovers.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import stanceclf


def _save_forever(directory: str, stop=None) -> None:
    model = stanceclf.load_model()
    saves = 0
    while stop is None or not stop.is_set():
        stanceclf.save_model(model, directory, overwrite=True, evaluation={"save": saves % 2})
        saves += 1


def _load_until(directory: str, stop, results) -> None:
    counts: collections.Counter = collections.Counter()
    while not stop.is_set():
        try:
            stanceclf.load_model(Path(directory))
            counts["ok"] += 1
        except Exception as error:  # noqa: BLE001 - every failure is what is counted
            counts[f"{type(error).__name__}: {str(error)[-80:]}"] += 1
    results.put(dict(counts))


def save_over_load_loop(directory: str, seconds: float, readers: int = 3) -> collections.Counter:
    stop, results = multiprocessing.Event(), multiprocessing.Queue()
    processes = [multiprocessing.Process(target=_save_forever, args=(directory, stop))]
    processes += [multiprocessing.Process(target=_load_until, args=(directory, stop, results)) for _ in range(readers)]
    for process in processes:
        process.start()
    time.sleep(seconds)
    stop.set()
    total: collections.Counter = collections.Counter()
    for _ in range(readers):
        total.update(results.get())
    for process in processes:
        process.join()
    return total


def kills(directory: str, n: int, seed: int = 0) -> tuple[int, int, list[str]]:
    """(unloadable after a kill, kills that left leftovers, files after one more save)."""
    rng = random.Random(seed)
    child = (
        f"from benchmarks.persistence import _save_forever; print('ready', flush=True); _save_forever({directory!r})"
    )
    unloadable = with_leftovers = 0
    for _ in range(n):
        process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE)
        process.stdout.readline()
        time.sleep(rng.uniform(0.2, 2.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        with_leftovers += len(os.listdir(directory)) > 2
        try:
            stanceclf.load_model(Path(directory))
        except Exception as error:  # noqa: BLE001
            unloadable += 1
            print(f"unloadable after a kill: {error}", file=sys.stderr)
    stanceclf.save_model(stanceclf.load_model(), directory, overwrite=True)
    return unloadable, with_leftovers, sorted(os.listdir(directory))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.persistence", description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the save-over/load loop")
    parser.add_argument("--kills", type=int, default=20, help="saves killed at a random moment")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as root:
        directory = str(Path(root) / "model")
        stanceclf.save_model(stanceclf.load_model(), directory)
        counts = save_over_load_loop(directory, args.seconds)
        loads = sum(counts.values())
        failed = loads - counts["ok"]
        print(f"save-over/load loop, {args.seconds:g} s: {loads} loads, {failed} failed")
        for kind, count in counts.items():
            if kind != "ok":
                print(f"  {count} x {kind}")
        if args.kills:
            unloadable, with_leftovers, files = kills(directory, args.kills)
            print(f"{args.kills} kills mid-save: {unloadable} left no loadable model, {with_leftovers} left files")
            print(f"  after the next save: {files}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
