"""Schema instances are reused (tianping.lib.schemas.reuse_schema_instances, issue 30): one per class for calls
without arguments, a new one for calls with them, and no schema of the code base keeps anything on its instance
when it loads or dumps — so one instance can serve every request."""

import importlib
import pkgutil

import pytest
from marshmallow import Schema, ValidationError, fields

import gateway
import services
import tianping
from tianping.lib.schemas import Strict


def all_schemas() -> list[type]:
    for package in (services, gateway, tianping):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if "schemas" in module.name or module.name.endswith(("contracts", "api")):
                importlib.import_module(module.name)
    found, stack = [], [Schema]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.split(".")[0] in ("services", "gateway", "tianping"):
                found.append(sub)
    return found


def test_a_call_without_arguments_answers_the_same_instance_and_one_with_arguments_a_new_one():
    class Made(Strict):
        name = fields.String(required=True)

    assert Made() is Made()
    assert Made(many=True) is not Made() and Made(many=True).many
    assert Made().load({"name": "a"}) == {"name": "a"}
    with pytest.raises(ValidationError):
        Made().load({"name": "a", "other": 1})  # still strict


def test_no_schema_of_the_code_base_keeps_state_on_its_instance():
    schemas = all_schemas()
    assert len(schemas) > 100
    for cls in schemas:
        instance = cls()
        before = {name: id(value) for name, value in vars(instance).items()}
        for method, data in (("load", {}), ("dump", {}), ("load", {"x": 1})):
            try:
                getattr(instance, method)(data)
            except Exception:  # noqa: BLE001, S110 - refusals are expected; only the instance's state matters
                pass
        assert {name: id(value) for name, value in vars(instance).items()} == before, cls
