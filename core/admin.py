from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: what waits to be handed to the task queue, and why (``manage.py outbox_sweep`` sends it)."""

    list_display = ("pk", "task", "args", "created_at", "dispatched_at", "attempts", "last_error")
    list_filter = (("dispatched_at", admin.EmptyFieldListFilter), "task")
    search_fields = ("task",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
