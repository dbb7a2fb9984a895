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


def test_lesson05_breach_figures_match_the_facts():
    expected = {
        "biostar2_records_exposed": 27_800_000,
        "biostar2_fingerprint_records": 1_000_000,
        "sensenets_people_tracked": 2_500_000,
        "sensenets_locations_24h": 6_700_000,
        "opm_people_affected": 21_500_000,
        "opm_fingerprints": 5_600_000,
        "shanghai_residents_claimed": 1_000_000_000,
        "shanghai_data_size_claimed": 23,
        "face_photos_bundle_size": 5_000,
        "face_photos_bundle_price": 10,
        "face_photo_with_id_bank_phone_price": 4,
    }
    for measure, number in expected.items():
        assert data.value("biometric_breaches", measure) == number, measure
    breaches = data.load("biometric_breaches").set_index("measure")
    # The Shanghai database is the seller's claim: the table must say so, row by row.
    for measure in ("shanghai_residents_claimed", "shanghai_data_size_claimed"):
        assert breaches.loc[measure, "status"] == "claimed, unverified"
        assert "NOT VERIFIED" in breaches.loc[measure, "description"]
    assert set(breaches["status"]) <= {"reported", "claimed, unverified", "finding"}
    # A stolen fingerprint or face cannot be reset like a password.
    biometric = breaches["kind"].isin(["fingerprints", "face images"])
    assert biometric.sum() >= 4
    assert (breaches.loc[biometric, "can_be_reset"] == "no").all()
    assert breaches.loc["biometrics_cannot_be_reset", "can_be_reset"] == "no"


def test_lesson05_fraud_figures_match_the_facts():
    expected = {
        "telecom_fraud_cases_2015": 590_000,
        "telecom_fraud_losses_2015": 22_200_000_000,
        "numbers_shut_down_by_apr_2016": 140_000,
        "fraud_cases_registered_2019": 782_000,
        "fraud_cases_cracked_2019": 200_000,
        "fraud_suspects_captured_2019": 163_000,
        "fraud_losses_2020": 35_000_000_000,
        "card_operation_gangs": 27_000,
        "card_operation_people_punished": 450_000,
        "xu_yuyu_loss": 9_900,
        "xu_yuyu_age": 18,
    }
    for measure, number in expected.items():
        assert data.value("china_fraud_figures", measure) == number, measure
    # Internal consistency: the itemised counts exceed the "more than 140,000" headline,
    # and the derived virtual-operator share is their ratio (the "40%" of facts.md).
    basic = data.value("china_fraud_figures", "numbers_shut_down_basic_operators")
    virtual = data.value("china_fraud_figures", "numbers_shut_down_virtual_operators")
    assert basic + virtual >= data.value("china_fraud_figures", "numbers_shut_down_by_apr_2016")
    share = data.value("china_fraud_figures", "virtual_operator_share_of_shut_down")
    assert share == pytest.approx(virtual / (basic + virtual), abs=0.001)


def test_lesson05_public_debate_matches_the_facts():
    assert data.value("public_debate", "nandu_survey_respondents") == 6_152
    assert data.value("public_debate", "nandu_share_want_non_face_option") == 0.74
    assert data.value("public_debate", "nandu_share_worried_leaks") == 0.80
    assert data.value("public_debate", "nandu_share_worried_tracked") == 0.57
    assert data.value("public_debate", "guo_bing_first_instance_compensation") == 1_038
    debate = data.load("public_debate").set_index("measure")
    assert debate.loc["guo_bing_lawsuit_filed", "date"] == "2019-10-28"
    assert debate.loc["guo_bing_first_instance_compensation", "date"] == "2020-11-20"
    assert debate.loc["guo_bing_appeal_ruling", "date"] == "2021-04-09"
    # "coverage": press coverage quoted in Lesson 00 (for example AFP's Weibo quotes).
    assert set(debate["side"]) <= {"government", "critic", "court", "survey", "industry", "coverage"}
    assert {"government", "critic", "court", "survey", "industry"} <= set(debate["side"])
    # Text-only rows have neither value nor unit; figures have both.
    assert (debate["value"].isna() == debate["unit"].isna()).all()
    assert debate["claim"].notna().all()


def test_lesson05_registrations_are_net_additions_not_new_registrations():
    assert data.value("china_registrations", "mobile_net_additions_2019") == 35_250_000
    assert data.value("china_registrations", "mobile_net_additions_2018") == 149_000_000
    registrations = data.load("china_registrations").set_index("measure")
    for measure in ("mobile_net_additions_2018", "mobile_net_additions_2019"):
        assert "NET additions" in registrations.loc[measure, "description"]
    assert data.value("china_registrations", "mobile_net_change_jun_2019") < 0
