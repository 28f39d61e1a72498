"""What `make soak` judges beyond errors (issue 30): completed requests/s and p99 in the run's last minutes within 10%
of its first, and no process's memory growing more than 10% after warm-up (the stores' excepted: they hold the data).
The run is cut into whole minutes from locust's start (bench/locustfile.py writes each minute's latencies)."""

import json
from pathlib import Path

TOLERANCE = 0.10
WINDOW_MINUTES = 5


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def window(minutes: dict, first: int, count: int) -> dict:
    latencies = [ms for m in range(first, first + count) for ms in minutes.get(str(m), {}).get("latencies_ms", [])]
    errors = sum(minutes.get(str(m), {}).get("errors", 0) for m in range(first, first + count))
    return {"minutes": [first, first + count], "completed_per_second": round(len(latencies) / (60 * count), 1),
            "p99_ms": percentile(latencies, 0.99), "errors": errors}


def steadiness(windows_file: Path, seconds: int) -> dict:
    """The first and the last WINDOW_MINUTES whole minutes (fewer in a short run: half of it each), compared."""
    whole = seconds // 60
    if whole < 2 or not Path(windows_file).exists():
        return {"judged": False, "why": "under two whole minutes of run, or no per-minute figures"}
    minutes = json.loads(Path(windows_file).read_text())
    span = min(WINDOW_MINUTES, whole // 2)
    first, last = window(minutes, 0, span), window(minutes, whole - span, span)
    rate_change = _change(first["completed_per_second"], last["completed_per_second"])
    p99_change = _change(first["p99_ms"], last["p99_ms"])
    held = rate_change is not None and p99_change is not None and rate_change >= -TOLERANCE and p99_change <= TOLERANCE
    return {"judged": True, "first": first, "last": last, "completed_per_second_change": rate_change,
            "p99_change": p99_change, "within_10_percent": held}


def memory_after_warm_up(samples: list[tuple[float, dict]], warm_up_s: float) -> dict:
    """Each process's resident memory at the first sample after warm-up against the last sample."""
    if not samples:
        return {"judged": False, "why": "no memory samples"}
    warm = next((rss for at, rss in samples if at >= warm_up_s), samples[-1][1])
    end = samples[-1][1]
    growth = {name: round((end[name] - mb) / mb, 3) for name, mb in warm.items() if name in end and mb}
    bounded = {name: change for name, change in growth.items() if not name.startswith("store")}
    return {"judged": True, "warm_up_s": warm_up_s, "at_warm_up_mb": warm, "at_end_mb": end, "growth": growth,
            "within_10_percent": all(change <= TOLERANCE for change in bounded.values())}


def _change(before, after) -> float | None:
    if before in (None, 0) or after is None:
        return None
    return round((after - before) / before, 3)
