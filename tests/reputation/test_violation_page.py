"""The reputation read's page of violations (repository/reads.py keeps where it starts on the subject's record)."""

from tests.reputation.test_ledger import led, violation  # noqa: F401, F811 - the fixture


def test_a_backdated_serious_violation_is_shown_on_the_subject_page_R_REP_22(led):  # noqa: F811
    """The read's page of violations starts where the subject's record keeps it (repository/reads.py); a serious
    violation skips the points write that lowers it, and must lower it all the same."""
    from datetime import timedelta

    from tianping.lib import clock

    lg, _ = led
    lg.record_violation(violation(subject="m9"))
    lg.record_violation(violation(subject="m9"))
    assert len(lg.reputation("m9")["violations"]) == 2  # the read keeps its page start from here
    earlier = (clock.now() - timedelta(days=800)).isoformat()
    lg.record_violation(violation(subject="m9", rule="PB-20", occurred_at=earlier))
    shown = lg.reputation("m9")["violations"]
    assert len(shown) == 3 and shown[-1]["rule_id"] == "PB-20"
