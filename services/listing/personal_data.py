"""Other people's personal data in a listing or community post (PB-18, leaking others' information), pure.

Found by shape and checksum, not by words: a mainland resident identity number (18 characters, a real birth date
and the GB 11643 check character), a bank card number (16 to 19 digits of a card network's prefix passing the Luhn
check) and a mainland mobile number (1[3-9] and 9 digits). Each is a finding with its exact span; the stored finding
and its message carry the value masked, never the value. An identity or card number is refused; a mobile number
waits for a reviewer (it may be the operator's own, which its `operator_*` attributes are for and which are not
scanned). A number labelled as an order, waybill, certificate or item number is none of these."""

import re
from datetime import date

from .findings import Finding

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-8]\d{5}(?:18|19|20)\d{2}\d{4}\d{3}[0-9Xx](?![0-9A-Za-z])")
CARD = re.compile(r"(?<![0-9A-Za-z])(?:62|4\d|5[1-5]|2[2-7])\d\d(?:[- ]?\d{4}){3}(?:[- ]?\d{1,3})?(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z+])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9A-Za-z])")
# a label within a few characters before the number: it is the platform's or the goods' own number
LABELLED = re.compile(r"(?:订单|单号|编号|运单|快递|物流|证书|货号|条码|批号|sku|no|型号|备案|执照|代码|客服)[号:：#\s]*$",
                      re.IGNORECASE)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def id_number_valid(number: str) -> bool:
    """GB 11643: a real birth date (YYYYMMDD at 7..14) and the check character over the first 17 digits."""
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], WEIGHTS, strict=True))
    return born.year >= 1900 and CHECK[total % 11] == number[17].upper()


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def mask(value: str) -> str:
    """The first three and last four characters kept, the rest starred."""
    return value[:3] + "*" * max(len(value) - 7, 0) + value[-4:] if len(value) > 7 else "*" * len(value)


KINDS = (("identity number", ID_NUMBER, id_number_valid, False),
         ("bank card number", CARD, luhn_valid, False),
         ("mobile number", MOBILE, lambda _: True, True))


def findings(texts: dict[str, str]) -> list[Finding]:
    """Every personal-data finding over the listing's free texts (field -> text), operator attributes excepted."""
    out = []
    for field, text in texts.items():
        if field.startswith("attributes.operator_"):
            continue
        taken: list[range] = []
        for what, pattern, valid, review in KINDS:
            for m in pattern.finditer(text):
                digits = re.sub(r"[^0-9Xx]", "", m.group())
                if not valid(digits) or LABELLED.search(text[max(0, m.start() - 8):m.start()]) \
                        or any(m.start() in r for r in taken):
                    continue
                taken.append(range(m.start(), m.end()))
                masked = mask(digits[-11:] if review else digits)
                out.append(Finding(("PB-18",), "personal_data", field, m.start(), m.end(), masked,
                                   f"another person's {what} ({masked}) must not be published", review=review))
    return out
