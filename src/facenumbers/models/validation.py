"""Input checks shared by every model and calculator.

Each function returns the cleaned value or raises :class:`ValueError` with a message
that names the input and the allowed range, in words a learner can act on.

>>> require_rate(0.25, "hit_rate")
0.25
>>> require_rate(1.5, "hit_rate")
Traceback (most recent call last):
...
ValueError: hit_rate must be a proportion between 0 and 1 (for example 0.02 for 2%); got 1.5.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


#: The largest whole number a float holds exactly (2^53): counts above it would silently change.
EXACT_COUNT_LIMIT = 2**53


def _describe(value: object, limit: int = 60) -> str:
    """The input as the message quotes it: short, and never failing (its repr may)."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return f"a whole number of {len(str(abs(value)))} digits"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - any object may come in
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[:limit] + "..."


def require_number(value: object, name: str) -> float:
    """Return ``value`` as a finite float, or raise ValueError naming ``name``.

    >>> require_number(3, "crowd_size")
    3.0
    >>> require_number(10**400, "crowd_size")
    Traceback (most recent call last):
    ...
    ValueError: crowd_size must be a finite number; got a whole number of 401 digits, too large to compute with.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number; got {_describe(value)}.")
    try:
        number = float(value)
    except OverflowError:  # an integer beyond what a float can hold, such as 10**400
        raise ValueError(f"{name} must be a finite number; got {_describe(value)}, too large "
                         "to compute with.") from None
    if math.isnan(number):
        raise ValueError(f"{name} must be a number, not NaN (not a number).")
    if math.isinf(number):
        raise ValueError(f"{name} must be a finite number; got {_describe(value)}.")
    return number


def require_rate(value: object, name: str) -> float:
    """Return a proportion in [0, 1] as a float, or raise ValueError naming ``name``.

    >>> require_rate(0, "false_match_rate")
    0.0
    """
    allowed = f"{name} must be a proportion between 0 and 1 (for example 0.02 for 2%)"
    try:
        number = require_number(value, name)
    except ValueError:
        raise ValueError(f"{allowed}; got {_describe(value)}.") from None
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{allowed}; got {_describe(value)}.")
    return number


def require_count(
    value: object, name: str, minimum: int = 0, maximum: int | None = None
) -> int:
    """Return a whole number of people in [minimum, maximum], or raise ValueError.

    Floats such as ``1.6e9`` are accepted when they are whole numbers.

    >>> require_count(1.6e9, "gallery_size")
    1600000000
    >>> require_count(2.5, "crowd_size")
    Traceback (most recent call last):
    ...
    ValueError: crowd_size must be a whole number of at least 0; got 2.5.
    """
    allowed = (
        f"a whole number of at least {minimum:,}"
        if maximum is None
        else f"a whole number from {minimum:,} to {maximum:,}"
    )
    try:
        number = require_number(value, name)
    except ValueError:
        raise ValueError(f"{name} must be {allowed}; got {_describe(value)}.") from None
    if not number.is_integer() or number < minimum or (maximum is not None and number > maximum):
        raise ValueError(f"{name} must be {allowed}; got {_describe(value)}.")
    if abs(number) > EXACT_COUNT_LIMIT:
        raise ValueError(f"{name} must be {allowed} and at most {EXACT_COUNT_LIMIT:,}, the largest "
                         f"count the arithmetic holds exactly; got {_describe(value)}.")
    return int(number)


def require_numbers(values: object, name: str) -> np.ndarray:
    """Return ``values`` as a float array with at least one entry, all finite.

    >>> require_numbers([0.5, 1], "scores").tolist()
    [0.5, 1.0]
    >>> require_numbers([], "scores")
    Traceback (most recent call last):
    ...
    ValueError: scores must contain at least one number; got none.
    """
    if isinstance(values, (str, bytes)) or (hasattr(values, "__next__") and not hasattr(values, "__len__")):
        # Text is not numbers, and an iterator would be used up by the first reading of it.
        raise ValueError(f"{name} must be a list or array of numbers; got {_describe(values)}.")
    if getattr(getattr(values, "dtype", None), "kind", "") == "c":
        # numpy would drop the imaginary parts without a word
        raise ValueError(f"{name} must contain real numbers, not complex ones.")
    try:
        array = np.asarray(values, dtype=float)
    except OverflowError:  # a whole number beyond what a float can hold, such as 10**400
        raise ValueError(f"{name} must contain only finite numbers; one is too large to "
                         "compute with.") from None
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a list or array of numbers; got "
                         f"{_describe(values)}.") from None

    if array.size == 0 or (array.ndim and array.shape[-1] == 0):
        raise ValueError(f"{name} must contain at least one number; got none.")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or infinity).")
    return array


def require_table(table: object, name: str, columns: tuple[str, ...]) -> "pd.DataFrame":
    """Return ``table`` if it is a pandas table with ``columns``, or raise naming what is missing.

    >>> import pandas as pd
    >>> require_table(pd.DataFrame({"measure": ["a"], "value": [1]}), "table", ("measure", "value")).shape
    (1, 2)
    >>> require_table([1, 2], "table", ("measure", "value"))
    Traceback (most recent call last):
    ...
    TypeError: table must be a table (a pandas DataFrame) with the columns measure, value; got a list.
    """
    import pandas as pd

    wanted = ", ".join(columns)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a table (a pandas DataFrame) with the columns {wanted}; "
                        f"got a {type(table).__name__}.")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ValueError(f"{name} must have the columns {wanted}; it has no "
                         f"{', '.join(missing)}.")
    return table


def require_rows(rows: object, name: str, keys: tuple[str, ...]) -> list:
    """Return ``rows`` as a list of mappings that each hold ``keys``, or raise naming the problem.

    >>> require_rows([{"year": 1, "value": 2}], "rows", ("year",))
    [{'year': 1, 'value': 2}]
    >>> require_rows([{"value": 2}], "rows", ("year",))
    Traceback (most recent call last):
    ...
    ValueError: rows must be a list of rows, each with year; row 1 has no year.
    """
    from collections.abc import Mapping

    wanted = ", ".join(keys)
    if isinstance(rows, (str, bytes, Mapping)) or not hasattr(rows, "__len__"):
        raise TypeError(f"{name} must be a list of rows, each with {wanted}; got a "
                        f"{type(rows).__name__}.")
    rows = list(rows)
    if not rows:
        raise ValueError(f"{name} must have at least one row, each with {wanted}; got none.")
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise TypeError(f"{name} must be a list of rows, each with {wanted}; row {number} is "
                            f"a {type(row).__name__}.")
        missing = [key for key in keys if key not in row]
        if missing:
            raise ValueError(f"{name} must be a list of rows, each with {wanted}; row {number} has "
                             f"no {', '.join(missing)}.")
    return rows


def require_mapping(values: object, name: str, of: type | tuple[type, ...], what: str,
                    keys: tuple[str, ...] = ()) -> dict:
    """Return ``values`` as a dict whose values are ``of`` (``what``, in words), with ``keys``.

    >>> require_mapping({"a": 1}, "counts", int, "whole numbers")
    {'a': 1}
    >>> require_mapping([1], "counts", int, "whole numbers")
    Traceback (most recent call last):
    ...
    TypeError: counts must be a mapping from names to whole numbers; got a list.
    """
    from collections.abc import Mapping

    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a mapping from names to {what}; got a "
                        f"{type(values).__name__}.")
    missing = [key for key in keys if key not in values]
    if missing:
        raise ValueError(f"{name} must have the keys {', '.join(keys)}; it has no "
                         f"{', '.join(missing)}.")
    for key, value in values.items():
        if not isinstance(value, of):
            raise TypeError(f"{name}[{key!r}] must be {what}; got a {type(value).__name__}.")
    return dict(values)


def require_path(value: object, name: str) -> "Path":
    """Return ``value`` as a Path: text or a path, never a number (an int would be read as an
    open file descriptor) and never empty.

    >>> require_path("lessons", "root").name
    'lessons'
    >>> require_path(1, "root")
    Traceback (most recent call last):
    ...
    TypeError: root must be a path (text or a pathlib.Path); got a int.
    """
    import os
    from pathlib import Path

    if isinstance(value, (bool, int, float)) or not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (text or a pathlib.Path); got a "
                        f"{type(value).__name__}.")
    if not str(value).strip():
        raise ValueError(f"{name} must be a path; got an empty one.")
    return Path(value)


def require_instance(value: object, kind: type | tuple[type, ...], name: str, what: str) -> object:
    """Return ``value`` if it is a ``kind`` (``what``, in words), else a TypeError saying so.

    >>> require_instance(3, int, "count", "a whole number")
    3
    """
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {what}; got a {type(value).__name__}.")
    return value

