"""The base every import resource stands on: header checks, all-or-nothing, plain-words errors.

Rules it enforces for every spreadsheet:
- the header row must hold every required column and nothing we do not know;
- a file with one bad row changes no row (the whole import runs in one transaction and is
  rolled back on any error or invalid row);
- row numbers in messages are the spreadsheet's own (the header is row 1);
- a cell escaped on export (a leading quote before = + - @) imports back unchanged.
"""

from __future__ import annotations

import copy
from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result

from config.memory import collector_paused

from .history import history_record_bulk
from .safety import SpreadsheetError, unescape_cell


class SpreadsheetResult(Result):
    """Row numbers as the spreadsheet shows them: the header is row 1, the first data row is 2."""

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """Finds existing rows by their natural key, in one query for the whole file."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = resource.existing_instances(dataset) if dataset is not None else {}

    def get_instance(self, row):
        key = self.resource.row_key(row)
        return self.instances.get(key) if key is not None else None


class SpreadsheetResource(resources.ModelResource):
    """A model resource with the house rules for spreadsheets."""

    #: Columns that must be in the header row.
    required_columns: tuple[str, ...] = ()
    #: Columns whose blank cells take the value of the row above (Annex D's merged cells).
    fill_down_columns: tuple[str, ...] = ()
    #: Human description of a row's natural key, for duplicate messages.
    key_label: str = ""

    class Meta:
        abstract = True
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = True
        instance_loader_class = NaturalKeyInstanceLoader
        import_id_fields = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Options of our own, so that one import's settings never leak into another's.
        self._meta = copy.copy(type(self)._meta)
        self.refused = False
        self.user = None

    # -- the file as a whole -------------------------------------------------------------
    @classmethod
    def get_result_class(cls):
        return SpreadsheetResult

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        # All or nothing, whatever the caller asks: one invalid row rolls the whole file back.
        self.user = kwargs.get("user")
        # The row-by-row diff is for the preview; the confirmed import does not need it.
        self._meta.skip_diff = type(self)._meta.skip_diff or not dry_run
        with collector_paused():  # tens of thousands of objects that live until the end
            return super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=True,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=True,
                **kwargs,
            )

    def init_instance(self, row=None):
        """A new, unsaved row: a copy of one blank instance, cheaper than running __init__ each time."""
        if getattr(self, "_blank", None) is None:
            self._blank = self._meta.model()
        return copy.copy(self._blank)

    def get_import_fields(self):
        # Asked for on every row; the answer never changes during an import.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def import_instance(self, instance, row, **kwargs):
        """Set the fields whose columns this file has; say in words which cells are wrong."""
        if getattr(self, "_fields_in_file", None) is None:
            headers = set(self._headers)
            self._fields_in_file = [
                f for f in self.get_import_fields() if f.attribute and not f.readonly and f.column_name in headers
            ]
        errors = {}
        for field in self._fields_in_file:
            try:
                field.save(instance, row, False, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs):
        # No resource of ours uses ManyToManyWidget: links are written in bulk after the rows.
        return None

    def column_names(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

    def before_import(self, dataset, **kwargs):
        dataset.headers = [str(header).strip() if header is not None else "" for header in dataset.headers or []]
        self._headers = list(dataset.headers)
        self._untouched = None
        self._fields_in_file = None
        try:
            self.check_headers(dataset.headers)
            self.clean_cells(dataset)
            self.check_duplicates(dataset)
        except SpreadsheetError:
            self.refused = True
            del dataset[:]  # nothing more to read: the file is refused whole
            raise

    def _check_import_id_fields(self, headers):
        # Our own header check has already said which columns are missing.
        return None

    def check_headers(self, headers: list[str]) -> None:
        known = self.column_names()
        present = [h for h in headers if h]
        if not present:
            raise SpreadsheetError(_("The first row must hold the column names. It is empty."))
        missing = [c for c in self.required_columns if c not in present]
        unknown = [h for h in present if h not in known]
        duplicated = sorted({h for h in present if present.count(h) > 1})
        problems = []
        if missing:
            problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        if duplicated:
            problems.append(_("Columns that appear twice: %(columns)s.") % {"columns": ", ".join(duplicated)})
        if problems:
            problems.append(
                _("The columns this import reads are: %(columns)s. Download the template to start from a correct file.")
                % {"columns": ", ".join(known)}
            )
            raise SpreadsheetError(" ".join(problems))

    def clean_cells(self, dataset) -> None:
        """Undo formula escaping and fill merged cells down, in place."""
        headers = dataset.headers
        fill = [i for i, h in enumerate(headers) if h in self.fill_down_columns]
        previous: list = [None] * len(headers)
        rows = []
        for raw in dataset:
            row = [unescape_cell(cell) for cell in raw]
            if all(cell in (None, "") for cell in row):
                continue  # a blank line between blocks
            for i in fill:
                if row[i] in (None, ""):
                    row[i] = previous[i]
            previous = row
            rows.append(row)
        del dataset[:]
        for row in rows:
            dataset.append(row)

    def check_duplicates(self, dataset) -> None:
        seen: dict[tuple, list[int]] = defaultdict(list)
        for number, values in enumerate(dataset, start=2):
            key = self.row_key(dict(zip(dataset.headers, values, strict=False)))
            if key is not None:
                seen[key].append(number)
        clashes = [rows for rows in seen.values() if len(rows) > 1]
        if clashes:
            described = "; ".join(
                _("rows %(rows)s") % {"rows": ", ".join(str(n) for n in rows)} for rows in clashes[:10]
            )
            raise SpreadsheetError(
                _("Some rows describe the same %(thing)s twice (%(rows)s). Keep one row for each.")
                % {"thing": self.key_label or self._meta.model._meta.verbose_name, "rows": described}
            )

    # -- natural keys ----------------------------------------------------------------
    def row_key(self, row) -> tuple | None:
        """The natural key a row names, or None when the row's key cells are unreadable."""
        raise NotImplementedError

    def instance_key(self, instance) -> tuple:
        raise NotImplementedError

    def existing_instances(self, dataset) -> dict[tuple, object]:
        """Existing rows the file may update, by natural key, in one query."""
        return {self.instance_key(obj): obj for obj in self.existing_queryset(dataset)}

    def existing_queryset(self, dataset):
        return self._meta.model.objects.none()

    # -- each row ----------------------------------------------------------------------
    def column_for(self, attribute: str) -> str:
        for field in self.get_import_fields():
            if field.attribute == attribute:
                return field.column_name
        return attribute

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Field and model rules in Python only; database constraints stay as the backstop.

        Uniqueness inside the file is checked once in ``check_duplicates`` and against the
        database by the natural-key loader, so no per-row queries are needed here.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=list(errors.keys()) + list(self.clean_exclude()) + self.untouched_fields(),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(
                {
                    (NON_FIELD_ERRORS if key == NON_FIELD_ERRORS else self.column_for(key)): value
                    for key, value in errors.items()
                }
            )

    def untouched_fields(self) -> list[str]:
        """Model fields no column of this file sets: their values were valid before, so skip them."""
        if getattr(self, "_untouched", None) is None:
            headers = set(self._headers)
            set_here = {f.attribute for f in self.get_import_fields() if f.attribute and f.column_name in headers}
            self._untouched = [
                f.name
                for f in self._meta.model._meta.concrete_fields
                if f.name not in set_here and f.attname not in set_here
            ]
        return self._untouched

    def before_save_instance(self, instance, row, **kwargs):
        # Bulk writes skip auto_now; keep "updated" honest.
        if hasattr(instance, "updated_at"):
            instance.updated_at = timezone.now()
        # Row-by-row saves name who imported in the history, in a request or not (bulk ones: below).
        if self.user is not None:
            instance._history_user = self.user

    def clean_exclude(self) -> tuple[str, ...]:
        """Fields the resource sets itself (foreign keys resolved from other columns)."""
        return ()

    # -- bulk writes keep the change history ---------------------------------------------------
    def get_bulk_update_fields(self):
        """Model fields the file may change (columns only read to find parents are left out)."""
        model_fields = {f.attname for f in self._meta.model._meta.concrete_fields if not f.primary_key}
        names = {field.attribute for field in self.get_import_fields() if field.attribute and not field.readonly}
        extra = {"version", "updated_at"} & model_fields
        return sorted((names & model_fields) | extra)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                created = self._meta.model.objects.bulk_create(self.create_instances, batch_size=batch_size or 1000)
                history_record_bulk(
                    model=self._meta.model,
                    pks=[obj.pk for obj in created],
                    history_type="+",
                    user=self.user,
                    reason="spreadsheet import",
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                self._meta.model.objects.bulk_update(
                    self.update_instances, self.get_bulk_update_fields(), batch_size=batch_size or 1000
                )
                history_record_bulk(
                    model=self._meta.model,
                    pks=[obj.pk for obj in self.update_instances],
                    history_type="~",
                    user=self.user,
                    reason="spreadsheet import",
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()


def row_errors(result) -> list[str]:
    """Every problem of an import result as one line in plain words, with its row number."""
    lines = []
    for error in result.base_errors:
        lines.append(str(error.error))
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                if column == NON_FIELD_ERRORS:
                    lines.append(_("Row %(row)s: %(message)s") % {"row": row.number, "message": message})
                else:
                    lines.append(
                        _("Row %(row)s, column “%(column)s”: %(message)s")
                        % {"row": row.number, "column": column, "message": message}
                    )
    for row in result.error_rows:
        for error in row.errors:
            lines.append(_("Row %(row)s: %(message)s") % {"row": row.number, "message": error.error})
    return lines
