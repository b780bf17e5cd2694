"""TweetEval stance (SemEval-2016 Task 6, subtask A) through the ``datasets`` library.

Two sources give the same records:

* the Hugging Face hub, ``cardiffnlp/tweet_eval`` with configs ``stance_abortion`` …
  ``stance_hillary`` (``path="hub"``; needs the network or a warm ``datasets`` cache);
* a local directory in TweetEval's text layout,
  ``<target>/{train,val,test}_{text,labels}.txt``, one tweet / one integer label a line
  (``0`` none, ``1`` against, ``2`` favor).

The default local directory is ``shared/data/tweeteval/stance`` beside the repository checkout,
or the directory named by the environment variable ``STANCECLF_TWEETEVAL``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._io import read_text
from .records import STANCES

__all__ = ["TWEETEVAL_TARGETS", "SPLITS", "TweetEvalFormatError", "default_tweeteval_path", "load_tweeteval"]

TWEETEVAL_TARGETS: tuple[str, ...] = ("abortion", "atheism", "climate", "feminist", "hillary")
SPLITS: tuple[str, ...] = ("train", "val", "test")
HUB_NAME = "cardiffnlp/tweet_eval"
ENV_VAR = "STANCECLF_TWEETEVAL"
# The hub calls the validation split "validation"; the text layout calls it "val".
_HUB_SPLIT = {"train": "train", "val": "validation", "test": "test"}


class TweetEvalFormatError(ValueError):
    """A TweetEval text file is malformed; the message names the file and the line."""


def default_tweeteval_path() -> Path:
    """``$STANCECLF_TWEETEVAL``, else ``<checkout parent>/shared/data/tweeteval/stance``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "tweeteval" / "stance"


def _check_args(split: str, targets: Iterable[str] | None) -> list[str]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {list(SPLITS)}, got {split!r}")
    chosen = list(TWEETEVAL_TARGETS if targets is None else targets)
    unknown = sorted(set(chosen) - set(TWEETEVAL_TARGETS))
    if unknown or not chosen:
        raise ValueError(f"unknown target(s) {unknown or chosen}; choose from {list(TWEETEVAL_TARGETS)}")
    return chosen


def _stance(value: Any, where: str) -> str:
    text = str(value).strip()
    if text not in ("0", "1", "2"):
        raise TweetEvalFormatError(f"{where}: label {text!r} is not 0 (none), 1 (against) or 2 (favor)")
    return STANCES[int(text)]


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file (expected TweetEval's <target>/<split>_text.txt layout)")
    return read_text(path).splitlines()


def _local_columns(root: Path, split: str, targets: list[str]) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {"text": [], "target": [], "stance": [], "split": []}
    for target in targets:
        text_path = root / target / f"{split}_text.txt"
        label_path = root / target / f"{split}_labels.txt"
        texts, labels = _read_lines(text_path), _read_lines(label_path)
        if len(texts) != len(labels):
            shorter = label_path if len(labels) < len(texts) else text_path
            raise TweetEvalFormatError(
                f"{text_path} has {len(texts)} lines but {label_path} has {len(labels)}; "
                f"{shorter} ends first, at line {min(len(texts), len(labels)) + 1}"
            )
        for line, (text, label) in enumerate(zip(texts, labels), start=1):
            columns["stance"].append(_stance(label, f"{label_path}:{line}"))
            columns["text"].append(text.rstrip())
            columns["target"].append(target)
            columns["split"].append(split)
    return columns


def _hub_columns(split: str, targets: list[str]) -> dict[str, list[str]]:
    import datasets  # where used: datasets adds ~0.3 s to `import stanceclf`

    columns: dict[str, list[str]] = {"text": [], "target": [], "stance": [], "split": []}
    for target in targets:
        config = f"stance_{target}"
        part = datasets.load_dataset(HUB_NAME, config, split=_HUB_SPLIT[split])
        for row, (text, label) in enumerate(zip(part["text"], part["label"]), start=1):
            columns["stance"].append(_stance(label, f"{HUB_NAME}/{config}/{_HUB_SPLIT[split]} row {row}"))
            columns["text"].append(str(text).rstrip())
            columns["target"].append(target)
            columns["split"].append(split)
    return columns


def load_tweeteval(path_or_none: str | os.PathLike | None = None, split: str = "train", targets: Any = None):
    """Load TweetEval stance records as a ``datasets.Dataset``.

    Parameters
    ----------
    path_or_none : str, Path or None
        ``"hub"`` loads ``cardiffnlp/tweet_eval`` with ``datasets.load_dataset``; a directory reads
        the text layout; ``None`` reads :func:`default_tweeteval_path`.
    split : {"train", "val", "test"}, default="train"
    targets : iterable of str, optional
        Subset of ``abortion``, ``atheism``, ``climate``, ``feminist``, ``hillary`` (all by default),
        concatenated in the order given.

    Returns
    -------
    datasets.Dataset
        String columns ``text``, ``target``, ``stance`` (``NONE``/``AGAINST``/``FAVOR``) and
        ``split``; directly usable by :func:`stanceclf.train` and :func:`stanceclf.evaluate`.

    Raises
    ------
    FileNotFoundError
        A text or label file is missing.
    TweetEvalFormatError
        Text and label files differ in line count, or a label is not 0, 1 or 2 (names file and line).
    """
    from datasets import Dataset, Features, Value  # where used: datasets adds ~0.3 s to `import stanceclf`

    chosen = _check_args(split, targets)
    if isinstance(path_or_none, str) and path_or_none == "hub":
        columns = _hub_columns(split, chosen)
    else:
        root = Path(path_or_none) if path_or_none is not None else default_tweeteval_path()
        if not root.is_dir():
            raise FileNotFoundError(f"{root}: no TweetEval stance directory; pass a path, set ${ENV_VAR}, or use 'hub'")
        columns = _local_columns(root, split, chosen)
    features = Features({name: Value("string") for name in columns})
    return Dataset.from_dict(columns, features=features)
