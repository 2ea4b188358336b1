from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    InitiativeUpdate,
    QuarterlyReport,
    Reminder,
    ReportComment,
    ReportEvent,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class UpdateInline(ReadOnlyInline):
    model = InitiativeUpdate
    fields = ("initiative", "status", "percent_done", "narrative")


class CommentInline(ReadOnlyInline):
    model = ReportComment
    fields = ("section", "body", "author", "created_at")
    readonly_fields = ("created_at",)


class EventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ("at", "action", "from_status", "to_status", "actor", "reason", "notified_at")
    readonly_fields = ("at", "notified_at")


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(SimpleHistoryAdmin):
    """Read-only here: reports change state on their page, where each change is recorded and notified."""

    list_display = ("sector", "period", "status", "submitted_at", "approved_at")
    list_filter = ("status", "period", "sector")
    search_fields = ("sector__code",)
    list_select_related = ("sector", "period")
    inlines = [UpdateInline, CommentInline, EventInline]
    readonly_fields = ("created_at", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("sector", "period", "kind", "recipients", "sent_at")
    list_filter = ("kind", "period")
    list_select_related = ("sector", "period")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
