"""Names for the mistakes that checks recognise: :class:`Hint`, :func:`mistake_slug`.

A check's hint aimed at a recognised mistake carries the mistake's name, so that the grader can
count, per exercise, how many students made each one (the item analysis). A name is short,
stable and unique within its exercise: lower-case words joined by "-", with an optional "/"
and a qualifier (``other-row/cardiff-s-row-cardiff-2017``).

>>> hint = Hint("That is the share of alerts that were false.", "false-share")
>>> hint.mistake, mistake_slug(hint)
('false-share', 'share-alerts-false')
"""

from __future__ import annotations

import re

__all__ = ["FUNCTION_MISTAKES", "MISTAKE_NAME", "NUMBER_FORM_MISTAKES", "Hint", "label_slug",
           "mistake_slug", "require_name", "unique_names"]

#: What a mistake's name may look like: lower-case words joined by "-", with "/" before a
#: qualifier (the row or the exercise that the answer belongs to).
MISTAKE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?")
#: Words a mistake's slug leaves out: they name no mistake.
_SLUG_SKIPS = frozenset(
    "a an the of to is are was were be been that this these those it its you your yours by in "
    "on for and or not no as at with from what which than then so do did does has have had "
    "there their they them one all only each how but if into out up now here other others "
    "very just also can may must should would will x".split())

#: The names of what is wrong with a number answer's form, or near misses: (name, hint).
NUMBER_FORM_MISTAKES = {
    "several-numbers": "Give one number, not a pair, a list or an array: pick the value the "
                       "question asks for.",
    "not-a-number": "Leave out quotes and units; write just the number (a calculation is fine).",
    "overflow": "Look for a power or a product that grows without bound, or a division by a "
                "number close to zero.",
    "nan": "Look for a division by zero or an empty input in your calculation.",
    "too-rounded": "Give more digits: keep at least two significant figures.",
    "rounded-too-early": "Did you round a number before the last step? Keep full precision "
                         "until the end, then round.",
    "not-a-proportion": "A share of people must lie between 0 and 1. ",
}

#: What a learner's function can get wrong besides the exercise's listed mistakes: (name, hint).
FUNCTION_MISTAKES = {
    "not-a-function": "Start with def and the argument names given in the exercise.",
    "never-finishes": "Look for a loop that never ends: does each loop change what its "
                      "condition tests?",
    "calls-exit": "A function for a check must return its value: remove exit() and end with "
                  "return.",
    "raises-error": "Read the error message; check each name is spelt as in the arguments, and "
                    "that you never divide by zero.",
    "no-return": "End the function with return and the value you computed (print only shows "
                 "it).",
    "returns-non-number": "Make it return a number (a calculation is fine), not text, a list or "
                          "an array.",
    "percentages": "It returns percentages: return the proportion itself (for 15%, 0.15).",
    "hundred-times-too-big": "Look for a factor of 100: a percentage where a proportion "
                             "belongs, or a number multiplied in twice.",
    "overflow": "Look for a power or a product that grows without bound, or a division by a "
                "number close to zero.",
}


def _words(text: str) -> list[str]:
    """The words of ``text`` that say something: lower case, no small words, no numbers."""
    text = re.sub(r"['\u2019]s\b", "", text.lower()).replace("'", "").replace("\u2019", "")
    return [w for w in re.findall(r"[a-z0-9]+", text)
            if w not in _SLUG_SKIPS and not any(c.isdigit() for c in w)]


