"""Dispute's use cases, one module per thing users do; each takes a tianping.usecase.Context."""
