"""An RPC entrypoint bounded by `Slots(setting)` runs at most that many calls at once and queues as many: whatever the
callers send at once, the calls past both are refused at once as RateLimited (429 at the gateway), having done
nothing, the queued ones run when a slot frees, and the service's other RPCs still find a worker. Occupancy is
asserted, never wall-clock time: the bounded calls hold their workers until the test releases them."""

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from tianping.infra.rpc import rpc
from tianping.infra.slots import Slots
from tianping.lib.errors import RateLimited

held = {"running": 0, "most": 0, "done": 0, "gate": eventlet.event.Event()}


class FloodProbe:
    name = "slots_probe"
    slots = Slots("PROBE_SLOTS", "the probe's bounded call", wait_s=30)

    @rpc
    def bounded(self):
        with self.slots.take():
            held["running"] += 1
            held["most"] = max(held["most"], held["running"])
            try:
                held["gate"].wait()
            finally:
                held["running"] -= 1
                held["done"] += 1
        return "done"

    @rpc
    def read(self):
        return {k: v for k, v in held.items() if k != "gate"}


def reset() -> None:
    held.update(running=0, most=0, done=0, gate=eventlet.event.Event())


def wait_for(predicate, timeout=15.0):
    with eventlet.Timeout(timeout):
        while not predicate():
            eventlet.sleep(0.02)


def test_calls_past_the_bound_and_its_queue_are_refused_at_once_and_the_other_rpcs_keep_a_worker(
        runner_factory, container_config):
    config = dict(container_config, max_workers=6, PROBE_SLOTS=2)
    runner = runner_factory(config, FloodProbe)
    runner.start()
    reset()
    outcomes = []

    def call_bounded():  # a proxy per caller: a standalone proxy is not shared between green threads
        with ClusterRpcProxy(config, timeout=10) as caller:
            try:
                outcomes.append(caller.slots_probe.bounded())
            except RateLimited as exc:  # the kit's errors travel as themselves (deserialize_to_instance)
                outcomes.append(exc)

    callers = [eventlet.spawn(call_bounded) for _ in range(5)]
    wait_for(lambda: len(outcomes) == 1)  # two run, two wait their turn, the fifth is refused at once
    assert held["running"] == 2
    assert isinstance(outcomes[0], RateLimited) and "retry shortly" in str(outcomes[0]), outcomes
    with ClusterRpcProxy(config, timeout=10) as cluster:
        assert cluster.slots_probe.read() == {"running": 2, "most": 2, "done": 0}  # a worker is still free
        held["gate"].send()
        for caller in callers:
            caller.wait()
        assert outcomes[1:] == ["done"] * 4  # the queued two ran when the first two gave their slots back
        assert cluster.slots_probe.bounded() == "done"  # the slots are free again (the gate stays open)
        assert held["most"] == 2


class FakeContainer:
    def __init__(self, config, max_workers):
        self.config, self.max_workers = config, max_workers


@pytest.mark.parametrize("setting, expected", [(None, 2), (1, 1), (50, 19)])
def test_the_bound_is_the_setting_and_leaves_a_worker_to_the_rest(setting, expected):
    container = FakeContainer({"PROBE_SLOTS": setting}, 20)  # held: the extension keeps a weak reference
    slots = Slots("PROBE_SLOTS", "probe").bind(container, "slots")
    slots.setup()
    assert slots.size == expected


def test_a_slot_is_given_back_when_the_body_fails():
    container = FakeContainer({"PROBE_SLOTS": 1}, 20)
    slots = Slots("PROBE_SLOTS", "probe", wait_s=0.01).bind(container, "slots")
    slots.setup()
    with pytest.raises(ValueError), slots.take():
        raise ValueError("the body failed")
    with slots.take():  # free again; a second call waits its turn (the queue holds one), then gives up
        with pytest.raises(RateLimited, match="for 0.01 s"), slots.take():
            pass


def test_a_full_queue_refuses_at_once():
    container = FakeContainer({"PROBE_SLOTS": 1}, 20)
    slots = Slots("PROBE_SLOTS", "probe", wait_s=30).bind(container, "slots")
    slots.setup()
    ran = []

    def queued():
        with slots.take():
            ran.append("queued")

    with slots.take():
        waiter = eventlet.spawn(queued)
        eventlet.sleep(0)  # the waiter takes the one place in the queue
        assert slots.waiting == 1
        with pytest.raises(RateLimited, match="and as many wait"), slots.take():
            pass
    waiter.wait()
    assert ran == ["queued"]


def test_a_bounded_command_is_refused_before_its_command_log_is_touched():
    """`@command(slots=...)`: the slot comes first, so a call refused past the bound claims and releases no request
    key in the store — a flood of refusals costs the store nothing."""
    from tianping.platform.commands import command

    container = FakeContainer({"PROBE_SLOTS": 1}, 20)
    logged = []

    class Probe:
        slots = Slots("PROBE_SLOTS", "probe", wait_s=0.01).bind(container, "slots")

        class commands:  # noqa: N801 - stands in for the CommandRun dependency
            @staticmethod
            def once(name, run):
                logged.append(name)
                return run()

        @command(slots="slots")
        def write(self):
            return "written"

    Probe.slots.setup()
    probe = Probe()
    assert probe.write() == "written" and logged == ["write"]
    with Probe.slots.take(), pytest.raises(RateLimited):  # the one slot held: the write waits, then is refused
        probe.write()
    assert logged == ["write"]
