"""Which texts must exist in both languages, which of them lack one, and filling the gap.

Each app registers the kinds of bilingual text it owns (``register(Kind(...))`` in its
``AppConfig.ready``): the model, its bilingual fields (``<field>_en`` / ``<field>_fr`` columns),
the path from the row to its sector, the page where a person fixes it, and which rows the
ministerial tracker of a period prints. From that one list:

- ``gaps()`` is the translation queue (every text with one language and not the other), by kind
  and sector, in one query per kind whatever the number of rows;
- ``gaps(tracker=period)`` is what the tracker of ``period`` would print in one language only:
  producing it is refused while the list is not empty (``tracker.services.tracker_request``), and
  governance approval warns with ``gaps(sectors=[...])``;
- ``fill()`` writes the missing language of one text: a kind's own ``save`` when it has one,
  else the row is locked, the column written, its ``version`` bumped (an open form on the old
  version then meets the conflict panel) and its history signed.

Quotations (a survey quote, a person's words) are not here: they stay in the language they were
said in and carry that language (``lang``), with an optional translation beside them.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db import models, transaction
from django.db.models import F, Q
from django.utils.functional import Promise

from core.concurrency import bump_version
from core.text import LANGUAGES, plain

OTHER = {"en": "fr", "fr": "en"}


@dataclass(frozen=True)
class Kind:
    """A kind of bilingual text.

    ``sector``: the ORM path from a row to its sector's id ("" for texts of no one sector, which
    only ARTF fixes). ``url(row)``: the page where it is fixed (``row`` has ``pk``, the sector
    code as ``sector_code`` and the ``extra`` values). ``label(row)``: how the queue names the
    row. ``tracker(period)``: a ``Q`` of the rows the period's tracker prints (None: it prints
    none). ``can_fill(user, sector_id)``: who may write the missing language (the sector's
    editors and ARTF, as ``sectors.permissions`` says). ``save(user, obj, field, language,
    text)``: the app's own write, when filling goes further than the one column."""

    key: str
    name: str | Promise
    model: type[models.Model]
    fields: tuple[str, ...]
    url: Callable[[dict], str]
    label: Callable[[dict], str]
    can_fill: Callable[[object, int | None], bool]
    sector: str = ""
    printed: tuple[str, ...] = ()  # the fields the tracker prints (all of them when empty)
    extra: tuple[str, ...] = ()
    tracker: Callable[[object], Q | None] | None = None
    save: Callable[..., None] | None = None
    filter: Q = field(default_factory=Q)
    order: int = 100
    # Only for the tracker's gate (not a queue of its own: fixed where ``url`` leads).
    tracker_only: bool = False
    # The two languages of ``field`` on a row read (default: its ``<field>_en``, ``<field>_fr``).
    read: Callable[[dict, str], tuple[str, str]] | None = None
    # More of what the period's tracker would print in one language only, that no row holds
    # (``more(period)`` answers ``Gap``s; for the gate only).
    more: Callable[[object], list] | None = None

    @property
    def inline(self) -> bool:
        """Whether the queue offers to type the missing language in place."""
        return not self.tracker_only


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def kind(key: str) -> Kind:
    return _kinds[key]


@dataclass(frozen=True)
class Gap:
    """One text of one row written in ``present`` only: ``missing`` is the language to add."""

    kind: Kind
    pk: int
    field: str
    missing: str
    text: str
    sector_id: int | None
    sector_code: str
    label: str
    url: str

    @property
    def present(self) -> str:
        return OTHER[self.missing]

    @property
    def verbose_field(self) -> str:
        """The field's name without its language ("lead", not "lead (English)")."""
        from django.core.exceptions import FieldDoesNotExist

        meta = self.kind.model._meta
        try:
            return str(getattr(meta.get_field(self.field), "verbose_name", self.field))  # modeltranslation keeps it
        except FieldDoesNotExist:
            name = str(getattr(meta.get_field(f"{self.field}_{self.present}"), "verbose_name", self.field))
            return re.sub(r"\s*\((English|French|anglais|français)\)$", "", name)


def _one_sided(name: str) -> Q:
    english, french = f"{name}_en", f"{name}_fr"
    return (Q(**{english: ""}) | Q(**{f"{english}__isnull": True})) & ~Q(**{french: ""}) & Q(
        **{f"{french}__isnull": False}
    ) | (Q(**{french: ""}) | Q(**{f"{french}__isnull": True})) & ~Q(**{english: ""}) & Q(
        **{f"{english}__isnull": False}
    )


