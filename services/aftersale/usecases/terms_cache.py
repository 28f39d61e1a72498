"""The merchants' terms in force, remembered per process so that opening a request on an order paid a while ago
does not read them again (issue 30: a store round trip of every request).

Why a remembered answer stays true: a version of a merchant's terms is in force from its publication on
(`effective_from` is the clock when it was published, never earlier — terms.publish). So the version in force at an
instant that had already passed when the store was read cannot change afterwards — every later publication starts
later. The cache keeps, per merchant, the version in force at a horizon MARGIN before the read (a publication still
being written at the read started less than MARGIN before it, so it is after the horizon) and answers from it for
orders paid at or before that horizon and at or after that version's start; anything else is read from the store,
as before. This process's own publication forgets the merchant at once. Off under test clocks (another instance
may publish on a clock moved further than this one's) and in use-case tests (the Context has no cache)."""

import collections
from datetime import datetime, timedelta

from tianping.lib import clock
from tianping.platform import testclock

MARGIN = timedelta(minutes=5)
SIZE = 4096  # merchants remembered; the least recently learnt is forgotten first


class TermsCache:
    def __init__(self, size: int = SIZE):
        self.size = size
        self._known: collections.OrderedDict = collections.OrderedDict()  # merchant -> (horizon, terms or None)

    def in_force(self, repo, merchant_id: str, at: datetime):
        """The merchant's terms in force at `at` (None: it published none by then), as repo.terms_in_force."""
        at = clock.aware(at)
        known = self._known.get(merchant_id)
        if known is not None and _answers(known, at):
            return known[1]
        horizon = clock.now() - MARGIN
        if at > horizon or testclock.enabled():  # paid too recently to remember the answer: read it
            return repo.terms_in_force(merchant_id, at)
        learnt = (horizon, repo.terms_in_force(merchant_id, horizon))
        self._known[merchant_id] = learnt
        self._known.move_to_end(merchant_id)
        while len(self._known) > self.size:
            self._known.popitem(last=False)
        return learnt[1] if _answers(learnt, at) else repo.terms_in_force(merchant_id, at)

    def forget(self, merchant_id: str) -> None:
        self._known.pop(merchant_id, None)


def _answers(known: tuple, at: datetime) -> bool:
    """Does the version in force at the horizon answer for `at`: at or before the horizon, and after its start?"""
    horizon, terms = known
    return at <= horizon and (terms is None or clock.aware(terms.effective_from) <= at)
