"""Checks for Lesson 01, real-name registration.

In the exercise notebook::

    from facenumbers.checks.real_name import check, progress, PEOPLE, TIMELINE

The exercises use three kinds of input:

- ``TIMELINE``: China's real-name rules, from the course's sourced table
  ``china_real_name_timeline``, with the ``date`` column read as dates.
- Sourced figures from ``china_real_name_2016`` and ``sim_registration_world``, and the
  sourced links of ``linked_identifiers`` (exercise 9).
- ``PEOPLE``: 20 made-up people (a synthetic table written by hand, no real person), small
  enough to check by eye: their sex, birth year, district and the first three digits of their
  phone number.

>>> check("years_to_face_rule", 3378 / 365.25).passed
True
>>> print(check("years_to_face_rule", 9).hint)  # doctest: +ELLIPSIS
You subtracted the years only...
>>> check("unique_people", 7).passed
True
>>> print(check("k_of_table", 5).hint)  # doctest: +ELLIPSIS
That is the largest group...
>>> print(check("biometric_share_2020", 35 / 157).hint)  # doctest: +ELLIPSIS
35 is from 2024/25 and 157 from 2021...
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from facenumbers import data
from facenumbers.checks import (
    Exercise,
    Feedback,
    Lesson,
    Progress,
    WrongAnswer,
    choice_judge,
    function_judge,
    number_judge,
)
from facenumbers.checks.variation import Value, Variation
from facenumbers.models import uniqueness

__all__ = [
    "DEFAULT",
    "EXPECTED_UNIQUE_CASES",
    "LESSON",
    "PEOPLE",
    "TIMELINE",
    "TOWN",
    "VARIANT_COUNTS",
    "VARIATION",
    "check",
    "constants_for",
    "for_variant",
    "lesson_for",
    "progress",
    "texts_for",
]

#: China's real-name rules (sourced), with ``date`` as pandas timestamps.
TIMELINE = data.load("china_real_name_timeline").assign(
    date=lambda table: pd.to_datetime(table["date"])
)

#: Exercises 4 and 5: 20 made-up people. Not data about anyone: written by hand so that the
#: groups are easy to see. ``person`` is a row number, not an identifier anyone else holds.
PEOPLE = pd.DataFrame(
    [
        ("P01", "F", 1985, "Riverside", "138"),
        ("P02", "M", 1990, "Riverside", "139"),
        ("P03", "F", 1972, "Hilltop", "150"),
        ("P04", "M", 1985, "Harbour", "138"),
        ("P05", "F", 1985, "Riverside", "138"),
        ("P06", "F", 1990, "Old Town", "186"),
        ("P07", "M", 1968, "Hilltop", "139"),
        ("P08", "M", 1990, "Riverside", "139"),
        ("P09", "F", 2001, "Harbour", "150"),
        ("P10", "F", 1985, "Riverside", "139"),
        ("P11", "F", 1972, "Riverside", "138"),
        ("P12", "M", 1990, "Harbour", "150"),
        ("P13", "F", 1985, "Hilltop", "186"),
        ("P14", "M", 1985, "Harbour", "186"),
        ("P15", "F", 1972, "Hilltop", "186"),
        ("P16", "F", 1990, "Riverside", "139"),
        ("P17", "M", 1968, "Hilltop", "150"),
        ("P18", "F", 1985, "Riverside", "186"),
        ("P19", "M", 1990, "Riverside", "139"),
        ("P20", "F", 2001, "Old Town", "138"),
    ],
    columns=["person", "sex", "birth_year", "district", "phone_prefix"],
)

#: Exercise 7: an illustrative town, and one quasi-identifier: the full date of birth.
TOWN = {"population": 10_000, "attributes": ["birth_date"]}

#: What varies between students (``facenumbers assign``, see :mod:`facenumbers.variants`): only
#: exercise 7's illustrative town. Exercises 1 to 3, 8 and 9 use sourced figures and links that
#: each question names; 4 and 5 count a small made-up table written to be checked by eye; 6 is
#: a function: they stay fixed.
DEFAULT: dict[str, Value] = {"town_population": 10_000}
VARIATION = Variation(DEFAULT, {"town_population": (5_000, 10_000, 20_000, 50_000)})
#: How many different right answers each exercise has across the variants (K; 1: fixed).
VARIANT_COUNTS: dict[str, int] = {
    "years_to_face_rule": 1, "users_may_2016": 1, "biometric_share_2020": 1, "unique_people": 1,
    "k_of_table": 1, "expected_unique": 1, "unique_in_town": 4, "evidence_of_effect": 1,
    "supported_link": 1,
}


def texts_for(params: Mapping[str, Value]) -> dict[str, str]:
    """What the variant's notebook states (cell metadata ``facenumbers_vary``).

    >>> texts_for({"town_population": 50_000})["town"]
    '50,000'
    """
    return {"town": f"{int(VARIATION.complete(params)['town_population']):,}"}


def constants_for(params: Mapping[str, Value]) -> dict[str, str]:
    """The names the notebook imports whose values vary, as code for the variant's setup cell.

    >>> constants_for({"town_population": 5_000})["TOWN"]
    '{"population": 5_000, "attributes": ["birth_date"]}'
    """
    population = int(VARIATION.complete(params)["town_population"])
    return {"TOWN": f'{{"population": {population:_}, "attributes": ["birth_date"]}}'}

#: Exercise 6: (population, cells) and the expected share of unique people.
EXPECTED_UNIQUE_CASES = [
    ((3, 4), (3 / 4) ** 2),
    ((1, 10), 1.0),
    ((23, 365), uniqueness.expected_unique_share(23, 365)),
    ((10_000, 29_200), uniqueness.expected_unique_share(10_000, 29_200)),
    ((1_000_000, 1_000_000), uniqueness.expected_unique_share(1_000_000, 1_000_000)),
]

# --- Expected answers, from the data and the package's model -------------------------------


def _date(words: str) -> pd.Timestamp:
    rows = TIMELINE.loc[TIMELINE["event"].str.contains(words, regex=False), "date"]
    return rows.iloc[0]


_YEAR = 365.25
_system = _date("officially implemented")
_face_rule = _date("Portrait comparison")
_announced = _date("MIIT statement announcing")
_regulations = _date("MIIT Regulations")
_fraud_law = _date("Anti-Telecom")
_days = (_face_rule - _system).days

_coverage = data.value("china_real_name_2016", "coverage_may_2016")
_unregistered = data.value("china_real_name_2016", "unregistered_may_2016")
_users_2010 = data.value("china_real_name_2016", "users_mid_2010")
_users_2016 = _unregistered / (1 - _coverage)

_mandatory_2020 = data.value("sim_registration_world", "countries_mandatory_jan_2020")
_mandatory_2021 = data.value("sim_registration_world", "countries_mandatory_2021")
_biometric_2020 = data.value("sim_registration_world", "biometric_mandate_countries_jan_2020")
_biometric_2024 = data.value("sim_registration_world", "biometric_mandate_countries_2024")

_THREE = ["sex", "birth_year", "district"]
_TWO = ["sex", "birth_year"]


def _sizes(columns: list[str]) -> pd.Series:
    """Each person's group size on ``columns``."""
    return PEOPLE.groupby(columns)["person"].transform("size")


