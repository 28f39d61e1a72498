"""Live rooms (R-LST-27, R-LST-28): what a room shows before its listings can be published — the operator's licence
information, a dispute channel and a service hotline. Changes append to the room's history."""

from tianping.lib import clock
from tianping.lib.errors import Forbidden, found, load
from tianping.lib.trail import step

from .. import models, schemas
from . import Context, sanctions


def put(ctx: Context, room_id: str, data: dict, operator: str) -> dict:
    r = load(schemas.RoomIn(), data)
    sanctions.go_live(ctx, operator)  # a suspended operator opens or changes no live room
    room = ctx.repo.room(room_id)
    if room is not None and room.operator_id != operator:
        raise Forbidden("a room is changed by its operator", {"room_id": ["another operator's room"]})
    room = room or models.Room(room_id=room_id, operator_id=operator)
    for key, value in r.items():
        setattr(room, key, value)
    room.updated_at = clock.now()
    room.history.append(step("disclosures_published", operator, ["R-LST-27", "R-LST-28"]))
    ctx.repo.save_room(room)
    return schemas.RoomOut().dump(room)


def get(ctx: Context, room_id: str) -> dict:
    return schemas.RoomOut().dump(found(ctx.repo.room(room_id), f"room {room_id}", "room_id"))
