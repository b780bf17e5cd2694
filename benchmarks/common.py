"""Shared helpers: environment record, results files, the test-scoring log, data loading."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
TEST_LOG = RESULTS / "test_scoring_log.json"
SEED = 0
PACKAGES = (
    "stanceclf",
    "scikit-learn",
    "numpy",
    "scipy",
    "datasets",
    "nltk",
    "joblib",
    "fasttext-wheel",
    "torch",
    "sentence-transformers",
)


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (``platform.processor()`` elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment(command: str) -> dict[str, Any]:
    """Versions, CPU, date and the command, recorded with every results file."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    import os

    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "packages": versions,
    }


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def write_json(path: Path, payload: Any) -> Path:
    """Write ``payload`` as indented JSON through a temporary file and one rename (readers never see half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(jsonable(payload), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return path


def write_result(name: str, figures: dict[str, Any], command: str) -> Path:
    payload = {"name": name, "environment": environment(command), **jsonable(figures)}
    return write_json(RESULTS / f"{name}.json", payload)


def read_test_log(log: Path = TEST_LOG) -> list[dict]:
    if not log.is_file():
        return []
    return json.loads(log.read_text(encoding="utf-8"))


def log_test_scoring(system: str, config: dict[str, Any], command: str, log: Path = TEST_LOG) -> None:
    """Append one entry per configuration scored on a test set; the log is never reset."""
    entries = read_test_log(log)
    entries.append(
        {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "system": system,
            "config": jsonable(config),
            "command": command,
        }
    )
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def test_log_summary(log: Path = TEST_LOG) -> dict[str, int]:
    entries = read_test_log(log)
    distinct = {json.dumps([e["system"], e["config"]], sort_keys=True) for e in entries}
    return {"scorings": len(entries), "distinct_configurations": len(distinct)}


def load_split(data: str | None, split: str) -> list[dict]:
    """TweetEval stance records (text, target, stance) of one split, all five targets."""
    from stanceclf.tweeteval import load_tweeteval

    return [dict(r) for r in load_tweeteval(data, split=split)]


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.seconds = time.perf_counter() - self.start


def command_line(argv: list[str] | None = None) -> str:
    """The command as a user would type it (``argv`` defaults to this process's arguments)."""
    return " ".join(["python -m benchmarks", *(sys.argv[1:] if argv is None else argv)])
