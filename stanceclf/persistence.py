"""Model directories: saving and loading models safely, and their manifest.

A model directory holds ``manifest.json`` and one model file, ``model-<hash>.skops``, written
with :mod:`skops.io`. Loading never runs code from the directory:

* only the types in :data:`TRUSTED_TYPES` are reconstructed (the classes our estimator is made
  of, reviewed by hand); a file naming any other type is refused before anything is built;
* a pickle (``model.joblib``, the format before skops) loads only with ``allow_pickle=True``,
  with a warning, since unpickling runs whatever code the file names;
* the model file's SHA-256 is checked against the manifest, its name must be a plain file name
  in the directory, and every other manifest field must equal the copy saved inside the model
  file (``labels``, ``targets``, ``config`` and ``training`` are also checked against the model).

Replacing a model is atomic for readers: the new model file gets a new name, then
``manifest.json`` is replaced in one rename, and the old file is removed. A reader sees the old
manifest and file or the new ones; one that lost the race re-reads the manifest. A writer killed
at any point leaves the old (or the new) model loadable; its leftovers are removed by the next save.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import os
import platform
import re
import warnings
import zipfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.utils.validation import check_is_fitted

from ._io import LIBRARY_VERSION, check_overwrite, read_text, shipped_path, write_bytes_atomic, write_text_atomic
from .classifier import StanceClassifier
from .model_card import CARD_FILE, is_model_card, render_model_card
from .presets import DEFAULT_MODEL

__all__ = [
    "TRUSTED_TYPES",
    "ModelLoadError",
    "check_destination",
    "is_model_directory",
    "load_model",
    "read_manifest",
    "save_model",
    "shipped_model_path",
    "shipped_models",
    "write_model_card",
]

MANIFEST_FILE = "manifest.json"
PICKLE_FILE = "model.joblib"  # the format of models saved before skops
_FORMAT = "stanceclf-skops-1"
# Files a save writes: the model (named by the first 16 hex digits of its SHA-256) and temporary files.
_MODEL_FILE = re.compile(r"model-(?P<hash>[0-9a-f]{16})\.skops")
_TEMP_PREFIX, _TEMP_SUFFIX = ".stanceclf-", ".tmp"  # write_bytes_atomic adds the suffix
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Manifest fields that describe the model file itself, so they cannot be stored inside it.
_FILE_FIELDS = ("model_file", "model_sha256")
_READ_ATTEMPTS = 5

# Every type a saved StanceClassifier is made of (any classifier, calibration, speaker features),
# found by listing the types in files saved from each configuration (a test repeats this), then
# reviewed: our two estimators and the tokenizer (plain attributes, no code in their state),
# scikit-learn's estimators, the calibration's private helpers and splitter, numpy arrays and
# scalars, and containers. Rebuilding them calls no code the file names; a crafted file can only
# combine these types (at worst a model that predicts badly or raises).
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.dict",
    "builtins.list",
    "builtins.str",
    "builtins.tuple",
    "numpy.ndarray",
    "numpy.float64",
    "numpy.int64",
    "sklearn._loss._loss.CyHalfBinomialLoss",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._TemperatureScaling",
    "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
    "sklearn.frozen._frozen.FrozenEstimator",
    "sklearn.feature_extraction.text.CountVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.linear_model._stochastic_gradient.SGDClassifier",
    "sklearn.model_selection._split.StratifiedKFold",
    "sklearn.svm._classes.LinearSVC",
    "stanceclf.discourse.DiscourseFeatures",
    "stanceclf.features.StanceFeatures",
    "stanceclf.features._Tokenizer",
    "stanceclf.classifier.StanceClassifier",
    "stanceclf.classifier._Scores",
)


# Parameters that models saved by earlier versions hold and StanceClassifier no longer has. Each
# only steered fitting, so dropping it leaves predictions unchanged.
REMOVED_PARAMS: dict[str, str] = {
    "calibration_groups": "to refit it with calibration folds by article, pass fit(X, y, groups=<each record's doc>)",
}

# Where a type lived when older models were saved -> where it lives now (the refactor of issue 13).
# Only modules move; a file naming a type outside TRUSTED_TYPES (after the move) is still refused.
MOVED_MODULES: dict[str, str] = {"stanceclf.model": "stanceclf.classifier"}


def _moved_types(data: bytes) -> bytes:
    """A skops file with the modules of :data:`MOVED_MODULES` renamed in its schema; other bytes unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        schema = archive.read("schema.json")
        renamed = schema
        for old, new in MOVED_MODULES.items():
            renamed = renamed.replace(f'"__module__": "{old}"'.encode(), f'"__module__": "{new}"'.encode())
        if renamed == schema:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as copy:
            for item in archive.infolist():
                copy.writestr(item, renamed if item.filename == "schema.json" else archive.read(item.filename))
    return out.getvalue()


