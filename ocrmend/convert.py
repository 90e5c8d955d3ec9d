"""Traditional/Simplified conversion with OpenCC, as an explicit step after cleaning.

Conversion changes characters on purpose, so it never runs unless asked
(``--convert t2s``) and every block it changes is recorded.  OpenCC is
imported here, on first use, so plain cleaning never pays for it.
"""

from __future__ import annotations

from functools import lru_cache

from .model import Document, Edit

CONFIGS = ("s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "hk2t", "t2hk", "t2jp", "jp2t", "tw2t")


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")


def convert_text(text: str, config: str) -> str:
    """Convert one string with an OpenCC configuration.

    >>> convert_text("高雄港貨櫃量回升", "t2s")
    '高雄港货柜量回升'
    """
    if config not in CONFIGS:
        raise ValueError(f"unknown conversion {config!r}; use one of {', '.join(CONFIGS)}")
    return _converter(config).convert(text)


def convert_blocks(doc: Document, config: str, edits: list[Edit] | None) -> None:
    """Convert every block of ``doc`` in place, recording rule ``C001`` per changed block."""
    for b in doc.blocks:
        new = convert_text(b.text, config)
        if new != b.text:
            if edits is not None:
                edits.append(Edit("C001", b.first, b.text, new, f"OpenCC {config}"))
            b.text = new
