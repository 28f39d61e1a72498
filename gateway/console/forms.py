"""Form fields into the API's request bodies: lists from lines or commas, empty fields left out (so the route's
schema applies its own defaults and refusals), a fresh key for every rendered form."""

import re
import secrets

SPLIT = re.compile(r"[\s,;]+")


def form_key() -> str:
    return secrets.token_urlsafe(16)


def words(value: str | None) -> list[str]:
    """Words split at commas, semicolons, spaces or lines: 'a, b' -> ['a', 'b']."""
    return [w for w in SPLIT.split(value or "") if w]


def lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def present(**values) -> dict:
    """Only the fields the form filled in."""
    return {name: value for name, value in values.items() if value not in (None, "", [])}


def rule_ids(form) -> list[str]:
    """Rule IDs ticked among the findings plus any typed in."""
    return list(dict.fromkeys(form.getlist("rule_ids") + words(form.get("more_rule_ids"))))
