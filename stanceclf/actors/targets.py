"""The target of a sentence, guessed from keywords (ANNOTATION.md §2 and §5.12)."""

from __future__ import annotations

import re

__all__ = ["DEFAULT_TARGET", "TARGET_KEYWORDS", "guess_target"]

# Keyword rules per target (ANNOTATION.md §2), matched case-insensitively. The first-named target
# wins, except that biometric_surveillance wins whenever it is named (§2: "if undecidable and
# biometric_surveillance is among them, choose it" — a sentence rarely makes that undecidable
# explicit, so the default is taken as the tie-break). A sentence naming none keeps the target
# of the previous sentence when that one named one (§5.12), else biometric_surveillance.
TARGET_KEYWORDS: dict[str, tuple[str, ...]] = {
    "biometric_categorisation": (
        r"categori[sz]",
        r"sensitive characteristics?",
        r"sexual orientation",
        r"political orientation",
        r"race/ethnicity",
        r"ethnicity",
    ),
    "emotion_recognition": (r"emotion", r"lie detect", r"affect recognition", r"facial expressions?"),
    "social_scoring": (r"social[- ](?:credit )?scor", r"social credit"),
    "predictive_policing": (
        r"predictive polic",
        r"predict(?:ing|s)? (?:crime|who will)",
        r"crime predict",
        r"profiling potential criminals",
    ),
    "biometric_databases": (
        r"clearview",
        r"scrap(?:e|ed|ing) (?:of )?(?:images|photos|faces|the web)",
        r"(?:face|facial|biometric|image) databases?",
        r"untargeted (?:creation|scraping)",
    ),
    "biometric_surveillance": (
        r"facial recognition",
        r"face recognition",
        r"biometric identification",
        r"remote biometric",
        r"\bRBI\b",
        r"biometric (?:mass )?surveillance",
        r"face[- ]scan",
        r"\bLFR\b",
    ),
}
DEFAULT_TARGET = "biometric_surveillance"


def guess_target(text: str, previous: str | None = None) -> tuple[str, str]:
    """Target of one sentence by keywords: ``(target, rule)`` with rule keyword/carried/default."""
    found: list[tuple[int, str]] = []
    for target, patterns in TARGET_KEYWORDS.items():
        positions = [m.start() for p in patterns for m in re.finditer(p, text, re.I)]
        if positions:
            found.append((min(positions), target))
    if not found:
        return (previous, "carried") if previous else (DEFAULT_TARGET, "default")
    if any(t == DEFAULT_TARGET for _, t in found):
        return DEFAULT_TARGET, "keyword"
    return min(found)[1], "keyword"
