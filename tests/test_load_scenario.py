"""The load scenario offers the rate it names (bench/locustfile.py, issue 30): its users start tasks as independent
Poisson processes, so 150/s offered is 150 requests/s arriving as independent callers' do, not 75 at once."""

import random
import statistics
from types import SimpleNamespace

import pytest

from bench import arrivals


def test_a_users_starts_are_poisson_at_its_rate_and_out_of_step_with_the_others(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(arrivals.time, "monotonic", lambda: clock[0])
    random.seed(7)
    wait = arrivals.poisson_arrivals(2.0)
    users = [SimpleNamespace() for _ in range(75)]
    first = [wait(user) for user in users]  # all started together: each waits its own gap
    assert len({round(w, 6) for w in first}) == 75 and statistics.mean(first) == pytest.approx(0.5, rel=0.25)
    user, gaps = users[0], []
    for _ in range(4000):  # a task that takes no time: the next start is one exponential gap on
        before = user.next_start
        clock[0] = before
        wait(user)
        gaps.append(user.next_start - before)
    assert statistics.mean(gaps) == pytest.approx(0.5, rel=0.05)
    assert statistics.stdev(gaps) == pytest.approx(0.5, rel=0.1)  # exponential: as wide as its mean


def test_a_user_behind_its_schedule_catches_up_by_at_most_one_gap(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(arrivals.time, "monotonic", lambda: clock[0])
    wait, user = arrivals.poisson_arrivals(2.0), SimpleNamespace()
    wait(user)
    clock[0] = 60.0  # a task that took a minute: no flood of the missed starts
    waits = [wait(user) for _ in range(3)]
    assert user.next_start - 60.0 < 10 and sum(1 for w in waits if w == 0.0) < 3
