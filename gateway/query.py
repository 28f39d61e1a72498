"""Query parameters checked against what the route declares — the same declaration the OpenAPI document prints — so
a documented enum, date format, bound or length is one the gateway enforces (400 naming the parameter)."""

import re
from datetime import date

from tianping.lib.errors import ValidationFailed

DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def problem(value: str, schema: dict) -> str | None:
    """Why `value` breaks `schema`, or None."""
    if "enum" in schema and value not in schema["enum"]:
        return f"one of {', '.join(map(str, schema['enum']))}"
    if schema.get("type") == "integer":
        if not re.fullmatch(r"-?[0-9]{1,12}", value):
            return "a whole number"
        number = int(value)
        if number < schema.get("minimum", number) or number > schema.get("maximum", number):
            return f"from {schema.get('minimum')} to {schema.get('maximum')}"
        return None
    if schema.get("format") == "date":
        try:
            date.fromisoformat(value) if DATE.match(value) else date.fromisoformat("bad")
        except ValueError:
            return "a calendar day, YYYY-MM-DD"
    if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
        return f"{schema.get('minLength', 0)} to {schema.get('maxLength')} characters"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        return f"matching {schema['pattern']}"
    return None


def check_query(args, declared: dict) -> None:
    """Every declared parameter that is present (or required) fits its schema; a 400 names each that does not."""
    bad = {}
    for name, schema in declared.items():
        value = args.get(name)
        if value is None:
            if schema.get("required"):
                bad[name] = ["required"]
            continue
        why = problem(value, schema)
        if why:
            bad[name] = [why]
    if bad:
        raise ValidationFailed("invalid query parameters", bad)
