"""Text that presents itself as the platform's own notice (PB-19, publishing in the platform's name without
authorisation), pure. Found by construction, not by word list: a notice word (公告, 通知, 声明) headed by the
platform's voice (平台, 官方, 系统, 平台官方, 运营中心), or a claim to speak for the platform (以平台名义, 代表平台).
A merchant's or MCN's listing or community post is never the platform's channel: each finding waits for a reviewer,
who approves the rare post the platform authorised. A shop's own notice (店铺公告, 本店通知) is not one."""

import re

from .findings import Finding

PLATFORM_VOICE = re.compile(
    r"(?<!店)(?<!本)(?<!品牌)(?:平台官方|平台|官方|系统|运营中心)(?:重要|紧急|最新)?(?:公告|通知|声明)"
    r"|以平台(?:的)?名义|代表平台(?:发布|通知|声明|宣布)")


def findings(texts: dict[str, str]) -> list[Finding]:
    """Every PB-19 finding over the free texts of a listing (field -> text)."""
    return [Finding(("PB-19",), "platform_notice", field, m.start(), m.end(), m.group(),
                    "a merchant's or MCN's text presented as the platform's notice: only the platform, or whom it "
                    "authorised, publishes in its name", review=True)
            for field, text in texts.items() if not field.startswith("attributes.")
            for m in PLATFORM_VOICE.finditer(text)]
