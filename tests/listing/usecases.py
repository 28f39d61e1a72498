"""The listing use cases bound to one Context, and listings that pass review, so tests read as what users do."""

import mongoengine

from services.listing import repository
from services.listing.usecases import (
    Context,
    campaigns,
    cascades,
    certificates,
    dry_runs,
    ip_notices,
    ip_outcomes,
    lexicons,
    live_replay,
    live_segments,
    live_sessions,
    mcn_reviews,
    quality,
    reactions,
    rechecks,
    reports,
    reviews,
    rooms,
    sampling,
    timers,
)
from tests.conftest import publisher
from tianping.platform import audit
from tianping.platform.audit import AuditLog
from tianping.platform.deadlines import COLLECTION as DEADLINES
from tianping.platform.deadlines import DeadlineBook
from tianping.platform.subjects import COLLECTION, SubjectStatuses

BOUND = {"submit": reviews.submit, "check": reviews.check, "get": reviews.get, "queue": reviews.queue, "summary": reviews.summary,
         "decide": reviews.decide, "withdraw": reviews.withdraw, "lexicon": lexicons.view,
         "publish_lexicon": rechecks.publish, "recheck_progress": rechecks.progress, "sweep": timers.sweep,
         "sample_queue": sampling.queue, "decide_sample": sampling.decide, "review_quality": quality.figures, "file_ip_notice": ip_notices.file,
         "ip_notice": ip_notices.get, "counter_notice": ip_notices.counter_notice,
         "ip_complaint": ip_outcomes.complaint, "ip_wrongful": ip_outcomes.wrongful, "register_certificate": certificates.register,
         "verify_certificate": certificates.verify, "revoke_certificate": certificates.revoke,
         "react_to_blacklist": reactions.react_to_blacklist, "react_to_status": reactions.react_to_status,
         "react_to_statuses": reactions.react_to_statuses, "follow_cascades": cascades.follow,
         "report": reports.file, "report_view": reports.get, "decide_report": reports.decide, "put_room": rooms.put,
         "room": rooms.get, "dry_run": dry_runs.lexicon, "go_live": live_sessions.open_session,
         "end_session": live_sessions.end, "session": live_sessions.get, "segments": live_segments.ingest,
         "consume_segments": live_segments.consume, "replay": live_replay.replay,
         "overturn": live_replay.overturn, "sessions": live_sessions.sessions, "mcn_queue": mcn_reviews.queue,
         "mcn_review": mcn_reviews.review, "commit": campaigns.commit, "release": campaigns.release,
         "withdraw_commitment": campaigns.withdraw, "commitment": campaigns.get}
ACTIVE = ("m1", "m2", "m9", "mcnA", "h1")


class Listings:
    """Subjects in `active` are known here as active, as onboarding's events would have told the service."""

    def __init__(self, replica, request_key=None, active=ACTIVE):
        self.published = []
        self.subjects = SubjectStatuses(mongoengine.get_db("listing")[COLLECTION])
        self.audit = AuditLog(mongoengine.get_db("listing")[audit.COLLECTION], "listing")
        self.book = DeadlineBook(mongoengine.get_db("listing")[DEADLINES], "listing", lease=30)
        self.book.ensure_indexes()
        self.ctx = Context(repository, replica, publisher(self.published), request_key, self.subjects,
                           audit=self.audit, deadlines=self.book)
        for subject_id in active:
            self.status(subject_id, "active", 1)

    def status(self, subject_id: str, status: str, version: int) -> bool:
        return self.subjects.apply({"subject_id": subject_id, "subject_type": "merchant", "status": status,
                                    "version": version, "cause": "test"})

    def events(self, name: str) -> list[dict]:
        return [payload for event, payload in self.published if event == name]

    def __getattr__(self, name):
        use_case = BOUND[name]
        return lambda *args, **kwargs: use_case(self.ctx, *args, **kwargs)


def product(operator_id="m1", **overrides) -> dict:
    """A general product listing that passes review."""
    return {"operator_id": operator_id, "kind": "product", "category": "apparel", "title": "纯棉衬衫 白色",
            "description": "100%棉, 机洗30度, 尺码S-XL。", "price": "129.00", "shipping_fee": "0.00",
            "source": "自有工厂, 广东佛山", **overrides}


JEWEL_ATTRIBUTES = {
    "brand": "玉满堂", "operator_name": "玉满堂珠宝有限公司", "operator_contact": "客服 400-800-1234",
    "operator_qualification": "营业执照 91440300MA5XXXXX", "origin": "缅甸, 原产地证明 CO-2026-001",
    "material_fineness": "翡翠(A货); 扣: 18K金 Au750", "style": "手镯", "size": "圈口 56mm", "weight_g": "52.3",
    "contains_gems": True, "treatment": "无", "accessories": "无", "after_sale_commitment": "7天无理由退货, 终身保养",
    "warranty_period": "1年", "warranty_policy": "非人为损坏免费维修",
    "care_instructions": "避免磕碰和高温, 勿接触化学品", "professional_care": "抛光与改圈须由专业人员操作"}


def jewel(operator_id="m1", **overrides) -> dict:
    """A jewelry listing with every Appendix A item it must carry (R-LST-07)."""
    return product(operator_id, **{"category": "jewelry", "title": "翡翠手镯 冰种 56圈口",
                                   "description": "冰种翡翠手镯, 颜色均匀, 附检测证书。", "price": "8800.00",
                                   "attributes": dict(JEWEL_ATTRIBUTES), **overrides})
