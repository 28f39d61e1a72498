"""A listing's text with each finding's span marked: the text of a field cut into runs, each run either plain or
the span of one finding (start/end are offsets into the field, as the listing service reports them). Overlapping
spans are clipped to where the previous one ends, so no character is shown twice. Escaping is the template's."""


def runs(text: str, findings: list[dict], field: str) -> list[dict]:
    """[{text, finding (its index in `findings`) or None}] covering `text` exactly once, in order."""
    text = text or ""
    spans = sorted((f["start"], f["end"], n) for n, f in enumerate(findings)
                   if f.get("field") == field and f.get("start") is not None and f.get("end") is not None)
    out, at = [], 0
    for start, end, n in spans:
        start, end = max(start, at), min(end, len(text))
        if end <= start:
            continue
        if start > at:
            out.append({"text": text[at:start], "finding": None})
        out.append({"text": text[start:end], "finding": n})
        at = end
    if at < len(text) or not out:
        out.append({"text": text[at:], "finding": None})
    return out


def fields_of(listing: dict) -> list[dict]:
    """The listing's reviewed text fields with their runs, and the findings on other fields (attributes, images)."""
    findings = listing.get("findings") or []
    shown = [{"field": name, "runs": runs(listing.get(name) or "", findings, name)}
             for name in ("title", "description")]
    for name, value in sorted((listing.get("attributes") or {}).items()):
        field = f"attributes.{name}"
        if any(f.get("field") == field for f in findings):
            shown.append({"field": field, "runs": runs(str(value), findings, field)})
    return shown
