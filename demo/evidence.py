"""Demo equity evidence: representation against LMA, a survey's waves with highlights, maturity assessments.

Every figure is illustrative (said in the sources, survey names and texts), shaped so the pages
and the tracker show something real-looking: small sectors produce small counts, which are
suppressed; under-representation grows with the level, and narrows a little quarter by quarter.

It arrives as people bring it, quarter by quarter: ARTF imports each quarter's representation
file and the survey's results (the imports check the figures and work out what to suppress) and
writes the highlights; each sector assesses its maturity and ARTF reviews the assessments.
"""

from __future__ import annotations

from demo.files import imported, spreadsheet
from equity.models import Survey
from equity.services import (
    maturity_assess,
    maturity_review,
    representation_import,
    survey_highlight_save,
    survey_results_import,
)
from periods.models import ReportingPeriod
from sectors.models import Sector

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
COLUMNS = ("Period", "Sector", "Level", "Group", "Headcount", "Total headcount", "LMA %", "LMA source", "LMA year")


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


def _rows(period: ReportingPeriod, age: int) -> list[dict]:
    """The quarter's representation file: each sector's figures, then the department's."""
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
                rows.append(_row(period, code, level, group, n, groups["total"]))
    others = _sector_counts(round(sum(SECTOR_SIZE.values()) * OTHER_UNITS), age)
    for level, groups in department.items():
        total = groups["total"] + others[level]["total"]
        for group, n in groups.items():
            if group != "total":
                rows.append(_row(period, "", level, group, n + others[level][group], total))
    return rows


def _row(period, code, level, group, headcount, total) -> dict:
    lma = LMA[level].get(group)  # none for the combined groups
    values = (period.label_in("en"), code, level, group, headcount, total)
    benchmark = (lma, SOURCE, LMA_YEAR) if lma is not None else ("", "", "")
    return dict(zip(COLUMNS, values + benchmark, strict=True))


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
    # sector → stages for the last four closed quarters, oldest first
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


def demo_evidence_quarter(*, period: ReportingPeriod, age: int, people) -> None:
    """The evidence of ``period``, ``age`` quarters before the one being reported on: its
    representation figures, a wave of the survey, and the sectors' maturity assessments."""
    if 1 <= age <= QUARTERS:
        data = spreadsheet(_rows(period, age - 1))
        imported(representation_import(data=data, file_format="csv", user=people.artf))
    if 1 <= age <= SURVEY_WAVES:
        _survey(period, age - 1, people)
    if 1 <= age <= len(next(iter(MATURITY.values()))):
        _maturity(period, age, people)


SURVEY_WAVES = 3  # the survey's waves, in the last closed quarters


def _survey(period: ReportingPeriod, age: int, people) -> None:
    """ARTF imports a wave of the survey (``age`` 0: the newest) and writes the newest one's highlights."""
    name_en, name_fr = SURVEYS[0]
    rows = [
        {
            "Survey (EN)": name_en,
            "Survey (FR)": name_fr,
            "Period": period.label_in("en"),
            "Question or theme (EN)": t_en,
            "Question or theme (FR)": t_fr,
            "Group": group,
            "Result %": round(base + offset - 1.5 * age, 1),
            "Respondents": RESPONDENTS[group] if group == "indigenous" else RESPONDENTS[group] - 20 * age,
        }
        for t_en, t_fr, base in THEMES
        for group, offset in GROUP_OFFSET.items()
    ]
    imported(survey_results_import(data=spreadsheet(rows), file_format="csv", user=people.artf))
    survey = Survey.objects.get(name_en=name_en, period=period)
    # The import has no column for where a survey comes from (the admin sets it): no history either.
    Survey.objects.filter(pk=survey.pk, source="").update(source="Illustrative demo survey")
    if age == 0 and not survey.highlights.exists():
        for t_en, t_fr, s_en, s_fr, quote in HIGHLIGHTS:
            survey_highlight_save(
                survey=survey,
                by=people.artf,
                theme_en=t_en,
                theme_fr=t_fr,
                summary_en=s_en,
                summary_fr=s_fr,
                quote=quote,
                quote_language="en" if quote else "",
            )


def _maturity(period: ReportingPeriod, age: int, people) -> None:
    """Each sector's stage for the quarter, assessed by its lead (ARTF for a sector without one);
    ARTF reviews the assessments that reach stage 4."""
    sectors = {s.code: s for s in Sector.objects.filter(code__in=MATURITY)}
    for code, stages in MATURITY.items():
        stage = stages[len(stages) - age]  # the stages run oldest first, ending with the last closed quarter
        assessment = maturity_assess(
            sector=sectors[code],
            period=period,
            by=people.leads.get(code, people.artf),
            stage=stage,
            evidence=EVIDENCE[stage],
            version=None,
        )
        if stage >= 4:
            maturity_review(
                assessment=assessment,
                by=people.artf,
                note="Illustrative demo note: evidence is specific; keep the data coming.",
            )
