"""Tianping's kit: what every service uses, written once, in four layers (the README draws them).

lib (no I/O) < infra (store, broker, metrics, probes) < platform (governance building blocks) < runtime (processes).
A module imports only from its own layer and the ones below; `make lint` checks it (import-linter).
"""

SERVICE_NAMES = ("onboarding", "listing", "aftersale", "dispute", "reputation")
