"""Hypothesis settings: CI (CI=true, as .ci/run is run there) draws the same
examples every run, so whether a submission lands never depends on luck;
a developer's run explores new examples each time, which is where new
failures are found (and then kept as explicit @example cases)."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
