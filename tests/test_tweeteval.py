from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

import stanceclf
from stanceclf.tweeteval import TweetEvalFormatError, default_tweeteval_path, load_tweeteval

# A tiny invented data set in TweetEval's text layout (labels: 0 none, 1 against, 2 favor), written
# to a temporary folder so that no file named like the benchmark's is committed.
_FIXTURE_FILES = {
    "abortion/test_labels.txt": ["2", "1", "0"],
    "abortion/test_text.txt": ["Protect choice now #ProChoice", "Life begins at conception", "Nice weather"],
    "abortion/train_labels.txt": ["1", "2", "0", "2", "1", "0"],
    "abortion/train_text.txt": [
        "Every life is precious, protect the unborn #prolife",
        "My body, my choice. #SemST",
        "Going to the beach today",
        "Women deserve safe and legal care #prochoice",
        "Abortion is murder, plain and simple",
        "Lunch was great",
    ],
    "abortion/val_labels.txt": ["2", "1"],
    "abortion/val_text.txt": ["Choice is a human right", "Defend the unborn"],
    "hillary/test_labels.txt": ["2", "1", "0"],
    "hillary/test_text.txt": ["She has my vote #Hillary2016", "Corrupt as ever", "Rain again"],
    "hillary/train_labels.txt": ["2", "1", "0", "2", "1", "0"],
    "hillary/train_text.txt": [
        "Hillary will make a great president #ImWithHer",
        "Never trust Hillary #StopHillary",
        "Debate tonight at nine",
        "Proud to vote for her",
        "Emails scandal again, no way",
        "Coffee first",
    ],
    "hillary/val_labels.txt": ["2", "1"],
    "hillary/val_text.txt": ["Go Hillary!", "Lock her up"],
}


def _write_fixture() -> Path:
    import atexit
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="tweeteval-fixture-"))
    atexit.register(shutil.rmtree, root, True)
    for name, text in _FIXTURE_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("\n".join(text) + "\n", encoding="utf-8")
    return root


FIXTURE = _write_fixture()


def test_local_layout_records():
    ds = load_tweeteval(FIXTURE, split="train", targets=["abortion", "hillary"])
    assert ds.column_names == ["text", "target", "stance", "split"]
    assert len(ds) == 12
    assert ds[0] == {
        "text": "Every life is precious, protect the unborn #prolife",
        "target": "abortion",
        "stance": "AGAINST",
        "split": "train",
    }
    assert ds[1]["stance"] == "FAVOR" and ds[2]["stance"] == "NONE"
    assert ds[6]["target"] == "hillary"
    assert set(ds["split"]) == {"train"}


def test_val_and_test_splits_and_target_subset():
    val = load_tweeteval(FIXTURE, split="val", targets=["hillary"])
    assert val["text"] == ["Go Hillary!", "Lock her up"]
    assert val["stance"] == ["FAVOR", "AGAINST"]
    assert len(load_tweeteval(FIXTURE, split="test", targets=["abortion", "hillary"])) == 6


def test_env_var_sets_default(monkeypatch):
    monkeypatch.setenv("STANCECLF_TWEETEVAL", str(FIXTURE))
    assert default_tweeteval_path() == FIXTURE
    assert len(load_tweeteval(None, split="val", targets=["abortion"])) == 2


def test_bad_arguments():
    with pytest.raises(ValueError, match="split"):
        load_tweeteval(FIXTURE, split="dev")
    with pytest.raises(ValueError, match="unknown target"):
        load_tweeteval(FIXTURE, targets=["brexit"])
    with pytest.raises(FileNotFoundError, match="atheism"):
        load_tweeteval(FIXTURE, targets=["atheism"])


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "tweeteval"
    shutil.copytree(FIXTURE, root)
    return root


def test_line_count_mismatch_names_files_and_line(tmp_path):
    root = _copy(tmp_path)
    labels = root / "abortion" / "train_labels.txt"
    labels.write_text("".join(labels.read_text().splitlines(keepends=True)[:-2]))
    with pytest.raises(TweetEvalFormatError) as error:
        load_tweeteval(root, targets=["abortion"])
    message = str(error.value)
    assert "train_text.txt has 6 lines" in message and "train_labels.txt has 4" in message
    assert "at line 5" in message


def test_bad_label_names_file_and_line(tmp_path):
    root = _copy(tmp_path)
    labels = root / "hillary" / "val_labels.txt"
    labels.write_text("2\nfavor\n")
    with pytest.raises(TweetEvalFormatError, match=r"hillary/val_labels\.txt:2: label 'favor'"):
        load_tweeteval(root, split="val", targets=["hillary"])


def test_hub_path_uses_datasets_load_dataset(monkeypatch):
    import datasets

    calls = []

    def fake_load_dataset(name, config, split):
        calls.append((name, config, split))
        return datasets.Dataset.from_dict({"text": [f"{config} tweet", "other"], "label": [2, 0]})

    monkeypatch.setattr(datasets, "load_dataset", fake_load_dataset)
    ds = load_tweeteval("hub", split="val", targets=["atheism", "climate"])
    assert calls == [
        ("cardiffnlp/tweet_eval", "stance_atheism", "validation"),
        ("cardiffnlp/tweet_eval", "stance_climate", "validation"),
    ]
    assert ds["stance"] == ["FAVOR", "NONE", "FAVOR", "NONE"]
    assert ds["target"] == ["atheism", "atheism", "climate", "climate"]
    assert ds[0]["text"] == "stance_atheism tweet" and set(ds["split"]) == {"val"}


def test_hub_bad_label(monkeypatch):
    import datasets

    monkeypatch.setattr(
        datasets, "load_dataset", lambda name, config, split: datasets.Dataset.from_dict({"text": ["a"], "label": [7]})
    )
    with pytest.raises(TweetEvalFormatError, match="stance_abortion/train row 1"):
        load_tweeteval("hub", targets=["abortion"])


def test_dataset_trains_a_model():
    train = load_tweeteval(FIXTURE, split="train", targets=["abortion", "hillary"])
    model = stanceclf.train(train, preset=None)
    assert model.features_.targets_ == ["abortion", "hillary"]
    test = load_tweeteval(FIXTURE, split="test", targets=["abortion", "hillary"])
    assert stanceclf.evaluate(model, test).n == 6


def test_target_weight_scales_conjoined_block_only():
    from sklearn.base import clone

    from stanceclf.features import StanceFeatures

    train = [dict(r) for r in load_tweeteval(FIXTURE, split="train", targets=["abortion", "hillary"])]
    plain = StanceFeatures().fit_transform(train).toarray()
    heavy_features = StanceFeatures(target_weight=2.0)
    heavy = heavy_features.fit_transform(train).toarray()
    width = heavy_features.n_text_features_
    np.testing.assert_allclose(heavy[:, :width], plain[:, :width])
    np.testing.assert_allclose(heavy[:, width:], 2.0 * plain[:, width:])
    assert clone(heavy_features).get_params()["target_weight"] == 2.0
    with pytest.raises(ValueError, match="target_weight"):
        StanceFeatures(target_weight=0).fit(train)


def test_semeval_preset_forwards_target_weight():
    train = load_tweeteval(FIXTURE, split="train", targets=["abortion", "hillary"])
    model = stanceclf.train(train, preset="semeval")
    assert model.get_params()["target_weight"] == stanceclf.PRESETS["semeval"]["target_weight"]
    assert model.features_.target_weight == model.target_weight
    assert set(model.predict([{"text": "My body, my choice", "target": "abortion"}])) <= set(stanceclf.STANCES)
