"""How the harness turns saturation rounds into figure 1's ratios (no servers needed)."""

from __future__ import annotations

from bench.load import Sample, Saturation, Tally
from bench.run import _ratios, merged, round_ratios


def window(requests: int, seconds: float, errors: int = 0) -> Saturation:
    tally = Tally()
    for i in range(requests):
        tally.add(Sample(0.0, 0.001 * (i + 1), i >= errors), "HTTP 500" if i < errors else None)
    return Saturation(tally, seconds)


def test_windows_merge_into_one_run_that_keeps_each_rounds_throughput():
    run = merged([window(100, 2.0), window(300, 2.0, errors=2)], "hotline")
    assert run["requests"] == 400
    assert run["errors"] == 2
    assert run["throughput"] == 100.0
    assert run["rounds"] == [50.0, 150.0]
    assert run["first_errors"] == ["HTTP 500", "HTTP 500"]


def test_each_ratio_is_taken_within_its_round_and_the_median_is_reported():
    # The machine runs fast, then slow, then middling: each ratio is taken within one round.
    figures = {
        "bare_saturation": {"rounds": [2000.0, 1000.0, 1500.0]},
        "app_saturation": {"rounds": [100.0, 50.0, 90.0]},
    }
    ratios = round_ratios(figures, "app_saturation")
    assert ratios == [0.05, 0.05, 0.06]
    assert _ratios(ratios) == "0.05, rounds 0.05-0.06"
    assert _ratios([0.5]) == "0.50"
