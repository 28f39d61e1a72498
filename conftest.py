# Monkey-patch before anything imports socket, threading or pymongo: nameko and the services run on eventlet.
import eventlet

eventlet.monkey_patch()

import contextlib  # noqa: E402 - after the patch, on purpose
import gc  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402

import greenlet  # noqa: E402
import pytest  # noqa: E402

# A test phase (setup, call, teardown) blocked this long is hung, not slow: the slowest phase of the suite (starting
# the whole system for an integration module) takes well under a minute. A hang once held CI for its whole 90
# minutes with nothing to show; now the hung phase fails, every green thread's stack is printed, and the run goes on.
PHASE_LIMIT_SECONDS = float(os.environ.get("TIANPING_TEST_PHASE_LIMIT_SECONDS", "300"))


# `make test` starts its two sessions in the background of a shell, which starts them with Ctrl-C ignored; a session
# must still stop on Ctrl-C as one run in the foreground does (KeyboardInterrupt: fixtures stop what they started).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


class PhaseHung(Exception):
    """Thrown into a test phase that is still waiting after PHASE_LIMIT_SECONDS."""


def green_stacks() -> str:
    """The stack of every live green thread in this process (a hang is one of them waiting on another)."""
    stacks = []
    for obj in gc.get_objects():
        try:
            if isinstance(obj, greenlet.greenlet) and obj.gr_frame is not None:
                stacks.append(f"--- {obj!r}\n{''.join(traceback.format_stack(obj.gr_frame))}")
        except ReferenceError:  # a weak proxy whose object is gone
            continue
    return "\n".join(stacks)


@contextlib.contextmanager
def _watchdog(item, phase: str):
    waiting = greenlet.getcurrent()

    def fire():
        sys.stderr.write(f"\n{item.nodeid} ({phase}) hung; green threads:\n{green_stacks()}\n")
        waiting.throw(PhaseHung(f"{item.nodeid}: {phase} still waiting after {PHASE_LIMIT_SECONDS:.0f} s"))

    # A hub timer, as eventlet.Timeout uses: it fires only while the test waits on the hub, i.e. when it is hung.
    timer = eventlet.hubs.get_hub().schedule_call_global(PHASE_LIMIT_SECONDS, fire)
    try:
        yield
    finally:
        timer.cancel()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    with _watchdog(item, "setup"):
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    with _watchdog(item, "call"):
        yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    with _watchdog(item, "teardown"):
        yield
