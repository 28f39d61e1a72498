"""Live rooms moderated as they happen (issue 26), on the real broker and store, through the gateway: going live is
refused without the room's disclosures; a session's segments arrive over HTTP out of order and with a duplicate,
comments are hidden and what the host says is flagged; repeated flagged transcript segments warn the host; a
counterfeit product card sent by the live system over AMQP stops the stream, reputation records the host's and
the MCN's violations, further segments are refused; the replay returns everything in order and a reviewer
overturns the stop's decision, which reverses both violations at reputation."""

import json
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from statistics import median
from urllib.parse import unquote, urlparse

import pika

from tests.integration.http import call, wait_until
from tests.onboarding.cases import PERSON, host, mcn, merchant
from tianping.lib import envelope

ROOM = {"licence_info": "营业执照 91440300MA5XXXXX", "dispute_channel": "平台客服-纠纷入口",
        "service_hotline": "400-800-1234"}
ON_AIR = {"host_id": "live-h", "operator_id": "live-m", "mcn_id": "live-mcn",
          "broadcaster_id_number": PERSON["id_number"]}  # onboarding's broadcast check: the registered host
ABSOLUTE = "全网最低价, 最好的衬衫"
SYSTEM_ENV = {"TIANPING_LOG_LEVEL": "INFO", "TIANPING_LIVE_HTTP_INGEST_WORKERS": "2"}  # a flood is 12 batches
T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def own(n: int) -> dict:
    """An address and phone of the subject's own: the shared test defaults would link it (R-ONB-05) to a subject an
    earlier test had blacklisted, and send its application to a reviewer."""
    return {"address": f"杭州市 西湖区 直播路 {n} 号", "contact_phone": f"+86 571 8800 {n:04d}"}


def on_air(system, tag: str, operator_identity: dict, host_identity: dict) -> str:
    """Merchant `<tag>-m` and host `<tag>-h` registered, room `room-<tag>` showing its disclosures, and a session of
    theirs on air (once the statuses reach listing): its id."""
    for application in (merchant(subject_id=f"{tag}-m", identity=operator_identity),
                        host(subject_id=f"{tag}-h", identity=host_identity)):
        status, body, _ = call(system, "POST", "/v1/applications", application)
        assert status == 201, body
    assert call(system, "PUT", f"/v1/rooms/room-{tag}", ROOM, role="merchant", sub=f"{tag}-m")[0] == 200
    opened = wait_until(lambda: (lambda a: a[0] == 201 and a[1])(call(
        system, "POST", f"/v1/rooms/room-{tag}/sessions", {"host_id": f"{tag}-h", "operator_id": f"{tag}-m"},
        role="platform_admin")), timeout=15)
    return opened["session_id"]


def seg(seq, kind, text, seconds=0):
    return {"seq": seq, "kind": kind, "text": text, "at": (T0 + timedelta(seconds=seconds)).isoformat()}


def segments(system, sid, batch):
    return call(system, "POST", f"/v1/rooms/room-live/sessions/{sid}/segments", {"segments": batch}, role="service")


def go_live(system):
    return call(system, "POST", "/v1/rooms/room-live/sessions", ON_AIR, role="merchant", sub="live-m")


def publish_batch(system, sid, batch) -> None:
    """The live system's path: a batch on its exchange, in the event envelope."""
    connection = pika.BlockingConnection(pika.URLParameters(system.settings.amqp_uri))
    try:
        payload = {"room_id": "room-live", "session_id": sid, "segments": batch}
        connection.channel().basic_publish("live.events", "segment_batch",
                                           json.dumps(envelope.wrap("segment_batch", "live", payload)),
                                           pika.BasicProperties(content_type="application/json", delivery_mode=2))
    finally:
        connection.close()


def live_system_queue(system) -> str:
    """The platform's live system, bound the documented way (README, docs/rpc.md): its own durable queue on listing's
    topic exchange `listing.events`, routing key `live_segment_hidden`."""
    connection = pika.BlockingConnection(pika.URLParameters(system.settings.amqp_uri))
    try:
        channel = connection.channel()
        channel.exchange_declare("listing.events", exchange_type="topic", durable=True)
        channel.queue_declare("live-system.live_segment_hidden", durable=True)
        channel.queue_bind("live-system.live_segment_hidden", "listing.events", routing_key="live_segment_hidden")
    finally:
        connection.close()
    return "live-system.live_segment_hidden"


