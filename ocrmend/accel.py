"""The optional compiled core, or None.

``ocrmend/_speedups.c`` holds the loops that visit every line of every page
(building lines, the segmentation pass); the pure-Python functions they
replace stay the reference and the fallback, and the tests require both to
give the same result.  Set ``OCRMEND_PURE_PYTHON=1`` to run without it.
"""

from __future__ import annotations

import warnings
from types import ModuleType

from .chars import BLANKS, CLAUSE_MARKS, CLOSING, SENTENCE_END, SQUEEZABLE
from .model import Block, load_speedups

# The character classes the core is bound to, in bind()'s order.
BIND_CLASSES = (CLOSING, SENTENCE_END, BLANKS, CLAUSE_MARKS, SQUEEZABLE)


# What the stages call; a core built from older sources lacks some of it.
FUNCTIONS = (
    "Line",
    "bind",
    "bind_block",
    "block_shapes",
    "blocks_holding",
    "build_lines",
    "char_counts",
    "cjk_run_candidates",
    "column_widths",
    "credit_tails",
    "furniture_candidates",
    "hard_breaks",
    "holds_char",
    "holds_double_space",
    "initial_states",
    "interruption_hosts",
    "join_runs",
    "latin_glue_candidates",
    "letter_spaced",
    "line_counts",
    "lines_before_gaps",
    "segment_marks",
    "spaced_runs",
    "split_runs",
    "stated_break_counts",
    "viterbi",
    "without_lines",
)


def load() -> ModuleType | None:
    """The compiled core bound to our classes and block type, or None.

    A core built from older sources (an editable install not rebuilt after
    a pull) is not used: the stages run in Python, with a warning saying how
    to rebuild it.  (model.py makes its lines with the core's Line type
    whenever the core has one: the Python stages read its fields as they
    read the dataclass's.)
    """
    _speedups = load_speedups()
    if _speedups is None:
        return None
    missing = [name for name in FUNCTIONS if not hasattr(_speedups, name)]
    if missing:
        warnings.warn(
            f"ocrmend: the compiled core is older than the sources (no {missing[0]}); "
            "running the pure-Python stages: rebuild it with `pip install -e .`",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    _speedups.bind(*BIND_CLASSES)
    _speedups.bind_block(Block)
    return _speedups


core = load()
