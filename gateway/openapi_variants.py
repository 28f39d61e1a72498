"""What the marshmallow plugin cannot say by itself, added to the generated document so it states exactly what the
code enforces:
- a schema's declared requirements between fields (tianping.lib.schemas.Strict.REQUIRED_WHEN, ONE_OF_REQUIRED) become
  variants: oneOf with a discriminator, one variant per case of the deciding field (reject needs a reason, approve
  does not), or anyOf for "at least one of";
- an optional nested object (allow_none) is that object or null — never "any object", as apispec writes it."""

import copy

from tianping.lib import fields
from tianping.lib.schemas import Strict


def add_variants(doc: dict, refs: dict) -> None:
    """Rewrite doc's components for every Strict schema with declared requirements (refs: apispec's
    {SchemaKey(SchemaClass, modifiers): component name})."""
    components = doc.get("components", {}).get("schemas", {})
    for key, name in list(refs.items()):
        cls = key[0] if isinstance(key, tuple) else type(key)
        if not (isinstance(cls, type) and issubclass(cls, Strict)) or name not in components:
            continue
        if cls.REQUIRED_WHEN or cls.ONE_OF_REQUIRED:
            components.update(_variants(cls, name, components[name]))
    _null_not_any_object(doc)


def _variants(cls, name: str, base: dict) -> dict:
    out = {}
    if cls.REQUIRED_WHEN:
        field, cases = cls.REQUIRED_WHEN
        values = base["properties"][field].get("enum", [])
        rest = [v for v in values if not any(v in case for case in cases)]
        refs, mapping = [], {}
        for i, (case, needs) in enumerate([*cases.items(), *([(tuple(rest), {})] if rest else [])]):
            variant = _with_content(cls, base, needs)
            variant["properties"][field] = {**base["properties"][field], "enum": list(case)}
            variant["required"] = sorted(set(variant.get("required", [])) | {field})
            variant_name = f"{name}_{i}_{case[0]}"
            out[variant_name] = variant
            refs.append({"$ref": f"#/components/schemas/{variant_name}"})
            mapping.update({value: refs[-1]["$ref"] for value in case})
        out[name] = {"oneOf": refs, "discriminator": {"propertyName": field, "mapping": mapping},
                     "description": f"one variant per {field}: each says the fields that {field} requires"}
    if cls.ONE_OF_REQUIRED:
        names, why = cls.ONE_OF_REQUIRED
        source = out.get(name, base)
        if "oneOf" in source:  # both kinds declared: not used yet, kept simple
            raise NotImplementedError(f"{name}: REQUIRED_WHEN and ONE_OF_REQUIRED together")
        out[name] = {"anyOf": [_with_content(cls, base, {n: why}) for n in names], "description": why}
    return out


def _with_content(cls, base: dict, needs: dict) -> dict:
    variant = copy.deepcopy(base)
    for name in needs:
        variant["properties"][name] = content(cls._declared_fields[name], base["properties"][name])
    variant["required"] = sorted(set(variant.get("required", [])) | set(needs))
    return variant


def content(field, prop: dict) -> dict:
    """`prop` narrowed to a value with content, as Strict's requirements test it (truthiness of the loaded value)."""
    prop = {k: v for k, v in prop.items() if k not in ("nullable", "default")}
    if isinstance(field, fields.Money):
        return {**prop, "anyOf": fields.Money(True).metadata["anyOf"]}
    if isinstance(field, fields.Boolean):
        return {"type": "boolean", "enum": [True]}
    if isinstance(field, fields.Integer):
        return {**prop, "minimum": max(1, prop.get("minimum", 0))}
    if isinstance(field, fields.List):
        return {**prop, "minItems": max(1, prop.get("minItems", 0))}
    if isinstance(field, fields.String):
        return {**prop, "minLength": max(1, prop.get("minLength", 0)), "pattern": prop.get("pattern",
                                                                                          fields.VISIBLE_PATTERN)}
    return prop


def _null_not_any_object(node) -> None:
    """apispec writes an optional nested schema as anyOf [its $ref, {type: object, nullable: true}], which admits
    any object; the gateway takes that schema or null."""
    if isinstance(node, dict):
        any_of = node.get("anyOf")
        if isinstance(any_of, list) and len(any_of) == 2 and any_of[1] == {"type": "object", "nullable": True} \
                and "$ref" in any_of[0]:
            del node["anyOf"]
            node.update({"allOf": [any_of[0]], "nullable": True})
        for value in node.values():
            _null_not_any_object(value)
    elif isinstance(node, list):
        for value in node:
            _null_not_any_object(value)
