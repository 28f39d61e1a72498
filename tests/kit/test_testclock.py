"""The kit's test clocks: off by default, refused in production (also by the container entrypoint, before anything
starts), an offset every clock reading carries, concurrent advances that add up at the authority, and followers
whose stored offset never moves back."""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from tianping.lib import clock
from tianping.platform import testclock
from tianping.platform.testclock import OffsetStore, TestClocksRefused


@pytest.fixture
def offset_reset():
    yield
    clock.set_offset(0)


def test_off_by_default_and_refused_in_production(monkeypatch):
    monkeypatch.delenv("TIANPING_TEST_CLOCKS", raising=False)
    monkeypatch.delenv("TIANPING_ENV", raising=False)
    assert testclock.enabled() is False
    monkeypatch.setenv("TIANPING_TEST_CLOCKS", "1")
    assert testclock.enabled() is True
    monkeypatch.setenv("TIANPING_ENV", "production")
    with pytest.raises(TestClocksRefused, match="production"):
        testclock.enabled()
    monkeypatch.setenv("TIANPING_TEST_CLOCKS", "0")
    assert testclock.enabled() is False  # production with test clocks off starts
    monkeypatch.setenv("TIANPING_TEST_CLOCKS", "yes")
    with pytest.raises(TestClocksRefused, match="0 or 1"):
        testclock.enabled()


def test_the_entrypoint_refuses_to_start_a_production_component_with_test_clocks(monkeypatch):
    env = {"PATH": "/usr/bin:/bin", "TIANPING_TEST_CLOCKS": "1", "TIANPING_ENV": "production"}
    done = subprocess.run([sys.executable, "-m", "tianping.runtime.entrypoint", "aftersale"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "refused with TIANPING_ENV=production" in done.stderr


def test_every_clock_reading_carries_the_offset(frozen_clock, offset_reset):
    clock.set_offset(3600)
    assert clock.now() == frozen_clock.now + timedelta(hours=1) and clock.offset_seconds() == 3600
    assert clock.local_now() == clock.now()


def test_concurrent_advances_add_up_and_followers_never_move_back(service_db):
    authority = OffsetStore(service_db("gateway")["test_clock"])
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(authority.add, [60] * 40))
    assert authority.read() == 2400 and sorted(results) == list(range(60, 2401, 60))  # each saw its own step
    follower = OffsetStore(service_db("aftersale")["test_clock"])
    assert follower.read() == 0
    assert follower.raise_to(2400) == 2400
    assert follower.raise_to(1200) == 2400  # a late message of an older advance changes nothing