class ModelLoadError(RuntimeError):
    """A model directory is missing, incomplete, tampered with, untrusted, or from an incompatible version."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


# ---------------------------------------------------------------------------------------------
# Finding and reading model directories


def shipped_models() -> list[str]:
    """Names of the models shipped with stanceclf (each a directory with a manifest)."""
    root = shipped_path("_models")
    if root.is_dir():
        names = [p.name for p in root.iterdir()]
    else:  # an installed wheel: the data package may be a namespace package, listed through its resources
        names = [p.name for p in resources.files("stanceclf._models").iterdir()]
    return sorted(name for name in names if shipped_path("_models", name, MANIFEST_FILE).is_file())


def shipped_model_path(name: str = DEFAULT_MODEL) -> Path:
    """Where the shipped model ``name`` lives (``models/<name>`` in a checkout), saved there or not yet."""
    return shipped_path("_models", name)


def model_directory(name_or_path: str | os.PathLike | None) -> Path:
    """The directory of a shipped model name (e.g. ``"aipolicy"``) or of an explicit path.

    A ``Path`` object, or a string with a path separator or starting with ``.`` or ``~``, is a
    path; any other string is the name of a shipped model. A folder of the same name in the
    working directory is never looked up by name: write ``./name`` to load it.
    """
    if name_or_path is None:
        name_or_path = DEFAULT_MODEL
    text = os.fspath(name_or_path)
    separators = {"/", os.sep, os.altsep} - {None}
    if not isinstance(name_or_path, str) or any(s in text for s in separators) or text.startswith((".", "~")):
        path = Path(text).expanduser()
        if not path.is_dir():
            raise ModelLoadError(f"{path}: no such model directory")
        return path
    if not _PLAIN_NAME.fullmatch(text) or not shipped_path("_models", text, MANIFEST_FILE).is_file():
        raise ModelLoadError(
            f"{text}: no such model: not a shipped model name ({', '.join(shipped_models())}); "
            f"to load a directory, give its path (e.g. ./{text})"
        )
    return shipped_path("_models", text)


def _parse_manifest(raw: bytes, path: Path) -> dict:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ModelLoadError(f"{path}: corrupt manifest (not UTF-8)") from None
    except json.JSONDecodeError as error:
        raise ModelLoadError(f"{path}: corrupt manifest ({error.msg} at line {error.lineno})") from None
    if not isinstance(manifest, dict) or manifest.get("library") != "stanceclf":
        raise ModelLoadError(f'{path}: not a stanceclf manifest (no "library": "stanceclf")')
    name = manifest.get("model_file")
    if not isinstance(name, str) or not _PLAIN_NAME.fullmatch(name) or not name.endswith((".skops", ".joblib")):
        raise ModelLoadError(
            f"{path}: model_file: {name!r} is not a .skops or .joblib file name inside the model directory"
        )
    if not isinstance(manifest.get("model_sha256"), str):
        raise ModelLoadError(f"{path}: model_sha256: missing")
    return manifest


def read_manifest(directory: str | os.PathLike) -> dict:
    """The manifest of a model directory, with its file name and hash fields checked.

    Raises
    ------
    ModelLoadError
        When the manifest is missing, not JSON, or not a stanceclf manifest.
    """
    path = Path(directory) / MANIFEST_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelLoadError(f"{path}: missing; a model directory needs {MANIFEST_FILE} and a model file") from None
    return _parse_manifest(raw, path)


def is_model_directory(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a directory with a valid stanceclf manifest (what ``overwrite`` may replace)."""
    try:
        return Path(path).is_dir() and bool(read_manifest(path))
    except ModelLoadError:
        return False


# ---------------------------------------------------------------------------------------------
# Vocabularies: skops stores a dict entry by entry (~1 s to load 65k n-grams), so the n-gram
# vocabularies are saved as one string of terms with their lengths, in index order.


