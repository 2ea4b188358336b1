"""Spreadsheet import and export of sectors and memberships (natural keys: sector code, username)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from spreadsheets.resources import SpreadsheetResource
from spreadsheets.widgets import ChoiceWidget, TextWidget, YesNoWidget

from .models import Membership, Sector


def clean_code(value) -> str:
    return str(value or "").strip().upper()


class SectorResource(SpreadsheetResource):
    code = Field(attribute="code", column_name="Code", widget=TextWidget())
    name_en = Field(attribute="name_en", column_name="Name (EN)", widget=TextWidget())
    name_fr = Field(attribute="name_fr", column_name="Name (FR)", widget=TextWidget())
    is_active = Field(attribute="is_active", column_name="Active", widget=YesNoWidget(blank=True))

    required_columns = ("Code", "Name (EN)", "Name (FR)")
    key_label = gettext_lazy("sector")
    template_name = "sectors"

    class Meta(SpreadsheetResource.Meta):
        model = Sector
        fields = ("code", "name_en", "name_fr", "is_active")
        export_order = fields
        name = gettext_lazy("Sectors")

    def row_key(self, row):
        code = clean_code(row.get("Code"))
        return (code,) if code else None

    def instance_key(self, instance):
        return (instance.code.upper(),)

    def existing_queryset(self, dataset):
        return Sector.objects.all()

    def before_import_row(self, row, **kwargs):
        row["Code"] = clean_code(row.get("Code"))

    @classmethod
    def template_rows(cls):
        return [
            {"Code": "CSS", "Name (EN)": "Corporate Services", "Name (FR)": "Services ministériels", "Active": "yes"}
        ]

    @classmethod
    def column_help(cls):
        return {
            "Code": _("The sector's code from Annex A, for example CSS or DMO-COMMS."),
            "Active": _("yes or no; an inactive sector stays in the history but is hidden."),
        }


class UsernameWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        username = super().clean(value)
        if not username:
            raise ValueError(_("This cell is required."))
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None:
            raise ValueError(
                _("No account has the username “%(username)s”. Create the account first.") % {"username": username}
            )
        return user

    def render(self, value, obj=None, **kwargs):
        return value.username if value else ""


class SectorCodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        code = clean_code(value)
        sector = Sector.objects.filter(code__iexact=code).first() if code else None
        if sector is None:
            raise ValueError(_("There is no sector with the code “%(code)s”.") % {"code": value or ""})
        return sector

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class MembershipResource(SpreadsheetResource):
    user = Field(attribute="user", column_name="Username", widget=UsernameWidget())
    sector = Field(attribute="sector", column_name="Sector", widget=SectorCodeWidget())
    role = Field(
        attribute="role", column_name="Role", widget=ChoiceWidget(Membership.Role, default=Membership.Role.LEAD)
    )

    required_columns = ("Username", "Sector")
    key_label = gettext_lazy("membership")
    template_name = "memberships"

    class Meta(SpreadsheetResource.Meta):
        model = Membership
        fields = ("user", "sector", "role")
        export_order = fields
        name = gettext_lazy("Memberships")

    def row_key(self, row):
        username = str(row.get("Username") or "").strip().lower()
        code = clean_code(row.get("Sector"))
        return (username, code) if username and code else None

    def instance_key(self, instance):
        return (instance.user.username.lower(), instance.sector.code.upper())

    def existing_queryset(self, dataset):
        return Membership.objects.select_related("user", "sector")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("user", "sector")

    @classmethod
    def template_rows(cls):
        return [{"Username": "lead-css", "Sector": "CSS", "Role": "lead"}]

    @classmethod
    def column_help(cls):
        return {"Role": _("lead or contributor (blank means lead).")}
