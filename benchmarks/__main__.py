"""``python -m benchmarks [--data PATH] [--quick] [--only NAME]``: run suites, write results, BENCHMARKS.md."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

import numpy as np

from . import ablation, aipolicy, report, semeval, speed, throughput
from .common import SEED, command_line, write_result

SUITES = {
    "semeval": semeval,
    "ablation": ablation,
    "aipolicy": aipolicy,
    "speed": speed,
    "throughput": throughput,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--data",
        help="TweetEval stance directory (<target>/{split}_{text,labels}.txt) or 'hub'; "
        "default $STANCECLF_TWEETEVAL or ../shared/data/tweeteval/stance",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats and ablation rows (a smoke run)")
    parser.add_argument(
        "--only",
        choices=sorted(SUITES),
        action="append",
        help="run only this suite (repeatable); BENCHMARKS.md still shows all results files",
    )
    args = parser.parse_args(argv)
    if args.data:
        os.environ["STANCECLF_TWEETEVAL"] = args.data
    random.seed(SEED)
    np.random.seed(SEED)
    command = command_line(argv)
    for name in args.only or list(SUITES):
        start = time.perf_counter()
        print(f"[{name}]", flush=True)
        figures = SUITES[name].run(args.data, command, quick=args.quick)
        figures["suite_seconds"] = time.perf_counter() - start
        figures["quick"] = args.quick
        path = write_result(name, figures, command)
        print(f"[{name}] {figures['suite_seconds']:.0f}s -> {path}", flush=True)
    print(f"wrote {report.write()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
