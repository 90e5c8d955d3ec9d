"""Build the optional compiled core (ocrmend/_speedups.c).

It is optional: without a C compiler the build goes on and ocrmend runs its
pure-Python stages, which give the same output more slowly (accel.py).
Everything else about the package is in pyproject.toml.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("ocrmend._speedups", ["ocrmend/_speedups.c"], optional=True)])
