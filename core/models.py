"""Models of the shared kernel."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import BoundedTextField


class OutboxMessage(models.Model):
    """A Celery task that must follow a commit (an e-mail, a notification, a job), written in the
    same transaction as the change it follows, so that a broker outage cannot lose it: it is
    published after the commit, or later by the sweeper (``core.outbox``)."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("handed to the queue"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = BoundedTextField(_("last error"), max_length=2000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            # What the sweeper reads: the few messages not yet handed to the queue.
            models.Index(fields=["created_at"], condition=models.Q(dispatched_at__isnull=True), name="outbox_pending")
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"

    @property
    def is_pending(self) -> bool:
        return self.dispatched_at is None