def gaps(
    *,
    tracker=None,
    sectors: Iterable[int] | None = None,
    language: str | None = None,
    keys: Iterable[str] | None = None,
) -> list[Gap]:
    """Every text with one language and not the other, by kind then sector then row; one query
    per kind. ``tracker``: only what that period's tracker prints. ``sectors``: only rows of those
    sectors (texts of no sector are then left out). ``language``: only texts lacking it."""
    wanted = set(keys) if keys is not None else None
    sector_ids = None if sectors is None else set(sectors)
    found: list[Gap] = []
    for k in kinds():
        if (wanted is not None and k.key not in wanted) or (k.tracker_only and tracker is None):
            continue
        if tracker is not None and k.more is not None:
            found.extend(g for g in k.more(tracker) if not language or g.missing == language)
        fields = (k.printed or k.fields) if tracker is not None else k.fields
        rows = _rows(k, fields, tracker, sector_ids)
        if rows is None:
            continue
        for row in rows:
            found.extend(_row_gaps(k, row, fields, language))
    return found


def _rows(k: Kind, fields: tuple[str, ...], tracker, sector_ids: set[int] | None):
    """The kind's rows with some of ``fields`` in one language only, as dicts (None: none to read)."""
    rows = plain(k.model).filter(k.filter).filter(reduce(operator.or_, (_one_sided(f) for f in fields)))
    if tracker is not None:
        printed = k.tracker(tracker) if k.tracker is not None else None
        if printed is None:
            return None
        rows = rows.filter(printed)
    if sector_ids is not None:
        if not k.sector:
            return None
        rows = rows.filter(**{f"{k.sector}__in": sector_ids})
    columns = ["pk", *(f"{f}_{code}" for f in fields for code in LANGUAGES), *k.extra]
    order = ["pk"]
    if k.sector:
        code = k.sector.removesuffix("_id") + "__code"
        rows = rows.annotate(_sector_id=F(k.sector), _sector_code=F(code))
        columns += ["_sector_id", "_sector_code"]
        order = [code, "pk"]
    return (
        {**row, "sector_code": row.get("_sector_code") or "", "sector_id": row.get("_sector_id")}
        for row in rows.order_by(*order).values(*columns)
    )


def _row_gaps(k: Kind, row: dict, fields: tuple[str, ...], language: str | None) -> list[Gap]:
    found = []
    for name in fields:
        english, french = k.read(row, name) if k.read else (row.get(f"{name}_en"), row.get(f"{name}_fr"))
        english, french = english or "", french or ""
        if bool(english) == bool(french):
            continue
        missing = "fr" if english else "en"
        if language and missing != language:
            continue
        found.append(
            Gap(
                kind=k,
                pk=row["pk"],
                field=name,
                missing=missing,
                text=english or french,
                sector_id=row["sector_id"],
                sector_code=row["sector_code"],
                label=k.label(row),
                url=k.url(row),
            )
        )
    return found


def gap_count(*, sectors: Iterable[int] | None = None) -> int:
    """``len(gaps(sectors=sectors))`` in one query (the home page's count): a union of each kind's
    and field's one-sided rows."""
    sector_ids = None if sectors is None else set(sectors)
    parts = []
    for k in kinds():
        if k.tracker_only or (sector_ids is not None and not k.sector):
            continue
        for name in k.fields:
            rows = plain(k.model).filter(k.filter).filter(_one_sided(name))
            if sector_ids is not None:
                rows = rows.filter(**{f"{k.sector}__in": sector_ids})
            parts.append(rows.values_list("pk"))
    if not parts:
        return 0
    return parts[0].union(*parts[1:], all=True).count() if len(parts) > 1 else parts[0].count()


class FillRefused(Exception):
    """The text cannot be filled: not this person's, or no longer missing (someone filled it)."""


def fill(*, user, key: str, pk: int, field: str, language: str, text: str) -> None:
    """Write the missing ``language`` of ``field`` on row ``pk`` of kind ``key``. Only a missing
    language is written: a text that has both already (someone was faster) is left as it is and
    ``FillRefused`` says so; the other language's text is never touched."""
    k = kind(key)
    if field not in k.fields or language not in LANGUAGES:
        raise FillRefused("unknown")
    text = text.strip()
    with transaction.atomic():
        obj = k.model._default_manager.select_for_update().filter(k.filter).filter(pk=pk).first()
        if obj is None:
            raise FillRefused("gone")
        owner: Any = obj
        for part in k.sector.split("__") if k.sector else ():
            owner = getattr(owner, part, None)
        sector_id = owner if k.sector else None
        if not k.can_fill(user, sector_id):
            raise FillRefused("forbidden")
        column = f"{field}_{language}"
        if getattr(obj, column, "") or not getattr(obj, f"{field}_{OTHER[language]}", ""):
            raise FillRefused("filled")
        if k.save is not None:
            k.save(user, obj, field, language, text)
            return
        setattr(obj, column, text)
        update = [column]
        if hasattr(obj, "version"):
            update.append(bump_version(obj))  # the row is locked: no one else writes it meanwhile
        if hasattr(obj, "updated_at"):
            update.append("updated_at")
        obj._history_user = user  # type: ignore[attr-defined]  # django-simple-history reads it
        obj.save(update_fields=update)
