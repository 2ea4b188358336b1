"""The base every import resource stands on: header checks, all-or-nothing, plain-words errors.

Rules it enforces for every spreadsheet:
- the header row must hold every required column and nothing we do not know;
- a file with one bad row changes no row (the whole import runs in one transaction and is
  rolled back on any error or invalid row);
- row numbers in messages are the spreadsheet's own (the header is row 1);
- a cell escaped on export (a leading quote before = + - @) imports back unchanged;
- a blank cell leaves the stored value as it is; only ``(clear)`` (or ``(effacer)``) empties it;
- the template's example rows (EXAMPLE in their first column) are left out, and never fill
  the cells below them;
- a row that changes nothing is not written (no new version, no history line), and the
  preview lists, for each row, every value that will change, old and new;
- every problem of the file is listed in one round: a row that names an unknown parent still
  has its other cells checked, and a row given twice is an error of that row.
"""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result

from core import typography
from core.memory import collector_paused

from .history import history_record_bulk
from .safety import SpreadsheetError, unescape_cell
from .widgets import ChoiceWidget

#: What a person writes in a cell to empty the stored value (a blank cell leaves it as it is).
CLEAR_MARKERS = frozenset({"(clear)", "(effacer)"})
#: What the first column of a template's example row says: such rows are never imported.
EXAMPLE_MARKERS = frozenset({"example", "exemple"})


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_clear(value) -> bool:
    return isinstance(value, str) and value.strip().lower() in CLEAR_MARKERS


def is_example(value) -> bool:
    return isinstance(value, str) and value.strip().lower() in EXAMPLE_MARKERS


def shown(value) -> str:
    """A stored value as the preview shows it: blank for nothing, labels for choices."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal | float):
        return typography.decimal(value, places=6)
    if isinstance(value, datetime.datetime):
        return typography.numeric_datetime(value)
    if isinstance(value, datetime.date):
        return typography.numeric_date(value)
    return str(value)


class SpreadsheetResult(Result):
    """Row numbers as the spreadsheet shows them: the header is row 1, the first data row is 2.

    Blank lines and example rows are left out before the rows are read; their numbers are kept,
    so that row 7 in a message is row 7 in the person's spreadsheet.
    """

    def __init__(self, *args, resource=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource

    @property
    def example_rows(self) -> list[int]:
        """The template's example rows the file still holds (left out of the import)."""
        return getattr(self.resource, "example_rows", [])

    def spreadsheet_row(self, number: int) -> int:
        numbers = getattr(self.resource, "row_numbers", None)
        if numbers and 0 < number <= len(numbers):
            return numbers[number - 1]
        return number + 1

    def append_error_row(self, number, row, errors):
        super().append_error_row(self.spreadsheet_row(number), row, errors)

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(self.spreadsheet_row(number), row, validation_error)
        self.invalid_rows[-1].label = self.resource.row_label(row) if self.resource else ""
        self.invalid_rows[-1].problems = problem_list(self.invalid_rows[-1].error_dict)


