from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from stanceclf.cli import COMMANDS, build_parser, main


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_subcommands_are_declared_once_in_the_command_table():
    # Issue 13: one table (name, help, description, epilog, module) drives the parser.
    choices = build_parser()._subparsers._group_actions[0].choices
    assert list(choices) == [command.name for command in COMMANDS]
    for command in COMMANDS:
        parser = choices[command.name]
        assert (parser.description, parser.epilog) == (command.description, command.epilog)
        assert parser.get_default("run") is command.module.run
        assert command.module.__name__ == "stanceclf.cli." + command.name.replace("-", "_")


def test_console_script_points_at_main():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))
    module, _, name = pyproject["project"]["scripts"]["stanceclf"].partition(":")
    assert getattr(importlib.import_module(module), name) is main


def test_help_of_every_command_has_an_example():
    for command in ("predict", "train", "evaluate", "cross-validate", "agreement"):
        result = subprocess.run([sys.executable, "-m", "stanceclf", command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0
        assert "examples:" in result.stdout and "stanceclf " + command.split()[0] in result.stdout


def test_predict_texts_table_and_jsonl_with_explanations(capsys):
    code, out, _ = run(capsys, "predict", "We must ban facial recognition in public spaces.", "")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("FAVOR") and lines[1].startswith("NONE")
    code, out, _ = run(
        capsys,
        "predict",
        "--format",
        "jsonl",
        "--explain",
        "--top",
        "3",
        "--target",
        "biometric_surveillance",
        "Ban it now.",
    )
    row = json.loads(out)
    assert row["target"] == "biometric_surveillance" and row["stance"] in row["proba"]
    assert all(len(pairs) <= 3 for pairs in row["explanation"].values())


def test_predict_from_txt_jsonl_and_csv_files(capsys, tmp_path):
    txt = tmp_path / "in.txt"
    txt.write_text("We must ban facial recognition.\n\nPolice need it.\n", encoding="utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"id": "x-1", "text": "We must ban it."}) + "\n", encoding="utf-8")
    csv = tmp_path / "in.csv"
    csv.write_text("id,text\nx-2,Ban facial recognition.\n", encoding="utf-8")
    assert len(run(capsys, "predict", str(txt))[1].splitlines()) == 2
    assert json.loads(run(capsys, "predict", "--format", "jsonl", str(jsonl))[1])["id"] == "x-1"
    assert json.loads(run(capsys, "predict", "--format", "jsonl", str(csv))[1])["id"] == "x-2"


def test_train_evaluate_and_refuse_overwrite(capsys, corpus_file, tmp_path):
    out = tmp_path / "model"
    code, stdout, _ = run(capsys, "train", "--data", str(corpus_file), "--out", str(out))
    assert code == 0 and "leave-one-article-out: F_avg" in stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["data_files"][0]["records"] == 18
    code, _, err = run(capsys, "train", "--data", str(corpus_file), "--out", str(out))
    assert code == 2 and "refusing to overwrite" in err and "--force" in err
    code, stdout, _ = run(capsys, "evaluate", "--data", str(corpus_file), "--model", str(out), "--format", "json")
    assert code == 0 and json.loads(stdout)["n"] == 18


def test_errors_are_messages_not_tracebacks(capsys, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "stance": "maybe"}\n', encoding="utf-8")
    code, _, err = run(capsys, "evaluate", "--data", str(bad))
    assert code == 2 and f"{bad}:1: stance: unknown label 'maybe'" in err
    code, _, err = run(capsys, "predict", "--model", str(tmp_path / "nothing"), "text")
    assert code == 2 and "no such model" in err


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_agreement_command(capsys, corpus_file, tmp_path, fmt, records):
    other = tmp_path / "other.jsonl"
    changed = [dict(r, stance="NONE", speaker="", speaker_type="none") if i == 0 else r for i, r in enumerate(records)]
    other.write_text("".join(json.dumps(r) + "\n" for r in changed), encoding="utf-8")
    code, out, _ = run(capsys, "agreement", str(corpus_file), str(other), "--format", fmt)
    assert code == 0
    if fmt == "json":
        result = json.loads(out)
        assert result["stance"]["disagreements"] == [[records[0]["id"], "FAVOR", "NONE"]]
    else:
        assert "FAVOR -> NONE: 1" in out