def _parts(obj: Any, path: tuple = (), depth: int = 0) -> Iterator[tuple[tuple, Any]]:
    """Every object an estimator is made of (itself first), with its attribute path."""
    yield path, obj
    if depth > 8:
        return
    if isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from _parts(item, (*path, i), depth + 1)
    elif type(obj).__module__.split(".")[0] in ("sklearn", "stanceclf") and hasattr(obj, "__dict__"):
        # Estimators and their helpers (the calibration keeps a fitted copy of the model).
        for name, value in vars(obj).items():
            yield from _parts(value, (*path, name), depth + 1)


def _vectorizers(model: Any) -> Iterator[tuple[tuple, CountVectorizer]]:
    """Every fitted n-gram vectorizer inside an estimator, with its attribute path."""
    for path, part in _parts(model):
        if isinstance(part, CountVectorizer) and hasattr(part, "vocabulary_"):
            yield path, part


def _pack_vocabularies(model: StanceClassifier) -> tuple[StanceClassifier, list[dict]]:
    packed = copy.deepcopy(model)
    vocabularies = []
    for path, vectorizer in _vectorizers(packed):
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        if [vectorizer.vocabulary_[t] for t in terms] != list(range(len(terms))):
            continue  # not a dense 0..n-1 index: keep the dict as it is
        vocabularies.append(
            {"path": list(path), "terms": "".join(terms), "lengths": np.fromiter(map(len, terms), dtype=np.int64)}
        )
        vectorizer.vocabulary_ = {}
    return packed, vocabularies


def _unpack_vocabularies(model: StanceClassifier, vocabularies: Any, where: Path) -> None:
    if not isinstance(vocabularies, list):
        raise ModelLoadError(f"{where}: vocabularies: expected a list")
    for entry in vocabularies:
        obj: Any = model
        try:
            for step in entry["path"]:  # only attributes and list items, never a property or method
                obj = obj[step] if isinstance(step, int) else vars(obj)[step]
            terms, lengths = entry["terms"], entry["lengths"]
            ok = isinstance(obj, CountVectorizer) and isinstance(terms, str) and isinstance(lengths, np.ndarray)
        except (KeyError, IndexError, TypeError):
            ok = False
        if not ok or lengths.ndim != 1 or (lengths < 0).any() or int(lengths.sum()) != len(terms):
            raise ModelLoadError(f"{where}: vocabularies: malformed entry at {entry.get('path')!r}")
        ends = np.cumsum(lengths).tolist()
        obj.vocabulary_ = {terms[end - n : end]: i for i, (end, n) in enumerate(zip(ends, lengths.tolist()))}


# ---------------------------------------------------------------------------------------------
# Saving


