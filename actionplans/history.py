"""Readable change history: who changed what and when, field by field, in the user's language.

A history page reads only the records it shows. Per history table, SQL keeps the records a reader
would see (a creation, a deletion, or a change of a field a reader sees: each compared with the
previous record of the same object by a window function), the tables of a history are joined in one
``UNION ALL``, ordered newest first, counted and cut to the page; then the page's records and their
predecessors are read (one query per table) and only those pairs are compared, field by field, in
Python. A page costs the same number of queries however long the history.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import typography
from core.html import format_html
from core.text import marked, shown_in

from .models import KPI, ActionPlan, Commitment, Initiative, KPIValue
from .published import suppressible

PAGE_SIZE = 25  # changes per page of a history (?page=2 for the older ones)

# Fields that say nothing to a reader (technical, or the untranslated copy of a translated field).
HIDDEN = {
    "id",
    "version",
    "updated_at",
    "title",
    "description",
    "statement",
    "name",
    "note",
    "data_source",
    "lead",
    "supporting_units",
    "key_leads",
    "commitment",
    "plan",
    "kpi",
    "strategy",
    "sector",
}


@dataclass
class Change:
    label: str
    old: str
    new: str
    language: str = ""  # the language of a column of one language ("title_fr"): the values are marked with it


@dataclass
class Entry:
    when: object
    who: object
    action: str
    kind: str
    item: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _tr(record, name: str, limit: int | None = None):
    """A translated field of a historical record in the reader's language (else the other one), marked
    with its ``lang`` when it is not the reader's (safe HTML)."""
    return marked(shown_in(record, name).cut(limit))


def _language(name: str) -> str:
    """ "en" or "fr" for one language's column of a translated field ("title_fr"), else ""."""
    head, _sep, code = name.rpartition("_")
    return code if head and code in ("en", "fr") else ""


def _label(record, name: str) -> str:
    """A field's name for a reader: "description (French)" rather than "description [fr]"."""
    label = str(record.instance_type._meta.get_field(name).verbose_name)
    for code, language in (("en", _("English")), ("fr", _("French"))):
        label = label.replace(f" [{code}]", f" ({language})")
    return label


def _display(record, name: str) -> str:
    value = getattr(record, name)
    model_field = record.instance_type._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, Decimal | float):
        return typography.decimal(value)
    if isinstance(value, datetime.date):
        return typography.numeric_date(value)
    return str(value)


def _shown_fields(model) -> list[models.Field]:
    """The fields of a model whose changes a reader sees, by name (as they are listed): the editable
    ones it tracks, without the hidden ones and the many-to-many links (whose records show nothing)."""
    tracked = model.history.model.tracked_fields
    return sorted((f for f in tracked if f.editable and f.name not in HIDDEN), key=lambda f: f.name)


@dataclass(frozen=True)
class Source:
    """One history table of a history page: the records in scope, what they are called, and what
    to read with them to show them."""

    model: type[models.Model]
    records: QuerySet
    kind: str
    describe: Callable
    related: tuple[str, ...] = ()

    def shown(self, order: int) -> tuple[str, tuple]:
        """The keys of the records a reader would see, with their predecessor's (SQL and parameters):
        the creations and deletions, the first record of an object, and every change where a shown
        field differs from the previous record's. Written out rather than built from Django's window
        expressions, which cost more to build than to run (one ``WINDOW`` for every field)."""
        quote = connection.ops.quote_name
        distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
        now, was, differs = [], [], []
        for n, model_field in enumerate(_shown_fields(self.model)):
            column = f"h.{quote(model_field.column)}"
            if isinstance(model_field, models.CharField | models.TextField):  # empty and NULL both show "—"
                column = f"COALESCE({column}, '')"
            now.append(f"{column} AS now_{n}")
            was.append(f"LAG({column}) OVER w AS was_{n}")
            differs.append(f"was_{n} {distinct} now_{n}")
        scope, params = self.records.order_by().values("history_id").query.sql_with_params()
        sql = (
            # Identifiers from the models' meta, quoted; the scope is Django's own SQL, with its parameters.
            f"SELECT history_date, {int(order)} AS kind, id, history_id, previous FROM ("  # noqa: S608
            "SELECT h.history_date, h.id, h.history_id, h.history_type, LAG(h.history_id) OVER w AS previous, "
            f"{', '.join(now + was)} FROM {quote(self.model.history.model._meta.db_table)} h "
            f"WHERE h.history_id IN ({scope}) WINDOW w AS (PARTITION BY h.id ORDER BY h.history_date, h.history_id)"
            f") AS records WHERE history_type <> '~' OR previous IS NULL OR {' OR '.join(differs) or 'FALSE'}"
        )
        return sql, params


