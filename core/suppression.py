"""Small-count suppression: no published figure may reveal a count under the threshold.

Workforce representation publishes its counts through ``suppress``: ``representation_table``
builds the table of a quarter's figures with every sum that ties them, and the import stores
which figures are hidden.

A table is a set of counts (each under a key) and the sums that tie them together: a total
is the sum of its parts (the department of its sectors, "all employees" of the levels, a
group of the people in and out of a narrower group). Some counts are never published but
exist all the same: the people of a level who are *not* in a group (total minus group),
or those of "Black" who are not "Black women". Anyone holding the published figures can
solve those sums, so hiding the small counts alone is not enough.

``suppress`` hides the counts under the threshold (zero included), then keeps hiding more
until, by exact linear algebra over every sum, no hidden or never-published count can be
worked out when it is small, and no sum of unknowns that can be worked out is small.
Percentages and gaps derive from a count and its total and are hidden with either.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

Key = Hashable


@dataclass
class Table:
    values: dict[Key, int]
    sums: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)  # parent = sum of children
    unpublished: set[Key] = field(default_factory=set)  # exist, never shown (e.g. total minus group)

    def add_sum(self, parent: Key, children: Iterable[Key]) -> None:
        self.sums.append((parent, tuple(children)))


def determined(table: Table, unknown: set[Key]) -> set[Key]:
    """The unknown counts that the sums fix exactly, given every other count (Gaussian elimination).

    Sums that share no unknown count are independent, so each group of sums linked by their
    unknowns is solved on its own: a few small systems instead of one large one.
    """
    linked: dict[Key, Key] = {}  # union-find over the unknown counts

    def root(key: Key) -> Key:
        while linked.setdefault(key, key) != key:
            linked[key] = linked[linked[key]]
            key = linked[key]
        return key

    equations = []
    for parent, children in table.sums:
        terms: dict[Key, int] = {}
        for key, sign in [(parent, 1), *((child, -1) for child in children)]:
            if key in unknown:
                terms[key] = terms.get(key, 0) + sign
        terms = {key: sign for key, sign in terms.items() if sign}
        if terms:
            equations.append(terms)
            first, *rest = terms
            for key in rest:
                linked[root(key)] = root(first)
    groups: dict[Key, list[dict[Key, int]]] = {}
    for terms in equations:
        groups.setdefault(root(next(iter(terms))), []).append(terms)
    found: set[Key] = set()
    for group in groups.values():
        found |= {col for col, row in _reduce(group).items() if len(row) == 1}
    return found


def _reduce(equations: list[dict[Key, int]]) -> dict[Key, dict[Key, Fraction]]:  # noqa: C901 -- one elimination loop over sparse rows; split, it hides the invariant the docstring states
    """Reduced row echelon form of sparse rows, built one row at a time: pivot column → its row.

    Each pivot row holds its pivot (1) and no other pivot column, so an unknown is fixed exactly
    when its row holds nothing else. Rows are dicts of their non-zero entries: the sums are
    sparse, and dense rows made a hundred-sector department cost minutes.
    """
    pivots: dict[Key, dict[Key, Fraction]] = {}
    holders: dict[Key, set[Key]] = {}  # column → pivot columns whose rows hold it
    for terms in equations:
        row = {key: Fraction(sign) for key, sign in terms.items()}
        for col in [c for c in row if c in pivots]:
            factor = row.get(col)
            if not factor:
                continue
            for key, value in pivots[col].items():
                updated = row.get(key, 0) - factor * value
                if updated:
                    row[key] = updated
                else:
                    row.pop(key, None)
        if not row:
            continue  # this sum adds nothing the others did not say
        col = min(row, key=repr)
        lead = row[col]
        row = {key: value / lead for key, value in row.items()}
        for other_col in list(holders.get(col, ())):  # clear the new pivot from earlier rows
            other = pivots[other_col]
            factor = other.get(col)
            if not factor:
                continue
            for key, value in row.items():
                updated = other.get(key, 0) - factor * value
                if updated:
                    if key not in other:
                        holders.setdefault(key, set()).add(other_col)
                    other[key] = updated
                else:
                    other.pop(key, None)
                    holders.get(key, set()).discard(other_col)
        pivots[col] = row
        for key in row:
            holders.setdefault(key, set()).add(col)
    return pivots


def suppress(table: Table, threshold: int) -> set[Key]:
    """The published keys to hide so that no small count can be worked out from what is shown.

    Works in rounds: each round solves the sums once, then hides one count for every sum at
    fault, skipping a sum near a count already hidden in the round (that count may have fixed
    it); the next round checks again. Hiding more never reveals more, so a round that fixes
    several sums at once is as safe as fixing them one by one, and far fewer solves are needed.
    """
    published = [key for key in table.values if key not in table.unpublished]
    hidden = {key for key in published if table.values[key] < threshold}
    sums_of: dict[Key, list[tuple[Key, ...]]] = {}
    for parent, children in table.sums:
        for key in (parent, *children):
            sums_of.setdefault(key, []).append((parent, *children))
    while True:
        problems = _problems(table, hidden, threshold)
        if not problems:
            return hidden
        near: set[Key] = set()  # members of the sums around what this round hid
        for problem in problems:
            if near & set(problem):
                continue
            candidates = _candidates(table, problem, hidden)
            if not candidates:  # every count around is hidden already: nothing is left to work anything out from
                raise ValueError(f"Cannot protect {problem!r}")
            # Hide the smallest published part first (parents last): it costs readers the least.
            parent = problem[0]
            candidates.sort(key=lambda key: (key == parent, table.values[key], repr(key)))
            chosen = candidates[0]
            hidden.add(chosen)
            near.update(problem)
            for members in sums_of.get(chosen, ()):
                near.update(members)


def _candidates(table: Table, problem: tuple[Key, ...], hidden: set[Key]) -> list[Key]:
    """Published counts to hide: in the sum at fault, else in the sums around it, widening until some are found.

    A sum can be at fault through a count that another sum fixes; then the count to hide is there.
    """
    members, seen = set(problem), set()
    while True:
        found = [k for k in members if k not in hidden and k not in table.unpublished]
        if found:
            return found
        seen |= members
        wider = {k for parent, children in table.sums if seen & {parent, *children} for k in (parent, *children)}
        if wider <= seen:
            return []
        members = wider - seen


def _problems(table: Table, hidden: set[Key], threshold: int) -> list[tuple[Key, ...]]:
    """The members of every sum through which a small count can be worked out."""
    unknown = hidden | set(table.unpublished)
    fixed = determined(table, unknown)
    problems = []
    for parent, children in table.sums:
        members = (parent, *children)
        if any(key in fixed and table.values[key] < threshold for key in members):
            problems.append(members)
            continue
        open_children = [c for c in children if c in unknown and c not in fixed]
        parent_known = parent not in unknown or parent in fixed
        if parent_known and open_children and sum(table.values[c] for c in open_children) < threshold:
            problems.append(members)
    return problems


# -- workforce representation ------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One imported representation row, as suppression sees it (``sector`` None is the department)."""

    sector: int | None
    level: str
    group: str
    headcount: int
    total: int


