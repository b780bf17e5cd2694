"""Streaming batch prediction: formats, malformed rows, atomic output, chunks, jobs, CLI."""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import stanceclf
from stanceclf import BatchInputError, predict_file
from stanceclf.cli import main

TEXTS = [
    "We must ban facial recognition in public spaces.",
    "Police need facial recognition to find missing children.",
    "The vote is scheduled for December.",
    "",
    'A "quoted", comma-laden sentence, with\ttabs.',
    "Biometric mass surveillance has no place in a democracy.",
    "Exceptions for terrorism are essential.",
]
TARGETS = ["biometric_surveillance", None, "social_scoring", None, "biometric_surveillance", None, "unknown_ban"]


def _write_input(path: Path, fmt: str) -> None:
    rows = [{"id": f"r{i}", "text": t, "target": g} for i, (t, g) in enumerate(zip(TEXTS, TARGETS))]
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, ["id", "text", "target"])
            writer.writeheader()
            writer.writerows({**r, "target": r["target"] or ""} for r in rows)
    elif fmt == "txt":
        path.write_text("".join(t + "\n" for t in TEXTS), encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), path)


def _read_output(path: Path, fmt: str) -> list[dict]:
    """Rows as {id, stance, proba: list} whatever the format."""
    if fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [{"id": str(r["id"]), "stance": r["stance"], "proba": list(r["proba"].values())} for r in rows]
    if fmt == "txt":
        pairs = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        return [{"id": i, "stance": s, "proba": None} for i, s in pairs]
    if fmt == "csv":
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    return [
        {"id": str(r["id"]), "stance": r["stance"], "proba": [float(v) for k, v in r.items() if k.startswith("proba_")]}
        for r in rows
    ]


@pytest.mark.parametrize("in_fmt", ["jsonl", "csv", "txt", "parquet"])
@pytest.mark.parametrize("out_fmt", ["jsonl", "csv", "txt", "parquet"])
def test_every_format_round_trips_exact_predictions(tmp_path, fitted_model, in_fmt, out_fmt):
    source, target = tmp_path / f"in.{in_fmt}", tmp_path / f"out.{out_fmt}"
    _write_input(source, in_fmt)
    fields = {} if in_fmt == "txt" else {"id_field": "id", "target_field": "target"}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"target\(s\) .* were not seen in training")
        report = predict_file(source, target, fitted_model, chunk_size=3, **fields)
    assert report.n_rows == len(TEXTS) and report.n_skipped == 0
    records = [{"text": t, "target": None if in_fmt == "txt" else g} for t, g in zip(TEXTS, TARGETS)]
    with pytest.warns(UserWarning, match="not seen in training") if in_fmt != "txt" else _no_warning():
        labels, proba = fitted_model.predict(records), fitted_model.predict_proba(records)
    rows = _read_output(target, out_fmt)
    assert [r["id"] for r in rows] == (
        [f"r{i}" for i in range(len(TEXTS))] if fields else [str(i) for i in range(1, len(TEXTS) + 1)]
    )
    assert [r["stance"] for r in rows] == list(labels)
    if out_fmt != "txt":
        np.testing.assert_array_equal(np.array([r["proba"] for r in rows]), proba)  # exact floats
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, target.name])  # no temp files


class _no_warning:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _bad_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "a", "text": "We must ban it."}\n'
        "not json\n"
        '{"id": "c", "text": 5}\n'
        "\n"
        '["a list"]\n'
        '{"text": "no id"}\n'
        '{"id": "g", "text": "Fine.", "target": 3}\n'
        '{"id": "h", "text": "Police need it."}\n',
        encoding="utf-8",
    )
    return path


def test_malformed_row_is_fatal_by_default_and_names_file_line_field(tmp_path, fitted_model):
    source, target = _bad_jsonl(tmp_path), tmp_path / "out.jsonl"
    with pytest.raises(BatchInputError, match=r"bad\.jsonl:2: -: invalid JSON"):
        predict_file(source, target, fitted_model)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]  # nothing written, no temp file


def test_malformed_rows_skipped_and_counted(tmp_path, fitted_model):
    source, target = _bad_jsonl(tmp_path), tmp_path / "out.jsonl"
    report = predict_file(source, target, fitted_model, id_field="id", target_field="target", on_error="skip")
    assert report.n_rows == 2 and report.n_skipped == 5
    assert [p.split(": ", 2)[:2] for p in report.problems] == [
        [f"{source}:2", "-"],
        [f"{source}:3", "text"],
        [f"{source}:5", "-"],
        [f"{source}:6", "id"],
        [f"{source}:7", "target"],
    ]
    assert [json.loads(line)["id"] for line in target.read_text().splitlines()] == ["a", "h"]


def test_missing_column_is_fatal_even_when_skipping(tmp_path, fitted_model):
    source = tmp_path / "in.csv"
    _write_input(source, "csv")
    with pytest.raises(BatchInputError, match=r"in\.csv:1: speech: no such column"):
        predict_file(source, tmp_path / "out.csv", fitted_model, text_field="speech", on_error="skip")


def test_existing_output_is_never_overwritten_without_the_flag(tmp_path, fitted_model):
    source, target = tmp_path / "in.txt", tmp_path / "out.jsonl"
    _write_input(source, "txt")
    target.write_text("precious\n")
    with pytest.raises(FileExistsError, match="overwrite=True"):
        predict_file(source, target, fitted_model)
    assert target.read_text() == "precious\n"
    predict_file(source, target, fitted_model, overwrite=True)
    assert len(target.read_text().splitlines()) == len(TEXTS)


