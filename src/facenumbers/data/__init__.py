"""Sourced figures for the course, as CSV files with a loader.

Every row of every CSV names its ``source``, the ``year`` the source was published and
its ``url``; :func:`load` refuses a file where one is missing, so an unsourced number
cannot reach a lesson.

>>> table = load("watchlist_deployments")
>>> int(table.loc[table["case"] == "cardiff_2017", "alerts"].iloc[0])
2470
>>> sorted(table.attrs["sources"].columns)
['source', 'url', 'year']

The course's **illustrative assumptions** (values no source gives, such as the number of new
mobile numbers a month) live in one table too, ``illustrative_defaults.csv``, each with a label
and the reason it was chosen. Every lesson, calculator and exercise takes them from there:

>>> assumption("false_non_match_rate")
0.01
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

SOURCE_COLUMNS = ("source", "year", "url")
#: The table of illustrative assumptions: not sourced figures, so not among :func:`available`.
ASSUMPTIONS_TABLE = "illustrative_defaults"
ASSUMPTION_COLUMNS = ("name", "value", "unit", "label", "why", "basis", "used_in")


def available() -> list[str]:
    """Names of the data sets that :func:`load` accepts.

    >>> "china_2019" in available()
    True
    """
    folder = resources.files(__name__)
    names = (p.name[: -len(".csv")] for p in folder.iterdir() if p.name.endswith(".csv"))
    return sorted(name for name in names if name != ASSUMPTIONS_TABLE)


def _read_complete(name: str, required: tuple[str, ...], what: str) -> pd.DataFrame:
    """Read ``name``.csv; refuse it if a required column is missing or empty in any row."""
    with resources.files(__name__).joinpath(f"{name}.csv").open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, comment=None, keep_default_na=False, na_values=[""])
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ValueError(f"data set {name!r} lacks the column(s) {', '.join(missing)}.")
    incomplete = table[table[list(required)].isna().any(axis=1)]
    if len(incomplete):
        raise ValueError(
            f"data set {name!r} has rows without {what}: "
            f"lines {', '.join(str(i + 2) for i in incomplete.index)}."
        )
    return table


def load(name: str) -> pd.DataFrame:
    """Load a data set by name, with its sources in ``.attrs["sources"]``.

    Raises ValueError for an unknown name (listing the known ones) and for any row
    whose source, year or URL is empty.
    """
    names = available()
    if name not in names:
        raise ValueError(f"name must be one of {', '.join(names)}; got {name!r}.")
    table = _read_complete(name, SOURCE_COLUMNS, "a source, year or URL")
    table.attrs["name"] = name
    table.attrs["sources"] = (
        table[list(SOURCE_COLUMNS)].drop_duplicates().reset_index(drop=True)
    )
    return table


def value(name: str, measure: str) -> float:
    """One figure from a data set laid out as ``measure,value,...`` rows.

    >>> value("china_2019", "population_end_2019")
    1400050000.0
    """
    table = load(name)
    if "measure" not in table.columns:
        raise ValueError(f"data set {name!r} has no 'measure' column.")
    rows = table.loc[table["measure"] == measure, "value"]
    if rows.empty:
        known = ", ".join(table["measure"])
        raise ValueError(f"measure must be one of {known}; got {measure!r}.")
    return float(rows.iloc[0])


def mirror_sites() -> dict[str, str]:
    """Hosts the course never cites (copies of doubtful standing), with what they copied.

    >>> mirror_sites()["endtime.com"]
    'Quartz (Jane Li, Sep 2019)'
    """
    text = resources.files(__name__).joinpath("mirror_sites.txt").read_text(encoding="utf-8")
    sites = {}
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            host, _, copied = line.partition("|")
            sites[host.strip().lower()] = copied.strip()
    return sites


def assumptions() -> pd.DataFrame:
    """The course's illustrative assumptions: one row each, with its label and why it was chosen.

    These are not published figures. Each row says what the value stands for (``label``), why
    the course chose it (``why``), what sourced figure it leans on, if any (``basis``), and
    where the course uses it (``used_in``).

    >>> table = assumptions()
    >>> float(table.loc["registrations_per_month", "value"])
    10000000.0
    """
    table = _read_complete(ASSUMPTIONS_TABLE, ASSUMPTION_COLUMNS, "a value, label or reason")
    table["value"] = table["value"].astype(float)
    table.attrs["name"] = ASSUMPTIONS_TABLE
    return table.set_index("name")


def assumption(name: str) -> float:
    """One illustrative assumption by name, from :func:`assumptions`.

    >>> assumption("registrations_per_month")
    10000000.0
    """
    table = assumptions()
    if name not in table.index:
        raise ValueError(f"assumption must be one of {', '.join(table.index)}; got {name!r}.")
    return float(table.loc[name, "value"])
