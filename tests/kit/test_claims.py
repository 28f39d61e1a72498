"""Claims and completions of one process are grouped (tianping.platform.claims, issue 30): concurrent keys share
inserts and updates, and each key still has exactly one owner and its own outcome."""

import eventlet
import pytest

from tianping.infra import roundtrips
from tianping.platform.claims import ClaimLedger


@pytest.fixture
def ledger(service_db):
    roundtrips.install()
    return ClaimLedger(service_db("claims")["claims"], lease_seconds=10, wait_seconds=5, keep_days=1)


def spent(run) -> int:
    before = roundtrips.COMMANDS.copy()
    run()
    return sum((roundtrips.COMMANDS - before).values())


def test_concurrent_claims_and_completions_share_round_trips(ledger):
    pool = eventlet.GreenPool(40)
    owners = []
    assert spent(lambda: owners.extend(pool.imap(ledger.claim, [f"k{i}" for i in range(40)]))) <= 8  # one each: 40
    assert owners == [None] * 40  # every distinct key is its caller's
    assert spent(lambda: list(pool.imap(lambda i: ledger.complete(f"k{i}", status=200 + i), range(40)))) <= 8
    done = {d["_id"]: d for d in ledger.collection.find()}
    assert all(done[f"k{i}"]["state"] == "done" and done[f"k{i}"]["status"] == 200 + i for i in range(40))


def test_one_key_claimed_many_times_at_once_has_one_owner_and_the_others_get_its_outcome(ledger):
    pool = eventlet.GreenPool(20)

    def claim_and_finish(_):
        outcome = ledger.claim("same")
        if outcome is None:  # the owner: runs, then completes
            eventlet.sleep(0.05)
            ledger.complete("same", status=201, body="made once")
            return "owner"
        return outcome["body"]

    answers = list(pool.imap(claim_and_finish, range(20)))
    assert answers.count("owner") == 1 and answers.count("made once") == 19


def test_a_batch_with_a_key_taken_before_gives_only_that_caller_the_earlier_record(ledger):
    ledger.claim("taken")
    ledger.complete("taken", status=200, body="earlier")
    pool = eventlet.GreenPool(10)
    answers = list(pool.imap(ledger.claim, ["taken", *[f"new{i}" for i in range(9)]]))
    assert answers[0]["body"] == "earlier" and answers[1:] == [None] * 9
