"""Keep a slow third-party import from delaying the first calculator, without changing what
it does.

``import altair`` imports ``jsonschema``, which imports ``rfc3987_syntax`` for its "iri" and
"iri-reference" format checkers (when installed, as JupyterLab's dependencies install it).
``rfc3987_syntax`` builds several Earley parsers with ``lark`` the moment it is imported:
0.6 s on a quiet machine here and 5 s while installs ran alongside (2 to 10 s in the
fresh-machine issue's measurements), in every kernel that draws a chart
and every grading kernel. The course never checks an IRI, and Altair's schema names no "iri" format.
(Upstream: python-jsonschema/jsonschema#1428 and #1521; not fixed in a release as of
jsonschema 4.26.0 and rfc3987-syntax 1.1.0.)

:func:`defer_iri_parser` puts a stand-in module under the name ``rfc3987_syntax`` before
anything imports it. The stand-in holds the one function jsonschema takes from it,
``is_valid_syntax``; the first time that function is called, or any other name of the module
is asked for, the stand-in imports the real module (building its parsers then) and hands
over to it. Nothing is disabled: an IRI check still gives the real answer, only later.

>>> import sys
>>> defer_iri_parser()  # facenumbers/__init__.py has already called it: this does nothing
>>> import jsonschema
>>> checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
>>> checker.conforms("https://example.org/a b", "iri"), checker.conforms("https://example.org/a", "iri")
(False, True)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Callable
from typing import Any

__all__ = ["DEFERRED", "DeferredModule", "defer_iri_parser"]

#: The module deferred, and the functions its importers take from it by name.
DEFERRED = {"rfc3987_syntax": ("is_valid_syntax",)}


class DeferredModule(types.ModuleType):
    """A stand-in for a module whose import is slow: it imports the real module the first
    time one of its functions is called or another of its names is used."""

    def __init__(self, name: str, functions: tuple[str, ...]) -> None:
        super().__init__(name, f"Stands in for {name} until it is first used (facenumbers).")
        self.__dict__["_real"] = None
        for function in functions:
            self.__dict__[function] = self._forward(function)

    def _load(self) -> types.ModuleType:
        real = self.__dict__["_real"]
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            try:
                real = importlib.import_module(self.__name__)
            except BaseException:
                sys.modules.setdefault(self.__name__, self)  # try again next time
                raise
            self.__dict__["_real"] = real
        return real

    def _forward(self, function: str) -> Callable[..., Any]:
        def _forwarded(*args: Any, **kwargs: Any) -> Any:
            return getattr(self._load(), function)(*args, **kwargs)

        _forwarded.__name__ = _forwarded.__qualname__ = function
        _forwarded.__doc__ = f"{self.__name__}.{function}, imported when first called."
        return _forwarded

    def __getattr__(self, name: str) -> Any:  # only for names the stand-in does not hold
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return getattr(self._load(), name)


def defer_iri_parser() -> None:
    """Stand a :class:`DeferredModule` in for ``rfc3987_syntax``, if it is installed and
    nothing has imported it (or jsonschema's format checkers) yet; otherwise do nothing.
    Idempotent."""
    for name, functions in DEFERRED.items():
        if name in sys.modules or "jsonschema._format" in sys.modules:
            continue  # already imported: too late to defer, and nothing to gain
        try:
            installed = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            installed = False
        if installed:
            sys.modules[name] = DeferredModule(name, functions)
