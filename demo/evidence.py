"""Demo equity evidence: representation against LMA, two surveys with highlights, maturity assessments.

Every figure is illustrative (said in the sources, survey names and texts), shaped so the pages
and the tracker show something real-looking: small sectors produce small counts, which are
suppressed; under-representation grows with the level, and narrows a little quarter by quarter.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from equity.models import MaturityAssessment, Representation, Survey, SurveyHighlight, SurveyResult
from equity.services import representation_protect
from periods.models import ReportingPeriod
from sectors.models import Membership, Sector

SOURCE = "Illustrative demo figures (shaped on 2021 Census workforce availability)"
LMA_YEAR = 2021
# Sector → everyone in the sector ("all employees").
SECTOR_SIZE = {
    "CSS": 2200,
    "CIO-TDSS": 900,
    "CFO": 520,
    "SIS": 640,
    "SPP": 360,
    "OPS": 3300,
    "DMO-COVID": 48,
    "DMO-COMMS": 120,
    "DMO-CAE": 34,
    "DMO-SGC": 26,
}
# Share of a sector's people at each listed level; the rest work at other levels.
LEVEL_SHARE = {"entry": 0.27, "middle": 0.12, "ex_minus_1": 0.05, "executive": 0.032}
# Share (%) of each group at each level in the newest quarter; "working" is everyone at other levels.
SHARES = {
    "indigenous": {"entry": 4.6, "middle": 3.8, "ex_minus_1": 3.6, "executive": 3.4, "working": 4.2},
    "black": {"entry": 7.6, "middle": 4.7, "ex_minus_1": 3.9, "executive": 3.6, "working": 6.5},
    "racialized": {"entry": 24.0, "middle": 19.0, "ex_minus_1": 15.0, "executive": 11.5, "working": 22.0},
    "disability": {"entry": 8.2, "middle": 7.1, "ex_minus_1": 6.0, "executive": 5.4, "working": 8.6},
    "women": {"entry": 64.0, "middle": 57.0, "ex_minus_1": 54.0, "executive": 50.5, "working": 61.0},
}
WOMEN_WITHIN = 0.58  # of each group, the share who are women
LMA = {
    "all": {"indigenous": 4.0, "black": 4.4, "racialized": 21.3, "disability": 9.0, "women": 52.7},
    "entry": {"indigenous": 4.0, "black": 4.4, "racialized": 21.3, "disability": 9.0, "women": 52.7},
    "middle": {"indigenous": 3.6, "black": 3.9, "racialized": 19.0, "disability": 8.0, "women": 50.5},
    "ex_minus_1": {"indigenous": 4.0, "black": 4.3, "racialized": 16.4, "disability": 6.6, "women": 48.5},
    "executive": {"indigenous": 4.0, "black": 4.3, "racialized": 15.9, "disability": 6.0, "women": 48.0},
}
OTHER_UNITS = 0.08  # the department also counts people outside the ten sectors
QUARTERS = 6  # quarters of figures, ending with the last closed one


def _sector_counts(size: int, age: int) -> dict[str, dict[str, int]]:
    """Counts by level ("all" included) and group for a unit of ``size`` people, ``age`` quarters ago."""
    levels = {level: round(size * share) for level, share in LEVEL_SHARE.items()}
    working = size - sum(levels.values())
    counts: dict[str, dict[str, int]] = {level: {"total": n} for level, n in levels.items()}
    counts["all"] = {"total": size}
    for group, by_level in SHARES.items():
        progress = 1.0 if group == "women" else 1 - 0.035 * age  # the gaps narrow a little each quarter
        for level, n in levels.items():
            factor = progress if level in ("middle", "ex_minus_1", "executive") else 1.0
            counts[level][group] = round(n * by_level[level] * factor / 100)
        counts["all"][group] = sum(counts[lv][group] for lv in levels) + round(working * by_level["working"] / 100)
    for level in counts:
        for group in ("indigenous", "black", "racialized", "disability"):
            counts[level][f"{group}_women"] = round(counts[level][group] * WOMEN_WITHIN)
    return counts


def _rows(period: ReportingPeriod, sectors: dict[str, Sector], age: int) -> list[Representation]:
    rows = []
    department: dict[str, dict[str, int]] = {}
    for code, size in SECTOR_SIZE.items():
        counts = _sector_counts(size, age)
        for level, groups in counts.items():
            for group, n in groups.items():
                department.setdefault(level, {}).setdefault(group, 0)
                department[level][group] += n
                if group == "total" or (group.endswith("_women") and group != "black_women"):
                    continue
                rows.append(_row(period, sectors[code], level, group, n, groups["total"]))
    others = _sector_counts(round(sum(SECTOR_SIZE.values()) * OTHER_UNITS), age)
    for level, groups in department.items():
        total = groups["total"] + others[level]["total"]
        for group, n in groups.items():
            if group != "total":
                rows.append(_row(period, None, level, group, n + others[level][group], total))
    return rows


def _row(period, sector, level, group, headcount, total) -> Representation:
    lma = LMA[level].get(group)  # none for the combined groups
    return Representation(
        period=period,
        sector=sector,
        level=level,
        group=group,
        headcount=headcount,
        total=total,
        lma_percent=lma,
        lma_source=SOURCE if lma is not None else "",
        lma_year=LMA_YEAR if lma is not None else None,
    )


SURVEYS = [
    # (English name, French name, quarter, results by theme: {group: (result, respondents)})
    (
        "Anti-racism pulse survey (illustrative)",
        "Sondage éclair sur la lutte contre le racisme (fictif)",
    ),
]
THEMES = [
    ("I feel included at work", "Je me sens inclus au travail", 74.0),
    (
        "I could report racism without fear of reprisal",
        "Je pourrais signaler le racisme sans crainte de représailles",
        61.0,
    ),
    ("My manager acts when racism is raised", "Mon gestionnaire agit lorsque le racisme est signalé", 66.0),
    ("I see people like me in leadership", "Je vois des personnes comme moi parmi les cadres", 55.0),
]
GROUP_OFFSET = {"": 0.0, "indigenous": -9.0, "black": -14.0, "racialized": -8.0, "disability": -10.0, "women": -2.0}
RESPONDENTS = {"": 2140, "indigenous": 4, "black": 164, "racialized": 472, "disability": 190, "women": 1290}
HIGHLIGHTS = [
    (
        "Fear of reprisal",
        "Crainte de représailles",
        "Many respondents would not raise racism with their manager for fear it would affect their assignments. They asked for a channel that does not identify them.",
        "Beaucoup de répondants ne signaleraient pas le racisme à leur gestionnaire de peur que cela nuise à leurs affectations. Ils demandent un moyen qui ne les identifie pas.",
        "I would rather say nothing than be the one who complained.",
    ),
    (
        "Leaders need training first",
        "Les gestionnaires doivent d'abord être formés",
        "Respondents asked that supervisors at every level be trained before taking on a team, including in-person anti-racism training.",
        "Les répondants demandent que les superviseurs de tous les niveaux soient formés avant de diriger une équipe, notamment par une formation en personne sur la lutte contre le racisme.",
        "",
    ),
    (
        "Seeing a path to promotion",
        "Voir un chemin vers la promotion",
        "Black and racialized respondents see few people like them at EX levels and asked for sponsorship and clear development plans.",
        "Les répondants noirs et racisés voient peu de personnes comme eux aux niveaux EX et demandent du parrainage et des plans de perfectionnement clairs.",
        "Nobody above me looks like me, so I stopped applying.",
    ),
]
MATURITY = {
    # sector → stages for the last four closed quarters
    "CSS": (2, 3, 3, 4),
    "CIO-TDSS": (2, 2, 3, 3),
    "CFO": (2, 2, 2, 3),
    "SIS": (1, 2, 2, 2),
    "SPP": (2, 3, 3, 3),
    "OPS": (2, 3, 4, 4),
    "DMO-COMMS": (3, 3, 3, 4),
}
EVIDENCE = {
    1: "Illustrative demo assessment: no anti-racism policy or data yet; the sector says it has no problem.",
    2: "Illustrative demo assessment: diversity statements exist, but decisions and practices have not changed.",
    3: "Illustrative demo assessment: official commitments and outreach; recruitment panels now include racialized members.",
    4: "Illustrative demo assessment: systemic racism analysis done, mandatory training held, first accountability measures to racialized employees.",
}


@transaction.atomic
def demo_evidence_load(*, periods: list[ReportingPeriod], last_closed: ReportingPeriod) -> None:
    sectors = {s.code: s for s in Sector.objects.filter(code__in=SECTOR_SIZE)}
    closed = [p for p in periods if p.order_key <= last_closed.order_key]
    quarters = closed[-QUARTERS:]
    Representation.objects.filter(period__in=quarters).delete()
    rows = []
    for age, period in enumerate(reversed(quarters)):
        rows.extend(_rows(period, sectors, age))
    Representation.objects.bulk_create(rows, batch_size=1000)
    representation_protect(periods=quarters)
    _surveys(closed)
    _maturity(closed[-4:], sectors)


def _surveys(closed: list[ReportingPeriod]) -> None:
    User = get_user_model()
    artf = User.objects.filter(username="artf").first()
    name_en, name_fr = SURVEYS[0]
    for age, period in enumerate(reversed(closed[-3:])):  # three waves, the last one newest
        survey, _ = Survey.objects.update_or_create(
            name_en=name_en, period=period, defaults={"name_fr": name_fr, "source": "Illustrative demo survey"}
        )
        survey.results.all().delete()
        SurveyResult.objects.bulk_create(
            [
                SurveyResult(
                    survey=survey,
                    theme_en=t_en,
                    theme_fr=t_fr,
                    group=group,
                    value=round(base + offset - 1.5 * age, 1),
                    respondents=RESPONDENTS[group] if group == "indigenous" else RESPONDENTS[group] - 20 * age,
                )
                for t_en, t_fr, base in THEMES
                for group, offset in GROUP_OFFSET.items()
            ]
        )
        survey.highlights.all().delete()
        if age == 0:
            for order, (t_en, t_fr, s_en, s_fr, quote) in enumerate(HIGHLIGHTS, start=1):
                SurveyHighlight.objects.create(
                    survey=survey,
                    theme_en=t_en,
                    theme_fr=t_fr,
                    summary_en=s_en,
                    summary_fr=s_fr,
                    quote=quote,
                    quote_language="en" if quote else "",
                    order=order,
                    created_by=artf,
                )


def _maturity(quarters: list[ReportingPeriod], sectors: dict[str, Sector]) -> None:
    User = get_user_model()
    artf = User.objects.filter(username="artf").first()
    leads = {m.sector_id: m.user for m in Membership.objects.filter(role="lead").select_related("user")}
    for code, stages in MATURITY.items():
        sector = sectors[code]
        for period, stage in zip(quarters, stages, strict=False):
            when = timezone.make_aware(datetime.datetime.combine(period.end_date, datetime.time(12)))
            MaturityAssessment.objects.update_or_create(
                sector=sector,
                period=period,
                defaults={
                    "stage": stage,
                    "evidence": EVIDENCE[stage],
                    "assessed_by": leads.get(sector.pk, artf),
                    "assessed_at": when,
                    "review_note": "Illustrative demo note: evidence is specific; keep the data coming."
                    if stage >= 4
                    else "",
                    "reviewed_by": artf if stage >= 4 else None,
                    "reviewed_at": when if stage >= 4 else None,
                },
            )
