"""A finding of the content review: its rules, kind, field and the exact span of the original text."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    rule_ids: tuple[str, ...]
    kind: str
    field: str
    start: int
    end: int
    text: str
    message: str
    review: bool = False  # a human decides (the listing waits in review rather than being rejected)
    category: str = ""    # the lexicon category that fired ("prohibited-wildlife", "look-alike-mark" ...)

    def out(self) -> dict:
        return {"rule_ids": list(self.rule_ids), "rule_id": self.rule_ids[0], "kind": self.kind, "field": self.field,
                "start": self.start, "end": self.end, "text": self.text, "message": self.message, "category": self.category}
