"""When the load scenario's users start their tasks (bench/locustfile.py; apart from it so a test can read it
without importing locust, whose gevent patching a test process on eventlet cannot take)."""

import random
import time


def poisson_arrivals(rate: float):
    """A user's tasks start as a Poisson process of `rate` per second: exponential gaps from the previous start (not
    from the end of the previous task), caught up at once when a task ran past its successor's start. With locust's
    constant_throughput the 75 users, started together, fired in step every 0.5 s: bursts of 75 that no platform's
    traffic has, and which put 450 ms on the p95 of routes whose p50 was 30 ms. Independent users' Poisson starts
    sum to Poisson arrivals of the offered rate, as independent callers' requests arrive."""

    def wait_time(user) -> float:
        now = time.monotonic()
        user.next_start = max(getattr(user, "next_start", now), now - 1.0 / rate) + random.expovariate(rate)
        return max(0.0, user.next_start - now)

    return wait_time
