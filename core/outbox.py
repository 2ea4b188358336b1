"""The outbox: work that must follow a commit is written with it, and sent once the broker takes it.

A service calls ``enqueue("reporting.tasks.report_event_notify", event.pk)`` inside its
transaction: an ``OutboxMessage`` row is written with the change, so both commit or neither does.
After the commit the message is published at once, with a short broker timeout and no retry; if
the broker does not take it, a warning is logged and the request goes on as committed. The
sweeper (``sweep()``: Celery beat every minute, or ``manage.py outbox_sweep``) publishes what is
still waiting once the broker is back.

A message can be published twice (a process that stops between publishing and marking it sent,
two sweepers), so every task sent this way must be idempotent. With an eager Celery (no broker,
``make run``) publishing runs the task in-process; a task that raises is left for the sweeper too.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

_collected: ContextVar[list[OutboxMessage] | None] = ContextVar("outbox_collected", default=None)
_withheld: ContextVar[bool] = ContextVar("outbox_withheld", default=False)


def enqueue(task: Any, *args: Any) -> OutboxMessage:
    """Write ``task(*args)`` to the outbox in the caller's transaction; publish it after the commit.

    ``task`` is a Celery task or its registered name; ``args`` must be JSON (ids, not objects).
    """
    name = task if isinstance(task, str) else task.name
    if _withheld.get():
        return OutboxMessage(task=name, args=list(args))  # not written: nothing will send it
    message = OutboxMessage.objects.create(task=name, args=list(args))
    collected = _collected.get()
    if collected is not None:
        collected.append(message)
    transaction.on_commit(lambda: _after_commit(message), robust=True)
    return message


def _after_commit(message: OutboxMessage) -> None:
    message.committed = True
    for tried in _publish(OutboxMessage.objects.filter(pk=message.pk)):
        message.dispatched_at = tried.dispatched_at


@dataclass
class Collected:
    """What was enqueued inside a ``collect()`` block, and what the broker has not taken yet."""

    messages: list[OutboxMessage] = field(default_factory=list)

    @property
    def waiting(self) -> list[OutboxMessage]:
        """Committed but not yet published: the sweeper will send them when the broker is back."""
        return [m for m in self.messages if getattr(m, "committed", False) and m.dispatched_at is None]


@contextmanager
def collect() -> Iterator[Collected]:
    """Remember what is enqueued within the block, so a page can say what is waiting to be sent."""
    collected = Collected()
    token = _collected.set(collected.messages)
    try:
        yield collected
    finally:
        _collected.reset(token)


@contextmanager
def withheld() -> Iterator[None]:
    """Within the block nothing is enqueued: no message is written, so none is ever sent.

    For replaying what people did long ago (the demo's quarters of reports): the changes are
    made by the same services, but telling anyone of them today would be news of nothing.
    """
    token = _withheld.set(True)
    try:
        yield
    finally:
        _withheld.reset(token)


def pending_args(task: str) -> list[list]:
    """The arguments of every message of ``task`` not yet handed to the broker (one query)."""
    return list(OutboxMessage.objects.filter(task=task, dispatched_at__isnull=True).values_list("args", flat=True))


def _error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _task(app, name: str):
    if name not in app.tasks:  # a web process imports the apps' task modules only when one is sent
        app.loader.import_default_modules()
    return app.tasks[name]


def _publish(pending: QuerySet[OutboxMessage], *, limit: int = 100) -> list[OutboxMessage]:
    """Hand up to ``limit`` pending messages to the broker, oldest first; return those tried (the
    ones it took have ``dispatched_at``).

    The rows are locked while they are published (``skip_locked``: two sweepers, or a sweeper and
    the request that wrote the message, never publish one message at the same time), and a row is
    marked sent only once the broker has taken it, so a process stopping in between loses nothing.
    """
    app = current_app
    eager = bool(app.conf.task_always_eager)
    with transaction.atomic():
        batch = list(
            pending.filter(dispatched_at__isnull=True)
            .select_for_update(skip_locked=True)
            .order_by("created_at", "pk")[:limit]
        )
        if not batch:
            return batch
        with ExitStack() as stack:
            connection, broker_error = None, None
            if not eager:
                try:
                    connection = stack.enter_context(app.connection_for_write())
                    connection.ensure_connection(max_retries=0)  # fail now: the sweeper tries again
                except Exception as error:  # noqa: BLE001 - any broker failure leaves the messages waiting
                    broker_error = error
            for message in batch:
                message.attempts += 1
                if broker_error is not None:
                    message.last_error = _error_text(broker_error)
                    continue
                try:
                    with transaction.atomic():  # a task run in-process (eager) that fails rolls back alone
                        _task(app, message.task).apply_async(
                            args=message.args, connection=connection, retry=False, ignore_result=True
                        )
                except Exception as error:  # noqa: BLE001 - the broker, or an in-process task, failed
                    message.last_error = _error_text(error)
                    if not eager:
                        broker_error = error  # the broker failed: do not wait on it again for the rest
                else:
                    message.dispatched_at, message.last_error = timezone.now(), ""
        OutboxMessage.objects.bulk_update(batch, ["attempts", "dispatched_at", "last_error"])
    for message in batch:
        if message.dispatched_at is None:
            logger.warning(
                "Outbox message %s (%s) is not sent yet, attempt %s: %s; the sweeper will send it",
                message.pk,
                message,
                message.attempts,
                message.last_error,
            )
    return batch


@dataclass
class Swept:
    sent: int
    waiting: int
    last_error: str = ""


def sweep(*, older_than: datetime.timedelta | None = None) -> Swept:
    """Publish every message still waiting that was written more than ``older_than`` ago
    (``OUTBOX_SWEEP_AFTER`` seconds by default: a fresh one is being published by its request),
    and forget sent messages older than ``OUTBOX_KEEP_DAYS``."""
    if older_than is None:
        older_than = datetime.timedelta(seconds=settings.OUTBOX_SWEEP_AFTER)
    now = timezone.now()
    due = OutboxMessage.objects.filter(dispatched_at__isnull=True, created_at__lte=now - older_than)
    sent, tried = 0, set()
    while True:
        batch = _publish(due.exclude(pk__in=tried))
        tried.update(m.pk for m in batch)
        taken = sum(1 for m in batch if m.dispatched_at is not None)
        sent += taken
        if not taken:  # nothing left, or the broker did not take any: the next sweep tries again
            break
    keep = datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    OutboxMessage.objects.filter(dispatched_at__lt=now - keep).delete()
    waiting = due.all()  # evaluated again: what is still not sent
    count, latest = waiting.count(), waiting.order_by("-pk").first()
    if count:
        logger.warning("Outbox: %s message(s) still wait for the broker: %s", count, latest.last_error)
    return Swept(sent=sent, waiting=count, last_error=latest.last_error if latest else "")
