"""Judging number answers and functions: pass, or name the mistake the learner actually made.

A number answer is compared with **candidates**: the right answer, the exercise's own known
mistakes, and general diagnoses that fit any number exercise:

- off by a power of ten: a percentage for a proportion, or an answer in thousands, millions or
  billions (or ten times too big or small);
- the complement (1 − x) of a proportion, or the reciprocal (1 / x): a fraction upside down;
- the answer to another exercise of the same lesson (the lesson passes those in);
- the right formula on another row or case of the data (``other_rows``: the exercise lists,
  for each other row, what the right calculation gives there);
- numerator and denominator swapped, named in the learner's words where the exercise gives
  them (``fraction=("false alerts", "alerts")``).

The answer is matched to the candidate it fits **most tightly**, the right answer included, and
a hint names a mistake only when that mistake fits better than every other candidate. A value
close to the right answer but outside the tolerance gets a hint about rounding too early.

**Named mistakes.** Every hint aimed at a recognised mistake is a :class:`Hint`: a string that
also carries the mistake's **name**, short, stable and unique within its exercise
(``"percentage"``, ``"complement"``, ``"other-row/cardiff-row-cardiff-2017"``,
``"other-exercise/2"``; for a listed mistake its ``name``, by default a slug of its hint, see
:func:`mistake_slug`). :class:`~facenumbers.checks.Feedback` keeps it as ``mistake``, and the
grader's item analysis counts the students who made each one. ``known_mistakes()`` lists every
name a judge can give, with its hint.

**Precision.** A short number the learner typed (``9.2``, ``0.07``, ``5.7``) is judged at the
precision it was typed: it passes when the right answer rounds to it. A long float from a
calculation is judged tightly. A typed number too coarse to tell (``0.1`` for 0.07) is refused
with a request for more digits.

>>> judge = number_judge(0.0700404858)
>>> judge(0.0700404858)[0], judge(0.07)[0]
('correct', 'correct')
>>> judge(7.00404858)[1]
'7.00405 looks like a percentage.'
>>> judge(0.9299595142)[2]
'That is 1 minus the answer: the share of the other kind. Check which group the question asks about.'
"""

from __future__ import annotations

import math
import numbers
import re
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from facenumbers.checks.mistakes import (
    FUNCTION_MISTAKES,
    NUMBER_FORM_MISTAKES,
    Hint,
    label_slug,
    mistake_slug,
    require_name,
    unique_names,
)

__all__ = [
    "FUNCTION_TIME_LIMIT",
    "FunctionJudge",
    "Hint",
    "NumberJudge",
    "WrongAnswer",
    "as_number",
    "function_judge",
    "mistake_slug",
    "not_answered",
    "number_judge",
    "typed_unit",
]

#: Seconds each call of a learner's function may take before the check gives up on it.
FUNCTION_TIME_LIMIT = 3.0
#: A typed number may be rounded to at most this share of the right answer (half a unit):
#: 0.07 for 0.0700 passes (half a unit is 7% of it); 0.1 for 0.07 does not.
COARSEST_TYPED = 0.1
#: Within this share of the right answer but outside the tolerance: probably rounded too early.
ROUNDED_TOO_EARLY = 0.02
#: A whole-number answer below this is a count to give exactly (2,470 alerts, 64 figures);
#: larger ones may be typed rounded (about 120 million).
EXACT_COUNTS_BELOW = 10_000
#: A long float (a calculation, not typed) must be this close, unless the exercise sets its own.
TIGHT_REL_TOL = 0.001
#: How close a long float must be to one of an exercise's listed mistakes to get its hint.
LISTED_REL_TOL = 0.005

NONE_MESSAGE = (
    "The answer holds None. If you wrote name = print(...): print shows a value but gives back "
    "None, so assign the value itself (name = ...). Otherwise replace the ... with your answer "
    "and run the cell again."
)


@dataclass(frozen=True)
class WrongAnswer:
    """A typical wrong answer, the hint that addresses it, and the mistake's name.

    ``name`` is short and stable (lower-case words joined by "-"); left empty, the judge names
    the mistake after its hint (:func:`mistake_slug`).

    >>> WrongAnswer(0.93, "That is the share of alerts that were false.").name
    ''
    >>> WrongAnswer(0.93, "That is the share that were false.", "false-share").name
    'false-share'
    """

    value: float
    hint: str
    name: str = ""

    def __post_init__(self) -> None:
        require_name(self.name, "a WrongAnswer")