def received(system, queue: str) -> list[dict]:
    """What the live system got on its queue so far: each message a JSON event envelope, acknowledged."""
    connection = pika.BlockingConnection(pika.URLParameters(system.settings.amqp_uri))
    got = []
    try:
        channel = connection.channel()
        while (message := channel.basic_get(queue))[0] is not None:
            method, properties, body = message
            assert properties.content_type == "application/json"
            got.append(json.loads(body))
            channel.basic_ack(method.delivery_tag)
    finally:
        connection.close()
    return got


SEGMENT_QUEUE = "evt-live-segment_batch--listing.on_live_segment_batch"


def segment_queue(system) -> tuple[int, int, list[int]]:
    """The broker's view of listing's segment queue: messages ready, messages unacknowledged (batches listing's
    workers hold) and each consumer's prefetch (the most it may hold)."""
    vhost = unquote(urlparse(system.settings.amqp_uri).path[1:]) or "/"

    def listed(*columns) -> list[list[str]]:
        out = subprocess.run(["rabbitmqctl", "-q", *columns[:1], "-p", vhost, *columns[1:], "--no-table-headers"],
                             check=True, capture_output=True, text=True, timeout=60).stdout
        return [line.split("\t") for line in out.splitlines() if line.startswith(SEGMENT_QUEUE)]

    [[_, ready, unacked]] = listed("list_queues", "name", "messages_ready", "messages_unacknowledged")
    return int(ready), int(unacked), [int(c[1]) for c in listed("list_consumers", "queue_name", "prefetch_count")]


def timed(request) -> tuple[tuple, float]:
    started = time.perf_counter()
    answer = request()
    return answer, time.perf_counter() - started


