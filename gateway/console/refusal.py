"""A console form the services refused (a 4xx: a missing reason, a state that moved on) is shown again on its own
page — with what the person entered and the error, each field's messages beside it — instead of a bare error page.
The page is rendered afresh (a new form key: the refused command took no effect) with the refusal's HTTP status."""

import inspect

from werkzeug.datastructures import MultiDict

from tianping.lib import errors

NOT_REDISPLAYED = (401, 429)  # signed out, or slow down: the error page says what to do


class Refusal:
    def __init__(self, action: str, form: MultiDict, exc: errors.TianpingError, status: int, code: str):
        self.action, self.form, self.status, self.code = action, form, status, code
        self.message = exc.message
        self.fields = flatten(exc.fields)
        self.shown = False     # set when its form is rendered
        self.unplaced = False  # its form is not on the page any more (the state moved on): shown above the page

    def problems(self, *names: str) -> list[str]:
        """The messages of the fields named (or nested under them: `rule_ids.0`)."""
        return [f"{message}" for field, message in self.fields
                if any(field == name or field.startswith(f"{name}.") for name in names)]


def flatten(fields, prefix: str = "") -> list[tuple[str, str]]:
    """{"rule_ids": {"0": ["not a rule"]}, "reason": ["required"]} -> [("rule_ids.0", "not a rule"), ...]."""
    out = []
    if isinstance(fields, dict):
        for name, value in fields.items():
            out += flatten(value, f"{prefix}.{name}" if prefix else str(name))
    elif isinstance(fields, list | tuple):
        for value in fields:
            out += flatten(value, prefix) if isinstance(value, dict | list) else [(prefix, str(value))]
    elif fields is not None:
        out.append((prefix, str(fields)))
    return out


def redisplay_page(service, request, view, fn, page_fn, params: dict):
    """Run the form's target; refused with a 4xx, render `page_fn` (the form's own page) with the refusal."""
    try:
        return fn(service, request, view, **params)
    except errors.TianpingError as exc:
        status, code = errors.http_status_and_code(exc)
        if not 400 <= status < 500 or status in NOT_REDISPLAYED:
            raise
        view.refused = Refusal(request.path, request.form, exc, status, code)
        wanted = inspect.signature(page_fn).parameters
        args = {k: v for k, v in params.items() if k in wanted}
        try:
            response = page_fn(service, request, view, **args)
            if not view.refused.shown:  # e.g. a compensation form no longer offered: the refusal above the page
                view.refused.unplaced = True
                response = page_fn(service, request, view, **args)
        except errors.TianpingError:
            raise exc from None  # the page itself is gone: the form's own error, on the error page
        response.status_code = status
        return response
