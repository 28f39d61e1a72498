"""MongoDB dependency provider: one connection per service, its own database and mongoengine alias.

The connection is made in setup() (container start), indexes are created from the models there too, so
every query a service makes has its index before the first request (the embedded store scans without one).
"""

import mongoengine
import pymongo
from nameko.extensions import DependencyProvider

from tianping.infra import roundtrips
from tianping.lib import config as cfg


def mongo_uri(container_config: dict) -> str:
    uri = container_config.get("MONGODB_URI") or cfg.env("MONGODB_URI")
    if not uri:
        raise RuntimeError("MONGODB_URI is not set (the launcher sets it to the embedded store)")
    return uri


def database_name(container_config: dict, service: str) -> str:
    prefix = container_config.get("DB_PREFIX") or cfg.env("TIANPING_DB_PREFIX", "tianping")
    return f"{prefix}_{service}"


def connect(alias: str, uri: str, db_name: str):
    """Register (or re-register) a mongoengine alias; returns the pymongo Database."""
    try:
        mongoengine.disconnect(alias)
    except Exception:  # noqa: BLE001 - alias not registered yet
        pass
    roundtrips.install()  # before the client is made: pymongo attaches listeners at construction
    mongoengine.connect(db=db_name, host=uri, alias=alias, tz_aware=True, uuidRepresentation="standard",
                        serverSelectionTimeoutMS=5000)
    # Documents cache their collection object; drop the cache so they follow the alias to its new database. Walk
    # the class tree, not mongoengine's registry: that is keyed by class name, and two services may both have a
    # `Subject` (one process holds both in the tests) — the shadowed one would keep a closed client.
    for document in _documents(mongoengine.Document):
        if document._meta.get("db_alias") == alias and not document._meta.get("abstract"):
            document._collection = None
    return mongoengine.get_db(alias)


def _documents(base) -> list[type]:
    found = []
    for cls in base.__subclasses__():
        found += [cls, *_documents(cls)]
    return found


def document_classes(models_module) -> list[type]:
    return [
        obj for obj in vars(models_module).values()
        if isinstance(obj, type) and issubclass(obj, mongoengine.Document)
        and not obj._meta.get("abstract") and obj.__module__ == models_module.__name__
    ]


def ensure_indexes(models_module) -> None:
    for doc in document_classes(models_module):
        doc.ensure_indexes()


def database(container_config: dict, service: str):
    """The service's pymongo Database, connecting its mongoengine alias on first use (idempotent)."""
    try:
        return mongoengine.get_db(service)
    except mongoengine.connection.ConnectionFailure:
        return connect(service, mongo_uri(container_config), database_name(container_config, service))


class Database(DependencyProvider):
    """Gives the worker the service's pymongo Database; mongoengine models use the same alias.

    Models declare `meta = {"db_alias": "<service>"}`; `models` is the service's models module.
    """

    def __init__(self, models_module=None):
        self.models_module = models_module

    def setup(self):
        service = self.container.service_name
        self.client_db = database(self.container.config, service)
        if self.models_module is not None:
            ensure_indexes(self.models_module)

    def stop(self):
        try:
            mongoengine.disconnect(self.container.service_name)
        except Exception:  # noqa: BLE001
            pass

    def get_dependency(self, worker_ctx):
        return self.client_db


def ping(uri: str, timeout_ms: int = 3000) -> None:
    client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=timeout_ms, connectTimeoutMS=timeout_ms)
    try:
        client.admin.command("ping")
    finally:
        client.close()


def by_id(document_class, value):
    """The document of `document_class` whose `_id` is `value`, or None: one find_one loaded straight into the
    document, without mongoengine's queryset (clone, filter compilation, cursor, dereference), which was most of a
    service's CPU on a read by id. Only for documents without references or inheritance (what every service stores)."""
    son = document_class._get_collection().find_one({"_id": value})
    return None if son is None else document_class._from_son(son)


def joined(database, ids: list, joins: dict[str, tuple[str, str]]) -> list[dict]:
    """One row per id with, under each name of `joins`, the documents of its collection whose field equals the id
    ({name: (collection, field)}): a `$documents` row joined by `$lookup`, which the embedded store serves by point
    look-ups on an index leading with that field — several reads by id in one round trip (issue 30)."""
    return list(database.aggregate([{"$documents": [{"_id": i} for i in ids]}, *(
        {"$lookup": {"from": collection, "localField": "_id", "foreignField": field, "as": name}}
        for name, (collection, field) in joins.items())]))


class Row(dict):
    """A stored document as its model's fields (`rows`), read by key or by attribute like the document."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def rows(document_class, sons) -> list[Row]:
    """What `document_class._from_son` builds of each stored document, for reading only: every field of the model
    under its name (the `_id` under the primary key's), converted by the field, a missing or null value given the
    field's default as the document's descriptor gives it — as a dict, not a Document. A page of 50 violations and
    50 decisions built as Documents and dumped through their descriptors was ~5 of the ~14 ms of a reputation read's
    CPU in its service (issue 30). Only for documents without references, embedded documents or inheritance."""
    fields = [(name, field.db_field, field.to_python, field.default, field.null)
              for name, field in document_class._fields.items()]

    def value(son, db_field, convert, default, null):
        found = son.get(db_field)
        if found is not None:
            return convert(found)
        if null or default is None:
            return None
        return default() if callable(default) else default

    return [Row({name: value(son, *spec) for name, *spec in fields}) for son in sons]