def test_a_session_from_going_live_to_a_stopped_stream_with_replay_and_overturn(system):
    hidden_queue = live_system_queue(system)
    for application in (merchant(subject_id="live-m"), host(subject_id="live-h", mcn_id="live-mcn"),
                        mcn(subject_id="live-mcn", identity={"credit_code": "91110000MA0000026X"})):
        status, body, _ = call(system, "POST", "/v1/applications", application)
        assert status == 201, body
    refused = go_live(system)  # the room has not published its disclosures
    assert refused[0] == 422 and refused[1]["error"]["code"] == "disclosures_missing", refused
    assert set(refused[1]["error"]["fields"]["rule_ids"]) == {"R-LST-27", "R-LST-28"}
    assert call(system, "PUT", "/v1/rooms/room-live", ROOM, role="merchant", sub="live-m")[0] == 200
    opened = wait_until(lambda: (lambda a: a[0] == 201 and a[1])(go_live(system)), timeout=15)  # statuses arrive
    sid = opened["session_id"]

    first = segments(system, sid, [seg(4, "comment", "加我微信abc12345下单更便宜"), seg(1, "transcript", ABSOLUTE),
                                   seg(2, "comment", "主播好美")])
    assert first[0] == 200, first
    assert [(d["seq"], d["decision"]) for d in first[1]["decisions"]] == [(4, "hide"), (1, "flag"), (2, "pass")]
    again = segments(system, sid, [seg(1, "transcript", ABSOLUTE), seg(3, "transcript", ABSOLUTE, 5),
                                   seg(5, "transcript", ABSOLUTE, 9)])  # seq 1 redelivered, 3 arrives after 4
    assert again[1]["duplicates"] == 1 and again[1]["decisions"][0]["duplicate"] is True
    assert [w["number"] for w in again[1]["warnings"]] == [1] and again[1]["status"] == "live"

    hidden = wait_until(lambda: received(system, hidden_queue), timeout=15)  # the live system removes the comment
    assert [(m["event_type"], m["producer"]) for m in hidden] == [("live_segment_hidden", "listing")]
    assert hidden[0]["payload"]["session_id"] == sid and hidden[0]["payload"]["room_id"] == "room-live"
    assert [(s["seq"], "R-LST-33" in s["rule_ids"]) for s in hidden[0]["payload"]["segments"]] == [(4, True)]

    publish_batch(system, sid, [seg(6, "product_card", "这是LV同款, 高仿A货", 20), seg(7, "comment", "好看", 21)])
    view = wait_until(lambda: (lambda a: a[1]["status"] == "stopped" and a[1])(
        call(system, "GET", f"/v1/rooms/room-live/sessions/{sid}", role="reviewer")), timeout=15)
    assert view["stop"]["reason"] == "serious_finding" and view["stop"]["seqs"] == [6]
    late = segments(system, sid, [seg(8, "comment", "还在吗", 30)])
    assert late[0] == 409 and late[1]["error"]["code"] == "stream_stopped"

    replay = call(system, "GET", f"/v1/rooms/room-live/sessions/{sid}/replay", role="reviewer")[1]
    assert [(i["seq"], i["decision"]) for i in replay["items"]] == [
        (1, "flag"), (2, "pass"), (3, "flag"), (4, "hide"), (5, "flag"), (6, "flag"), (7, "pass")]
    assert all(i["retention_class"] == "livestream" for i in replay["items"])
    part = call(system, "GET", f"/v1/rooms/room-live/sessions/{sid}/replay?from=3&to=5", role="reviewer")[1]
    assert [i["seq"] for i in part["items"]] == [3, 4, 5]

    for subject in ("live-h", "live-mcn"):  # reputation recorded the stop's violations (R-LST-32, R-REP-17)
        wait_until(lambda s=subject: call(system, "GET", f"/v1/subjects/{s}/reputation", role="sre")[1]
                   .get("violations"), timeout=15)
        live = wait_until(lambda s=subject: (lambda r: r["live"]["stops"] == 1 and r["live"])(
            call(system, "GET", f"/v1/subjects/{s}/reputation", role="sre")[1]), timeout=15)  # host_warned, stream_stopped
        assert [(n["kind"], n["session_id"], n.get("number")) for n in live["recent"]] == [
            ("stop", sid, None), ("warning", sid, 1)] and live["warnings"] == 1
        assert live["recent"][0]["seqs"] == [6] and "R-REP-17" in live["recent"][0]["rule_ids"]
    overturned = call(system, "POST", f"/v1/rooms/room-live/sessions/{sid}/decisions/6/overturn",
                      {"decision": "pass", "reason": "a licensed reseller's genuine goods"}, role="reviewer",
                      sub="rev-1")
    assert overturned[0] == 200 and overturned[1]["effective"] == "pass", overturned
    after = call(system, "GET", f"/v1/rooms/room-live/sessions/{sid}", role="reviewer")[1]
    assert after["status"] == "stopped" and after["stop"]["overturned"] is True
    for subject in ("live-h", "live-mcn"):  # the stop's violations reversed at reputation (R-REP-19)
        wait_until(lambda s=subject: all(v["status"] == "overturned" for v in call(
            system, "GET", f"/v1/subjects/{s}/reputation", role="sre")[1]["violations"]), timeout=15)
        wait_until(lambda s=subject: call(system, "GET", f"/v1/subjects/{s}/reputation", role="sre")[1]["live"][
            "recent"][0]["overturned"], timeout=15)  # the stop on the record says it was overturned
    impostor = call(system, "POST", "/v1/rooms/room-live/sessions", {**ON_AIR, "broadcaster_id_number":
                    "110101199001011237"}, role="merchant", sub="live-m")  # not the registered host (R-ONB-35)
    assert impostor[0] == 422 and impostor[1]["error"]["code"] == "refused_by_policy", impostor
    assert "PB-20" in impostor[1]["error"]["fields"]["rule_ids"]