class History:
    """A history of changes, newest first, read a page at a time: ``count()`` counts it in SQL, a slice
    reads that page's records (``Paginator`` uses both)."""

    def __init__(self, sources: list[Source]):
        self.sources = sources
        parts = [source.shown(order) for order, source in enumerate(sources)]
        self.sql = " UNION ALL ".join(sql for sql, _params in parts)
        self.params = tuple(param for _sql, params in parts for param in params)

    @cached_property
    def _count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) AS keys", self.params)  # noqa: S608 -- built by Source.shown
            return cursor.fetchone()[0]

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, window: slice) -> list[Entry]:
        start, stop = window.start or 0, window.stop
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self.sql} ORDER BY history_date DESC, kind, id, history_id LIMIT %s OFFSET %s",
                (*self.params, stop - start, start),
            )
            keys = [{"kind": kind, "history_id": key, "previous": previous} for _d, kind, _id, key, previous in cursor]
        read = [self._read(order, source, keys) for order, source in enumerate(self.sources)]
        entries = []
        for key in keys:
            source, records = self.sources[key["kind"]], read[key["kind"]]
            entries.append(_entry(source, records[key["history_id"]], records.get(key["previous"])))
        return entries

    @staticmethod
    def _read(order: int, source: Source, keys: list[dict]) -> dict:
        """This table's records on the page and their predecessors, by history id: one query, even
        when the page holds none of them, so that every page costs the same."""
        wanted = {key[name] for key in keys if key["kind"] == order for name in ("history_id", "previous")}
        wanted.discard(None)
        records = source.model.history.filter(history_id__in=[*wanted, 0])  # 0: no record; the query runs
        return {r.history_id: r for r in records.select_related("history_user", *source.related)}


def _entry(source: Source, record, before) -> Entry:
    """One line of the history, with the fields a reader sees that differ from the record before."""
    changes = []
    if before is not None and record.history_type == "~":
        for model_field in _shown_fields(source.model):
            old, new = _display(before, model_field.name), _display(record, model_field.name)
            if old != new:
                changes.append(Change(_label(record, model_field.name), old, new, _language(model_field.name)))
    return Entry(
        record.history_date,
        record.history_user,
        record.history_type,
        source.kind,
        source.describe(record),
        changes,
        record.history_change_reason or "",
    )


def _item_source(obj) -> Source:
    name = {"Initiative": "title", "KPI": "name", "Commitment": "statement"}[type(obj).__name__]
    limit = 120
    return Source(
        type(obj),
        type(obj).history.filter(id=obj.pk),
        str(obj._meta.verbose_name),
        lambda r: _tr(r, name, limit),
        ("initiative__commitment",) if isinstance(obj, KPI) else (),
    )


def _values_source(records: QuerySet) -> Source:
    return Source(KPIValue, records, str(KPIValue._meta.verbose_name), _value_label, ("period", "equity_group"))


def item_history(obj) -> History:
    """The history of one initiative or commitment, newest first."""
    return History([_item_source(obj)])


def kpi_history(kpi: KPI, *, published: bool = False) -> History:
    """A KPI's history and its values', newest first; for readers outside the sector (``published``),
    none of the values of a count KPI broken down by group, whose past values the small-count rule may
    hide (its table shows what may be seen)."""
    sources = [_item_source(kpi)]
    if not (published and suppressible(kpi)):
        sources.append(_values_source(KPIValue.history.filter(kpi_id=kpi.pk)))
    return History(sources)


def _value_label(record) -> str:
    group = f" – {record.equity_group}" if record.equity_group_id else ""
    period = record.period.label if record.period_id else ""
    return f"{period}{group}{typography.separator(':')}{typography.decimal(record.value)}"


def page(entries: History, number) -> Page:
    """One page of a history, newest first; a page number out of range gives the nearest page."""
    return Paginator(entries, PAGE_SIZE).get_page(number)


def plan_history(plan: ActionPlan, *, published: bool = False) -> History:
    """Every change in a plan (its commitments, initiatives, KPIs and values), newest first.

    ``published``: for readers outside the sector, without the values of count KPIs broken down by group.
    """
    commitments = Commitment.history.filter(plan_id=plan.pk)
    kpis = KPI.history.filter(commitment_id__in=commitments.values("id"))
    values = KPIValue.history.filter(kpi_id__in=kpis.values("id"))
    if published:
        values = values.exclude(kpi_id__in=KPI.objects.filter(unit=KPI.Unit.COUNT, is_disaggregated=True).values("pk"))
    return History(
        [
            Source(
                ActionPlan,
                ActionPlan.history.filter(id=plan.pk),
                str(ActionPlan._meta.verbose_name),
                lambda r: plan.sector.code,
            ),
            Source(
                Commitment,
                commitments,
                str(Commitment._meta.verbose_name),
                lambda r: format_html("{}) {}", r.number, _tr(r, "statement", 80)),
            ),
            Source(
                Initiative,
                Initiative.history.filter(commitment_id__in=commitments.values("id")),
                str(Initiative._meta.verbose_name),
                lambda r: _tr(r, "title"),
            ),
            Source(KPI, kpis, str(KPI._meta.verbose_name), lambda r: _tr(r, "name"), ("initiative__commitment",)),
            _values_source(values),
        ]
    )
