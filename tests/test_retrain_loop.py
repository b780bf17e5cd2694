"""Issue 5: the whole annotation loop, and that no command ever changes an input file."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from stanceclf import StanceClassifier, load_model
from stanceclf.annotate import start_annotation
from stanceclf.cli import main
from stanceclf.workflows import merge_annotation_files

ARTICLE = (
    "Lawmakers debate facial recognition\n\n"
    "Campaigners demand a total ban on facial recognition in public spaces. "
    "The police say they need the technology to find missing children. "
    "The final vote is expected in the spring."
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def base_model(tmp_path, corpus_file, capsys) -> Path:
    out = tmp_path / "models" / "base"
    assert run(capsys, "train", "--data", corpus_file, "--out", out, "--no-cv")[0] == 0
    return out


def test_the_whole_loop(tmp_path, capsys, corpus_file, base_model):
    article = tmp_path / "new-article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    inputs = {article: sha(article), corpus_file: sha(corpus_file)}
    old_model_files = {p: sha(p) for p in base_model.iterdir()}

    # 1. annotate: sentences with suggestions, most uncertain first
    draft = tmp_path / "new.jsonl"
    code, out, _ = run(capsys, "annotate", article, "--out", draft, "--model", base_model, "--rank", "entropy")
    assert code == 0 and "4 sentences" in out
    records = [json.loads(line) for line in draft.read_text().splitlines()]
    assert sorted(r["id"] for r in records) == [f"new-article-{i}" for i in range(1, 5)]
    uncertainty = [r["uncertainty"] for r in records]
    assert uncertainty == sorted(uncertainty, reverse=True)
    assert all(set(r["suggested_proba"]) == {"NONE", "AGAINST", "FAVOR"} for r in records)

    # 2. an unedited draft does not validate, and says why
    code, out, _ = run(capsys, "validate", draft)
    assert code == 1 and f"{draft}:1: stance: empty: not annotated yet" in out
    assert run(capsys, "annotate", article, "--out", draft, "--model", base_model)[0] == 2  # exists, no --force

    # 3. the annotator edits the labels (twice, independently)
    labels = {"1": ("NONE", ""), "2": ("FAVOR", "campaigners"), "3": ("AGAINST", "the police"), "4": ("NONE", "")}
    edited, second = tmp_path / "edited.jsonl", tmp_path / "second.jsonl"
    for path, flip in ((edited, None), (second, "new-article-4")):
        rows = []
        for r in sorted(records, key=lambda r: int(r["id"].rsplit("-", 1)[1])):
            stance, speaker = labels[r["id"].rsplit("-", 1)[1]]
            if r["id"] == flip:
                stance, speaker = "FAVOR", "author"
            rows.append(
                {k: r[k] for k in ("id", "doc", "text")}
                | {
                    "speaker": speaker,
                    "speaker_type": "none" if not speaker else "other",
                    "target": "biometric_surveillance",
                    "stance": stance,
                    "rationale": "edited",
                }
            )
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    inputs.update({edited: sha(edited), second: sha(second)})

    # 4. validate, agreement
    code, out, _ = run(capsys, "validate", corpus_file, edited)
    assert code == 0, out
    code, out, _ = run(capsys, "agreement", edited, second, "--list")
    assert code == 0 and "NONE -> FAVOR: 1" in out and "new-article-4: NONE | FAVOR" in out

    # 5. retrain on the merged files into a new directory
    new_model = tmp_path / "models" / "v2"
    code, out, _ = run(capsys, "train", "--data", corpus_file, "--data", edited, "--out", new_model)
    assert code == 0
    manifest = json.loads((new_model / "manifest.json").read_text())
    assert [f["sha256"] for f in manifest["data_files"]] == [inputs[corpus_file], inputs[edited]]
    assert manifest["training"]["n_records"] == 18 + 4

    # 6. the new model loads and predicts; the old one is untouched; no input changed
    assert load_model(new_model).predict(["Ban facial recognition now."])[0] in {"FAVOR", "AGAINST", "NONE"}
    assert {p: sha(p) for p in base_model.iterdir()} == old_model_files
    assert {p: sha(p) for p in inputs} == inputs


def test_retraining_twice_gives_identical_predictions(tmp_path, capsys, corpus_file):
    for name in ("a", "b"):
        assert run(capsys, "train", "--data", corpus_file, "--out", tmp_path / name, "--no-cv")[0] == 0
    texts = ["We must ban it.", "Police need it.", "The vote is on Monday."]
    np.testing.assert_array_equal(
        load_model(tmp_path / "a").predict_proba(texts), load_model(tmp_path / "b").predict_proba(texts)
    )


def test_conflicting_ids_name_both_places_unless_prefer(tmp_path, records):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    changed = dict(records[2], stance="NONE", speaker="", speaker_type="none")
    second.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{second}:1: stance: id '{records[2]['id']}' differs from {first}:3"):
        merge_annotation_files([first, second])
    merged = merge_annotation_files([first, second], prefer=str(second))
    assert len(merged) == len(records) and merged[2]["stance"] == "NONE"
    assert merge_annotation_files([first, second], prefer=str(first))[2]["stance"] == records[2]["stance"]


def test_train_refuses_to_overwrite_and_replaces_atomically_with_force(tmp_path, capsys, corpus_file):
    out = tmp_path / "m"
    assert run(capsys, "train", "--data", corpus_file, "--out", out, "--no-cv")[0] == 0
    before = sha(out / "manifest.json")
    code, _, err = run(capsys, "train", "--data", corpus_file, "--out", out, "--no-cv", "--C", "1")
    assert code == 2 and "refusing to overwrite" in err and "--force" in err and sha(out / "manifest.json") == before
    assert run(capsys, "train", "--data", corpus_file, "--out", out, "--no-cv", "--C", "1", "--force")[0] == 0
    assert load_model(out).C == 1.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl", "m"]
    assert len(list(out.iterdir())) == 3  # manifest.json, one model file, the model card


def test_train_force_never_deletes_a_directory_that_is_not_a_model(tmp_path, capsys, corpus_file):
    # Issue 12: --force deleted any directory recursively, a project folder with its annotations.
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.md").write_text("my notes", encoding="utf-8")
    kept = project / "annotations.jsonl"
    kept.write_bytes(corpus_file.read_bytes())
    code, _, err = run(capsys, "train", "--data", kept, "--out", project, "--no-cv", "--force")
    assert code == 2 and "not a stanceclf model directory" in err
    assert sorted(p.name for p in project.iterdir()) == ["annotations.jsonl", "notes.md"]
    assert kept.read_bytes() == corpus_file.read_bytes()


def test_validate_reports_every_problem_with_file_line_field(tmp_path, capsys, records):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(records[0]) + "\n" + json.dumps(dict(records[1], target="drones")) + "\n", encoding="utf-8")
    b.write_text(
        json.dumps(records[0])
        + "\n\n"
        + json.dumps(dict(records[2], id="other-1", doc="other"))
        + "\n"
        + json.dumps(dict(records[3], text=" "))
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", a, b)
    assert code == 1
    assert f"{a}:2: target: unknown target 'drones'" in out
    assert f"{b}:4: text: empty or white space only" in out
    # after an error in a file, cross-file checks use the files that are valid
    assert len(out.splitlines()) == 2


def test_validate_cross_file_duplicates(tmp_path, capsys, records):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
    b.write_text(
        json.dumps(records[0]) + "\n\n" + json.dumps(dict(records[0], id="other-1", doc="other")) + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", a, b)
    assert code == 1
    assert f"{b}:1: id: '{records[0]['id']}' also at {a}:1" in out
    assert f"{b}:3: text: duplicate of the text at {a}:1" in out


def test_start_annotation_rankings(fitted_model):
    by_margin = start_annotation(ARTICLE, "d", fitted_model, rank="margin")
    assert [r["uncertainty"] for r in by_margin] == sorted((r["uncertainty"] for r in by_margin), reverse=True)
    in_order = start_annotation(ARTICLE, "d", fitted_model)
    assert [r["id"] for r in in_order] == ["d-1", "d-2", "d-3", "d-4"]
    with pytest.raises(ValueError, match="rank must be"):
        start_annotation(ARTICLE, "d", fitted_model, rank="random")


def test_partial_fit_updates_an_sgd_model(records):
    y = [r["stance"] for r in records]
    model = StanceClassifier(classifier="sgd", random_state=0)
    model.partial_fit(records[:9], y[:9])
    assert list(model.classes_) == ["AGAINST", "FAVOR", "NONE"]
    before = model.decision_function(records).copy()
    model.partial_fit(records[9:], y[9:])
    assert model.training_["n_records"] == len(records) and model.training_["batches"] == 2
    assert not np.allclose(before, model.decision_function(records))
    assert model.predict_proba(records).shape == (len(records), 3)
    assert not hasattr(StanceClassifier(), "partial_fit")  # logreg: retrain instead


def test_agreement_of_three_annotators_uses_krippendorffs_alpha(tmp_path, capsys, records):
    paths = []
    for k in range(3):
        rows = [
            dict(r, stance="NONE", speaker="", speaker_type="none") if (k == 2 and i < 2) else r
            for i, r in enumerate(records)
        ]
        path = tmp_path / f"coder{k}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(path)
    code, out, _ = run(capsys, "agreement", *paths, "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["annotations"] == 3
    assert "kappa" not in result["stance"] and 0 < result["stance"]["alpha"] < 1
    assert [d[0] for d in result["stance"]["disagreements"]] == [records[0]["id"], records[1]["id"]]
    assert result["target"]["alpha"] == 1.0


def test_places_are_real_line_numbers_across_blank_lines_and_multiline_csv(tmp_path, capsys, records):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.csv"
    first.write_text("\n" + json.dumps(records[0]) + "\n\n\n" + json.dumps(records[1]) + "\n", encoding="utf-8")
    with second.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerow(dict(records[2], text="A quoted\nmulti-line sentence."))
        writer.writerow(dict(records[1], stance="NONE"))
    assert second.read_text(encoding="utf-8").count("\n") == 4
    # records[1] is at line 5 of first (after blank lines) and at line 4 of second (after a 2-line row)
    with pytest.raises(ValueError, match=rf"{second}:4: stance: id '{records[1]['id']}' differs from {first}:5"):
        merge_annotation_files([first, second])
    code, out, _ = run(capsys, "validate", first, second)
    assert code == 1 and f"{second}:4: id: '{records[1]['id']}' also at {first}:5" in out