def test_sigkill_of_listing_during_ingest_loses_no_segment_and_decides_none_twice(system):
    """The live system's batches wait in listing's durable queue; listing is SIGKILLed while it works through them
    and restarted: every segment is stored and decided exactly once (its seq is its key), none is lost. The backlog
    takes at most LIVE_INGEST_WORKERS (2) of listing's workers — the broker hands its consumer no more than that — so
    a reviewer's reads answer while it drains."""
    import signal

    sid = on_air(system, "kill", {"credit_code": "91110000MA0000027X"}, {"id_number": "110101199001011237"})
    batches, size = 40, 50

    def read():
        return call(system, "GET", f"/v1/rooms/room-kill/sessions/{sid}", role="reviewer")

    idle = median(timed(read)[1] for _ in range(5))  # the same read with nothing queued
    texts = ["这件衬衫是纯棉的", "主播好美", "全网最低价", "什么时候发货", "颜色真好看"]
    for b in range(batches):
        batch = [seg(b * size + i, "comment", f"{texts[i % len(texts)]} {b}-{i}") for i in range(size)]
        payload = {"room_id": "room-kill", "session_id": sid, "segments": batch}
        connection = pika.BlockingConnection(pika.URLParameters(system.settings.amqp_uri))
        connection.channel().basic_publish("live.events", "segment_batch",
                                           json.dumps(envelope.wrap("segment_batch", "live", payload)),
                                           pika.BasicProperties(content_type="application/json", delivery_mode=2))
        connection.close()

    def stored() -> int:
        answer = call(system, "GET", f"/v1/rooms/room-kill/sessions/{sid}", role="reviewer")
        return answer[1]["counts"].get("segments", 0) if answer[0] == 200 else 0

    wait_until(lambda: stored() > 0, timeout=30)
    before = stored()
    system.stop_component("listing", sig=signal.SIGKILL)
    system.spawn(system.component("listing"))
    system.wait_ready(["listing"], timeout=60)
    # the backlog must not take listing's workers: a read answers while it drains (CI once got a 504 here), and the
    # broker never hands the segment consumer more batches than its bound (LIVE_INGEST_WORKERS, not max_workers)
    (status, during, _), seconds = timed(read)
    assert status == 200, during
    page = call(system, "GET", f"/v1/rooms/room-kill/sessions/{sid}/replay", role="reviewer")
    assert page[0] == 200, page  # the read CI got 504 for
    ready, held, prefetch = segment_queue(system)
    assert prefetch == [2] and held <= 2, (ready, held, prefetch)
    seqs, decided = [], Counter()

    def replayed() -> bool:
        seqs.clear()
        decided.clear()
        cursor = 0
        while cursor is not None:
            status, page, _ = call(system, "GET", f"/v1/rooms/room-kill/sessions/{sid}/replay?from={cursor}",
                                   role="reviewer")
            if status != 200:  # not answered yet (e.g. a 503 while listing comes back): "not yet"
                return False
            seqs.extend(i["seq"] for i in page["items"])
            decided.update(i["decision"] for i in page["items"])
            cursor = page["next_from"]
        return len(seqs) == batches * size

    wait_until(replayed, timeout=60, interval=0.5)
    assert seqs == list(range(batches * size))  # each once, in order, none lost
    counts = wait_until(lambda: (lambda a: a[0] == 200 and a[1]["counts"].get("segments") == batches * size
                                 and a[1]["counts"])(call(system, "GET", f"/v1/rooms/room-kill/sessions/{sid}",
                                                          role="reviewer")), timeout=30)
    print(f"\n[live] SIGKILL after {before} of {batches * size} segments counted; all {len(seqs)} stored once; "
          f"counts {counts}, stored decisions {dict(decided)}; a read {seconds * 1000:.0f} ms during the backlog "
          f"({batches * size - during['counts'].get('segments', 0)} segments not yet counted, {ready} batches ready, "
          f"{held} held) against {idle * 1000:.0f} ms idle")
    assert before < batches * size
    # the session's counters are the stored decisions, each once: a write cut before its tally is counted when redelivered
    assert {k: v for k, v in counts.items() if k != "segments"} == dict(decided) and decided["hide"] > 0


