"""Options travel through the pipeline in one frozen object."""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("text", "markdown", "json", "alto", "page")
INPUT_FORMATS = ("text", "alto", "page", "hocr", "pdf")
PUNCTUATION_POLICIES = ("widen", "keep")


@dataclass(frozen=True, slots=True)
class Options:
    """What the caller may choose; validated once, here.

    ``punctuation``: ``widen`` turns half-width marks inside CJK text full width
    (never the reverse); ``keep`` leaves every mark as it came.
    ``convert``: an OpenCC configuration (``t2s``, ``s2t`` ...) applied after
    cleaning, or ``None``.
    ``explain``: record every deliberate change as an ``Edit``.
    ``input_format``: read bytes as this format (``text``, ``alto``,
    ``page``, ``hocr``, ``pdf``) instead of finding it from the content.
    """

    encoding: str | None = None
    punctuation: str = "widen"
    convert: str | None = None
    explain: bool = False
    input_format: str | None = None

    def __post_init__(self) -> None:
        if self.punctuation not in PUNCTUATION_POLICIES:
            raise ValueError(
                f"unknown punctuation policy {self.punctuation!r}; use one of {', '.join(PUNCTUATION_POLICIES)}"
            )
        if self.input_format is not None and self.input_format not in INPUT_FORMATS:
            raise ValueError(f"unknown input format {self.input_format!r}; use one of {', '.join(INPUT_FORMATS)}")
        if self.convert is not None:
            from .convert import CONFIGS  # the list only: OpenCC itself loads on use

            if self.convert not in CONFIGS:
                raise ValueError(f"unknown conversion {self.convert!r}; use one of {', '.join(CONFIGS)}")
