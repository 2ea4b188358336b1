"""Admin import and export with the house rules: safe formats, size limit, plain-words errors."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.translation import gettext as _
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm

from .formats import SafeCSV, SafeXLSX
from .safety import SpreadsheetError, check_size
from .templates import template_workbook


class SafeImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class SpreadsheetAdmin(ImportExportModelAdmin):
    import_formats = [SafeCSV, SafeXLSX]
    export_formats = [SafeCSV, SafeXLSX]
    import_form_class = SafeImportForm
    import_error_display = ("message",)
    import_template_name = "admin/spreadsheets/import.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "import-template/",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
        ] + super().get_urls()

    def import_template_view(self, request):
        """An .xlsx with the resource's columns and an example, to start an import from."""
        resource_class = self.get_import_resource_classes(request)[0]
        data = template_workbook(resource_class)
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        name = getattr(resource_class, "template_name", self.model._meta.model_name)
        response["Content-Disposition"] = f'attachment; filename="{name}-template.xlsx"'
        return response

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        info = self.model._meta.app_label, self.model._meta.model_name
        context["template_url"] = reverse("admin:{}_{}_import_template".format(*info))
        context["max_upload"] = filesizeformat(settings.SPREADSHEET_MAX_UPLOAD_BYTES)
        return context

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, SpreadsheetError):
            form.add_error("import_file", str(error))
        else:
            form.add_error(
                "import_file",
                _("This file could not be read as the format you chose. Check the format and try again."),
            )