def _write_atomic(path: Path, data: bytes) -> None:
    write_bytes_atomic(path, data, overwrite=True, temporary_prefix=_TEMP_PREFIX)


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One writer at a time per model directory (POSIX; readers never need the lock)."""
    try:
        import fcntl  # POSIX only: imported where it is used, so the module imports on Windows
    except ImportError:  # Windows: concurrent saves to one directory are not supported
        yield
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _is_leftover(path: Path) -> bool:
    """A file an interrupted save left: a temporary file, or a model file that matches its hash."""
    name = path.name
    if name.startswith(_TEMP_PREFIX) and name.endswith(_TEMP_SUFFIX):
        return path.is_file()
    match = _MODEL_FILE.fullmatch(name)
    return bool(match) and path.is_file() and _sha256(path.read_bytes()).startswith(match["hash"])


def _previous_model_file(directory: Path, overwrite: bool) -> str | None:
    """The model file of the model ``directory`` holds (to be replaced), or None when it holds none.

    Raises ``FileExistsError`` when the directory holds a model and ``overwrite`` is false, and
    whenever it holds anything that is not a stanceclf model (overwrite never replaces that).
    """
    if not directory.is_dir():
        raise FileExistsError(f"{directory}: exists and is not a directory; refusing to replace it")
    if (directory / MANIFEST_FILE).exists():
        try:
            previous = read_manifest(directory)
        except ModelLoadError as error:
            raise FileExistsError(
                f"{directory}: not a valid stanceclf model directory ({error}); refusing to write into it, "
                "even with overwrite: remove it yourself if it is yours"
            ) from None
        if not overwrite:
            check_overwrite([directory], overwrite=overwrite)
        return previous["model_file"]
    foreign = sorted(p.name for p in directory.iterdir() if not _is_leftover(p))
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise FileExistsError(
            f"{directory}: exists and is not a stanceclf model directory (no {MANIFEST_FILE}; holds {shown}); "
            "refusing to write into it, even with overwrite"
        )
    return None


def check_destination(directory: str | os.PathLike, overwrite: bool = False) -> None:
    """Raise ``FileExistsError`` now if :func:`save_model` would refuse ``directory`` (before training)."""
    if Path(directory).exists():
        _previous_model_file(Path(directory), overwrite)


def _remove_stale(directory: Path, keep: str | None, previous: str | None) -> None:
    """Remove the replaced model file and leftovers of interrupted saves; never anything else."""
    for path in directory.iterdir():
        if path.name != keep and (path.name == previous or _is_leftover(path)):
            with contextlib.suppress(OSError):  # e.g. open by a reader on Windows: removed next time
                path.unlink()


def save_model(
    model: StanceClassifier,
    directory: str | os.PathLike,
    *,
    evaluation: dict | None = None,
    overwrite: bool = False,
    extra: dict | None = None,
) -> Path:
    """Save a fitted model as ``model-<hash>.skops`` and ``manifest.json`` in ``directory``.

    Parameters
    ----------
    model : StanceClassifier
        Fitted.
    directory : path
        Created if needed. An existing directory must be empty, or a stanceclf model directory
        (replaced only with ``overwrite=True``); anything else is refused, whatever ``overwrite``.
        Replacing a model changes only its manifest and model file: other files are kept.
    evaluation : dict, optional
        Figures to record in the manifest (e.g. ``report.to_dict()`` of a cross-validation).
    overwrite : bool, default=False
    extra : dict, optional
        More manifest entries (e.g. the training files and their hashes).

    Returns
    -------
    Path of the model directory.
    """
    import skops.io  # only saving and loading need skops, which adds ~0.6 s to `import stanceclf`

    check_is_fitted(model, "estimator_")
    directory = Path(directory)
    contents = {
        "library": "stanceclf",
        "library_version": LIBRARY_VERSION,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "skops_version": skops.__version__,
        "python_version": platform.python_version(),
        "model_format": "skops",
        "config": _jsonable(model.get_params()),
        "labels": [str(c) for c in model.classes_],
        "targets": list(model.features_.targets_),
        "training": _jsonable(model.training_),
        "evaluation": _jsonable(evaluation or {}),
    }
    clash = sorted(set(extra or {}) & (set(contents) | set(_FILE_FIELDS)))
    if clash:
        raise ValueError(f"extra: {clash} are fields the manifest sets itself")
    contents.update(_jsonable(extra or {}))
    estimator, vocabularies = _pack_vocabularies(model)
    payload = skops.io.dumps(
        {"format": _FORMAT, "estimator": estimator, "vocabularies": vocabularies, "manifest": contents},
        compression=zipfile.ZIP_DEFLATED,
        compresslevel=6,
    )
    digest = _sha256(payload)
    name = f"model-{digest[:16]}.skops"
    manifest = {**contents, "model_file": name, "model_sha256": digest}
    created = not directory.exists()
    if created:
        directory.mkdir(parents=True, exist_ok=True)
    elif not directory.is_dir():
        raise FileExistsError(f"{directory}: exists and is not a directory; refusing to replace it")
    with _locked(directory):
        try:
            previous = _previous_model_file(directory, overwrite)
        except BaseException:
            if created:
                directory.rmdir()
            raise
        try:
            _write_atomic(directory / name, payload)
            text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
            _write_atomic(directory / MANIFEST_FILE, text.encode("utf-8"))
        except BaseException:  # the old model (if any) stays; drop what this save wrote
            with contextlib.suppress(OSError, ModelLoadError):
                current = read_manifest(directory)["model_file"] if (directory / MANIFEST_FILE).exists() else None
                _remove_stale(directory, keep=current, previous=None)
                if created:
                    directory.rmdir()
            raise
        _remove_stale(directory, keep=name, previous=previous)
        write_model_card(directory, manifest)
    return directory


def write_model_card(directory: str | os.PathLike, manifest: dict | None = None) -> Path | None:
    """(Re)write the model card ``README.md`` of a model directory; return its path.

    The card is rendered by :func:`stanceclf.render_model_card` from ``manifest`` (default: the
    directory's ``manifest.json``). A ``README.md`` that is not a model card (someone's own notes)
    is never replaced: the card is then not written, with a warning, and ``None`` is returned.
    """
    directory = Path(directory)
    if manifest is None:
        manifest = read_manifest(directory)
    path = directory / CARD_FILE
    if path.exists() and not is_model_card(read_text(path)):
        warnings.warn(f"{path}: not a model card; kept as it is (no card written)", UserWarning, stacklevel=2)
        return None
    write_text_atomic(path, render_model_card(manifest, name=directory.name), overwrite=True)
    return path


# ---------------------------------------------------------------------------------------------
# Loading


def _types_in(data: bytes, where: Path) -> set[str]:
    """Every ``module.Class`` a skops file names, read from its schema without building anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ModelLoadError(f"{where}: cannot be loaded (not a skops file: {error})") from None
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__class__" in node or "__module__" in node:
                found.add(f"{node.get('__module__')}.{node.get('__class__')}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _version_error(where: Path, manifest: dict) -> ModelLoadError:
    saved = manifest.get("sklearn_version")
    return ModelLoadError(
        f"{where}: saved with scikit-learn {saved}, but {sklearn.__version__} is installed; "
        f"install scikit-learn=={saved} or retrain the model (stanceclf train)"
    )


def _from_skops(data: bytes, where: Path, manifest: dict) -> StanceClassifier:
    import skops.io  # only saving and loading need skops, which adds ~0.6 s to `import stanceclf`

    try:
        data = _moved_types(data)
    except (zipfile.BadZipFile, KeyError):
        pass  # _types_in says what is wrong with the file
    untrusted = sorted(_types_in(data, where) - set(TRUSTED_TYPES))
    if untrusted:
        raise ModelLoadError(
            f"{where}: holds types that are not trusted: {', '.join(untrusted)}; refusing to load it "
            "(stanceclf.persistence.TRUSTED_TYPES lists the types a stanceclf model is made of)"
        )
    try:
        payload = skops.io.loads(data, trusted=list(TRUSTED_TYPES))
    except InconsistentVersionWarning:
        raise _version_error(where, manifest) from None
    except Exception as error:
        raise ModelLoadError(
            f"{where}: cannot be loaded ({type(error).__name__}: {error}); it was saved with "
            f"scikit-learn {manifest.get('sklearn_version')} and stanceclf {manifest.get('library_version')}"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise ModelLoadError(f"{where}: not a stanceclf model file (format {_FORMAT!r} expected)")
    model = payload.get("estimator")
    if not isinstance(model, StanceClassifier):
        raise ModelLoadError(f"{where}: holds a {type(model).__name__}, not a StanceClassifier")
    _unpack_vocabularies(model, payload.get("vocabularies"), where)
    inside = payload.get("manifest")
    outside = {k: v for k, v in manifest.items() if k not in _FILE_FIELDS}
    if not isinstance(inside, dict) or inside != outside:
        inside = inside if isinstance(inside, dict) else {}
        fields = sorted(k for k in set(inside) | set(outside) if inside.get(k) != outside.get(k))
        raise ModelLoadError(
            f"{where.parent / MANIFEST_FILE}: {', '.join(fields)}: differ from the copy saved inside the model "
            "file; the manifest was edited after saving, so the model is not loaded"
        )
    return model


def _from_pickle(data: bytes, where: Path, manifest: dict) -> StanceClassifier:
    warnings.warn(
        f"{where}: loading a pickle, which runs any code the file contains (allow_pickle=True); "
        "its manifest figures are not verified. Save it again to convert it to the skops format.",
        UserWarning,
        stacklevel=3,
    )
    try:
        model = joblib.load(io.BytesIO(data))
    except InconsistentVersionWarning:
        raise _version_error(where, manifest) from None
    except Exception as error:
        raise ModelLoadError(f"{where}: cannot be loaded ({type(error).__name__}: {error})") from None
    if not isinstance(model, StanceClassifier):
        raise ModelLoadError(f"{where}: holds a {type(model).__name__}, not a StanceClassifier")
    return model


def _drop_removed_params(model: StanceClassifier, where: Path) -> None:
    """Remove :data:`REMOVED_PARAMS` from every StanceClassifier inside an older model (with a warning
    when one was set)."""
    for _, part in list(_parts(model)):
        if not isinstance(part, StanceClassifier):
            continue
        for name, advice in REMOVED_PARAMS.items():
            value = vars(part).pop(name, None)
            if value is not None and part is model:
                warnings.warn(
                    f"{where}: saved with {name}={value!r}, a parameter stanceclf no longer has; its predictions "
                    f"are unchanged; {advice}",
                    FutureWarning,
                    stacklevel=3,
                )


def _check_derived(model: StanceClassifier, manifest: dict, where: Path) -> None:
    """The manifest fields that describe the model must be what the model holds (an older model's
    :data:`REMOVED_PARAMS` aside)."""
    config = {k: v for k, v in (manifest.get("config") or {}).items() if k not in REMOVED_PARAMS}
    manifest = {**manifest, "config": config}
    derived = {
        "labels": [str(c) for c in model.classes_],
        "targets": list(model.features_.targets_),
        "config": _jsonable(model.get_params()),
        "training": _jsonable(getattr(model, "training_", None)),
    }
    wrong = [k for k, v in derived.items() if manifest.get(k) != v]
    if wrong:
        raise ModelLoadError(
            f"{where}: {', '.join(wrong)}: do not match the model file; the manifest was edited after saving"
        )


def _read_verified(directory: Path) -> tuple[dict, Path, bytes]:
    """The manifest and the model file's bytes, hash-checked; retried when a save replaces them meanwhile."""
    manifest_path = directory / MANIFEST_FILE
    for _ in range(_READ_ATTEMPTS):
        try:
            raw = manifest_path.read_bytes()
        except FileNotFoundError:
            raise ModelLoadError(f"{manifest_path}: missing; a model directory needs {MANIFEST_FILE}") from None
        manifest = _parse_manifest(raw, manifest_path)
        model_path = directory / manifest["model_file"]
        if model_path.is_symlink():
            raise ModelLoadError(f"{model_path}: is a symbolic link; the model file must lie in the model directory")
        try:
            data = model_path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            data = None
        if data is not None and _sha256(data) == manifest["model_sha256"]:
            return manifest, model_path, data
        if manifest_path.exists() and manifest_path.read_bytes() != raw:
            continue  # replaced while we read: read the new model
        if data is None:
            raise ModelLoadError(f"{model_path}: missing model file")
        raise ModelLoadError(
            f"{model_path}: SHA-256 {_sha256(data)} does not match the manifest ({manifest['model_sha256']}); "
            "the file was modified or corrupted after saving, so it is not loaded"
        )
    raise ModelLoadError(f"{directory}: the model was replaced {_READ_ATTEMPTS} times while loading; try again")


def load_model(name_or_path: str | os.PathLike | None = None, *, allow_pickle: bool = False) -> StanceClassifier:
    """Load a saved model after checking what it is made of and its manifest.

    Parameters
    ----------
    name_or_path : str or Path, optional
        The name of a shipped model (``None``: the default, trained on the whole AI-policy
        corpus), or the path of a directory written by :func:`save_model` (a ``Path``,
        or a string with a separator, such as ``./mine`` or ``models/mine``).
    allow_pickle : bool, default=False
        Also load a model saved as a pickle (``model.joblib``, before skops), with a warning.
        Unpickling runs any code the file contains: only for models from a source you trust.

    Returns
    -------
    StanceClassifier
        With the directory's verified manifest in ``model.manifest_``.

    Raises
    ------
    ModelLoadError
        When the directory or a file is missing; the model file's SHA-256 differs from the
        manifest; the file holds a type outside :data:`TRUSTED_TYPES` (the error names it) or is a
        pickle without ``allow_pickle``; a manifest field differs from the model; or it was saved
        with an incompatible scikit-learn version.
    """
    directory = model_directory(name_or_path)
    manifest, model_path, data = _read_verified(directory)
    pickle = model_path.suffix == ".joblib"
    if pickle and not allow_pickle:
        raise ModelLoadError(
            f"{model_path}: is a pickle, and loading a pickle runs any code it contains; refusing. If you "
            "trust its source, load it with allow_pickle=True and save it again (skops format)"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        model = (_from_pickle if pickle else _from_skops)(data, model_path, manifest)
    _drop_removed_params(model, model_path)
    _check_derived(model, manifest, directory / MANIFEST_FILE)
    model.manifest_ = manifest
    return model
