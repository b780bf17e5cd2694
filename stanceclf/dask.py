"""Prediction on a Dask cluster (optional extra ``dask``): over ``dask.dataframe`` or ``dask.bag`` partitions.

:func:`predict` is lazy and runs on whatever scheduler is active: a
``dask.distributed.Client("tcp://scheduler:8786")`` of any cluster, a ``LocalCluster``, or Dask's
local threads. The model travels once per worker as one task of the graph, not once per
partition. Each partition is predicted exactly as :meth:`StanceClassifier.predict` and
``predict_proba`` predict it in one process.

:func:`predict_jsonl` (the command ``stanceclf predict-dask INPUT OUTPUT_DIR --scheduler ADDRESS``)
predicts JSONL files (a path or a glob) into ``OUTPUT_DIR/part-*.jsonl``, one output file per input block.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._io import check_overwrite
from .batch import predict_records
from .persistence import load_model

__all__ = ["connect", "predict", "predict_jsonl"]


def _dask():
    try:
        import dask
        import dask.bag
        import dask.dataframe
    except ImportError as error:  # pragma: no cover - exercised without the extra
        raise ImportError("stanceclf.dask needs the optional extra: pip install 'stanceclf[dask]'") from error
    return dask


def _model(model: Any) -> Any:
    if model is None or isinstance(model, (str, Path)):
        return load_model(model)
    return model


def _records(texts: list, targets: list, text_field: str, target: str | None, where: list) -> list[dict]:
    records = []
    for text, row_target, position in zip(texts, targets, where):
        if not isinstance(text, str):
            raise TypeError(f"{position}: {text_field}: expected a string, got {type(text).__name__}")
        records.append({"text": text, "target": row_target if isinstance(row_target, str) and row_target else target})
    return records


def _predict_frame(frame, model, text_field, target_field, target, proba, columns):
    import pandas as pd

    out = frame.copy()
    if len(frame):
        targets = list(frame[target_field]) if target_field else [None] * len(frame)
        where = [f"row {index!r}" for index in frame.index]
        labels, probabilities = predict_records(
            model, _records(list(frame[text_field]), targets, text_field, target, where), proba
        )
    else:
        labels, probabilities = [], None
    out["stance"] = pd.Series([str(label) for label in labels], index=frame.index, dtype=_stance_dtype())
    for k, name in enumerate(columns):
        out[name] = probabilities[:, k] if probabilities is not None else pd.Series([], dtype="float64")
    return out


def _stance_dtype():
    import pandas as pd

    return pd.Series(["NONE"]).dtype  # pandas' default string dtype (object or str, by version)


def _predict_items(items, model, text_field, target_field, target, proba, classes):
    items = list(items)
    if not items:
        return []
    fields = [item if isinstance(item, dict) else {text_field: item} for item in items]
    texts = [f.get(text_field) for f in fields]
    targets = [f.get(target_field) for f in fields] if target_field else [None] * len(fields)
    where = [f"item {i} of its partition" for i in range(len(fields))]
    labels, probabilities = predict_records(model, _records(texts, targets, text_field, target, where), proba)
    out = []
    for i, item in enumerate(fields):
        row = {**item, "stance": str(labels[i])}
        if probabilities is not None:
            row["proba"] = dict(zip(classes, probabilities[i].tolist()))
        out.append(row)
    return out


def predict(
    data: Any,
    model: Any = None,
    *,
    text_field: str = "text",
    target_field: str | None = None,
    target: str | None = None,
    proba: bool = True,
) -> Any:
    """Predict every row of a Dask collection, lazily, partition by partition.

    Parameters
    ----------
    data : dask.dataframe.DataFrame or dask.bag.Bag
        A data frame with a ``text_field`` column (and optionally ``target_field``), or a bag of
        texts or of record dicts.
    model : StanceClassifier, path or shipped name, optional
        Default: the shipped model, loaded here and sent to the workers.
    text_field, target_field : str
        Column or key names of the text and of the row's target.
    target : str, optional
        Target of rows without one.
    proba : bool, default=True
        Add class probabilities (when the model has ``predict_proba``).

    Returns
    -------
    dask.dataframe.DataFrame or dask.bag.Bag
        The data frame with a ``stance`` column and ``proba_<class>`` columns appended; or a bag
        of dicts (texts become ``{text_field: text}``) with ``stance`` and ``proba`` added.
        Call ``.compute()``, ``.to_parquet(...)`` or ``.to_textfiles(...)`` to run it.

    Examples
    --------
    >>> from dask.distributed import Client                       # doctest: +SKIP
    >>> client = Client("tcp://scheduler:8786")                   # doctest: +SKIP
    >>> frame = dask.dataframe.read_parquet("speeches/*.parquet") # doctest: +SKIP
    >>> stanceclf.dask.predict(frame, target="biometric_surveillance").to_parquet("stances/")  # doctest: +SKIP
    """
    dask = _dask()
    model = _model(model)
    has_proba = proba and hasattr(model, "predict_proba")
    classes = [str(c) for c in model.classes_]
    # One task holds the model: each worker fetches it once, whatever the number of partitions.
    shared = dask.delayed(model, name=f"stanceclf-model-{uuid.uuid4().hex}")
    if isinstance(data, dask.bag.Bag):
        return data.map_partitions(_predict_items, shared, text_field, target_field, target, has_proba, classes)
    if isinstance(data, dask.dataframe.DataFrame):
        for name in (text_field, target_field):
            if name is not None and name not in data.columns:
                raise ValueError(f"{name}: no such column (columns: {', '.join(map(str, data.columns))})")
        import pandas as pd

        columns = [f"proba_{c}" for c in classes] if has_proba else []
        meta = data._meta.copy()
        meta["stance"] = pd.Series([], dtype=_stance_dtype())
        for name in columns:
            meta[name] = pd.Series([], dtype="float64")
        return data.map_partitions(
            _predict_frame, shared, text_field, target_field, target, has_proba, columns, meta=meta
        )
    raise TypeError(f"data must be a dask.dataframe.DataFrame or a dask.bag.Bag, got {type(data).__name__}")


def _parse_line(pair: tuple[str, str]) -> dict:
    # Dask reads files in blocks and cannot number lines: name the file and quote the line.
    line, path = pair
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: line {line.strip()[:80]!r}: invalid JSON ({error.msg})") from None
    if not isinstance(row, dict):
        raise ValueError(f"{path}: line {line.strip()[:80]!r}: expected a JSON object, got {type(row).__name__}")
    return row


def predict_jsonl(
    input: str,
    output: str | Path,
    model: Any = None,
    *,
    text_field: str = "text",
    target_field: str | None = None,
    target: str | None = None,
    blocksize: str | int = "16MiB",
    overwrite: bool = False,
) -> list[str]:
    """Predict JSONL file(s) ``input`` (a path or glob) into ``output/part-*.jsonl`` on the active scheduler.

    Each line must be a JSON object with ``text_field``; a malformed line fails the run with a
    ``ValueError`` naming the file and quoting the line. Returns the written file names.
    ``output`` must not exist unless ``overwrite``.
    """
    dask = _dask()
    out = Path(output)
    check_overwrite([out], overwrite=overwrite)
    lines = dask.bag.read_text(input, blocksize=blocksize, include_path=True).filter(lambda pair: pair[0].strip())
    lines = lines.map(_parse_line)
    rows = predict(lines, model, text_field=text_field, target_field=target_field, target=target)
    return rows.map(json.dumps, ensure_ascii=False).to_textfiles(str(out / "part-*.jsonl"))


@contextlib.contextmanager
def connect(scheduler: str | None = None) -> Iterator[str]:
    """Make a ``dask.distributed.Client`` the active scheduler for the block; yield its address.

    Parameters
    ----------
    scheduler : str, optional
        A scheduler's address (e.g. ``tcp://host:8786``); None starts a ``LocalCluster``, closed on exit.
    """
    _dask()
    from dask.distributed import Client, LocalCluster  # the optional extra, as in _dask

    with contextlib.ExitStack() as stack:
        cluster = None if scheduler else stack.enter_context(LocalCluster())
        client = stack.enter_context(Client(scheduler or cluster))
        yield client.scheduler.address
