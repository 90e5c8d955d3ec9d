"""ocrmend: repair the text that OCR engines and PDF extractors make of newspaper pages.

>>> import ocrmend
>>> doc = ocrmend.clean("加 强 卫 生")
>>> [(b.type.value, b.text) for b in doc.blocks]
[('headline', '加强卫生')]
"""

from __future__ import annotations

from .model import Block, BlockType, Box, Document, Edit, Line, Page, Region, Word
from .options import Options
from .pipeline import clean, clean_pages

__version__ = "0.1.0"

__all__ = ["Block", "BlockType", "Box", "Document", "Edit", "Line", "Options", "Page", "Region", "Word", "clean", "clean_pages", "__version__"]
