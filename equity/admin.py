"""Admin for surveys and their highlights.

Representation figures are deliberately not in the admin: their raw counts are shown nowhere,
only through suppression (the pages, downloads and tracker). They change by importing a
quarter's file again at /representation/import/.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import MaturityAssessment, Survey, SurveyHighlight


class HighlightInline(admin.StackedInline):
    model = SurveyHighlight
    extra = 0
    fields = ("order", "theme_en", "theme_fr", "summary_en", "summary_fr", "quote")


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = ("name", "period", "source")
    list_filter = ("period",)
    search_fields = ("name_en", "name_fr")
    inlines = [HighlightInline]


@admin.register(SurveyHighlight)
class SurveyHighlightAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("theme", "survey", "order")
    list_filter = ("survey__period",)
    search_fields = ("theme_en", "theme_fr", "summary_en", "summary_fr")


@admin.register(MaturityAssessment)
class MaturityAssessmentAdmin(SimpleHistoryAdmin):
    """Read-only here: leads assess and ARTF reviews on the sector's maturity page, where it is recorded."""

    list_display = ("sector", "period", "stage", "assessed_by", "assessed_at", "reviewed_by")
    list_filter = ("stage", "period", "sector")
    readonly_fields = [f.name for f in MaturityAssessment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