def representation_table(  # noqa: C901 -- one pass per kind of sum the docstring lists; kept together so every protected sum is visible
    figures: Iterable[Figure], *, level_parts: Iterable[str], group_parts: dict[str, tuple[str, str]]
) -> Table:
    """A quarter's figures and every sum that ties them, as ``suppress`` needs them.

    Published keys: ``("h", sector, level, group)`` (a group's headcount) and ``("t", sector, level)``
    (the total headcount). Never published but derivable, so protected too: the people of a level
    not in a group, the people of a group not in a combination within it (Black, not Black women),
    the people at levels other than those listed, and the people of sectors not listed. A breakdown
    counts as exhaustive (an exact sum, no remainder) only when its total headcounts add up
    exactly: then the remainder is structural, not a count of people.
    """
    table = Table(values={})
    cells: dict[tuple, dict[str, int]] = {}  # (sector, level) → group → headcount
    for f in figures:
        table.values[("h", f.sector, f.level, f.group)] = f.headcount
        table.values[("t", f.sector, f.level)] = f.total
        cells.setdefault((f.sector, f.level), {})[f.group] = f.headcount
    values = table.values

    def remainder(parent: tuple, children: list[tuple], name: tuple, exhaustive: bool) -> None:
        if parent not in values or not children:
            return
        rest = values[parent] - sum(values[c] for c in children)
        if exhaustive and rest == 0:
            table.add_sum(parent, children)
            return
        values[name] = rest
        table.unpublished.add(name)
        table.add_sum(parent, [*children, name])

    for (sector, level), groups in cells.items():
        total = ("t", sector, level)
        for group in groups:  # the level's people outside the group
            remainder(total, [("h", sector, level, group)], ("not", sector, level, group), exhaustive=False)
        for combined, parts in group_parts.items():
            if combined not in groups:
                continue
            for part in parts:  # Black = Black women + Black people who are not women
                if part in groups:
                    remainder(
                        ("h", sector, level, part),
                        [("h", sector, level, combined)],
                        ("rest", sector, level, part, combined),
                        exhaustive=False,
                    )

    groups = sorted({g for found in cells.values() for g in found})

    def key(unit, level, group):  # a total when group is None, else a group's headcount
        return ("t", unit, level) if group is None else ("h", unit, level, group)

    def breakdown(whole: tuple, parts: list[tuple], rest: tuple) -> None:
        """``whole`` = its ``parts`` (+ the rest), for the totals and for every group."""
        listed = [part for part in parts if key(*part, None) in values]
        total = key(*whole, None)
        exhaustive = total in values and values[total] == sum(values[key(*part, None)] for part in listed)
        for group in [None, *groups]:
            children = [key(*part, group) for part in listed if key(*part, group) in values]
            remainder(key(*whole, group), children, (*rest, group), exhaustive)

    for sector in {s for s, _level in cells}:  # "all employees" = the levels (+ other levels)
        breakdown((sector, "all"), [(sector, level) for level in level_parts], ("other levels", sector))
    sectors = sorted({s for s, _level in cells if s is not None})
    for level in {lv for _s, lv in cells}:  # the department = the sectors (+ sectors not listed)
        breakdown((None, level), [(sector, level) for sector in sectors], ("other sectors", level))
    return table


