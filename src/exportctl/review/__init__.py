"""The review queue: potential matches, four-eyes decisions, lapse when a listing changes.

Library API (the HTTP API and the web UI are thin layers over it)::

    from exportctl import review

    review.enqueue(store, {"name": "Bank Sepah"}, matches, origin="screen")
    items = review.queue(store, source="us_ofac_sdn", min_score=0.9)
    d = review.decide(store, items[0].id, "false_positive", "different country", reviewer_key)
    review.approve(store, items[0].id, approver_key)   # another key: four eyes

See :mod:`exportctl.review.queue` for the life of an item.
"""

from exportctl.review.diff import entity_diff
from exportctl.review.queue import (
    MAX_ATTACHMENT_BYTES,
    OPEN_STATES,
    VERDICTS,
    Decision,
    Item,
    Note,
    ReviewConflict,
    actor_name,
    add_note,
    approve,
    assign,
    attachment,
    counts,
    decide,
    enqueue,
    enqueue_many,
    get_item,
    queue,
    refresh,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "OPEN_STATES",
    "VERDICTS",
    "Decision",
    "Item",
    "Note",
    "ReviewConflict",
    "actor_name",
    "add_note",
    "approve",
    "assign",
    "attachment",
    "counts",
    "decide",
    "enqueue",
    "enqueue_many",
    "entity_diff",
    "get_item",
    "queue",
    "refresh",
]
