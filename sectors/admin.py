from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from spreadsheets.admin import SpreadsheetAdmin

from .models import Membership, Sector
from .resources import MembershipResource, SectorResource


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Sector)
class SectorAdmin(SpreadsheetAdmin, SimpleHistoryAdmin, TranslationAdmin):
    resource_classes = [SectorResource]
    list_display = ("code", "name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name_en", "name_fr")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SpreadsheetAdmin, SimpleHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ("user", "sector", "role")
    list_filter = ("role", "sector")
    search_fields = ("user__username", "user__first_name", "user__last_name", "sector__code")
    list_select_related = ("user", "sector")
    autocomplete_fields = ("user", "sector")
