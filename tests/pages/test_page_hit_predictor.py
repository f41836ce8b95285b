"""Hit predictor page: candidate scoring, lineup ranking, scorecard and calibration (demo)."""

from __future__ import annotations

import polars as pl
import pytest

from infimate.data.datasets import Dataset
from infimate.hit.evaluate import score_lineup
from infimate.ui import hit
from tests.pages.conftest import open_page, plotly_specs

LINEUP = (
    "sku,launch_date,category,elements,price,market,crowd,scene\n"
    "A1,2027-01-10,dress,butter_yellow;puff_sleeve,59,US,gen_z,party\n"
    "A2,2027-01-10,top,cargo_pants,29,US,moms,lounge_home\n"
    "A3,2027-01-10,skirt,tweed;linen,39,CN,young_career_women,office\n"
    "BAD,not-a-date,skirt,tweed,39,CN,gen_z,office\n"
)


@pytest.fixture
def fitted(demo):
    return hit.hit_model(str(demo))


def test_scorecard_and_calibration_match_the_evaluation(demo, fitted):
    at = open_page("pages/hit_predictor.py")
    ev = fitted[1]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Base rate"] == f"{ev.model.base_rate:.0%}"
    assert metrics["Picks hit rate (top 10%)"] == f"{ev.model.picks_hit_rate:.0%}"
    assert metrics["Baseline picks"] == f"{ev.baseline.picks_hit_rate:.0%}"
    cal = next(s for s in plotly_specs(at) if s["data"][-1].get("name") == "model")
    assert cal["data"][1]["y"] == pytest.approx(ev.calibration["observed_rate"].to_list())


def test_candidate_probability_interval_and_element_contributions(demo, fitted):
    at = open_page("pages/hit_predictor.py")
    at.multiselect(key="cand_elements").set_value(["butter_yellow", "puff_sleeve"])
    at.selectbox(key="cand_cat").set_value("dress")
    at.selectbox(key="cand_market").set_value("US")
    at.button(key="cand_go").click().run()
    assert not at.exception and not at.error
    _name, data = at.session_state["lineup"]
    want = score_lineup(
        Dataset(demo), pl.read_csv(data, try_parse_dates=True), results=fitted[0]
    ).row(0, named=True)
    head = next(s.value for s in at.subheader if s.value.startswith("candidate"))
    assert f"{want['probability']:.0%}" in head and f"{want['lo']:.0%}–{want['hi']:.0%}" in head
    contrib = next(s for s in plotly_specs(at) if s["data"][0].get("name") == "contribution")
    assert set(contrib["data"][0]["y"]) == {"butter yellow", "puff sleeves"}  # names, not ids


def test_lineup_is_ranked_with_rejected_rows_reported(demo, fitted):
    at = open_page("pages/hit_predictor.py")
    at.session_state["lineup"] = ("lineup.csv", LINEUP.encode())
    at.run()
    assert not at.exception and not at.error
    table = pl.from_pandas(next(d.value for d in at.dataframe if "rank" in d.value.columns))
    assert sorted(table["sku"].to_list()) == ["A1", "A2", "A3"]
    assert table["rank"].to_list() == [1, 2, 3]
    assert table["probability"].is_sorted(descending=True)
    assert any("Rejected rows" in w.value for w in at.warning)
    rej = pl.from_pandas(next(d.value for d in at.dataframe if "count" in d.value.columns))
    assert rej["count"].sum() == 1
    assert any(b.proto.label == "Download ranked CSV" for b in at.get("download_button"))


def test_malformed_lineup_is_an_error_not_an_exception(demo, fitted):
    at = open_page("pages/hit_predictor.py")
    at.session_state["lineup"] = ("lineup.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    at.run()
    assert not at.exception
    assert "lineup.csv" in at.error[0].value


def test_candidate_market_is_a_real_market_defaulting_to_the_urls(demo, fitted):
    at = open_page("pages/hit_predictor.py")
    box = at.selectbox(key="cand_market")
    assert "all" not in box.options and box.options  # scoring rejects market "all"
    assert box.value == box.options[0]
    at = open_page("pages/hit_predictor.py", query={"market": "US"})
    assert at.selectbox(key="cand_market").value == "US"
    # scoring the default form (no market picked by hand) is not rejected
    at.multiselect(key="cand_elements").set_value(["butter_yellow"])
    at.button(key="cand_go").click().run()
    assert not at.exception and not at.error
    assert any(s.value.startswith("candidate: hit probability") for s in at.subheader)


#: a style the demo's model has not seen the like of (price far outside, a new colour pairing)
ODD_LINEUP = (
    "sku,launch_date,category,elements,price,market,crowd,scene\n"
    "ODD,2027-01-10,dress,butter_yellow;puff_sleeve,99999,US,gen_z,party\n"
)


def test_candidate_outside_what_the_model_saw_is_called_an_extrapolation(demo, fitted):
    at = open_page("pages/hit_predictor.py")
    at.session_state["lineup"] = ("odd.csv", ODD_LINEUP.encode())
    at.run()
    assert not at.exception and not at.error
    warning = next(w.value for w in at.warning if "Extrapolation" in w.value)
    assert "outside the training launches' range" in warning
    assert "price against the category's usual price" in warning  # words, not the id
    assert any(m.value.startswith("**Why:**") for m in at.markdown)
    assert any("past dress launches" in c.value for c in at.caption)


def test_why_and_the_extrapolation_note_are_in_chinese(demo, fitted):
    at = open_page("pages/hit_predictor.py", query={"lang": "zh"})
    at.session_state["lineup"] = ("odd.csv", ODD_LINEUP.encode())
    at.run()
    assert not at.exception and not at.error
    warning = next(w.value for w in at.warning if w.value.startswith("外推"))
    assert "超出训练款式范围的数值" in warning and "相对品类常规价格的价格" in warning
    why = next(m.value for m in at.markdown if m.value.startswith("**原因：**"))
    assert "爆款几率" in why and "odds" not in why
    assert any("过去有" in c.value and "连衣裙" in c.value for c in at.caption)
