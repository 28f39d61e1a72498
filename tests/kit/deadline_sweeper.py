"""A separate sweeper process for the deadline tests: sweeps one deadline collection until nothing is due, each
firing counted with an atomic $inc, optionally dying (SIGKILL-like os._exit) after claiming and before marking."""

import os
import sys
from datetime import UTC, datetime

import pymongo

from tianping.lib import clock
from tianping.platform.deadlines import DeadlineBook

uri, db_name, at, lease, die_after = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
database = pymongo.MongoClient(uri, tz_aware=True)[db_name]
clock.set_now(datetime.fromisoformat(at).astimezone(UTC))
book = DeadlineBook(database["deadlines"], "probe", lease=lease)
fired = 0


def handler(deadline):
    global fired
    database["fired"].update_one({"_id": deadline["_id"]}, {"$inc": {"n": 1}}, upsert=True)
    fired += 1
    if die_after and fired >= die_after:
        os._exit(9)  # dies between the effect and the mark: the claim stays until its lease runs out
    return "counted"


while book.sweep(handler, batch=50)["batches"]:
    pass
