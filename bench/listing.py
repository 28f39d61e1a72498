"""Listing benchmark (issue 11): `/v1/listings/check` per second and p99 through the gateway with a lexicon of
1,000 terms and of 100,000 terms in the same run. Matching is one Aho–Corasick pass over the text, so the larger
lexicon should cost about the same per review (the automaton is built once per lexicon version, when it is
published: beside the reviews, which go on under the version before until it is ready — measured here as the time
until the new version serves and the slowest review meanwhile)."""

import random
import time

from nameko.standalone.rpc import ClusterRpcProxy

from gateway.auth import mint
from services.listing.usecases.lexicons import DEFAULT

from .common import Environment, write_result
from .gateway import _http, load

CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def lexicon(size: int, rng: random.Random) -> dict:
    terms = {t["term"] for t in DEFAULT["terms"]}
    while len(terms) < size:
        terms.add("".join(rng.choice(CJK) for _ in range(rng.randint(3, 5))))
    body = {k: v for k, v in DEFAULT.items() if k != "version"}
    body["terms"] = DEFAULT["terms"] + [{"term": t, "kind": "absolute_claim", "rule_ids": ["R-LST-22"]}
                                        for t in sorted(terms - {t["term"] for t in DEFAULT["terms"]})]
    return body


def listing(rng: random.Random) -> dict:
    text = "".join(rng.choice(CJK) for _ in range(400)) + " 史上最低价, 佩戴可以降血压, 销量第一"
    return {"category": "apparel", "title": "纯棉衬衫 白色", "description": text, "price": "129.00",
            "shipping_fee": "0.00", "source": "自有工厂"}


def switch_over(url: str, draft: dict, token: str, version: str) -> tuple[float, dict]:
    """Reviews one after another from the publish until one is made under the new version: how long the new version
    took to serve (it is built beside the reviews), and the reviews meanwhile — each must answer, under the version
    before, well within the gateway's RPC timeout."""
    started, latencies = time.perf_counter(), []
    while True:
        sent = time.perf_counter()
        status, answer = _http(f"{url}/v1/listings/check", "POST", draft, token)
        latencies.append(time.perf_counter() - sent)
        assert status == 200, answer
        if answer["lexicon_version"] == version:
            break
        assert time.perf_counter() - started < 120, "the new lexicon version never served"
    ms = sorted(x * 1000 for x in latencies)
    return round(time.perf_counter() - started, 2), {"reviews": len(ms), "max_ms": round(ms[-1], 1),
                                                     "p50_ms": round(ms[len(ms) // 2], 1)}


def main() -> None:
    rng, results = random.Random(7), {}
    with Environment() as env:
        system = env.system(TIANPING_RATE_LIMIT_PER_SECOND="100000", TIANPING_RATE_LIMIT_BURST="100000")
        try:
            token = mint(system.jwt_secret, "bench-shop", "merchant")
            drafts = [listing(rng) for _ in range(50)]
            for size in (1_000, 100_000):
                started = time.perf_counter()
                with ClusterRpcProxy({"AMQP_URI": env.amqp_uri}, timeout=300) as cluster:
                    version = cluster.listing.publish_lexicon(lexicon(size, rng), "bench")["version"]
                publish_s = time.perf_counter() - started
                ready_s, during = switch_over(system.gateway_url, drafts[0], token, version)
                results[f"lexicon_{size}"] = {"publish_s": round(publish_s, 2), "new_version_serving_s": ready_s,
                                              "reviews_while_building": during,
                                              **load(lambda i: _http(f"{system.gateway_url}/v1/listings/check", "POST",
                                                                     drafts[i % 50], token)[0] == 200, total=400)}
            small, big = results["lexicon_1000"], results["lexicon_100000"]
            results["p99_ratio_100000_to_1000"] = round(big["p99_ms"] / small["p99_ms"], 2)
            results["throughput_ratio_1000_to_100000"] = round(small["per_second"] / big["per_second"], 2)
        finally:
            system.stop()
    for name in ("lexicon_1000", "lexicon_100000"):
        r = results[name]
        print(f"check with {name:<16} {r['per_second']:>7}/s  p50 {r['p50_ms']:.1f} ms  p99 {r['p99_ms']:.1f} ms  "
              f"(publish {r['publish_s']} s, new version serving after {r['new_version_serving_s']} s; "
              f"{r['reviews_while_building']['reviews']} reviews meanwhile, slowest "
              f"{r['reviews_while_building']['max_ms']} ms)", flush=True)
    print("p99 ratio 100,000 / 1,000 terms:", results["p99_ratio_100000_to_1000"])
    print("results:", write_result("listing", results))


if __name__ == "__main__":
    main()
