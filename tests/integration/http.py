"""Small HTTP helpers for tests against the running gateway."""

import json
import time
import urllib.error
import urllib.request

from tests.tokens import bearer


def call(system, method, path, body=None, role="platform_admin", sub="tester", headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(system.gateway_url + path, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(bearer(role, sub) if role else {}),
                                          **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, json.loads(resp.read() or b"null"), resp.headers
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null"), err.headers


def wait_until(predicate, timeout=10.0, interval=0.1):
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {value!r})")