def not_answered(value: Any) -> bool:
    """True for the blanks of an exercise notebook: ``...``, None or NotImplemented."""
    return value is Ellipsis or value is None or value is NotImplemented


def as_number(value: Any) -> float | None:
    """A real number from an answer (int, float, numpy scalar or one-element array), else None.

    Integers too large for a float come back as infinity, so they are judged, not crashed on.

    >>> as_number(3), as_number(True), as_number("3"), as_number(10**400)
    (3.0, None, None, inf)
    """
    if isinstance(value, bool):
        return None
    if not isinstance(value, numbers.Real):
        size = getattr(value, "size", None)
        if size == 1 and hasattr(value, "item"):
            try:
                return as_number(value.item())
            except (TypeError, ValueError):
                return None
        return None
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def typed_unit(number: float) -> float | None:
    """The rounding unit of a number that looks typed or rounded (at most 4 significant digits).

    ``9.2`` has unit 0.1; ``99800`` has unit 100; a long float such as ``0.123456789`` has none.

    >>> typed_unit(9.2), typed_unit(99_800), typed_unit(0.07), typed_unit(0.123456789)
    (0.1, 100.0, 0.01, None)
    """
    try:
        number = float(number)
    except (OverflowError, TypeError, ValueError):
        return None       # beyond float range, or not a number: no typed precision
    if number == 0 or not math.isfinite(number):
        return None
    text = repr(abs(number))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        exponent = int(exponent)
    else:
        mantissa, exponent = text, 0
    if "." in mantissa:
        whole, fraction = mantissa.split(".")
        fraction = fraction.rstrip("0")
    else:
        whole, fraction = mantissa, ""
    digits = (whole + fraction).lstrip("0")
    if not fraction:                       # an integer: trailing zeros are not significant
        trailing = len(digits) - len(digits.rstrip("0"))
        digits = digits.rstrip("0")
        if len(digits) > 4:
            return None
        return float(10 ** (exponent + trailing))
    if len(digits) > 4:
        return None
    return 10.0 ** (exponent - len(fraction))


@dataclass(frozen=True)
class _Candidate:
    value: float
    right: bool
    message: str
    hint: str
    listed: bool = False
    #: The mistake's name (empty for the right answer).
    mistake: str = ""


#: The powers of ten an answer may be off by: (factor, in words, plural, the mistake's suffix).
_SCALES = ((1e3, "a thousand", "thousands", "1e3"), (1e6, "a million", "millions", "1e6"),
           (1e9, "a billion", "billions", "1e9"))


def _distance(number: float, target: float) -> float:
    return abs(number - target) / max(abs(target), 1e-300)