def problem_list(error_dict) -> list[tuple[str, str]]:
    """(column, message) pairs of a row's errors; the column is blank for a row-wide problem."""
    return [
        ("" if column == NON_FIELD_ERRORS else str(column), str(message))
        for column, messages in error_dict.items()
        for message in messages
    ]


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
    #: The column that reads EXAMPLE on a template's example rows (the first required column if unset).
    example_column: str = ""
    #: Columns of this resource's own download that the import reads past (worked out, not stored).
    ignored_columns: tuple[str, ...] = ()

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
    def get_result_class(self):
        def result():
            return SpreadsheetResult(resource=self)

        return result

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        *,
        caller_rolls_back: bool = False,
        **kwargs,
    ):
        # All or nothing, whatever the caller asks: one invalid row rolls the whole file back, here
        # or, with ``caller_rolls_back``, in the caller's transaction once it has checked the rows
        # that could be read (``spreadsheets.services.spreadsheet_import``'s ``then``).
        self.user = kwargs.get("user")
        self.dry_run = dry_run
        # The row-by-row diff is for the preview; the confirmed import does not need it.
        self._meta.skip_diff = type(self)._meta.skip_diff or not dry_run
        with collector_paused():  # tens of thousands of objects that live until the end
            return super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=True,
                collect_failed_rows=collect_failed_rows,
                rollback_on_validation_errors=not caller_rolls_back,
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
        errors = {}
        for field in self._fields_in_file:
            try:
                value = self.cell(field, row, instance)
                if value is not KEEP:
                    field.save(instance, {field.column_name: value}, False, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def cell(self, field, row, instance):
        """What a cell asks for: KEEP (blank, on a stored row), an empty value ((clear)), or the cell."""
        raw = row.get(field.column_name)
        stored = instance is not None and instance.pk is not None
        if is_blank(raw):
            return KEEP if stored else raw
        if is_clear(raw):
            model_field = self._model_field(field.attribute)
            if model_field is not None and not model_field.blank or isinstance(field.widget, ChoiceWidget):
                raise ValueError(
                    _(
                        "“%(value)s” would empty this column, but it always needs a value. Leave the cell blank to keep what is stored, or write the new value."
                    )
                    % {"value": raw}
                )
            return ""
        return raw

    def _model_field(self, attribute):
        try:
            return self._meta.model._meta.get_field(attribute)
        except Exception:
            return None

    def cell_errors(self, row) -> dict[str, list[str]]:
        """Every cell of a row that cannot be read, by column (without saving anything)."""
        errors: dict[str, list[str]] = {}
        for field in self._fields_in_file or []:
            try:
                value = self.cell(field, row, None)
                if not is_blank(value):
                    field.clean({field.column_name: value})
            except ValueError as error:
                errors[field.column_name] = [str(error)]
        return errors

    def save_m2m(self, instance, row, **kwargs):
        # No resource of ours uses ManyToManyWidget: links are written in bulk after the rows.
        return None

    def column_names(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

    def header_aliases(self) -> dict[str, str]:
        """Column names as written in either language (downloads are in the reader's), to our names."""
        from django.utils import translation

        aliases: dict[str, str] = {}
        for column in [*self.column_names(), *self.ignored_columns]:
            aliases[column.casefold()] = column
            for language in ("en", "fr"):
                with translation.override(language):
                    aliases.setdefault(_(column).strip().casefold(), column)
        return aliases

    def before_import(self, dataset, **kwargs):
        aliases = self.header_aliases()
        headers = [str(header).strip() if header is not None else "" for header in dataset.headers or []]
        dataset.headers = [aliases.get(header.casefold(), header) for header in headers]
        self._headers = list(dataset.headers)
        self._untouched = None
        self._fields_in_file = None
        self.row_numbers: list[int] = []
        self.example_rows: list[int] = []
        self.duplicate_of: dict[int, int] = {}
        try:
            self.check_headers(dataset.headers)
            headers = set(self._headers)
            self._fields_in_file = [
                f for f in self.get_import_fields() if f.attribute and not f.readonly and f.column_name in headers
            ]
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
        present = [h for h in headers if h and h not in self.ignored_columns]
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

    def get_example_column(self) -> str:
        return self.example_column or (self.required_columns[0] if self.required_columns else "")

    def clean_cells(self, dataset) -> None:
        """Undo formula escaping, leave out blank lines and example rows, fill merged cells down, in place."""
        headers = dataset.headers
        fill = [i for i, h in enumerate(headers) if h in self.fill_down_columns]
        example = headers.index(self.get_example_column()) if self.get_example_column() in headers else None
        previous: list = [None] * len(headers)
        rows = []
        for number, raw in enumerate(dataset, start=2):
            row = [unescape_cell(cell) for cell in raw]
            if all(cell in (None, "") for cell in row):
                continue  # a blank line between blocks
            if example is not None and is_example(row[example]):
                # The template's example: never imported, and never repeated into the rows below.
                self.example_rows.append(number)
                previous = [None] * len(headers)
                continue
            for i in fill:
                if row[i] in (None, ""):
                    row[i] = previous[i]
            previous = row
            rows.append(row)
            self.row_numbers.append(number)
        del dataset[:]
        for row in rows:
            dataset.append(row)

    def check_duplicates(self, dataset) -> None:
        """A row naming what an earlier row already names is that row's error (found in the same round)."""
        first: dict[tuple, int] = {}
        for index, values in enumerate(dataset, start=1):
            key = self.row_key(dict(zip(dataset.headers, values, strict=False)))
            if key is None:
                continue
            if key in first:
                self.duplicate_of[index] = first[key]
            else:
                first[key] = self.row_numbers[index - 1]

    def import_row(self, row, instance_loader, **kwargs):
        index = kwargs.get("row_number", 0)
        self._row_changes = None
        if index in self.duplicate_of:
            row_result = self.get_row_result_class()()
            row_result.import_type = row_result.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(
                _("This row describes the same %(thing)s as row %(row)s. Keep one row for each.")
                % {"thing": self.key_label or self._meta.model._meta.verbose_name, "row": self.duplicate_of[index]}
            )
        else:
            row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self.with_cell_errors(row_result.validation_error, row)
        row_result.number = self.row_numbers[index - 1] if 0 < index <= len(self.row_numbers) else index + 1
        row_result.label = self.row_label(row)
        row_result.changes = self._row_changes or []
        return row_result

    def with_cell_errors(self, error: ValidationError, row) -> ValidationError:
        """Add the row's unreadable cells that the first problem kept from being checked."""
        try:
            found = {key: list(value) for key, value in error.message_dict.items()}
        except AttributeError:
            found = {NON_FIELD_ERRORS: list(error.messages)}
        for column, messages in self.cell_errors(row).items():
            if column not in found:
                found[column] = messages
        return ValidationError(found)

    def row_label(self, row) -> str:
        """The cells that say which row this is (its key and name), for the preview."""
        cells = [row.get(column) for column in self.required_columns]
        return " · ".join(shown(cell) for cell in cells if not is_blank(cell))

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

    # -- what a row changes ------------------------------------------------------------------
    def after_init_instance(self, instance, new, row, **kwargs):
        """Keep the stored values, to say what the row changes and to leave unchanged rows alone."""
        self._stored = None if new else {f.attribute: getattr(instance, f.attribute) for f in self._fields_in_file}

    def extra_changes(self, instance, new: bool) -> list[tuple[str, str, str]]:
        """Changes a resource makes outside the row's own fields (parents, links): (column, old, new)."""
        return []

    def shown_value(self, field, value) -> str:
        if isinstance(field.widget, ChoiceWidget) and value not in (None, ""):
            return str(dict(field.widget.choices.choices).get(value, value))
        if hasattr(value, "_meta"):
            return field.widget.render(value)
        return shown(value)

    def row_changes(self, instance, new: bool) -> list[tuple[str, str, str]]:
        if new and not getattr(self, "dry_run", True):
            return []  # only the preview lists a new row's values
        changes = []
        for field in self._fields_in_file:
            value = getattr(instance, field.attribute)
            if new:
                if value not in (None, ""):
                    changes.append((field.column_name, "", self.shown_value(field, value)))
            elif self._stored[field.attribute] != value and not (
                self._stored[field.attribute] in (None, "") and value in (None, "")
            ):
                changes.append(
                    (
                        field.column_name,
                        self.shown_value(field, self._stored[field.attribute]),
                        self.shown_value(field, value),
                    )
                )
        return self.extra_changes(instance, new) + changes

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A stored row the file does not change is left alone: no write, no new version."""
        new = instance.pk is None
        self._row_changes = self.row_changes(instance, new)
        return not new and not import_validation_errors and not self._row_changes

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


class _Keep:
    def __repr__(self):
        return "KEEP"


#: A blank cell on a stored row: leave the stored value as it is.
KEEP = _Keep()


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
