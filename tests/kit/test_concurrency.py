"""Proves the eventlet / kombu / pymongo pins together: 400 concurrent RPCs, each an atomic update on the
real store through the real broker, give the exact count."""

from nameko.rpc import rpc
from nameko.standalone.rpc import ClusterRpcProxy

from tianping.infra import db


class CounterService:
    name = "counter_probe"
    database = db.Database()

    @rpc
    def increment(self):
        self.database["counters"].update_one({"_id": "c"}, {"$inc": {"n": 1}}, upsert=True)
        return True


def test_400_concurrent_rpcs_with_atomic_updates_give_exact_count(container_config, runner_factory):
    config = dict(container_config, max_workers=50)
    runner = runner_factory(config, CounterService)
    runner.start()
    database = db.database(config, "counter_probe")
    database["counters"].delete_many({})
    with ClusterRpcProxy(config, timeout=30) as cluster:
        # All 400 requests are in flight at once; the service runs them on 50 concurrent workers.
        pending = [cluster.counter_probe.increment.call_async() for _ in range(400)]
        replies = [reply.result() for reply in pending]
    assert replies == [True] * 400
    assert database["counters"].find_one({"_id": "c"})["n"] == 400
