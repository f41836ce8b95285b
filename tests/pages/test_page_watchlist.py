"""Overview's watchlist and "since your last visit" across two browser sessions."""

from __future__ import annotations

import json

from infimate.data import samples
from infimate.data.datasets import Dataset
from tests.pages.conftest import open_page


def test_star_saves_beside_the_dataset_and_the_next_visit_sees_changes(empty_dataset):
    sig = samples.rising_signals()
    ds = Dataset(empty_dataset)
    ds.write("signals", sig.head(22))  # before the rise is clear
    at = open_page("pages/overview.py")
    assert any("First visit on this dataset" in c.value for c in at.caption)
    at.multiselect(key="watch_elements").select("butter_yellow").run()
    assert not at.exception
    saved = json.loads((empty_dataset / "watchlist.json").read_text())
    assert saved["elements"] == ["butter_yellow"] and saved["last_visit"]["data_to"]

    ds.write("signals", sig)  # a week later: eight more weeks, the element rises
    at = open_page("pages/overview.py")  # a new session = a new visit
    assert at.multiselect(key="watch_elements").value == ["butter_yellow"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Stage changes"] == "1"
    assert int(metrics["Biggest movers"]) == 1
    [table] = [d for d in at.dataframe if "what" in d.value.columns]
    assert "Stage change" in table.value["what"].to_list()
    assert any("→ rising" in c for c in table.value["change"].to_list())
    at.run()  # the same session keeps comparing with the visit before it
    assert {m.label: m.value for m in at.metric}["Stage changes"] == "1"
