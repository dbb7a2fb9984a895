"""The code the grader runs around a student's cells, whichever engine runs them.

Before the student's cells, :data:`GUARD_CELL` turns the network off (connections to the
machine itself still work). After them, the grading step (:data:`GRADING_FUNCTION`) judges
every checked exercise with a FRESH import of the ``facenumbers`` modules (every
``facenumbers*`` entry is deleted from ``sys.modules`` first), so nothing the student patched
counts; then it runs the instructor's hidden tests on the exercises that passed. The spec it
receives (:func:`grading_spec`) names the checks module, the exercises and, for a student with
a variant of the assignment, the variant's parameters: it then judges with
``lesson_for(variant)`` instead of ``LESSON``.

>>> spec = grading_spec(Assignment("04", "facenumbers.checks.base_rates", ()), {"crowd": 50_000})
>>> spec["variant"]
{'crowd': 50000}
>>> "variant" in grading_spec(Assignment("04", "facenumbers.checks.base_rates", ()))
False
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import nbformat

from facenumbers.grading.assignment import Assignment

GUARD_CELL = '''
import os as _os, socket as _socket
def _facenumbers_no_network(*_args, **_kwargs):
    raise OSError("The grader runs without network access.")
_facenumbers_real_connect = _socket.socket.connect
def _facenumbers_connect(self, address, *args):
    if self.family == getattr(_socket, "AF_UNIX", None) or (isinstance(address, tuple)
            and str(address[0]) in ("127.0.0.1", "::1", "localhost")):
        return _facenumbers_real_connect(self, address, *args)
    _facenumbers_no_network()
_socket.socket.connect = _facenumbers_connect
_socket.socket.connect_ex = lambda self, address: _facenumbers_connect(self, address) or 0
_socket.create_connection = _facenumbers_no_network
del _os
'''

#: The grading step: defines ``_facenumbers_grade(spec, namespace)``, which returns the grades
#: as JSON (exercise -> status, message, hint, mistake).
GRADING_FUNCTION = '''
def _facenumbers_grade(_spec, _namespace):
    import importlib, json, os, sys
    os.environ["FACENUMBERS_STRICT"] = "0"
    for _name in [m for m in list(sys.modules) if m == "facenumbers" or m.startswith("facenumbers.")]:
        del sys.modules[_name]
    _module = importlib.import_module(_spec["module"])
    lesson = _module.lesson_for(_spec["variant"]) if "variant" in _spec else _module.LESSON
    results = {}
    for exercise in _spec["exercises"]:
        name = exercise["name"]
        feedback = lesson.check(name, namespace=_namespace)
        result = {"status": feedback.status, "message": feedback.message, "hint": feedback.hint,
                  "mistake": str(getattr(feedback, "mistake", "") or "")}
        if feedback.passed and exercise["hidden_tests"]:
            try:
                exec(exercise["hidden_tests"], dict(_namespace, check=lesson.checker()))
            except Exception as problem:
                said = str(problem) if isinstance(problem, AssertionError) else ""
                result = {"status": "not yet", "message": "A further check that the instructor "
                          "keeps hidden did not pass." + (f" It says: {said}" if said else ""),
                          "hint": "Test your answer on other inputs than the example.", "mistake": ""}
        results[name] = result
    return json.dumps(results)
'''

#: What the kernel engine's grading cell prints before the grades.
MARKER = "@@FACENUMBERS@@"


def grading_spec(assignment: Assignment, variant: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the grading step needs: the checks module, the checked exercises with their hidden
    tests, and the student's variant (a dict of parameters) when there is one."""
    spec: dict[str, Any] = {"module": assignment.checks_module,
                            "exercises": [{"name": e.name, "hidden_tests": e.hidden_tests}
                                          for e in assignment.exercises if not e.by_hand]}
    if variant is not None:
        if not isinstance(variant, Mapping):
            raise TypeError(f"a variant must be a mapping of parameters; got {type(variant).__name__}.")
        spec["variant"] = json.loads(json.dumps(dict(variant), allow_nan=False))  # plain values, as the step sees them
    return spec


def grading_cell(spec: Mapping[str, Any]) -> str:
    """The kernel engine's last cell: the grading step, then the grades printed after :data:`MARKER`."""
    return GRADING_FUNCTION + f"print({MARKER!r} + _facenumbers_grade({dict(spec)!r}, globals()))\n"


def _grading_notebook(cells: list[str], spec: Mapping[str, Any]) -> nbformat.NotebookNode:
    """The kernel engine's notebook: the guard, the student's code cells, the grading cell."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)
                      for source in [GUARD_CELL, *cells, grading_cell(spec)]]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook
