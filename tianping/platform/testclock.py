"""Test clocks (after Stripe's): QA moves the whole platform's clock forward and watches the deadlines fire.

With TIANPING_TEST_CLOCKS=1 every process (the five services and the gateway) lives `offset` seconds ahead of the
wall clock (tianping.lib.clock.now). The gateway keeps the authoritative offset in its own database and moves it with one
atomic increment; it then sends the new absolute offset to every service (`advance_test_clock`), which stores it in
its own database (`$max`: a late or repeated message never moves a clock back), applies it, and sweeps its due
deadlines at once, answering what fired. The offset is persisted, so a restarted process comes back at the platform's
offset, and every process re-reads its stored offset each sweep interval, so all replicas of a service follow the one
that took the call. A service that missed an advance (it was down) is reported, never silent: the advance answers
503 naming it, GET /v1/test-clock shows each service's offset, and POST /v1/test-clock/sync re-sends it.

Off by default. A process started with test clocks on and TIANPING_ENV=production refuses to start (the production
overlay sets TIANPING_ENV=production and TIANPING_TEST_CLOCKS=0; tests/deploy proves it).
"""

import logging

import eventlet
from marshmallow import Schema
from nameko.extensions import DependencyProvider
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from tianping.infra import db
from tianping.infra.rpc import rpc
from tianping.lib import clock, fields
from tianping.lib import config as cfg
from tianping.lib.errors import TestClocksOff, ValidationFailed
from tianping.platform import deadlines

log = logging.getLogger(__name__)

COLLECTION = "test_clock"
PLATFORM = "platform"
MAX_ADVANCE_SECONDS = 400 * 86400  # one advance moves at most 400 days (a year of deadlines and more)


class TestClocksRefused(RuntimeError):
    """Test clocks asked for in production: the process must not start."""

    __test__ = False  # not a pytest class


def refusal() -> str | None:
    """Why this process must not start, or None."""
    if cfg.env("TIANPING_TEST_CLOCKS", "0") not in ("0", "1"):
        return "TIANPING_TEST_CLOCKS must be 0 or 1"
    if cfg.env("TIANPING_TEST_CLOCKS", "0") == "1" and cfg.env("TIANPING_ENV", "development") == "production":
        return "TIANPING_TEST_CLOCKS=1 is refused with TIANPING_ENV=production: test clocks move the platform's time"
    return None


def enabled() -> bool:
    problem = refusal()
    if problem:
        raise TestClocksRefused(problem)
    return cfg.env("TIANPING_TEST_CLOCKS", "0") == "1"


class OffsetStore:
    """The offset of one component, in one document of its own database."""

    def __init__(self, collection):
        self.collection = collection

    def read(self) -> int:
        stored = self.collection.find_one({"_id": PLATFORM}, {"offset_seconds": 1})
        return int(stored["offset_seconds"]) if stored else 0

    def add(self, seconds: int) -> int:
        """The authority's move (the gateway): one atomic increment, so concurrent advances add up."""
        return self._update({"$inc": {"offset_seconds": seconds}, "$set": {"moved_at": clock.now()}})

    def raise_to(self, offset: int) -> int:
        """A follower's move: never backwards, whatever order the messages arrive in."""
        return self._update({"$max": {"offset_seconds": offset}})

    def _update(self, update: dict) -> int:
        try:  # the document first (concurrent upserts of one _id can race), then one atomic update of it
            self.collection.update_one({"_id": PLATFORM}, {"$setOnInsert": {"offset_seconds": 0}}, upsert=True)
        except DuplicateKeyError:
            pass
        return int(self.collection.find_one_and_update({"_id": PLATFORM}, update,
                                                       return_document=ReturnDocument.AFTER)["offset_seconds"])


class TestClock(DependencyProvider):
    """This process's offset: read from its database at start and every sweep interval while test clocks are on."""

    __test__ = False  # not a pytest class

    def setup(self):
        self.on = enabled()  # raises in production: the container does not start
        self.store = None
        if self.on:
            name = self.container.service_name
            self.store = OffsetStore(db.database(self.container.config, name)[COLLECTION])
            clock.set_offset(self.store.read())
            log.warning("test clocks ON: %s lives %ss ahead of the wall clock", name, clock.offset_seconds())

    def start(self):
        if self.on:
            self.container.spawn_managed_thread(self._follow)

    def _follow(self):
        while True:
            eventlet.sleep(deadlines.sweep_seconds())
            try:
                stored = self.store.read()  # read first: an advance taken while this read waits must not be undone
                clock.set_offset(max(clock.offset_seconds(), stored))
            except Exception:  # noqa: BLE001 - the store is down: the next round reads it
                log.warning("test clock offset not read", exc_info=True)

    def require(self) -> "TestClock":
        if not self.on:
            raise TestClocksOff("test clocks are off here (TIANPING_TEST_CLOCKS=1 turns them on, never in "
                                "production)", {"test_clock": ["off"]})
        return self

    def move_to(self, offset: int) -> int:
        offset = self.require().store.raise_to(offset)
        clock.set_offset(offset)
        return offset

    def get_dependency(self, worker_ctx):
        return self


class FiredOut(Schema):
    key = fields.String()
    subject = fields.String()
    kind = fields.String()
    rule_id = fields.String()
    outcome = fields.String()
    due_at = fields.DateTime()


class TestClockOut(Schema):
    """One service's clock after a move: its offset, its now, and the deadlines its sweep fired."""

    __test__ = False  # not a pytest class
    service = fields.String()
    offset_seconds = fields.Integer()
    now = fields.DateTime()
    fired = fields.List(fields.Nested(FiredOut))


class TestClockRpc:
    """Mixin for every service: the test clock's RPC (refused with TestClocksOff unless test clocks are on).
    A service with deadlines names its handler in `fire_deadline(deadline)`."""

    __test__ = False  # not a pytest class

    test_clock = TestClock()

    @rpc
    def advance_test_clock(self, offset_seconds):
        """Test clocks only: move this service's clock to `offset_seconds` ahead of the wall clock (never back), then
        sweep its due deadlines at once; answers TestClockOut with what fired."""
        self.test_clock.require()
        if type(offset_seconds) is not int or not 0 <= offset_seconds:
            raise ValidationFailed("offset_seconds must be a whole number of seconds, 0 or more",
                                   {"offset_seconds": ["whole seconds >= 0"]})
        fired: list[dict] = []
        book = getattr(self, "deadline_book", None)
        if book is None:
            self.test_clock.move_to(offset_seconds)
        else:  # moved once this process's other sweeps are done: this sweep reports every firing after the move
            book.sweep(self.fire_deadline, report=fired, before=lambda: self.test_clock.move_to(offset_seconds))
        return TestClockOut().dump({"service": self.name, "offset_seconds": clock.offset_seconds(),
                                    "now": clock.now(), "fired": fired})

    # It changes state, yet needs no request key: the offset it sets is absolute and only ever raised ($max), so a
    # redelivery changes nothing.
    advance_test_clock.changes_state = True

    @rpc
    def test_clock_status(self):
        """Test clocks only: this service's offset and now (TestClockOut, nothing fired)."""
        self.test_clock.require()
        return TestClockOut().dump({"service": self.name, "offset_seconds": clock.offset_seconds(),
                                    "now": clock.now(), "fired": []})

    def fire_deadline(self, deadline: dict) -> str:
        raise NotImplementedError(f"{self.name} has deadlines but names no handler")