class _Interrupted:
    """Wraps a model; the second chunk's prediction is interrupted (as by Ctrl-C)."""

    def __init__(self, model):
        self.model, self.classes_, self.calls = model, model.classes_, 0

    def predict(self, records):
        self.calls += 1
        if self.calls == 2:
            raise KeyboardInterrupt
        return self.model.predict(records)

    def predict_proba(self, records):
        return self.model.predict_proba(records)


def test_interrupted_run_leaves_no_partial_output_and_the_old_one_intact(tmp_path, fitted_model):
    source, target = tmp_path / "in.txt", tmp_path / "out.jsonl"
    _write_input(source, "txt")
    target.write_text("previous run\n")
    with pytest.raises(KeyboardInterrupt):
        predict_file(source, target, _Interrupted(fitted_model), chunk_size=2, overwrite=True)
    assert target.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "out.jsonl"]
    predict_file(source, target, fitted_model, chunk_size=2, overwrite=True)  # rerun: every row, once
    assert [json.loads(line)["id"] for line in target.read_text().splitlines()] == list(range(1, len(TEXTS) + 1))


class _Recording:
    def __init__(self, model):
        self.model, self.classes_, self.sizes = model, model.classes_, []

    def predict(self, records):
        self.sizes.append(len(records))
        return self.model.predict(records)

    def predict_proba(self, records):
        return self.model.predict_proba(records)


def test_reads_and_predicts_in_chunks(tmp_path, fitted_model):
    source = tmp_path / "in.txt"
    source.write_text("".join(f"Sentence number {i} about a ban.\n" for i in range(25)), encoding="utf-8")
    model = _Recording(fitted_model)
    report = predict_file(source, tmp_path / "out.csv", model, chunk_size=4)
    assert report.n_rows == 25 and model.sizes == [4, 4, 4, 4, 4, 4, 1]


def test_jobs_give_the_same_bytes_as_one_job(tmp_path, fitted_model):
    source = tmp_path / "in.jsonl"
    rows = [{"id": i, "text": f"{TEXTS[i % len(TEXTS)]} ({i})", "target": TARGETS[i % 3]} for i in range(300)]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    predict_file(source, one, fitted_model, id_field="id", target_field="target", chunk_size=16)
    report = predict_file(source, two, fitted_model, id_field="id", target_field="target", chunk_size=16, n_jobs=2)
    assert report.n_jobs == 2 and report.n_rows == 300
    assert two.read_bytes() == one.read_bytes()


def test_progress_bar_on_request(tmp_path, fitted_model, capsys):
    source = tmp_path / "in.txt"
    _write_input(source, "txt")
    predict_file(source, tmp_path / "out.txt", fitted_model, progress=True)
    assert "sentences" in capsys.readouterr().err


def test_parameters_are_checked(tmp_path, fitted_model):
    source = tmp_path / "in.txt"
    _write_input(source, "txt")
    with pytest.raises(ValueError, match="on_error"):
        predict_file(source, tmp_path / "o.txt", fitted_model, on_error="ignore")
    with pytest.raises(ValueError, match="suffix"):
        predict_file(source, tmp_path / "o.xlsx", fitted_model)
    with pytest.raises(FileNotFoundError, match="no such file"):
        predict_file(tmp_path / "missing.jsonl", tmp_path / "o.txt", fitted_model)
    with pytest.raises(ValueError, match="id_field"):
        predict_file(source, tmp_path / "o.txt", fitted_model, id_field="id")


def test_cli_streams_a_file(tmp_path, capsys):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, "jsonl")
    args = ["predict", "--input", str(source), "--output", str(target), "--id-field", "id", "--target-field", "target"]
    assert main(args) == 0  # the shipped model
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(len(TEXTS))]
    assert rows[0]["target"] == "biometric_surveillance" and set(rows[0]["proba"]) == set(stanceclf.STANCES)
    assert f"{len(TEXTS)} rows" in capsys.readouterr().err
    assert main(args) == 2  # exists: refused without --force
    assert "--force" in capsys.readouterr().err
    assert main([*args, "--force", "--jobs", "1", "--no-proba"]) == 0
    assert "proba" not in json.loads(target.read_text().splitlines()[0])


def test_cli_reports_a_malformed_row(tmp_path, capsys):
    source = _bad_jsonl(tmp_path)
    assert main(["predict", "--input", str(source), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "bad.jsonl:2: -: invalid JSON" in capsys.readouterr().err
    assert main(["predict", "--input", str(source), "--output", str(tmp_path / "o.jsonl"), "--on-error", "skip"]) == 0
    assert "3 malformed row(s) skipped" in capsys.readouterr().err


def test_malformed_row_with_jobs_stops_the_run_and_writes_nothing(tmp_path, fitted_model):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": f"Sentence {i} about a ban."}) for i in range(40)]
    source.write_text("\n".join(lines[:30] + ["broken"] + lines[30:]) + "\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match=r"in\.jsonl:31: -: invalid JSON"):
        predict_file(source, tmp_path / "out.jsonl", fitted_model, chunk_size=4, n_jobs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
