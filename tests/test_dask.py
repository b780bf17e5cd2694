"""The Dask path (optional extra ``dask``) on a two-worker LocalCluster equals the serial path."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

dd = pytest.importorskip("dask.dataframe", reason="the optional extra 'dask' is not installed")
db = pytest.importorskip("dask.bag", reason="the optional extra 'dask' is not installed")
distributed = pytest.importorskip("distributed", reason="the optional extra 'dask' is not installed")
pd = pytest.importorskip("pandas")

import stanceclf.dask as stance_dask  # noqa: E402

TEXTS = [
    "We must ban facial recognition in public spaces.",
    "Police need facial recognition to find missing children.",
    "The vote is scheduled for December.",
    "",
    "Biometric mass surveillance has no place in a democracy.",
    "Exceptions for terrorism are essential.",
] * 5
TARGETS = ["biometric_surveillance", None, "social_scoring"] * 10


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # port and dashboard notices of a throw-away cluster
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
        with distributed.Client(cluster) as client:
            yield client
        cluster.close()


def _serial(model):
    records = [{"text": t, "target": g} for t, g in zip(TEXTS, TARGETS)]
    return model.predict(records), model.predict_proba(records)


def test_dataframe_on_a_local_cluster_equals_serial(client, fitted_model):
    frame = pd.DataFrame({"id": range(len(TEXTS)), "text": TEXTS, "target": TARGETS})
    ddf = dd.from_pandas(frame, npartitions=4)
    result = stance_dask.predict(ddf, fitted_model, target_field="target").compute(scheduler=client.get)
    labels, proba = _serial(fitted_model)
    assert list(result["id"]) == list(range(len(TEXTS)))
    assert list(result["stance"]) == list(labels)
    np.testing.assert_array_equal(result[[f"proba_{c}" for c in fitted_model.classes_]].to_numpy(), proba)


def test_bag_on_a_local_cluster_equals_serial(client, fitted_model):
    items = [{"text": t, "target": g} for t, g in zip(TEXTS, TARGETS)]
    rows = stance_dask.predict(db.from_sequence(items, npartitions=3), fitted_model, target_field="target").compute()
    labels, proba = _serial(fitted_model)
    assert [r["stance"] for r in rows] == list(labels)
    np.testing.assert_array_equal(np.array([list(r["proba"].values()) for r in rows]), proba)
    texts = stance_dask.predict(db.from_sequence(TEXTS[:4], npartitions=2), fitted_model).compute()
    assert [r["text"] for r in texts] == TEXTS[:4] and all("stance" in r for r in texts)


def test_jsonl_files_on_a_local_cluster(client, fitted_model, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS), encoding="utf-8")
    files = stance_dask.predict_jsonl(str(source), tmp_path / "out", fitted_model, blocksize=200)
    rows = [json.loads(line) for f in sorted(files) for line in open(f, encoding="utf-8")]
    assert [r["stance"] for r in rows] == list(fitted_model.predict(TEXTS))
    with pytest.raises(FileExistsError, match="overwrite=True"):
        stance_dask.predict_jsonl(str(source), tmp_path / "out", fitted_model)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl: line 'not json': invalid JSON"):
        stance_dask.predict_jsonl(str(bad), tmp_path / "bad-out", fitted_model)


def test_bad_input_is_named(client, fitted_model):
    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(ValueError, match="text: no such column"):
        stance_dask.predict(ddf, fitted_model)
    with pytest.raises(TypeError, match="dask.dataframe.DataFrame or a dask.bag.Bag"):
        stance_dask.predict(["a list"], fitted_model)
    with pytest.raises(TypeError, match="row 1: text: expected a string, got"):
        frame = pd.DataFrame({"text": pd.Series(["fine", None], dtype=object)})
        stance_dask.predict(dd.from_pandas(frame, npartitions=1), fitted_model).compute()


def test_the_predict_dask_command_uses_the_given_scheduler(client, fitted_model, tmp_path, capsys):
    from stanceclf import save_model
    from stanceclf.cli import main

    model_dir = save_model(fitted_model, tmp_path / "model")
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS), encoding="utf-8")
    argv = ["predict-dask", str(source), str(tmp_path / "out"), "--scheduler", client.scheduler.address,
            "--model", str(model_dir)]
    assert main(argv) == 0
    rows = [json.loads(line) for f in sorted((tmp_path / "out").glob("part-*.jsonl")) for line in open(f)]
    assert [r["stance"] for r in rows] == list(fitted_model.predict(TEXTS))
    assert main(argv) == 2 and "refusing to overwrite (pass --force)" in capsys.readouterr().err