@dataclass
class NumberJudge:
    """Judge a number answer; see the module's docstring. Made by :func:`number_judge`."""

    expected: float
    wrong: Sequence[WrongAnswer] = ()
    rel_tol: float | None = None
    abs_tol: float = 0.0
    proportion: bool = True
    fallback_hint: str = "Write the calculation out step by step and check each number."
    general: bool = True
    #: Other exercises of the lesson, (title, right answer): set by :class:`Lesson`.
    others: Sequence[tuple[str, float]] = field(default_factory=tuple)
    #: The right calculation done on another row or case of the data: (which row, its value).
    other_rows: Sequence[tuple[str, float]] = field(default_factory=tuple)
    #: What the answer divides, in the learner's words: (numerator, denominator).
    fraction: tuple[str, str] | None = None

    def diagnoses(self) -> list[_Candidate]:
        """The general diagnoses that apply to this exercise's right answer, each named."""
        e = self.expected
        found: list[_Candidate] = []
        if not self.general or e == 0 or not math.isfinite(e):
            return found
        if self.proportion:
            found.append(_Candidate(
                e * 100, False, "{shown} looks like a percentage.",
                "Give the answer as a proportion between 0 and 1 (for {pct}%, write {prop}).",
                mistake="percentage"))
        for factor, word, plural, power in _SCALES:
            found.append(_Candidate(
                e / factor, False, "{shown} is " + word + " times too small.",
                "Did you give the answer in " + plural + "? Write the whole number: for 12 "
                "million, write 12_000_000 (or 12e6).", mistake=f"too-small-{power}"))
            found.append(_Candidate(
                e * factor, False, "{shown} is " + word + " times too big.",
                "Check the units of each input: a count in " + plural + " may have been "
                "multiplied in twice.", mistake=f"too-big-{power}"))
        found.append(_Candidate(e * 10, False, "{shown} is ten times too big.",
                                "Look for a misplaced zero or decimal point.",
                                mistake="too-big-10"))
        found.append(_Candidate(e / 10, False, "{shown} is ten times too small.",
                                "Look for a misplaced zero or decimal point.",
                                mistake="too-small-10"))
        if self.proportion and 0 < e < 1 and abs(1 - 2 * e) > 0.02:
            found.append(_Candidate(
                1 - e, False, "{shown} is not right.",
                "That is 1 minus the answer: the share of the other kind. Check which group "
                "the question asks about.", mistake="complement"))
        if abs(abs(e) - 1) > 0.02:
            if self.fraction:
                top, bottom = self.fraction
                upside_down = (f"You divided the {bottom} by the {top}: the numerator and the "
                               f"denominator are swapped. The question asks for {top} per "
                               f"{bottom}: put the {top} on top.")
            else:
                upside_down = ("That is the answer upside down (1 divided by it): the numerator "
                               "and the denominator are swapped. Check which number goes on top "
                               "of the fraction.")
            found.append(_Candidate(1 / e, False, "{shown} is not right.", upside_down,
                                    mistake="upside-down"))
        taken = {c.mistake for c in found} | set(self._listed_names())
        rows = [(row, value) for row, value in self.other_rows
                if math.isfinite(value) and _distance(value, e) > 0.005]
        names = unique_names([f"other-row/{label_slug(row)}" for row, _ in rows], taken)
        for (row, value), name in zip(rows, names):
            found.append(_Candidate(
                value, False, "{shown} is not right.",
                f"That is the right calculation, done on another row of the data ({row}). "
                "Check which row or case the question asks about.", mistake=name))
        others = [(title, value) for title, value in self.others
                  if value != 0 and math.isfinite(value) and _distance(value, e) > 0.005]
        names = unique_names([f"other-exercise/{_exercise_label(title)}" for title, _ in others],
                             taken)
        for (title, value), name in zip(others, names):
            found.append(_Candidate(
                value, False, "{shown} is not right.",
                f"That is the answer to another exercise ({title}), not this one: reread "
                "what this question asks for.", mistake=name))
        return found

    def _listed_names(self) -> list[str]:
        """The name of each listed mistake (``wrong``): its own, else its hint's slug; unique."""
        reserved = {"percentage", "complement", "upside-down", "too-big-10", "too-small-10",
                    *NUMBER_FORM_MISTAKES, *(f"too-{size}-{power}" for *_, power in _SCALES
                                             for size in ("big", "small"))}
        given = [m.name for m in self.wrong]
        taken = reserved | set(given)
        derived = unique_names([mistake_slug(m.hint) for m in self.wrong if not m.name], taken)
        return [name or derived.pop(0) for name in given]

    def known_mistakes(self) -> dict[str, str]:
        """Every mistake this judge can name, with its hint (``{pct}``, ``{prop}`` left as such).

        >>> judge = number_judge(0.25, [WrongAnswer(0.5, "You doubled it.")])
        >>> list(judge.known_mistakes())[:4]
        ['doubled', 'percentage', 'too-small-1e3', 'too-big-1e3']
        """
        found = {name: m.hint for name, m in zip(self._listed_names(), self.wrong)}
        found.update({c.mistake: c.hint for c in self.diagnoses()})
        found.update({name: hint + (self.fallback_hint if name == "not-a-proportion" else "")
                      for name, hint in NUMBER_FORM_MISTAKES.items()})
        return found

    def _matches(self, number: float, candidate: _Candidate, unit: float | None) -> bool:
        if unit is not None:
            # Typed at a precision: the candidate must round to what was typed.
            return abs(number - candidate.value) <= unit / 2 * (1 + 1e-9) + self.abs_tol
        if self.rel_tol is not None:           # the exercise set its own tolerance
            rel_tol = self.rel_tol
        else:                                  # a listed mistake keeps the old, wider match
            rel_tol = LISTED_REL_TOL if candidate.listed else TIGHT_REL_TOL
        return math.isclose(number, candidate.value, rel_tol=rel_tol, abs_tol=self.abs_tol)

    def __call__(self, value: Any) -> tuple[str, str, str]:
        if value is None:
            return "not answered", NONE_MESSAGE, ""
        if not_answered(value):
            return "not answered", "Replace the ... with your answer and run the cell again.", ""
        number = as_number(value)
        several = isinstance(value, (tuple, list)) or (getattr(value, "size", 1) not in (1, None))
        if number is None and several:
            return ("not yet",
                    f"The answer should be one number, but it holds several: {value!r:.60}.",
                    _form("several-numbers"))
        if number is None:
            kind = type(value).__name__
            return ("not yet",
                    f"The answer should be a single number, but it is a {kind}: {value!r:.60}.",
                    _form("not-a-number"))
        if math.isinf(number):
            return ("not yet", "The answer is far too large to be right (it overflows).",
                    _form("overflow"))
        if math.isnan(number):
            return "not yet", f"The answer is {number}, not a usable number.", _form("nan")
        return self._judge(number)

    def _judge(self, number: float) -> tuple[str, str, str]:
        shown = f"{number:.6g}"
        unit = typed_unit(number)
        if unit is not None and math.isclose(number, self.expected, rel_tol=TIGHT_REL_TOL / 10):
            unit = None     # short, but as exact as a calculation: 1e-05 for 1.00001e-05
        if (unit is not None and unit > 1 and number.is_integer() and float(self.expected).is_integer()
                and abs(self.expected) < EXACT_COUNTS_BELOW):
            unit = 1.0      # a small count is answered exactly: 2500 is not 2,470 rounded
        right = _Candidate(self.expected, True, f"{shown} is right.", "")
        listed = [_Candidate(m.value, False, "{shown} is not right.", m.hint, listed=True,
                             mistake=name) for m, name in zip(self.wrong, self._listed_names())]
        candidates = [right, *listed, *self.diagnoses()]
        fitting = [c for c in candidates if self._matches(number, c, unit)]
        if fitting:
            # The tightest fit wins; on a tie, the right answer, then a listed mistake.
            def fit(c: _Candidate) -> tuple[float, bool, bool]:
                """Closer first; on a tie, the right answer, then a listed mistake."""
                distance = _distance(number, c.value)
                return (0.0 if distance < 1e-9 else distance, not c.right, not c.listed)

            best = min(fitting, key=fit)
            if best.right:
                exact = math.isclose(number, self.expected, rel_tol=1e-9, abs_tol=1e-300)
                if (not exact and unit is not None
                        and unit / 2 > COARSEST_TYPED * abs(self.expected) + self.abs_tol):
                    return "not yet", f"{shown} is too rounded to tell.", _form("too-rounded")
                return "correct", best.message, ""
            return "not yet", best.message.format(shown=shown), Hint(best.hint.format(
                pct=f"{number:.3g}", prop=f"{number / 100:.3g}"), best.mistake)
        if self.expected != 0 and _distance(number, self.expected) <= ROUNDED_TOO_EARLY:
            return "not yet", f"{shown} is close, but not right.", _form("rounded-too-early")
        if self.proportion and not 0 <= number <= 1:
            return ("not yet", f"{shown} is not a proportion between 0 and 1.",
                    Hint(NUMBER_FORM_MISTAKES["not-a-proportion"] + self.fallback_hint,
                         "not-a-proportion"))
        return "not yet", f"{shown} is not right.", self.fallback_hint


