"""Admin for surveys and their highlights.

Representation figures are deliberately not in the admin: their raw counts are shown nowhere,
only through suppression (the pages, downloads and tracker). They change by importing a
quarter's file again at /representation/import/.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Survey, SurveyHighlight


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
