"""What one request costs the store, by counts rather than seconds: the commands it sends (pymongo command monitoring)
and the documents the store examines for them (each read or write filter replayed through `explain` with
executionStats on the same store — SecantusDB reports `totalDocsExamined` and the plan, COLLSCAN or IXSCAN).

The embedded store materialises every document its chosen index matches before it sorts or limits, so a query is
flat only when its index predicate matches a bounded set; `explain` shows exactly that number.
"""

import copy
import itertools
from dataclasses import dataclass, field

import mongoengine
import pymongo
import pytest
from pymongo import monitoring

from tests.conftest import free_port
from tianping import SERVICE_NAMES
from tianping.infra.store import EmbeddedStore
from tianping.lib import config as cfg

SIZES = (1_000, 20_000)  # the history a route runs against: its cost at the second may not exceed the first
INDEX_OPTIONS = ("name", "unique", "sparse", "partialFilterExpression", "expireAfterSeconds")
IGNORED = {"explain", "endSessions", "ping", "hello", "ismaster", "isMaster", "saslStart", "saslContinue",
           "buildInfo", "listIndexes", "createIndexes", "killCursors", "getMore"}


class Recorder(monitoring.CommandListener):
    """Collects (database, command name, command) while `recording` is a list."""

    def __init__(self):
        self.recording: list | None = None

    def started(self, event):
        if self.recording is not None and event.command_name not in IGNORED:
            self.recording.append((event.database_name, event.command_name, copy.deepcopy(dict(event.command))))

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


RECORDER = Recorder()
monitoring.register(RECORDER)  # at import: pymongo attaches listeners to clients made afterwards (db.connect)


@pytest.fixture(scope="module")
def mongodb_uri(tmp_path_factory):
    """A store of the module's own (import it into a test module to use it: `service_db`, `replica_for` and `client`
    then connect there). The suite's store holds every database the tests before made (~1,800 collections by then,
    walked by its TTL sweeper every minute), and the 20,000-record histories grown here would stay in its shared
    document and index tables for every test after; here they go with the store. What a query costs is counted,
    never timed, so the store it runs on changes no figure. With MONGODB_URI set, that server is used, as everywhere."""
    if cfg.env("MONGODB_URI"):
        yield cfg.env("MONGODB_URI")
        return
    store = EmbeddedStore(tmp_path_factory.mktemp("flatcost-store"), free_port(),
                          tmp_path_factory.getbasetemp() / "flatcost-store.log")
    yield store.start()
    for alias in SERVICE_NAMES:  # leave no alias on a stopped store: the next test connects its own
        mongoengine.disconnect(alias)
    store.stop()


@pytest.fixture
def client(mongodb_uri):
    """A client of its own on the test store, for the explains (import it into a test module to use it)."""
    with pymongo.MongoClient(mongodb_uri) as c:
        yield c


@dataclass
class Cost:
    commands: list = field(default_factory=list)   # (name, collection)
    examined: list = field(default_factory=list)   # (name, collection, plan, documents examined)

    @property
    def round_trips(self) -> int:
        return len(self.commands)

    @property
    def documents(self) -> int:
        return sum(e[3] for e in self.examined)

    def __str__(self):
        lines = [f"{self.round_trips} round trips, {self.documents} documents examined"]
        lines += [f"  {name} {coll}: {plan} examined {n}" for name, coll, plan, n in self.examined]
        return "\n".join(lines)


