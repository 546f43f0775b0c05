"""The project's Python scripts (scripts/*.py) imported as modules by the tests."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from reference import ROOT

SCRIPTS = ROOT / "scripts"


def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as a module, imported the way the scripts import each other
    when they run (scripts/ on sys.path), once per session."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(name)