def hidden_figures(table: Table, threshold: int) -> set[Key]:
    """The published keys of a representation table to show as suppressed.

    Should no set of hidden figures protect every small count (which the sums of a real table
    do not produce), everything is hidden: nothing leaks when in doubt.
    """
    try:
        return suppress(table, threshold)
    except ValueError:
        return {key for key in table.values if key not in table.unpublished}


# -- a count broken down by equity group (a KPI's value for a quarter) ------------------------------
def breakdown_table(total: int | None, groups: dict[Key, int]) -> Table:
    """A count (``"all"``) and its equity groups' counts (``("group", key)``), with the sums that tie them.

    Equity groups overlap (a Black woman counts in "Black" and in "Women") and need not cover
    everyone, so a group's count only bounds the total: the people outside a group (total minus
    the group) exist, are never published, and are protected like any count. When the groups'
    counts add up exactly to the total, a reader may take them for a partition, so the total is
    also their sum (as ``representation_table`` treats a breakdown whose totals add up).
    """
    table = Table(values={("group", key): value for key, value in groups.items()})
    if total is None:
        return table
    table.values["all"] = total
    for key, value in groups.items():
        rest = ("not", key)
        table.values[rest] = total - value
        table.unpublished.add(rest)
        table.add_sum("all", [("group", key), rest])
    if groups and sum(groups.values()) == total:
        table.add_sum("all", [("group", key) for key in groups])
    return table


def breakdown_hidden(total: int | None, groups: dict[Key, int], threshold: int) -> tuple[bool, set[Key]]:
    """Whether to hide the total, and which groups' counts to hide (``suppress`` on ``breakdown_table``)."""
    hidden = hidden_figures(breakdown_table(total, groups), threshold)
    return "all" in hidden, {key[1] for key in hidden if isinstance(key, tuple) and key[0] == "group"}
