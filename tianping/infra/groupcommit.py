"""Group commit: concurrent callers in one process queue to one writer, which commits whatever is waiting.

The first caller that finds no commit under way becomes the writer and calls `commit(items)` with everything
waiting (up to `max_batch`), again and again until nobody waits; every caller gets its own answer (a value, or
an exception instance to raise). No timer: alone, an item commits at once; under load batches grow by themselves,
so a CPU-bound store is asked for few round trips per item exactly when it is busiest. Used by the blacklist
authority (one transaction per batch), the audit log (one insert per batch of chained entries) and each blacklist
replica (deliveries that arrive during a run are applied as the next run).
"""

import contextlib

import eventlet
import eventlet.event

from tianping.lib.errors import ServiceUnavailable


class GroupCommitter:
    def __init__(self, commit, max_batch: int):
        self.commit = commit          # list[item] -> list[answer | BaseException], same length and order
        self.max_batch = max_batch
        self._waiting: list[tuple[object, eventlet.event.Event]] = []
        self._writing = False

    def submit(self, item):
        """Commit `item` (with whatever else is waiting) and return its answer, or raise its error."""
        return self.submit_many([item])[0]

    def submit_many(self, items: list) -> list:
        """Commit `items`, in this order, with whatever else is waiting; their answers (the first error raised)."""
        events = [eventlet.event.Event() for _ in items]
        self._waiting.extend(zip(items, events, strict=True))
        if not self._writing:
            self._write_all()
        return [event.wait() for event in events]

    @contextlib.contextmanager
    def alone(self):
        """The writer's turn for a caller's own commit (yields True) when no commit is under way or waiting, else
        yields False; what others submit meanwhile waits, and is committed as the block ends."""
        if self._writing or self._waiting:
            yield False
            return
        self._writing = True
        try:
            yield True
        finally:
            self._writing = False
            if self._waiting:
                self._write_all()

    def _write_all(self) -> None:
        self._writing, batch = True, []
        try:
            while self._waiting:
                batch, self._waiting = self._waiting[:self.max_batch], self._waiting[self.max_batch:]
                try:
                    answers = self.commit([item for item, _ in batch])
                except Exception as exc:  # noqa: BLE001 - the whole batch failed: each caller hears why
                    answers = [exc] * len(batch)
                for (_, event), answer in zip(batch, answers, strict=True):
                    if isinstance(answer, BaseException):
                        event.send_exception(answer)
                    else:
                        event.send(answer)
        finally:
            self._writing = False
            for _, event in batch:  # the writer itself was killed mid-batch: nobody may wait forever
                if not event.ready():
                    event.send_exception(ServiceUnavailable("the writer stopped; retry with the same key",
                                                            {"retry": ["writer stopped"]}))
            if self._waiting:  # arrived while the writer was being killed: a new writer takes them
                eventlet.spawn_n(self._write_all)
