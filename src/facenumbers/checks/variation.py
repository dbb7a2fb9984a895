"""How a lesson's exercises may vary between students: :class:`Variation`.

A varied lesson's checks module declares one (see :mod:`facenumbers.variants` for how each
student's values are drawn, and ``facenumbers assign`` for the notebooks): each parameter's
default (what ``make exercises`` states), its small set of sensible choices, and optionally
which combinations fit together. A variant's **key** names every parameter and its value.

>>> v = Variation({"crowd": 100_000}, {"crowd": (100_000, 200_000)})
>>> v.parse(v.key({"crowd": 200_000}))
{'crowd': 200000}
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Union

__all__ = ["MAX_REDRAWS", "Value", "Variation"]

#: A parameter's value: a whole number, a rate, or the name of a real row of the data.
Value = Union[int, float, str]
#: How many times a draw is made again when its values do not fit together (``valid``).
MAX_REDRAWS = 1_000


def _shown(value: Value) -> str:
    """A value as a key writes it: ``200000``, ``0.95``, ``1e-9``, ``cardiff_2017``."""
    if isinstance(value, float):
        return f"{value:g}".replace("e-0", "e-").replace("e+0", "e+")
    return str(value)


@dataclass(frozen=True)
class Variation:
    """What may vary in a lesson's exercises: each parameter's default and its choices.

    ``valid`` (optional) says whether drawn values fit together; a draw that does not is made
    again from the next seed.

    >>> v = Variation({"crowd": 100_000, "case": "a"}, {"crowd": (100_000, 200_000),
    ...               "case": ("a", "b")})
    >>> v.key({"crowd": 200_000, "case": "b"})
    'crowd=200000,case=b'
    >>> v.parse("crowd=200000,case=b")
    {'crowd': 200000, 'case': 'b'}
    >>> v.complete({"case": "b"})
    {'crowd': 100000, 'case': 'b'}
    >>> v.count
    4
    """

    default: Mapping[str, Value]
    choices: Mapping[str, Sequence[Value]]
    valid: Callable[[Mapping[str, Value]], bool] | None = None

    def __post_init__(self) -> None:
        if set(self.default) != set(self.choices):
            raise ValueError("a Variation needs a default for each parameter it varies, and "
                             f"choices for each; got defaults {sorted(self.default)} and choices "
                             f"{sorted(self.choices)}.")
        for name, options in self.choices.items():
            shown = [_shown(option) for option in options]
            if len(set(shown)) != len(shown) or not shown:
                raise ValueError(f"the choices of {name} must be different values; got {shown}.")
            if self.default[name] not in options:
                raise ValueError(f"the default of {name}, {self.default[name]!r}, must be one of "
                                 f"its choices {shown}.")

    @property
    def count(self) -> int:
        """How many combinations of values there are (before ``valid`` rules some out)."""
        return math.prod(len(options) for options in self.choices.values())

    def draw(self, seed: int) -> dict[str, Value]:
        """The values that ``seed`` picks: each parameter's choice, read off the seed's digits.

        >>> Variation({"n": 1}, {"n": (1, 2, 3)}).draw(4)
        {'n': 2}
        """
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed must be a whole number of 0 or more; got {seed!r:.60}.")
        for attempt in range(MAX_REDRAWS):
            rest = seed if attempt == 0 else int.from_bytes(
                hashlib.sha256(f"{seed}:{attempt}".encode()).digest(), "big")
            params: dict[str, Value] = {}
            for name, options in self.choices.items():
                rest, index = divmod(rest, len(options))
                params[name] = options[index]
            if self.valid is None or self.valid(params):
                return params
        raise ValueError("no draw fits together: check the Variation's valid function.")

    def key(self, params: Mapping[str, Value]) -> str:
        """The variant's key: every parameter and its value, in the order of ``choices``."""
        complete = self.complete(params)
        return ",".join(f"{name}={_shown(complete[name])}" for name in self.choices)

    def parse(self, key: str) -> dict[str, Value]:
        """The values a key names (parameters it leaves out keep their defaults).

        Raises ValueError for a parameter or a value that is not among the choices.
        """
        if not isinstance(key, str):
            raise TypeError(f"key must be text such as 'crowd=200000'; got a "
                            f"{type(key).__name__}.")
        params: dict[str, Value] = {}
        for part in filter(None, (piece.strip() for piece in key.split(","))):
            name, equals, shown = (text.strip() for text in part.partition("="))
            if not equals or name not in self.choices:
                raise ValueError(f"the variant key names {name!r}, not one of the parameters "
                                 f"{', '.join(self.choices)}.")
            found = [option for option in self.choices[name] if _shown(option) == shown]
            if not found:
                raise ValueError(f"the variant key gives {name}={shown}, not one of its choices "
                                 f"{', '.join(_shown(o) for o in self.choices[name])}.")
            params[name] = found[0]
        return self.complete(params)

    def complete(self, params: Mapping[str, Value]) -> dict[str, Value]:
        """``params`` with the defaults filled in; ValueError for a name or value not allowed."""
        if not isinstance(params, Mapping):
            raise TypeError(f"params must be a mapping of parameter names to values; got a "
                            f"{type(params).__name__}.")
        unknown = [name for name in params if name not in self.choices]
        if unknown:
            raise ValueError(f"unknown parameters {unknown!r:.80}: the parameters are "
                             f"{', '.join(self.choices)}.")
        for name, value in params.items():
            if not any(_same(value, option) for option in self.choices[name]):
                raise ValueError(f"{name}={value!r:.40} is not one of its choices "
                                 f"{', '.join(_shown(o) for o in self.choices[name])}.")
        complete = {name: next(o for o in self.choices[name] if _same(params[name], o))
                    if name in params else self.default[name] for name in self.choices}
        if self.valid is not None and not self.valid(complete):
            raise ValueError(f"these values do not fit together: {self.key_unchecked(complete)}.")
        return complete

    def key_unchecked(self, params: Mapping[str, Value]) -> str:
        """The key of values already checked (for messages)."""
        return ",".join(f"{name}={_shown(value)}" for name, value in params.items())


def _same(value: object, option: Value) -> bool:
    """Whether ``value`` is the choice ``option`` (a number equal to a number, text to text)."""
    if isinstance(option, str) or isinstance(value, str):
        return value == option
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return value == option
