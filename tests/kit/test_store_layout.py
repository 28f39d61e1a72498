"""Where each service's database lives (TIANPING_STORES, issue 30): the launcher, verify-audit and backup all ask
`Settings.store_uri`, so a tool never reads an empty database in the wrong store."""

from pathlib import Path

import pytest

from tianping import SERVICE_NAMES
from tianping.lib import config as cfg


def settings(**overrides) -> cfg.Settings:
    values = dict(amqp_uri="amqp://x/", mongodb_uri=None, data_dir=Path("var"), store_port=27717, db_prefix="t",
                  gateway_port=8000, metrics_base_port=0, rpc_timeout=5.0)
    return cfg.Settings(**{**values, **overrides})


def test_per_service_stores_are_the_default_and_each_service_has_its_own_port(monkeypatch):
    monkeypatch.delenv("TIANPING_STORES", raising=False)
    assert cfg.settings().stores == "per-service"
    layout = settings(stores=cfg.store_layout())
    ports = [layout.store_port_for(name) for name in SERVICE_NAMES]
    assert ports == [27718, 27719, 27720, 27721, 27722]
    assert layout.store_port_for(None) == layout.store_port_for("gateway") == 27717
    assert layout.store_uri("listing") == "mongodb://127.0.0.1:27719/?directConnection=true&retryWrites=false"


def test_one_shared_store_holds_every_database():
    layout = settings(stores="shared")
    assert {layout.store_uri(name) for name in (None, *SERVICE_NAMES)} == {
        "mongodb://127.0.0.1:27717/?directConnection=true&retryWrites=false"}


def test_mongodb_uri_holds_every_database_whatever_the_layout():
    for stores in cfg.STORE_LAYOUTS:
        layout = settings(mongodb_uri="mongodb://db.example:27017/?replicaSet=rs0", stores=stores)
        assert {layout.store_uri(name) for name in SERVICE_NAMES} == {"mongodb://db.example:27017/?replicaSet=rs0"}


def test_an_unknown_layout_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv("TIANPING_STORES", "per_service")
    with pytest.raises(ValueError, match="TIANPING_STORES must be one of per-service, shared, not 'per_service'"):
        cfg.settings()
