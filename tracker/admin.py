from django.contrib import admin

from .models import TrackerJob


@admin.register(TrackerJob)
class TrackerJobAdmin(admin.ModelAdmin):
    """Read-only: trackers are produced and retried from /tracker/, where each job is queued properly."""

    list_display = ("period", "language", "version", "status", "page_count", "size", "requested_by", "requested_at")
    list_filter = ("status", "language", "period")
    list_select_related = ("period", "requested_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
