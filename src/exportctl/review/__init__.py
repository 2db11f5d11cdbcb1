"""The review queue: potential matches, four-eyes decisions, lapse when a listing changes.

Library API (the HTTP API and the web UI are thin layers over it)::

    from exportctl import review

    review.enqueue(store, {"name": "Bank Sepah"}, matches, origin="screen")
    review.enqueue_derived(store, [({"name": "Alpha GmbH"}, derived)], origin="screen")
    items = review.queue(store, source="us_ofac_sdn", min_score=0.9)
    d = review.decide(store, items[0].id, "false_positive", "different country", reviewer_key)
    review.approve(store, items[0].id, approver_key)   # another key: four eyes

See :mod:`exportctl.review.queue` for the life of an item. Modules: ``records`` (items,
decisions, notes), ``queue`` (reading and intake), ``lapse`` (listing changes), ``verdicts``
(decide, approve, assign), ``notes`` (case notes, attachments), ``diff``, ``pack``,
``owned`` (ownership-derived hits as items of their own).
"""

from exportctl.review.diff import entity_diff
from exportctl.review.lapse import refresh
from exportctl.review.notes import add_note, attachment
from exportctl.review.owned import (
    ALL_VERDICTS,
    OWNERSHIP,
    annotate_derived,
    derived_verdicts,
    enqueue_derived,
    is_ownership,
    path_text,
    verdicts_for,
)
from exportctl.review.queue import counts, enqueue, enqueue_many, get_item, queue, queue_total
from exportctl.review.records import (
    MAX_ATTACHMENT_BYTES,
    OPEN_STATES,
    VERDICTS,
    Decision,
    Item,
    Note,
    ReviewConflict,
    actor_name,
)
from exportctl.review.verdicts import approve, assign, decide, four_eyes_in_force

__all__ = [
    "ALL_VERDICTS",
    "MAX_ATTACHMENT_BYTES",
    "OPEN_STATES",
    "OWNERSHIP",
    "VERDICTS",
    "Decision",
    "Item",
    "Note",
    "ReviewConflict",
    "actor_name",
    "add_note",
    "annotate_derived",
    "approve",
    "assign",
    "attachment",
    "counts",
    "decide",
    "derived_verdicts",
    "enqueue",
    "enqueue_derived",
    "enqueue_many",
    "entity_diff",
    "four_eyes_in_force",
    "get_item",
    "is_ownership",
    "path_text",
    "queue",
    "queue_total",
    "refresh",
    "verdicts_for",
]