def _exercise_label(title: str) -> str:
    """Another exercise as a name's qualifier: its number (``"2. Share of..."`` is ``2``), which
    stays the same when a variant changes the title's words; else a slug of the title."""
    number = re.match(r"\s*(\d+)[.)]\s", str(title))
    return number.group(1) if number else label_slug(title, 30)


def _form(name: str) -> Hint:
    """The hint for a number answer's form (or a near miss), named."""
    return Hint(NUMBER_FORM_MISTAKES[name], name)


def number_judge(
    expected: float,
    wrong: Sequence[WrongAnswer] = (),
    rel_tol: float | None = None,
    abs_tol: float = 0.0,
    proportion: bool = True,
    fallback_hint: str = "Write the calculation out step by step and check each number.",
    general: bool = True,
    other_rows: Sequence[tuple[str, float]] = (),
    fraction: tuple[str, str] | None = None,
) -> NumberJudge:
    """Judge a numeric answer: see the module's docstring.

    A long float from a calculation passes within 0.1% of the right answer, or within
    ``rel_tol`` where the exercise sets one; a typed short number is judged at its own
    precision. ``abs_tol`` widens the match for answers near zero. ``general=False`` turns the
    general diagnoses off. With
    ``proportion=True`` the answer is a share between 0 and 1, and the percentage and complement
    diagnoses apply. ``other_rows`` lists what the right calculation gives on the data's other
    rows or cases, by name; ``fraction`` names the numerator and the denominator, so that a
    fraction upside down is told which is which.

    >>> judge = number_judge(173 / 2470, other_rows=[("the Met's row", 10 / 2077)],
    ...                      fraction=("true alerts", "alerts"))
    >>> print(judge(10 / 2077)[2])
    That is the right calculation, done on another row of the data (the Met's row). Check which row or case the question asks about.
    >>> print(judge(2470 / 173)[2])
    You divided the alerts by the true alerts: the numerator and the denominator are swapped. The question asks for true alerts per alerts: put the true alerts on top.
    """
    return NumberJudge(expected, tuple(wrong), rel_tol, abs_tol, proportion, fallback_hint, general,
                       other_rows=tuple(other_rows), fraction=fraction)


