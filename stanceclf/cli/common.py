"""Helpers shared by several commands: report printing and the ``--folds`` type."""

from __future__ import annotations

import argparse
import json
from typing import Any


def print_report(report: Any, fmt: str, title: str) -> None:
    """Print an evaluation report as markdown or JSON (``--format``)."""
    if fmt == "json":
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(report.to_markdown(title))


def parse_folds(value: str) -> int | None:
    """``--folds``: a number of folds (at least 2), or ``loo`` (None: one group held out at a time)."""
    if value == "loo":
        return None
    folds = int(value)
    if folds < 2:
        raise argparse.ArgumentTypeError("at least 2 folds, or 'loo'")
    return folds
