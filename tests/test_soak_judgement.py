"""The soak's judgement (bench/soak.py, issue 30): a run that slows or grows between its first and last minutes fails."""

import json

from bench import soak


def minutes_file(tmp_path, per_minute: list[tuple[int, float]]):
    """(answers, latency ms of each) for each minute of the run."""
    path = tmp_path / "minutes.json"
    path.write_text(json.dumps({str(m): {"latencies_ms": [ms] * n, "errors": 0}
                                for m, (n, ms) in enumerate(per_minute)}))
    return path


def test_a_steady_run_holds_and_a_slowing_one_does_not(tmp_path):
    steady = soak.steadiness(minutes_file(tmp_path, [(9000, 100.0)] * 30), 1800)
    assert steady["within_10_percent"] and steady["first"]["completed_per_second"] == 150.0
    assert steady["first"]["minutes"] == [0, 5] and steady["last"]["minutes"] == [25, 30]
    slower = soak.steadiness(minutes_file(tmp_path, [(9000, 100.0)] * 25 + [(9000, 115.0)] * 5), 1800)
    assert not slower["within_10_percent"] and slower["p99_change"] == 0.15
    fewer = soak.steadiness(minutes_file(tmp_path, [(9000, 100.0)] * 25 + [(7800, 100.0)] * 5), 1800)
    assert not fewer["within_10_percent"] and fewer["completed_per_second_change"] == -0.133


def test_a_short_run_compares_its_halves_and_a_run_under_two_minutes_is_not_judged(tmp_path):
    short = soak.steadiness(minutes_file(tmp_path, [(600, 50.0)] * 4), 240)
    assert short["first"]["minutes"] == [0, 2] and short["last"]["minutes"] == [2, 4]
    assert soak.steadiness(minutes_file(tmp_path, [(600, 50.0)]), 60) == {
        "judged": False, "why": "under two whole minutes of run, or no per-minute figures"}


def test_memory_growing_after_warm_up_fails_except_in_the_stores():
    samples = [(0.0, {"gateway": 80.0, "store": 200.0}), (300.0, {"gateway": 100.0, "store": 300.0}),
               (1800.0, {"gateway": 108.0, "store": 900.0})]
    held = soak.memory_after_warm_up(samples, 300.0)
    assert held["within_10_percent"] and held["growth"]["gateway"] == 0.08
    samples[-1][1]["gateway"] = 115.0
    assert not soak.memory_after_warm_up(samples, 300.0)["within_10_percent"]