def mistake_slug(text: str, words: int = 4) -> str:
    """A short, stable name for a mistake, from its hint: the first ``words`` words that say
    something (no small words, no numbers), from the first sentence, or the first two if the
    first has fewer than two such words; joined by "-".

    >>> mistake_slug("That is the share of alerts that were false. The question asks ...")
    'share-alerts-false'
    >>> mistake_slug("You divided by everyone in the crowd (all 170,000 faces).")
    'divided-everyone-crowd-faces'
    >>> mistake_slug("Nearly. Round 100 x PPV to a whole figure.")
    'nearly-round-ppv-whole'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a hint (a string); got a {type(text).__name__}.")
    if isinstance(words, bool) or not isinstance(words, int) or words < 1:
        raise ValueError(f"words must be a whole number of at least 1; got {words!r:.40}.")
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        kept += _words(sentence)
        if len(kept) >= 2:
            break
    return "-".join(kept[:words]) or "mistake"


def require_name(name: object, what: str) -> str:
    """A mistake's name as given (empty: none given), or ValueError saying what a name is.

    >>> require_name("hit-rate-instead", "a WrongAnswer")
    'hit-rate-instead'
    >>> require_name("Hit rate", "a WrongAnswer")
    Traceback (most recent call last):
    ...
    ValueError: the name of a WrongAnswer must be lower-case words joined by '-' (such as 'hit-rate-instead'); got 'Hit rate'.
    """
    if not isinstance(what, str):
        raise TypeError(f"what must say whose name it is (text); got a {type(what).__name__}.")
    if not isinstance(name, str):
        raise TypeError(f"the name of {what} must be text; got a {type(name).__name__}.")
    if name and not MISTAKE_NAME.fullmatch(name):
        raise ValueError(f"the name of {what} must be lower-case words joined by '-' (such as "
                         f"'hit-rate-instead'); got {name!r:.60}.")
    return name


class Hint(str):
    """A hint that names the mistake it is aimed at: a ``str``, with ``mistake`` as well.

    A judge returns one in place of a plain hint; :class:`~facenumbers.checks.Feedback` keeps
    the text as its ``hint`` and the name as its ``mistake``. The name is not checked here
    (a check must never fail on it): :class:`~facenumbers.checks.judges.WrongAnswer` and
    :func:`~facenumbers.checks.judges.function_judge` check the names an exercise gives.

    >>> hint = Hint("Divide by the alerts, not the crowd.", "divided-by-crowd")
    >>> hint == "Divide by the alerts, not the crowd.", hint.mistake
    (True, 'divided-by-crowd')
    """

    mistake: str

    def __new__(cls, text: str, mistake: str = "") -> Hint:
        """A hint with ``text``, aimed at the mistake named ``mistake``."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a string; got a {type(text).__name__}.")
        if not isinstance(mistake, str):
            raise TypeError(f"mistake must be a name (text); got a {type(mistake).__name__}.")
        hint = super().__new__(cls, text)
        hint.mistake = mistake
        return hint


def unique_names(names: list[str], taken: set[str]) -> list[str]:
    """The names, each made unique (``-2``, ``-3``, ... added) against ``taken`` and the others;
    ``taken`` gains them.

    >>> unique_names(["share", "share", "rate"], {"rate"})
    ['share', 'share-2', 'rate-2']
    """
    if not isinstance(taken, set):
        raise TypeError(f"taken must be a set of names; got a {type(taken).__name__}.")
    if isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple)) or not all(
            isinstance(name, str) for name in names):
        raise TypeError("names must be a list of names (text).")
    found = []
    for name in names:
        unique, count = name, 1
        while unique in taken:
            count += 1
            unique = f"{name}-{count}"
        taken.add(unique)
        found.append(unique)
    return found


def label_slug(label: str, limit: int = 40) -> str:
    """A row's or an exercise's label as a name's qualifier: its words that say something, and
    its numbers, cut at a word within ``limit`` characters.

    >>> label_slug("the Met's row, met_2024_2025")
    'met-row-met-2024-2025'
    >>> label_slug("2. Share of the Met's 2024-25 alerts that were false", 30)
    '2-share-met-2024-25-alerts'
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a whole number of at least 1; got {limit!r:.40}.")
    text = re.sub(r"['\u2019]s\b", "", str(label).lower()).replace("'", "").replace("\u2019", "")
    slug = "-".join(w for w in re.findall(r"[a-z0-9]+", text) if w not in _SLUG_SKIPS) or "other"
    if len(slug) > limit:
        slug = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    return slug
