"""Build hook: compile payband's hottest pure-Python modules to C extensions with mypyc.

Everything else about the package is in pyproject.toml. The modules listed in COMPILED are where an
/advise answer spends its instructions (reading a resume, scoring roles, weighing skills, estimating
pay); mypyc turns their typed Python into C, with the same results, at about two thirds of the
instructions. The compiled modules are the same source files, so behaviour is defined by them alone.

The speed-up is optional: with ``PAYBAND_PURE_PYTHON=1`` in the environment, or when no C compiler
or mypyc is at hand, the package installs as plain Python and works the same, only slower.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

PROJECT = tomllib.loads((Path(__file__).parent / "pyproject.toml").read_text())
COMPILED: list[str] = PROJECT["tool"]["payband"]["compiled"]
"""Modules compiled by mypyc (pyproject.toml's [tool.payband] compiled, where tests read it too)."""
MYPY_OPTIONS = [
    *("--config-file", "", "--python-version", "3.11"),
    *("--no-site-packages", "--ignore-missing-imports", "--follow-imports", "silent"),
]
"""Type information for the compile only: the build environment holds mypyc, not payband's
dependencies, so their types are Any here; `mypy --strict` (scripts/check.py) checks the code itself."""


class OptionalBuildExt(build_ext):
    """Build the compiled modules if possible; if the C build fails, install the pure-Python package."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # any compiler failure leaves the Python sources in use
            for path in self.get_outputs():  # all or none: a module's stub without the shared library fails
                Path(path).unlink(missing_ok=True)
            print(f"payband: compiled modules not built ({exc}); installing pure Python", file=sys.stderr)


def compiled_extensions() -> list[Any]:
    """mypyc's extensions for COMPILED, or none when pure Python is asked for or mypyc is missing."""
    if os.environ.get("PAYBAND_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    return mypycify([*MYPY_OPTIONS, *COMPILED], opt_level="3", group_name="payband_compiled")


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
