"""Private helpers several modules share: reading text, writing files atomically, hashing, shipped paths.

Nothing here knows the record schema or the command line. The one "refuse to overwrite" check
(:func:`check_overwrite`) lives here, so every writer says the same thing in the library's words.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from importlib import metadata, resources
from pathlib import Path

__all__ = [
    "LIBRARY_VERSION",
    "check_overwrite",
    "file_sha256",
    "fingerprint",
    "read_text",
    "shipped_path",
    "text_key",
    "write_bytes_atomic",
    "write_text_atomic",
]

# The installed distribution's version: pyproject.toml is its only source.
LIBRARY_VERSION: str = metadata.version("stanceclf")

_SOURCE_DIRS = {"_corpus": "data", "_models": "models"}


def shipped_path(package: str, *parts: str) -> Path:
    """Path of a file shipped with stanceclf: ``_corpus`` is data/, ``_models`` is models/.

    In a source checkout (also an editable install) these are the repository's folders; a wheel
    installs them as the packages ``stanceclf._corpus`` and ``stanceclf._models``.
    """
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / _SOURCE_DIRS[package]).is_dir():
        return checkout.joinpath(_SOURCE_DIRS[package], *parts)
    # A data-only package is a namespace package, whose files() is a MultiplexedPath: descend
    # one part at a time, which gives a concrete path.
    location = resources.files(f"stanceclf.{package}")
    for part in parts:
        location = location / part
    return Path(str(location))


def check_overwrite(paths: Iterable[str | os.PathLike], *, overwrite: bool) -> None:
    """Raise ``FileExistsError`` naming every existing path when ``overwrite`` is false.

    The one place that refuses to replace a user's file; every writer of the library calls its
    parameter ``overwrite``, which the message names and the command line maps to its flag.
    """
    existing = [str(p) for p in paths if Path(p).exists()]
    if existing and not overwrite:
        raise FileExistsError(f"{', '.join(existing)}: exists; refusing to overwrite (pass overwrite=True)")


def read_text(path: str | os.PathLike) -> str:
    """A UTF-8 text file's contents (a leading byte-order mark dropped).

    Raises a ``ValueError`` naming the file and the line when the file is not UTF-8, rather than
    a bare ``UnicodeDecodeError`` that names neither.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8"
        ) from None


def fingerprint(records: Iterable[Mapping]) -> str:
    """SHA-256 of the fields a model learns from (text, target, speaker, stance), order included."""
    digest = hashlib.sha256()
    for record in records:
        fields = {k: record.get(k) for k in ("text", "target", "speaker", "stance")}
        digest.update(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def text_key(text: str) -> str:
    """A short hash of a text with white space and case normalised (training-data overlap checks)."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()[:16]


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_text_atomic(path: str | os.PathLike, text: str, *, overwrite: bool = False) -> None:
    """Write text to ``path`` atomically: readers see the old file or the complete new one.

    Raises ``FileExistsError`` when the file exists and ``overwrite`` is false.
    """
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def write_bytes_atomic(
    path: str | os.PathLike, data: bytes, *, overwrite: bool = False, temporary_prefix: str | None = None
) -> None:
    """Write bytes to ``path`` through a temporary file beside it and one rename (see :func:`write_text_atomic`).

    The temporary file is ``<temporary_prefix><random>.tmp`` (default prefix ``.<name>.``).
    """
    path = Path(path)
    check_overwrite([path], overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not tempfile.mkstemp: its files are private (0600); this one gets the usual umask-based mode.
    temporary = path.parent / f"{temporary_prefix or f'.{path.name}.'}{secrets.token_hex(8)}.tmp"
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
