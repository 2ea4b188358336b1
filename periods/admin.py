from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ("label", "start_date", "end_date", "opens_on", "due_date", "is_closed")
    list_filter = ("is_closed", "fiscal_year", "quarter")
    readonly_fields = ("slug", "start_date", "end_date")
    search_fields = ("slug",)
