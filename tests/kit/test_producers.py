"""Publishers keep their producers ready between publishes (issue 30: kombu's pool revived one per message); a publish
that raises drops its producer and its connection, and a child process never publishes on its parent's sockets."""

import pytest

from tianping.infra import producers


def test_a_producer_is_kept_ready_between_publishes_and_a_failed_one_is_dropped():
    uri = "memory://issue30-keep"
    with producers.get_producer(uri) as first:
        pass
    with producers.get_producer(uri) as again:
        assert again is first
        with producers.get_producer(uri) as meanwhile:  # two publishes at once: two producers
            assert meanwhile is not first
    with pytest.raises(RuntimeError), producers.get_producer(uri) as failing:
        assert failing in (first, meanwhile)
        raise RuntimeError("the broker went away")
    with producers.get_producer(uri) as next_one, producers.get_producer(uri) as other:
        assert {next_one, other} != {first, meanwhile}  # the failed one was dropped, not kept


def test_confirming_and_unconfirmed_publishers_never_share_a_producer():
    uri = "memory://issue30-confirms"
    with producers.get_producer(uri, confirms=True) as confirming:
        pass
    with producers.get_producer(uri, confirms=False) as unconfirmed:
        assert unconfirmed is not confirming


def test_a_forked_child_forgets_its_parents_producers():
    with producers.get_producer("memory://issue30-fork"):
        pass
    assert producers._IDLE
    producers._forget_after_fork()
    assert not producers._IDLE and not producers._IN_USE
