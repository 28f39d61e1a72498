"""Service terms per after-sales channel (R-AFT-04), pure: each channel the merchant offers publishes its service
hours (weekdays, opening and closing time in the platform's time zone), its time limit to respond and its service
standard; a request received through a channel outside its hours has its response time run from the next opening."""

from datetime import datetime, time, timedelta

from tianping.lib import clock, periods
from tianping.lib.enforcement import enforces, rewrite

CHANNELS = ("online_chat", "phone", "in_store", "mail_in")


def _hhmm(text: str) -> time:
    return time.fromisoformat(text)


@enforces("R-AFT-04", neutral={})
def channel_terms_problems(channels: list[dict], minimum: dict) -> dict[str, list[str]]:
    """R-AFT-04: each channel's terms are complete and coherent, its time limit no worse than the platform's."""
    problems: dict[str, list[str]] = {}
    names = [c["channel"] for c in channels]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.setdefault("channels", []).append(f"{name} is published twice")
    for i, c in enumerate(channels):
        if _hhmm(c["opens"]) >= _hhmm(c["closes"]):
            problems[f"channels.{i}.closes"] = ["closes after it opens, the same day"]
        if c["response_hours"] > minimum["max_response_hours"]:
            problems[f"channels.{i}.response_hours"] = [f"at most {minimum['max_response_hours']} hours (platform "
                                                        "minimum)"]
    return problems


def _always_open(opening: dict, rule_ids: frozenset) -> dict:
    return {**opening, "starts_at": opening["received_at"], "outside_hours": False}


@enforces("R-AFT-04", neutral=rewrite(_always_open, "the response time runs from receipt, whatever the hours"))
def response_starts(received_at: datetime, channel: dict) -> dict:
    """When the channel's response time starts for a request received at `received_at`: at once within its service
    hours, else at its next opening (weekdays 1 = Monday .. 7 = Sunday, local time)."""
    now = clock.aware(received_at).astimezone(clock.platform_zone())
    today = periods.local_date(now)
    for offset in range(8):
        day = today + timedelta(days=offset)
        if day.isoweekday() not in channel["days"]:
            continue
        opens = datetime.combine(day, _hhmm(channel["opens"]), tzinfo=clock.platform_zone())
        closes = datetime.combine(day, _hhmm(channel["closes"]), tzinfo=clock.platform_zone())
        if opens <= now < closes:
            return {"received_at": received_at, "starts_at": received_at, "outside_hours": False}
        if now < opens:
            return {"received_at": received_at, "starts_at": opens, "outside_hours": True}
    return {"received_at": received_at, "starts_at": received_at, "outside_hours": False}  # no day open: at once
