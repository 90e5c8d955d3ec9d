"""The one error a reader raises (kept apart from the XML parser, so text
runs load no XML library)."""

from __future__ import annotations


class ReaderError(ValueError):
    """A file a reader cannot or will not read: the message is one line, for the user."""