_unique = int((_sizes(_THREE) == 1).sum())
_groups_three = int(PEOPLE.groupby(_THREE).ngroups)
_unique_four = int((_sizes(_THREE + ["phone_prefix"]) == 1).sum())
_unique_two = int((_sizes(_TWO) == 1).sum())
_group_table = PEOPLE.groupby(_TWO).size()



def _formula(population: int, cells: int) -> float:
    return (1 - 1 / cells) ** (population - 1)


def lesson_for(params: Mapping[str, Value]) -> Lesson:
    """The checks of one variant (``{}`` or :data:`DEFAULT`: the lesson as ``make exercises``
    states it). Raises ValueError for a parameter or value that :data:`VARIATION` does not allow.

    >>> lesson_for({"town_population": 20_000}).exercises["unique_in_town"].title
    '7. Share unique on date of birth in a town of 20,000'
    """
    population = int(VARIATION.complete(params)["town_population"])
    town_cells = uniqueness.cells_for(TOWN["attributes"])
    town = uniqueness.expected_unique_share(population, town_cells)
    return Lesson(
        "01-real-name-registration",
        [
            Exercise(
                "years_to_face_rule",
                "1. Years from the real-name system to the face rule",
                number_judge(
                    _days / _YEAR,
                    wrong=[
                        WrongAnswer(
                            _face_rule.year - _system.year,
                            "You subtracted the years only. September 2010 to December 2019 is "
                            "more than 9 years: subtract the dates, then turn days into years.",
                        ),
                        WrongAnswer(
                            _days,
                            "That is a number of days. Divide it by 365.25 to get years.",
                        ),
                        WrongAnswer(
                            (_announced - _system).days / _YEAR,
                            "You used the date MIIT announced the face check (27 Sep 2019). The "
                            "rule took effect later, on 1 Dec 2019: use that row.",
                        ),
                        WrongAnswer(
                            (_face_rule - _regulations).days / _YEAR,
                            "You started from the 2013 MIIT Regulations. The real-name system was "
                            "officially implemented on 1 Sep 2010.",
                        ),
                        WrongAnswer(
                            (_fraud_law - _system).days / _YEAR,
                            "You ended at the 2022 Anti-Telecom and Online Fraud Law. The face "
                            "rule is the portrait comparison of 1 Dec 2019.",
                        ),
                        WrongAnswer(
                            -_days / _YEAR,
                            "The answer is negative: subtract the earlier date from the later one.",
                        ),
                        WrongAnswer(
                            _days / 30.4375,
                            "That is a number of months. The question asks for years.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="Find the row of 1 Sep 2010 and the row of 1 Dec 2019, subtract "
                    "the dates ((later - earlier).days), then divide by 365.25.",
                ),
            ),
            Exercise(
                "users_may_2016",
                "2. Phone users implied by MIIT's May 2016 figures",
                number_judge(
                    _users_2016,
                    wrong=[
                        WrongAnswer(
                            _unregistered / _coverage,
                            "You divided by the share registered (92%). The 100 million are the "
                            "users NOT registered: they are 1 - 0.92 = 8% of all users.",
                        ),
                        WrongAnswer(
                            _unregistered * _coverage / (1 - _coverage),
                            "That is the registered users only. The question asks for all users, "
                            "registered or not: add the 100 million, or divide by 0.08 directly.",
                        ),
                        WrongAnswer(
                            _unregistered * (1 - _coverage),
                            "You multiplied by 8%. The 100 million are 8% OF the users, so the "
                            "users are 100 million divided by 0.08.",
                        ),
                        WrongAnswer(
                            _unregistered * _coverage,
                            "You multiplied by 92%. The 100 million are the 8% not registered, so "
                            "the users are 100 million divided by 0.08.",
                        ),
                        WrongAnswer(
                            _users_2010,
                            "800 million is the count for 2010, six years earlier. Work it out "
                            "from the May 2016 figures.",
                        ),
                        WrongAnswer(
                            1 - _coverage,
                            "That is the share not registered, not a number of users. The 100 "
                            "million are that share of all users.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="If 92% are registered, the 100 million not registered are 8% of "
                    "all users: users x 0.08 = 100 million.",
                ),
            ),
            Exercise(
                "biometric_share_2020",
                "3. Share of SIM-registering countries that required biometrics, Jan 2020",
                number_judge(
                    _biometric_2020 / _mandatory_2020,
                    wrong=[
                        WrongAnswer(
                            _biometric_2024 / _mandatory_2021,
                            "35 is from 2024/25 and 157 from 2021: neither is from January 2020. "
                            "A share needs a count and a total from the same date.",
                        ),
                        WrongAnswer(
                            _biometric_2024 / _mandatory_2020,
                            "35 is the 2024/25 count of biometric mandates; 155 is January 2020. "
                            "A share needs a count and a total from the same date: 17 of 155.",
                        ),
                        WrongAnswer(
                            _biometric_2020 / _mandatory_2021,
                            "157 is the 2021 count of countries. For January 2020, the total is "
                            "155: a count and a total from the same date.",
                        ),
                        WrongAnswer(
                            _mandatory_2020 / _biometric_2020,
                            "You divided the other way round: the total by the part. A share is "
                            "the part (17) divided by the total (155).",
                        ),
                        WrongAnswer(
                            1 - _biometric_2020 / _mandatory_2020,
                            "That is the share of countries WITHOUT a biometric requirement.",
                        ),
                    ],
                    fallback_hint="Divide the countries requiring biometrics in January 2020 by the "
                    "countries with mandatory SIM registration in January 2020.",
                ),
            ),
            Exercise(
                "unique_people",
                "4. People unique on sex, birth year and district",
                number_judge(
                    _unique,
                    wrong=[
                        WrongAnswer(
                            _groups_three,
                            "That counts combinations (groups), including those several people "
                            "share. Count the people whose group has exactly one person.",
                        ),
                        WrongAnswer(
                            len(PEOPLE) - _groups_three,
                            "That is what duplicated() marks with its default keep=\"first\": the "
                            "repeats after the first person of each group. A person is unique only "
                            "if nobody else shares: use keep=False, or count groups of size 1.",
                        ),
                        WrongAnswer(
                            len(PEOPLE) - _unique,
                            "That is the people who share their combination with someone. The "
                            "question asks for those who share it with nobody.",
                        ),
                        WrongAnswer(
                            _unique / len(PEOPLE),
                            "That is a share. The question asks how many people: a count.",
                        ),
                        WrongAnswer(
                            100 * _unique / len(PEOPLE),
                            "That is a percentage. The question asks how many people: a count.",
                        ),
                        WrongAnswer(
                            _unique_four,
                            "You grouped by phone_prefix as well. The question asks about sex, "
                            "birth year and district only.",
                        ),
                        WrongAnswer(
                            _unique_two,
                            "You left out district: on sex and birth year alone, nobody is unique. "
                            "Group by sex, birth_year and district.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="PEOPLE.groupby([\"sex\", \"birth_year\", \"district\"]).size() "
                    "gives each group's size; count the people in groups of size 1.",
                ),
            ),
            Exercise(
                "k_of_table",
                "5. The table's k on sex and birth year",
                number_judge(
                    int(_group_table.min()),
                    wrong=[
                        WrongAnswer(
                            int(_group_table.max()),
                            "That is the largest group. k is the size of the SMALLEST group: the "
                            "guarantee holds only if every group has at least k people.",
                        ),
                        WrongAnswer(
                            len(_group_table),
                            "That is the number of groups (combinations), not a group size. k is "
                            "the size of the smallest group.",
                        ),
                        WrongAnswer(
                            len(PEOPLE) / len(_group_table),
                            "That is the average group size. k-anonymity is about the worst "
                            "case: the size of the smallest group.",
                        ),
                        WrongAnswer(
                            int(PEOPLE.groupby(_THREE).size().min()),
                            "You grouped by district too (k = 1: someone is unique). The question "
                            "asks about sex and birth year only.",
                        ),
                        WrongAnswer(
                            _unique_two,
                            "That is how many people are unique on sex and birth year. k is the "
                            "size of the smallest group.",
                        ),
                    ],
                    proportion=False,
                    fallback_hint="PEOPLE.groupby([\"sex\", \"birth_year\"]).size() gives the size "
                    "of each group; k is the smallest of them.",
                ),
            ),
            Exercise(
                "expected_unique",
                "6. A function for the expected share of unique people",
                function_judge(
                    EXPECTED_UNIQUE_CASES,
                    wrong=[
                        (lambda n, m: 1 / m,
                         "1/M is the chance that one other person lands in your combination. You "
                         "need the chance that none of the other N - 1 people does."),
                        (lambda n, m: n / m,
                         "N/M is the average number of people per combination, not a share of "
                         "people. Use (1 - 1/M) ** (N - 1)."),
                        (lambda n, m: (1 - 1 / m) ** n,
                         "One factor too many: you are not one of the others. Only the other "
                         "N - 1 people must miss your combination: the power is N - 1."),
                        (lambda n, m: 1 - (1 - 1 / m) ** (n - 1),
                         "That is the chance that someone shares your combination: the "
                         "complement of the answer. Leave out the 1 - at the front."),
                        (lambda n, m: (1 / m) ** (n - 1),
                         "1/M is the chance that another person matches you. Each of the others "
                         "must NOT match: use the complement, 1 - 1/M, then the power."),
                        (lambda n, m: math.exp(-(n - 1) / m),
                         "That is the approximation e^(-(N-1)/M), good only when M is large. "
                         "Write the exact formula: (1 - 1/M) ** (N - 1)."),
                        (lambda n, m: math.exp(-n / m),
                         "That is the approximation e^(-N/M), good only when M is large. Write "
                         "the exact formula: (1 - 1/M) ** (N - 1)."),
                    ],
                    rel_tol=1e-6,
                    fallback_hint="Try population=3, cells=4 by hand: each of the other 2 people "
                    "misses your combination with chance 3/4, so the answer is (3/4) ** 2 = 0.5625.",
                ),
            ),
            Exercise(
                "unique_in_town",
                f"7. Share unique on date of birth in a town of {population:,}",
                number_judge(
                    town,
                    wrong=[
                        WrongAnswer(
                            1 - town,
                            "That is the share who share their date of birth with someone: the "
                            "complement. The question asks for the share who are unique.",
                        ),
                        WrongAnswer(
                            population / town_cells,
                            "N/M is the average number of people per date of birth, not the share "
                            "of people who are unique. Use (1 - 1/M) ** (N - 1).",
                        ),
                        WrongAnswer(
                            1 / town_cells,
                            "1/M is the chance that one other person has your date of birth. You "
                            f"need the chance that none of the {population - 1:,} others has it.",
                        ),
                        WrongAnswer(
                            uniqueness.expected_unique_share(population, 2 * town_cells),
                            "You included sex (2 x 80 x 365). The question uses the full date of "
                            "birth only: M = 80 x 365.",
                        ),
                        WrongAnswer(
                            _formula(population, 365),
                            "365 counts days of the year only. A full date of birth includes the "
                            "year: 80 possible years x 365 days.",
                        ),
                        WrongAnswer(
                            _formula(population, 80 + 365),
                            "You added the numbers of values. Combinations multiply: every year "
                            "goes with every day, M = 80 x 365.",
                        ),
                    ],
                    fallback_hint=f"M = 80 x 365 = 29,200 possible dates of birth, N = {population:,}: "
                    "compute (1 - 1/M) ** (N - 1).",
                ),
            ),
            Exercise(
                "evidence_of_effect",
                "8. Which finding is evidence about crime?",
                choice_judge(
                    "b",
                    {
                        "a": "How many countries adopt a rule shows how popular it is, not whether "
                        "it works. Look for a finding that measured what happened to crime.",
                        "c": "Coverage shows that the rule was carried out, not what it did to "
                        "fraud or crime. Look for a finding that measured an outcome.",
                        "d": "A statement of aims is a claim, not a measurement. Look for a "
                        "finding that assessed what happened after the rule.",
                    },
                    options=["a", "b", "c", "d"],
                ),
            ),
            Exercise(
                "supported_link",
                "9. Which link do the course's sources support?",
                choice_judge(
                    "c",
                    {
                        "a": "The sources say the face is compared with the ID when the number is "
                        "opened. None of them says whether the face image or a template is kept, "
                        "so the course does not claim it: read the face row's how column.",
                        "b": "No source ties the number to payment accounts. The Cybersecurity "
                        "Law's real-identity rule (Art. 24, numbered Art. 26 since 1 January 2026) "
                        "names phone service and instant messaging, not payment.",
                        "d": "The ID link is the oldest one: new numbers have been registered to an "
                        "ID since 1 Sep 2010. The rule of 1 Dec 2019 added a comparison of the face "
                        "with that ID: read the since column.",
                    },
                    options=["a", "b", "c", "d"],
                ),
            ),
        ],
    )


def for_variant(key: str) -> tuple[Callable[..., Feedback | None], Callable[[], Progress]]:
    """``check, progress`` for a variant's notebook, from its key (see :mod:`facenumbers.variants`).

    >>> check_b, _ = for_variant("town_population=5000")
    >>> check_b("unique_in_town", (1 - 1 / 29_200) ** 4_999).passed
    True
    """
    lesson = lesson_for(VARIATION.parse(key))
    return lesson.checker(), lesson.progress


LESSON = lesson_for(DEFAULT)

#: ``check("unique_people")`` in the notebook checks the variable ``unique_people``.
check = LESSON.checker()
#: ``progress()`` shows which exercises pass.
progress = LESSON.progress
