"""Small-count suppression, tested over random tables: no output ever reveals a count under the threshold."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.suppression import Table, suppress

THRESHOLD = 5
LEVELS = ("entry", "middle", "ex_minus_1", "executive")


def department(counts):
    """A table like the representation page's: sectors × levels × groups, with every sum that ties them.

    ``counts[s][l]`` = (black only, women only, black women, everyone else) for sector s, level l.
    """
    table = Table(values={})
    sectors = list(range(len(counts)))
    for s in [*sectors, "dept"]:
        for level in (*LEVELS, "all"):
            if s == "dept" or level == "all":
                continue
            black_only, women_only, black_women, others = counts[s][LEVELS.index(level)]
            values = {
                "black": black_only + black_women,
                "women": women_only + black_women,
                "black_women": black_women,
                "total": black_only + women_only + black_women + others,
            }
            for group, value in values.items():
                table.values[(s, level, group)] = value
    groups = ("black", "women", "black_women", "total")
    for group in groups:  # "all employees" of a sector, then the department, as sums
        for s in sectors:
            table.values[(s, "all", group)] = sum(table.values[(s, level, group)] for level in LEVELS)
            table.add_sum((s, "all", group), [(s, level, group) for level in LEVELS])
        for level in (*LEVELS, "all"):
            table.values[("dept", level, group)] = sum(table.values[(s, level, group)] for s in sectors)
            table.add_sum(("dept", level, group), [(s, level, group) for s in sectors])
    for s in [*sectors, "dept"]:
        for level in (*LEVELS, "all"):
            cell = (s, level)
            total = table.values[(*cell, "total")]
            for group in ("black", "women", "black_women"):  # total minus the group: never shown, still there
                rest = (*cell, f"not {group}")
                table.values[rest] = total - table.values[(*cell, group)]
                table.unpublished.add(rest)
                table.add_sum((*cell, "total"), [(*cell, group), rest])
            for wider in ("black", "women"):  # a group minus the narrower group within it
                rest = (*cell, f"{wider} not black_women")
                table.values[rest] = table.values[(*cell, wider)] - table.values[(*cell, "black_women")]
                table.unpublished.add(rest)
                table.add_sum((*cell, wider), [(*cell, "black_women"), rest])
    return table


def attack(table: Table, shown: dict) -> dict:
    """Everything the published figures fix exactly: an independent solver over all the sums."""
    names = sorted({k for p, c in table.sums for k in (p, *c)} - set(shown), key=repr)
    col = {name: i for i, name in enumerate(names)}
    rows = []
    for parent, children in table.sums:
        row = [Fraction(0)] * (len(names) + 1)
        for key, sign in [(parent, 1), *((c, -1) for c in children)]:
            if key in col:
                row[col[key]] += sign
            else:
                row[-1] -= sign * shown[key]
        rows.append(row)
    solved = {}
    # Gauss-Jordan with the right-hand side carried along.
    r = 0
    for c in range(len(names)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c]:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        r += 1
    for row in rows[:r]:
        nonzero = [i for i, v in enumerate(row[:-1]) if v]
        if len(nonzero) == 1:
            solved[names[nonzero[0]]] = row[-1]
    return solved


cell = st.tuples(*(st.integers(min_value=0, max_value=12) for _ in range(4)))
departments = st.lists(st.lists(cell, min_size=len(LEVELS), max_size=len(LEVELS)), min_size=1, max_size=2)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(departments)
def test_no_published_or_derivable_count_is_small(counts):
    table = department(counts)
    hidden = suppress(table, THRESHOLD)
    shown = {k: v for k, v in table.values.items() if k not in hidden and k not in table.unpublished}
    assert all(v >= THRESHOLD for v in shown.values())
    for key, value in attack(table, shown).items():
        assert value == table.values[key]  # the solver is right…
        assert value >= THRESHOLD, f"{key} = {value} can be worked out from the published figures"


def test_nothing_is_hidden_when_every_count_is_large():
    table = department([[(10, 20, 6, 30)] * len(LEVELS)] * 2)
    assert suppress(table, THRESHOLD) == set()


def test_a_small_group_hides_its_count_and_enough_else_to_stay_hidden():
    counts = [[(10, 20, 6, 30), (10, 20, 6, 30), (10, 20, 6, 30), (2, 20, 1, 30)], [(10, 20, 6, 30)] * 4]
    table = department(counts)
    hidden = suppress(table, THRESHOLD)
    assert (0, "executive", "black_women") in hidden and (0, "executive", "black") in hidden
    shown = {k: v for k, v in table.values.items() if k not in hidden and k not in table.unpublished}
    assert (0, "executive", "black") not in attack(table, shown)


def count_key(unit, level, group):
    """A total (group None) or a group's headcount."""
    return ("t", unit, level) if group is None else ("h", unit, level, group)


def attack_sums(truth: dict, shown: dict, *, level_parts, group_parts) -> dict:  # noqa: C901 -- the attacker's model is written apart from the code under test, in one place on purpose
    """Whatever the shown representation figures fix, by an attacker who knows how the counts relate.

    Written apart from ``representation_table``: the true relations among the counts of a quarter
    (``("t", sector, level)`` totals and ``("h", sector, level, group)`` headcounts; sector None
    is the department), with a cell for every never-shown remainder. Where a breakdown's totals
    add up exactly, the attacker is assumed to know it, so its remainders are known zeros.
    """
    table = Table(values=dict(truth))
    known = dict(shown)
    units = {k[1] for k in truth if k[0] == "t"}
    levels = {k[2] for k in truth if k[0] == "t"}
    groups = {k[3] for k in truth if k[0] == "h"}

    def relate(parent, children, rest):
        if parent not in truth or not children:
            return
        table.values[rest] = truth[parent] - sum(truth[c] for c in children)
        table.add_sum(parent, [*children, rest])

    for unit in units:
        for level in levels:
            total = ("t", unit, level)
            for group in groups:
                relate(total, [("h", unit, level, group)], ("outside", unit, level, group))
            for combined, parts in group_parts.items():
                for part in parts:
                    if ("h", unit, level, combined) in truth:
                        relate(("h", unit, level, part), [("h", unit, level, combined)], ("part", unit, level, part))
        listed = [lv for lv in level_parts if ("t", unit, lv) in truth]
        exact = truth.get(("t", unit, "all")) == sum(truth[("t", unit, lv)] for lv in listed)
        for series in [None, *groups]:
            rest = ("other levels", unit, series)
            children = [count_key(unit, lv, series) for lv in listed if count_key(unit, lv, series) in truth]
            relate(count_key(unit, "all", series), children, rest)
            if exact and rest in table.values:
                known[rest] = table.values[rest]
    sectors = sorted(u for u in units if u is not None)
    for level in levels:
        exact = truth.get(("t", None, level)) == sum(truth.get(("t", s, level), 0) for s in sectors)
        for series in [None, *groups]:
            rest = ("other units", level, series)
            children = [count_key(s, level, series) for s in sectors if count_key(s, level, series) in truth]
            relate(count_key(None, level, series), children, rest)
            if exact and rest in table.values:
                known[rest] = table.values[rest]
    return {key: value for key, value in attack(table, known).items() if key not in known}