def test_a_flood_of_http_batches_takes_a_bounded_number_of_workers_and_loses_nothing(system):
    """The HTTP path is bounded like the AMQP one: batches posted all at once take at most LIVE_HTTP_INGEST_WORKERS (2
    here) of listing's workers and as many wait their turn; the rest are refused at once with 429 `rate_limited` and
    Retry-After, having stored nothing. The live system posts them again and every segment is stored and decided once."""
    from concurrent.futures import ThreadPoolExecutor

    sid = on_air(system, "flood", {"credit_code": "91110000MA0000029X", **own(29)},
                 {"id_number": "110101199001011253", **own(30)})
    size = 500
    texts = ["这件衬衫是纯棉的", "主播好美", "全网最低价", "什么时候发货", "加我微信abc12345下单更便宜"]
    batches = [[seg(b * size + i, "comment", f"{texts[i % len(texts)]} {b}-{i}") for i in range(size)]
               for b in range(12)]

    def post(batch):
        return call(system, "POST", f"/v1/rooms/room-flood/sessions/{sid}/segments", {"segments": batch},
                    role="service")

    with ThreadPoolExecutor(len(batches)) as pool:
        answers = list(pool.map(post, batches))
    assert {a[0] for a in answers} <= {200, 429}, [a[:2] for a in answers if a[0] not in (200, 429)]
    refused = [batch for batch, a in zip(batches, answers, strict=True) if a[0] == 429]
    assert refused, "twelve batches of 500 at once, two slots and two places in the queue: the rest are refused"
    for status, body, headers in answers:
        if status == 429:
            assert body["error"]["code"] == "rate_limited" and headers["Retry-After"], body
    accepted = sum(a[1]["accepted"] for a in answers if a[0] == 200)
    assert accepted == size * (len(batches) - len(refused))
    session = call(system, "GET", f"/v1/rooms/room-flood/sessions/{sid}", role="reviewer")[1]
    assert session["counts"]["segments"] == accepted  # a refused batch stored nothing

    for batch in refused:  # the live system posts them again
        again = wait_until(lambda b=batch: (lambda a: a[0] == 200 and a)(post(b)), timeout=60, interval=0.2)
        assert again[1]["accepted"] == size and again[1]["duplicates"] == 0
    session = call(system, "GET", f"/v1/rooms/room-flood/sessions/{sid}", role="reviewer")[1]
    assert session["counts"]["segments"] == size * len(batches)
    hidden = 2 * len(batches) * (size // len(texts))  # the viewers' price claim and contact handle, each hidden once
    assert session["counts"]["hide"] == hidden


def test_each_refusal_to_go_live_through_the_gateway(system):
    """Beside the first test's missing disclosures (R-LST-27/28) and the wrong person on air (R-ONB-35, PB-20): a
    person under 16 on air (PB-21, onboarding's broadcast check), a blacklisted host (R-REP-13) and a host whose MCN
    is suspended or blacklisted — the MCN found from the host's contract (R-ONB-36) though the live system does not
    name it (R-REP-17, R-REP-18) — each refused with its rule IDs from listing's replicas fed over RabbitMQ; none
    opened a session, so the room is still free for a host who may go live."""
    from tests.integration.test_sanctions import violate

    applications = [merchant(subject_id="gl-m", identity={"credit_code": "91110000MA0000032X", **own(32)}),
                    mcn(subject_id="gl-mcn3", identity={"credit_code": "91110000MA0000033X", **own(33)}),
                    mcn(subject_id="gl-mcn4", identity={"credit_code": "91110000MA0000034X", **own(34)})]
    applications += [host(subject_id=f"gl-h{n}", identity={"id_number": f"11010119900101{1260 + n}", **own(40 + n)},
                          **({"mcn_id": f"gl-mcn{n}"} if n in (3, 4) else {})) for n in range(1, 6)]
    for application in applications:
        status, body, _ = call(system, "POST", "/v1/applications", application)
        assert status == 201, body
    assert call(system, "PUT", "/v1/rooms/room-gl", ROOM, role="merchant", sub="gl-m")[0] == 200

    def go(host_id, **extra):
        return call(system, "POST", "/v1/rooms/room-gl/sessions", {"host_id": host_id, "operator_id": "gl-m",
                                                                     **extra}, role="platform_admin")

    def refused_with(host_id, code, **extra):
        return wait_until(lambda: (lambda a: a[0] == 422 and a[1]["error"]["code"] == code and a[1]["error"])(
            go(host_id, **extra)), timeout=20)

    minor = refused_with("gl-h1", "refused_by_policy", broadcaster_id_number="110101201501011234")
    assert "PB-21" in minor["fields"]["rule_ids"]
    assert call(system, "POST", "/v1/blacklist", {"subject_id": "gl-h2", "subject_type": "host",
                                                  "reason": "forged licence", "rule_ids": ["PB-22"]})[0] == 201
    assert refused_with("gl-h2", "subject_blacklisted")["fields"] == {"host_id": ["blacklisted"],
                                                                      "rule_ids": ["R-REP-13"]}
    violate(system, "gl-mcn3", 3, rule="PB-13", subject_type="mcn")  # 36 points: the MCN suspended
    sanctioned = refused_with("gl-h3", "subject_sanctioned")
    assert sanctioned["fields"]["action"] == ["go_live"] and "R-REP-18" in sanctioned["fields"]["rule_ids"]
    assert call(system, "POST", "/v1/blacklist", {"subject_id": "gl-mcn4", "subject_type": "mcn",
                                                  "reason": "fraud", "rule_ids": ["PB-13"]})[0] == 201
    assert refused_with("gl-h4", "subject_blacklisted")["fields"]["mcn_id"] == ["blacklisted"]
    other = go("gl-h3", mcn_id="gl-mcn4")  # a contracted host under another MCN's name
    assert other[0] == 422 and other[1]["error"]["fields"]["mcn_id"] == ["the host's MCN is gl-mcn3"], other

    opened = go("gl-h5")  # the refusals opened nothing: the room is free
    assert opened[0] == 201 and opened[1]["status"] == "live", opened
