"""What a listing must tell the buyer about its goods (pure, issue 27): the defects and condition the merchant declares
in its attributes (PB-01), the consumer warnings its declared hazards need (R-LST-34), and a price in line with
similar products by the policy's ratio (R-LST-16). Words and hazards are data (conduct.json, with their sources); the
ratio is policy (policy.json `price_fairness`).

Attributes read: `condition` (new | used | refurbished | display | returned | flawed), `defects` (what is wrong with
the goods, free text), `hazards` (comma-separated names of conduct.json's hazards), `warnings` (the warning text)."""

from decimal import Decimal, InvalidOperation
from statistics import median

from tianping.lib.enforcement import NO_FINDING, enforces

from .conduct import data, spans
from .findings import Finding

CONDITIONS = ("new", "used", "refurbished", "display", "returned", "flawed")
NEW_LABELS = ("全新", "新品", "全新未拆封", "全新未使用")  # a Chinese label for `new` (the others: conduct.json's words)
READ_IN_ORDER = ("flawed", "returned", "display", "refurbished", "used")  # 瑕疵展示机 is flawed before it is display


def declared_condition(attributes: dict) -> str | None:
    """The condition the merchant declares, as one of CONDITIONS: the value itself, or the Chinese label merchants
    write for it (二手, 九成新, 官方翻新, 展示机, 拆封退货, 瑕疵品 …: the condition's disclosure words in conduct.json;
    全新 for new). None when nothing is declared or the value names no condition."""
    raw = str(attributes.get("condition") or "").strip()
    if raw.lower() in CONDITIONS:
        return raw.lower()
    words = data()["conditions"]["disclosure"]
    found = next((c for c in READ_IN_ORDER if any(word in raw for word in words[c])), None)
    return found or ("new" if raw in NEW_LABELS else None)


def _text(listing: dict) -> str:
    return " ".join([listing.get("title") or "", listing.get("description") or ""])


def hazards_of(listing: dict) -> list[str]:
    raw = (listing.get("attributes") or {}).get("hazards") or ""
    return [h.strip() for h in str(raw).split(",") if h.strip()]


def unknown_values(listing: dict) -> dict[str, list[str]]:
    """Attribute values these checks cannot read: the field and what is wrong (the use case answers 400)."""
    attributes = listing.get("attributes") or {}
    wrong = {}
    if str(attributes.get("condition") or "").strip() and declared_condition(attributes) is None:
        wrong["attributes.condition"] = [f"one of {', '.join(CONDITIONS)} (or its Chinese label: 全新, 二手, 翻新, "
                                         f"展示机, 退货, 瑕疵)"]
    unknown = [h for h in hazards_of(listing) if h not in data()["hazards"]["warnings"]]
    if unknown:
        wrong["attributes.hazards"] = [f"unknown hazard {h}: one of {', '.join(data()['hazards']['warnings'])}"
                                       for h in unknown]
    return wrong


@enforces("PB-01", neutral=NO_FINDING, partly="defects the merchant does not declare are found through reports and "
                                               "reviewers, not by this check")
def hidden_defects(listing: dict) -> list[Finding]:
    """PB-01: the condition or defects the merchant declares are not told to the buyer — a condition other than new
    that title and description never name, declared defects the description never mentions, or goods called new or
    flawless (全新, 无瑕疵 ...) that are declared otherwise."""
    attributes = listing.get("attributes") or {}
    words = data()["conditions"]
    condition = declared_condition(attributes) or "new"
    defects = str(attributes.get("defects") or "").strip()
    text, out = _text(listing), []
    if condition != "new" and not spans(text, words["disclosure"][condition]):
        out.append(Finding(("PB-01",), "hidden_defect", "description", 0, 0, "",
                           f"the goods are declared {condition}, which the title and description do not say"))
    if defects and not spans(listing.get("description") or "", [*words["defect_words"], defects]):
        out.append(Finding(("PB-01",), "hidden_defect", "description", 0, 0, "",
                           f"declared defects not told to the buyer: {defects}"))
    if condition != "new" or defects:
        for field in ("title", "description"):
            out += [Finding(("PB-01",), "hidden_defect", field, s, e, t,
                            f"'{t}' said of goods declared {condition}{' with defects' if defects else ''}")
                    for s, e, t in spans(listing.get(field) or "", words["flawless_claims"])]
    return out


@enforces("R-LST-34", neutral=NO_FINDING, partly="an objective, professional and complete presentation is judged by the "
                                                  "review's claims (PB-02, PB-03); this check gives declared hazards' "
                                                  "warnings")
def missing_warnings(listing: dict) -> list[Finding]:
    """R-LST-34: each hazard the listing declares needs its consumer warning (conduct.json names the standard and
    the phrases that give it) in the description or the `warnings` attribute."""
    table = data()["hazards"]["warnings"]
    text = " ".join([listing.get("description") or "", str((listing.get("attributes") or {}).get("warnings") or "")])
    return [Finding(("R-LST-34",), "missing_warning", "attributes.warnings", 0, 0, "",
                    f"the {hazard} warning is missing ({table[hazard]['standard']})")
            for hazard in hazards_of(listing) if hazard in table and not spans(text, table[hazard]["phrases"])]


@enforces("R-LST-16", neutral=NO_FINDING, partly="whether the quality matches the price is the reviewer's judgement; "
                                                  "the check compares the price with similar products")
def out_of_line_price(listing: dict, peer_prices: list, policy: dict) -> list[Finding]:
    """R-LST-16: a price more than `ratio` times the median price of similar products (same category, published,
    at least `min_peers` of them) waits for a person to judge whether it is fair (a review finding, not a refusal)."""
    price, peers = _decimal(listing.get("price")), [p for p in map(_decimal, peer_prices) if p is not None and p > 0]
    if price is None or len(peers) < int(policy["min_peers"]):
        return []
    middle = Decimal(median(peers))
    ratio = Decimal(str(policy["ratio"]))
    if price <= middle * ratio:
        return []
    return [Finding(("R-LST-16",), "price_out_of_line", "price", 0, 0, str(listing.get("price")),
                    f"price {price} is more than {ratio} times the median {middle} of {len(peers)} similar products "
                    f"in {listing.get('category')}", review=True)]


def _decimal(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None
