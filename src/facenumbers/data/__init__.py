"""Sourced figures for the course, as CSV files with a loader.

Every row of every CSV names its ``source``, the ``year`` the source was published and
its ``url``; :func:`load` refuses a file where one is missing, so an unsourced number
cannot reach a lesson.

>>> table = load("watchlist_deployments")
>>> int(table.loc[table["case"] == "cardiff_2017", "alerts"].iloc[0])
2470
>>> sorted(table.attrs["sources"].columns)
['source', 'url', 'year']
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

SOURCE_COLUMNS = ("source", "year", "url")


def available() -> list[str]:
    """Names of the data sets that :func:`load` accepts.

    >>> "china_2019" in available()
    True
    """
    folder = resources.files(__name__)
    return sorted(p.name[: -len(".csv")] for p in folder.iterdir() if p.name.endswith(".csv"))


def load(name: str) -> pd.DataFrame:
    """Load a data set by name, with its sources in ``.attrs["sources"]``.

    Raises ValueError for an unknown name (listing the known ones) and for any row
    whose source, year or URL is empty.
    """
    names = available()
    if name not in names:
        raise ValueError(f"name must be one of {', '.join(names)}; got {name!r}.")
    with resources.files(__name__).joinpath(f"{name}.csv").open(encoding="utf-8") as handle:
        table = pd.read_csv(handle, comment=None, keep_default_na=False, na_values=[""])
    missing = [c for c in SOURCE_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"data set {name!r} lacks the column(s) {', '.join(missing)}.")
    unsourced = table[table[list(SOURCE_COLUMNS)].isna().any(axis=1)]
    if len(unsourced):
        raise ValueError(
            f"data set {name!r} has rows without a source, year or URL: "
            f"lines {', '.join(str(i + 2) for i in unsourced.index)}."
        )
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