def _shown_error(problem: BaseException, limit: int = 200) -> str:
    """An exception's message, cut to a readable length; never raises (its __str__ may)."""
    try:
        text = str(problem)
    except Exception:  # noqa: BLE001 - a learner's exception class may break its own __str__
        text = f"(a {type(problem).__name__} whose message could not be read)"
    return text if len(text) <= limit else text[:limit] + "..."


class _TimeLimit(Exception):
    """A learner's function ran past :data:`FUNCTION_TIME_LIMIT`."""


def _call_with_limit(function: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> Any:
    """Call ``function(*args)``, stopping it after ``seconds`` where the platform allows.

    The limit needs SIGALRM in the main thread (Linux and macOS, as in a Jupyter kernel); where
    that is not available, the function runs without one.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        return function(*args)

    def stop(signum: int, frame: object) -> None:  # noqa: ARG001 - a signal handler's signature
        """Interrupt the learner's function: its time is up."""
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return function(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _function_hint(name: str) -> Hint:
    """The hint for what is wrong with a learner's function beyond the listed mistakes, named."""
    return Hint(FUNCTION_MISTAKES[name], name)


@dataclass
class FunctionJudge:
    """Judge a function the learner wrote; see :func:`function_judge`.

    Each of ``wrong`` is ``(mistaken function, hint)`` or ``(mistaken function, hint, name)``.
    """

    cases: Sequence[tuple[tuple[Any, ...], float]]
    wrong: Sequence[tuple[Callable[..., float], str] | tuple[Callable[..., float], str, str]] = ()
    rel_tol: float = 1e-6
    abs_tol: float = 1e-12
    fallback_hint: str = ("Work that test input by hand, step by step, and compare each step "
                          "with what your function does.")
    proportion: bool = False
    time_limit: float = FUNCTION_TIME_LIMIT

    def _close(self, a: float | None, b: float) -> bool:
        return a is not None and math.isfinite(a) and math.isclose(
            a, b, rel_tol=self.rel_tol, abs_tol=self.abs_tol)

    def _listed(self) -> list[tuple[Callable[..., float], str, str]]:
        """Each listed mistake as (function, hint, name): its own name, else its hint's slug."""
        given = [require_name(w[2] if len(w) > 2 else "", "a mistaken function")
                 for w in self.wrong]
        taken = set(FUNCTION_MISTAKES) | set(given)
        derived = unique_names(
            [mistake_slug(w[1]) for w, name in zip(self.wrong, given) if not name], taken)
        return [(w[0], w[1], name or derived.pop(0)) for w, name in zip(self.wrong, given)]

    def known_mistakes(self) -> dict[str, str]:
        """Every mistake this judge can name, with its hint.

        >>> judge = function_judge([((2,), 4)], wrong=[(lambda x: x + 2, "You added 2.", "added")])
        >>> list(judge.known_mistakes())[:2]
        ['added', 'not-a-function']
        """
        found = {name: hint for _, hint, name in self._listed()}
        found.update(FUNCTION_MISTAKES)
        return found

    def __call__(self, value: Any) -> tuple[str, str, str]:
        if not_answered(value):
            return "not answered", "Define the function and run the cell again.", ""
        if not callable(value):
            return ("not yet",
                    f"This should be a function (def ...), but it is a {type(value).__name__}.",
                    _function_hint("not-a-function"))
        results: list[float | None] = []
        for args, _expected in self.cases:
            shown = ", ".join(repr(a) for a in args)
            try:
                result = _call_with_limit(value, args, self.time_limit)
            except _TimeLimit:
                return ("not yet",
                        f"Your function did not finish in {self.time_limit:g} s when called "
                        f"with ({shown}).", _function_hint("never-finishes"))
            except SystemExit:  # exit() or quit() in the learner's function
                return ("not yet",
                        f"Your function called exit() (or quit()) when called with ({shown}).",
                        _function_hint("calls-exit"))
            except Exception as problem:  # the learner's code: report, never crash
                said = _shown_error(problem)
                return ("not yet",
                        f"Your function raised {type(problem).__name__}: {said} "
                        f"when called with ({shown}).", _function_hint("raises-error"))
            if not_answered(result):
                return ("not answered", "Your function does not return a number yet.",
                        _function_hint("no-return"))
            number = as_number(result)
            if number is None:
                return ("not yet",
                        f"Your function does not return a number: for ({shown}) it returns a "
                        f"{type(result).__name__}, {result!r:.60}.",
                        _function_hint("returns-non-number"))
            results.append(number)
        if all(self._close(r, expected) for r, (_, expected) in zip(results, self.cases)):
            return "correct", f"Your function gives the right answer on all {len(self.cases)} test inputs.", ""
        for mistake, hint, name in self._listed():
            try:
                if all(self._close(r, mistake(*args)) for r, (args, _) in zip(results, self.cases)):
                    return "not yet", "Your function gives wrong answers.", Hint(hint, name)
            except ZeroDivisionError:
                continue
        if all(self._close(r, 100 * expected) for r, (_, expected) in zip(results, self.cases)):
            percentages = all(0 <= expected <= 1 for _, expected in self.cases)
            return ("not yet", "Your function gives answers 100 times too big.",
                    _function_hint("percentages" if percentages else "hundred-times-too-big"))
        first_bad = next(
            (args, r, expected)
            for r, (args, expected) in zip(results, self.cases)
            if not self._close(r, expected)
        )
        args, got, expected = first_bad
        shown = ", ".join(repr(a) for a in args)
        if math.isinf(got):
            return ("not yet",
                    f"For ({shown}) your function returns a number too large to compute with "
                    f"(it overflows); the right answer is {expected:.6g}.",
                    _function_hint("overflow"))
        return (
            "not yet",
            f"For ({shown}) your function returns {got:.6g}; the right answer is {expected:.6g}.",
            self.fallback_hint,
        )


def function_judge(
    cases: Sequence[tuple[tuple[Any, ...], float]],
    wrong: Sequence[tuple[Callable[..., float], str] | tuple[Callable[..., float], str, str]] = (),
    rel_tol: float = 1e-6,
    abs_tol: float = 1e-12,
    fallback_hint: str = "Work that test input by hand, step by step, and compare each step "
    "with what your function does.",
    time_limit: float = FUNCTION_TIME_LIMIT,
) -> FunctionJudge:
    """Judge a function by calling it on ``cases`` (arguments, expected), each call time-limited.

    ``wrong`` holds typical mistaken functions with their hints, as ``(function, hint)`` or
    ``(function, hint, name)`` (the mistake's name; by default a slug of the hint): when the
    learner's function agrees with one of them on every case, that hint is given. A function
    that returns 100 times the right answers is told it returns percentages. Otherwise
    ``fallback_hint``.

    >>> judge = function_judge([((2,), 4), ((3,), 9)],
    ...                        wrong=[(lambda x: 2 * x, "You doubled the input.")])
    >>> status, _, hint = judge(lambda x: x + x)
    >>> status, hint, hint.mistake
    ('not yet', 'You doubled the input.', 'doubled-input')
    """
    for mistake in wrong:
        if (not isinstance(mistake, (tuple, list)) or len(mistake) not in (2, 3)
                or not callable(mistake[0])):
            raise TypeError("each of wrong must be (mistaken function, hint) or (mistaken "
                            f"function, hint, name); got {mistake!r:.60}.")
        if len(mistake) == 3:
            require_name(mistake[2], "a mistaken function")
    return FunctionJudge(tuple(cases), tuple(wrong), rel_tol, abs_tol, fallback_hint,
                         time_limit=time_limit)