def measure(client, action) -> Cost:
    """Run `action()`, then explain every filter it sent. `client`: a pymongo client on the same store."""
    RECORDER.recording = recorded = []
    try:
        action()
    finally:
        RECORDER.recording = None
    cost = Cost()
    for database, name, command in recorded:
        if name == "bulkWrite":  # several collections' statements in one round trip: each write's filter planned
            cost.commands.append((name, "+".join(sorted({ns["ns"].split(".", 1)[1] for ns in command["nsInfo"]}))))
            for op in command.get("ops", []):
                kind = next(k for k in ("insert", "update", "delete") if k in op)
                database_name, coll = command["nsInfo"][op[kind]]["ns"].split(".", 1)
                if kind != "insert":
                    cost.examined.append((kind, coll, *_explain(client[database_name], coll,
                                                                 _write_filter(op["filter"]), None)))
            continue
        coll = command.get(name) if isinstance(command.get(name), str) else ""
        cost.commands.append((name, coll))
        if name == "aggregate" and not coll:  # `$documents` joined to collections: each `$lookup` planned as a find
            for coll, filter_, sort in _lookups(command.get("pipeline") or []):
                cost.examined.append((f"{name} $lookup", coll, *_explain(client[database], coll, filter_, sort)))
            continue
        if name == "aggregate":  # a collection's range joined to records in a `$facet` (reputation_records)
            for joined, (stage, plan), examined in _nested(client[database], command.get("pipeline") or []):
                cost.examined.append((f"{name} {stage}", joined, plan, examined))
        if name == "findAndModify" and not command.get("remove"):
            cost.examined.append((name, coll, *_find_and_modify_write(client[database], coll)))
        for filter_, sort in _filters(name, command):
            cost.examined.append((name, coll, *_explain(client[database], coll, filter_, sort)))
    return cost


def _filters(name: str, command: dict):
    """The (filter, sort) pairs the store plans for one command; inserts plan nothing."""
    if name == "find":
        return [(command.get("filter") or {}, command.get("sort"))]
    if name in ("count", "distinct"):
        return [(command.get("query") or {}, None)]
    if name == "findAndModify":  # a write: planned as one (a find and modify of one `_id` is a point lookup)
        return [(_write_filter(command.get("query") or {}) if not command.get("sort") else command.get("query") or {},
                 command.get("sort"))]
    if name == "aggregate":
        head = (command.get("pipeline") or [{}])[0]
        return [(head.get("$match", {}) if isinstance(head, dict) else {}, None)]
    if name == "update":
        return [(_write_filter(u["q"]), None) for u in command.get("updates", [])]
    if name == "delete":
        return [(_write_filter(d["q"]), None) for d in command.get("deletes", [])]
    return []


def _lookups(pipeline: list):
    """(collection, filter, sort) of each `$lookup` joining a `$documents` row by equality (the store's index-driven
    join: point lookups of the row's value on the index the foreign field leads), its sub-pipeline's sort with it."""
    rows = pipeline[0].get("$documents", []) if pipeline else []
    for stage in pipeline[1:]:
        spec = stage.get("$lookup") if isinstance(stage, dict) else None
        if spec and "localField" in spec:
            sort = next((s["$sort"] for s in spec.get("pipeline", []) if "$sort" in s), None)
            values = [row.get(spec["localField"]) for row in rows]
            yield spec["from"], {spec["foreignField"]: values[0] if len(values) == 1 else {"$in": values}}, sort


def _nested(database, pipeline: list):
    """What a collection's aggregate reads past its leading `$match`: each `$unionWith` collection whole (the store
    reads every document of it) and each `$lookup` of a `$facet` branch joined to a literal `_id` (`$project`ed) by
    equality, planned as a find of that value."""
    for stage in pipeline[1:]:
        union = stage.get("$unionWith") if isinstance(stage, dict) else None
        if union:
            coll = union if isinstance(union, str) else union["coll"]
            yield coll, ("$unionWith", "COLLSCAN"), database[coll].estimated_document_count()
        for branch in (stage.get("$facet") or {}).values() if isinstance(stage, dict) else ():
            row = next((s["$project"] for s in branch if "$project" in s), {})
            value = (row.get("_id") or {}).get("$literal") if isinstance(row.get("_id"), dict) else None
            for spec in (s["$lookup"] for s in branch if "$lookup" in s):
                sort = next((s["$sort"] for s in spec.get("pipeline", []) if "$sort" in s), None)
                plan, examined = _explain(database, spec["from"], {spec["foreignField"]: value}, sort)
                yield spec["from"], ("$facet $lookup", plan), examined


