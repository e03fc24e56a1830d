"""The benchmark's rounds: windows of one phase combined, and ratios within a round."""

from collections import Counter

from bench.load import WindowStats
from bench.report import _median_ratio
from bench.thin_slice import Phase, Round, combined


def window(seconds, answered, failed, latencies, cores):
    stats = WindowStats(seconds, Counter({201: answered, -1: failed}), latencies, 201)
    return Phase("intake", stats, cores)


def test_windows_combine_into_rates_over_the_whole_time_and_cores_averaged_by_time():
    first = window(10, 1000, 0, [0.01, 0.02], {"forms-web": 0.9, "idle": 0.5})
    second = window(5, 200, 3, [0.03], {"forms-web": 0.6})

    both = combined([first, second])

    assert both.stats.rate == 1200 / 15
    assert both.stats.errors == 3
    assert both.stats.latencies == [0.01, 0.02, 0.03]
    assert both.cpu["forms-web"] == (0.9 * 10 + 0.6 * 5) / 15
    assert both.cpu["idle"] == 0.5 * 10 / 15


def test_a_round_compares_each_phase_with_the_bare_endpoint_of_the_same_round():
    rounds = [
        Round({"bare": 1000, "plain": 500, "intake": 300}),
        Round({"bare": 500, "plain": 200, "intake": 100}),
        Round({"bare": 800, "plain": 400, "intake": 280}),
    ]

    assert rounds[0].ratio("intake") == 0.3
    assert _median_ratio(rounds, "intake") == 0.3  # of 0.3, 0.2 and 0.35
    assert _median_ratio(rounds, "plain") == 0.5
    assert Round({"plain": 10}).ratio("plain") is None
