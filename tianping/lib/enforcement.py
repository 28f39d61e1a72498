"""Declared rule enforcement (issue 27): the one way code says "this check enforces rule X".

    @enforces("R-AFT-01", neutral=False)
    def within_return_window(...): ...

registers the declaration and, when the environment variable TIANPING_NEUTRALISE names one of the function's rule
IDs (comma-separated list), makes the function answer its *neutral* value instead — what it would answer if the
check did not exist: no finding, allowed, no deadline. `make rules-verify` (docs/rules_verify.py) sets it rule by
rule and runs the tests that declare the rule (`@pytest.mark.rule("R-AFT-01")`): a rule is enforced only when a
test fails under the mutation and passes without it. The variable is read at each call, so in-process tests and
subprocesses both see it. Comments, docstrings, messages and test names count for nothing here.

`neutral` is either a value (returned as a deep copy) or `rewrite(fn)`: the real function runs and
`fn(result, rule_ids)` removes what the neutralised rules contributed (a function that decides several rules at
once, e.g. one check result per rule, is neutralised one rule at a time). `partly` names the part of the rule the
check does not cover; `recorded_only` says the function only records violations under the ID (nothing detects).
"""

import copy
import functools
import os
from dataclasses import dataclass, field

ENV = "TIANPING_NEUTRALISE"


@dataclass(frozen=True)
class Rewrite:
    """A neutral that keeps the function running and strips what the neutralised rules decided."""
    strip: object
    description: str

    def __call__(self, result, rule_ids: frozenset):
        return self.strip(result, rule_ids)


def rewrite(strip, description: str = "") -> Rewrite:
    return Rewrite(strip, description or getattr(strip, "__name__", "rewrite"))


@dataclass(frozen=True)
class Declaration:
    rule_id: str
    target: str  # module.qualname of the decorated function
    neutral: str  # what the function answers when neutralised, for the matrix
    partly: str | None = None  # the part of the rule this check does not cover
    recorded_only: bool = False


@dataclass
class Registry:
    declarations: list[Declaration] = field(default_factory=list)

    def add(self, declaration: Declaration) -> None:
        if declaration not in self.declarations:
            self.declarations.append(declaration)

    def by_rule(self) -> dict[str, list[Declaration]]:
        out: dict[str, list[Declaration]] = {}
        for d in sorted(self.declarations, key=lambda d: (d.rule_id, d.target)):
            out.setdefault(d.rule_id, []).append(d)
        return out


REGISTRY = Registry()


def neutralised() -> frozenset:
    raw = os.environ.get(ENV, "")
    return frozenset(r.strip() for r in raw.split(",") if r.strip()) if raw else frozenset()


def describe(neutral) -> str:
    return neutral.description if isinstance(neutral, Rewrite) else f"returns {neutral!r}"


def enforces(*rule_ids: str, neutral, partly: str | None = None, recorded_only: bool = False, registry=REGISTRY):
    """Declare that the decorated function enforces `rule_ids`; `neutral` is its answer without the check."""
    if not rule_ids:
        raise ValueError("enforces() needs at least one rule ID")
    ids = frozenset(rule_ids)

    def decorate(fn):
        target = f"{fn.__module__}.{fn.__qualname__}"
        for rule_id in rule_ids:
            registry.add(Declaration(rule_id, target, describe(neutral), partly, recorded_only))

        @functools.wraps(fn)
        def checked(*args, **kwargs):
            hit = ids & neutralised() if ENV in os.environ else None
            if not hit:
                return fn(*args, **kwargs)
            if isinstance(neutral, Rewrite):
                return neutral(fn(*args, **kwargs), hit)
            return copy.deepcopy(neutral)

        checked.__enforces__ = tuple(rule_ids)
        return checked

    return decorate


def drop_rule_ids(result, rule_ids: frozenset):
    """Neutral for an answer that lists the rule IDs it applied (a list, or a dict's `rule_ids`)."""
    if isinstance(result, dict) and "rule_ids" in result:
        return {**result, "rule_ids": [r for r in result["rule_ids"] if r not in rule_ids]}
    if isinstance(result, list | tuple):
        return type(result)(r for r in result if r not in rule_ids)
    return result


def _without(item, rule_ids: frozenset):
    """The item with the neutralised IDs removed from its `rule_ids`, or None when none remain."""
    import dataclasses

    ids = item.get("rule_ids") if isinstance(item, dict) else getattr(item, "rule_ids", None)
    if ids is None:
        single = item.get("rule_id") if isinstance(item, dict) else getattr(item, "rule_id", None)
        return None if single in rule_ids else item
    kept = type(ids)(r for r in ids if r not in rule_ids)
    if not kept:
        return None
    if isinstance(item, dict):
        return {**item, "rule_ids": kept}
    return dataclasses.replace(item, rule_ids=kept)


def _drop_findings(result, rule_ids: frozenset):
    return [kept for kept in (_without(item, rule_ids) for item in result) if kept is not None]


NO_FINDING = rewrite(_drop_findings, "no finding under the rule (its findings are dropped)")


def _undo_citing(value):
    def undo(result, rule_ids: frozenset):
        cited = result.get("rule_ids", []) if isinstance(result, dict) else \
            [i for part in result if isinstance(part, list) for i in part] if isinstance(result, tuple) else []
        return copy.deepcopy(value) if set(cited) & rule_ids else result
    return undo


def unless_cited(value, description: str = "") -> Rewrite:
    """Neutral for a decision that cites its rules (a dict's `rule_ids`, or a tuple ending with them): a decision
    citing a neutralised rule becomes `value` (e.g. allowed); the others stand."""
    return rewrite(_undo_citing(value), description or f"answers {value!r} where the rule decided")
