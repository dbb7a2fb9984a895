"""Every figure the course shows is sourced, and the loader refuses one that is not."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest

from facenumbers import data


@pytest.mark.parametrize("name", data.available())
def test_every_row_has_a_source_year_and_url(name):
    table = data.load(name)
    assert len(table) > 0
    for column in data.SOURCE_COLUMNS:
        assert table[column].notna().all(), f"{name}: empty {column}"
        assert (table[column].astype(str).str.strip() != "").all(), f"{name}: blank {column}"
    assert table["url"].str.contains(r"^https?://", regex=True).all()
    years = table["year"].astype(int)
    assert years.between(1990, 2026).all()
    sources = table.attrs["sources"]
    assert list(sources.columns) == list(data.SOURCE_COLUMNS)
    assert len(sources) >= 1


def test_all_data_sets_are_found():
    assert {"china_2019", "watchlist_deployments", "nist_face_search"} <= set(data.available())


def test_published_counts_match_the_facts():
    deployments = data.load("watchlist_deployments").set_index("case")
    assert deployments.loc["cardiff_2017", ["alerts", "false_alerts", "true_alerts"]].tolist() == [2470, 2297, 173]
    assert deployments.loc["met_trials_essex_2019", ["alerts", "true_alerts"]].tolist() == [42, 8]
    assert deployments.loc["met_2024_2025", ["faces_scanned", "alerts", "false_alerts"]].tolist() == [3147436, 2077, 10]
    # Internal consistency: true + false = all alerts.
    assert (deployments["true_alerts"] + deployments["false_alerts"] == deployments["alerts"]).all()
    assert data.value("china_2019", "population_end_2019") == 1_400_050_000
    assert data.value("china_2019", "internet_users_jun_2019") == 854_000_000
    assert data.value("nist_face_search", "best_miss_rate_2018") == 0.002


def test_unknown_names_get_a_clear_message():
    with pytest.raises(ValueError, match="name must be one of .*china_2019"):
        data.load("china_2020")
    with pytest.raises(ValueError, match="measure must be one of"):
        data.value("china_2019", "population_2030")


def test_a_row_without_a_source_is_refused(tmp_path, monkeypatch):
    good = resources.files("facenumbers.data").joinpath("china_2019.csv").read_text(encoding="utf-8")
    table = pd.read_csv(resources.files("facenumbers.data").joinpath("china_2019.csv"))
    table.loc[1, "url"] = None
    (tmp_path / "broken.csv").write_text(table.to_csv(index=False), encoding="utf-8")
    (tmp_path / "china_2019.csv").write_text(good, encoding="utf-8")
    monkeypatch.setattr(data.resources, "files", lambda _: tmp_path)
    assert data.load("china_2019") is not None
    with pytest.raises(ValueError, match=r"without a source, year or URL: lines 3"):
        data.load("broken")
