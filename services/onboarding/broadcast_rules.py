"""Who may be on air (pure): no one under the policy's minimum age, 16 (PB-21, R-ONB-37), on the platform's day.

The person on air is known by the identity number the broadcast check is given: a mainland resident identity number
carries its holder's birth date (GB 11643: YYYYMMDD at characters 7 to 14 of the 18; YYMMDD of the 19th century's
15-character numbers). Where the number carries no readable date and the person on air is the registered host, the
host's registered birth date answers."""

from datetime import date, datetime

from tianping.lib import periods
from tianping.lib.enforcement import enforces


def birth_date_of(id_number: str) -> date | None:
    """The birth date an identity number carries, or None (not a mainland number, or no such day)."""
    number = (id_number or "").strip()
    try:
        if len(number) == 18 and number[:17].isdigit():
            return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if len(number) == 15 and number.isdigit():
            return date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return None
    return None


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


@enforces("PB-21", neutral=None)
def minor_on_air(broadcaster_id_number: str, registered_birth_date, is_registered_host: bool, now: datetime,
                 min_age: int) -> int | None:
    """The age of the person on air when under `min_age` full years on `now`'s day in Asia/Shanghai (the birthday
    counts from its first moment there), else None."""
    born = birth_date_of(broadcaster_id_number) or (_as_date(registered_birth_date) if is_registered_host else None)
    if born is None:
        return None
    age = periods.full_years(born, now)
    return age if age < min_age else None