def _find_and_modify_write(database, coll: str) -> tuple[str, int]:
    """What the write of a findAndModify examines on SecantusDB, beyond finding its document (planned by `_filters`):
    it writes under `{_id, $and: [query]}`, and its write path routes no filter with a top-level operator through an
    index (`_try_index_id_keys`), so it reads every document of the collection, whatever the query — measured, one
    `{_id, status}` move at 20,000 documents costs 17 times one at 1,000. Explain plans that filter as a find (a
    point lookup), not as the write runs: the collection's documents are the count."""
    return "COLLSCAN(findAndModify write)", database[coll].estimated_document_count()


def _write_filter(q: dict) -> dict:
    """A write whose filter names one `_id` is a point lookup then a match of the rest (SecantusDB's write path:
    `_try_index_id_keys`; measured, such an update over 20,000 documents costs what one over 1,000 does), while
    explain plans the whole filter as a find, which for `_id` plus another field is a COLLSCAN. Plan what runs.
    So is one that leads with `_id $in` (an update of a batch of subjects still in a status): with no compound index
    whose fields are the filter's equalities followed by `_id`, the write path looks up the filter's clauses one by
    one in their order and the first, `_id`, is point lookups (with the other field first it would walk that field's
    index instead, so only `_id` first is planned so here)."""
    if "_id" in q and not isinstance(q["_id"], dict):
        return {"_id": q["_id"]}
    if next(iter(q), None) == "_id" and list(q["_id"]) == ["$in"]:
        return {"_id": q["_id"]}
    return q


def _explain(database, coll: str, filter_: dict, sort) -> tuple[str, int]:
    command = {"find": coll, "filter": filter_, **({"sort": sort} if sort else {})}
    answer = database.command("explain", command, verbosity="executionStats")
    return _plan(answer["queryPlanner"]["winningPlan"]), answer["executionStats"]["totalDocsExamined"]


def _plan(stage: dict) -> str:
    name = stage["stage"] + (f"[{stage['indexName']}]" if stage.get("indexName") else "")
    return f"{name}<{_plan(stage['inputStage'])}" if "inputStage" in stage else name


def seed(collection, count: int, make, batch: int = 5000) -> None:
    """`count` documents made by make(i), inserted in batches with the collection's indexes built afterwards (this
    store maintains an index per inserted document at about twice the cost of building it once: a 20,000-document
    history in seconds)."""
    indexes = [(spec["key"], {k: v for k, v in spec.items() if k in INDEX_OPTIONS})
               for name, spec in collection.index_information().items() if name != "_id_"]
    collection.drop_indexes()
    numbers = iter(range(count))
    while chunk := list(itertools.islice(numbers, batch)):
        collection.insert_many([make(i) for i in chunk], ordered=False)
    for keys, options in indexes:
        collection.create_index(keys, **options)


def seed_copies(collection, template: dict, count: int, vary, batch: int = 5000) -> None:
    """`count` copies of a document the use case itself stored (`template`), each changed by vary(i) -> fields to
    set (its `_id` and whatever tells it from the others; a field set to None is left out). A copy keeps the
    template's scalar fields — every field the hot routes' filters and the collection's indexes name is one — and
    leaves out its lists and sub-documents (trails, items, findings): how many documents a query examines does not
    depend on their size, and this store builds an index over small documents about twice as fast."""
    slim = {k: v for k, v in template.items() if not isinstance(v, list | dict)}
    seed(collection, count, lambda i: {k: v for k, v in {**slim, **vary(i)}.items() if v is not None}, batch)


def assert_flat(small: Cost, large: Cost, slack: int = 0) -> None:
    """The same work at 20× the history: no more round trips, no more documents examined."""
    assert large.round_trips <= small.round_trips, f"round trips grew:\nsmall: {small}\nlarge: {large}"
    assert large.documents <= small.documents + slack, f"documents examined grew:\nsmall: {small}\nlarge: {large}"
