"""Tianping shared kit: what every service uses, written once.

config (environment), errors (typed domain errors and their HTTP mapping), envelope (event envelope),
logs (JSON logging with correlation ids), db (MongoDB dependency provider), metrics (Prometheus),
rpc (RPC with timeouts), health (ping), broker (readiness and topology), store (embedded store launcher).
"""

SERVICE_NAMES = ("onboarding", "listing", "aftersale", "dispute", "reputation")
