"""The demo data: the real content of the ARTF deck (Jan 2022), loaded idempotently.

Sectors (Annex A), the strategy and its five phases, a plan per sector whose initiatives are
the ones listed under "Taking Stock: Sample of AR Initiatives by Sector", and the Annex D
example commitments with their leads, supporting units, initiatives, timelines and KPIs.
Baselines, targets and KPI values are illustrative figures, marked as such: the deck has none.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accountability.models import Approval, Engagement, Recommendation
from actionplans.models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy
from equity.models import MaturityAssessment, Representation, SurveyResult
from periods.calendar import fiscal_quarter_dates
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport
from sectors.models import Membership, Sector

D = datetime.date
DEMO_NOTE_EN = "Illustrative demo figure"
DEMO_NOTE_FR = "Donnée fictive de démonstration"

SECTORS = [
    ("CSS", "Corporate Services", "Services ministériels"),
    (
        "CIO-TDSS",
        "Chief Information Officer and Transformation and Digital Solutions Sector",
        "Dirigeant principal de l'information et Secteur de la transformation et des solutions numériques",
    ),
    ("CFO", "Chief Financial Officer and Comptroller", "Dirigeant principal des finances et contrôleur"),
    ("SIS", "Settlement and Integration", "Établissement et intégration"),
    ("SPP", "Strategic and Program Policy", "Politiques stratégiques et de programmes"),
    ("OPS", "Operations", "Opérations"),
    (
        "DMO-COVID",
        "Deputy Minister's Office – COVID Reintegration",
        "Cabinet du sous-ministre – Réintégration après la COVID",
    ),
    ("DMO-COMMS", "Deputy Minister's Office – Communications", "Cabinet du sous-ministre – Communications"),
    (
        "DMO-CAE",
        "Deputy Minister's Office – Chief Audit Executive",
        "Cabinet du sous-ministre – Dirigeant principal de la vérification",
    ),
    (
        "DMO-SGC",
        "Deputy Minister's Office – Senior General Counsel",
        "Cabinet du sous-ministre – Avocat général principal",
    ),
]

EQUITY_GROUPS = [
    ("indigenous", "Indigenous peoples", "Autochtones"),
    ("black", "Black", "Personnes noires"),
    ("racialized", "Other racialized groups", "Autres groupes racisés"),
    ("disability", "Persons with disabilities", "Personnes en situation de handicap"),
    ("women", "Women", "Femmes"),
]

STRATEGY = {
    "name_en": "Anti-Racism Strategy 2.0",
    "name_fr": "Stratégie de lutte contre le racisme 2.0",
    "start_date": D(2021, 4, 1),
    "end_date": D(2026, 3, 31),
    "vision_en": "An anti-racist institution. Racial equity for all: Indigenous, Black and all racialized groups. "
    "Deliver on the department's mandate for a stronger Canada.",
    "vision_fr": "Une institution antiraciste. L'équité raciale pour tous : Autochtones, personnes noires et tous les "
    "groupes racisés. Réaliser le mandat du ministère pour un Canada plus fort.",
    "premise_en": "Generational work: actions today will shape future immigration outcomes in Canada. Equity: focus "
    "resources on the most adversely impacted groups. Intersectional.",
    "premise_fr": "Un travail générationnel : les actions d'aujourd'hui façonneront les résultats futurs de "
    "l'immigration au Canada. Équité : concentrer les ressources sur les groupes les plus touchés. "
    "Intersectionnel.",
}

PHASES = [
    (
        1,
        "Plan, Consult & Align",
        "Planifier, consulter et harmoniser",
        D(2022, 1, 1),
        D(2022, 2, 28),
        "Sectors and ARTF engage stakeholders on the strategy and action plans; sectors develop, socialize and finalize their action plans.",
        "Les secteurs et le GTLR consultent les parties prenantes sur la stratégie et les plans d'action; les secteurs élaborent, font connaître et finalisent leurs plans d'action.",
    ),
    (
        2,
        "Consolidate & Revise",
        "Regrouper et réviser",
        D(2022, 3, 1),
        D(2022, 4, 30),
        "ARTF updates the strategy from phase 1 inputs with support from sectors; Communications polishes the draft and provides visual design.",
        "Le GTLR met à jour la stratégie à partir des contributions de la phase 1 avec l'appui des secteurs; les Communications peaufinent l'ébauche et en assurent la conception visuelle.",
    ),
    (
        3,
        "Approvals and Release",
        "Approbations et publication",
        D(2022, 5, 1),
        D(2022, 6, 30),
        "The strategy is approved by the ARTF Advisory Board, DG feeder committees, Joint IMC-CFC, ADMOS and EXCOM; Strategy 2.0 is published internally and externally.",
        "La stratégie est approuvée par le conseil consultatif du GTLR, les comités préparatoires des DG, le comité mixte CGI-CFC, le CSMA et le Comité exécutif; la Stratégie 2.0 est publiée à l'interne et à l'externe.",
    ),
    (
        4,
        "Implement, Engage & Mid-Point Evaluation",
        "Mettre en œuvre, mobiliser et évaluer à mi-parcours",
        D(2022, 6, 1),
        D(2024, 7, 31),
        "Sectors implement their action plans, engage stakeholders, and conduct and report on the mid-point evaluation. ARTF off-ramps in 2024.",
        "Les secteurs mettent en œuvre leurs plans d'action, mobilisent les parties prenantes et mènent l'évaluation à mi-parcours et en rendent compte. Le GTLR se retire en 2024.",
    ),
    (
        5,
        "Mainstream Anti-Racism",
        "Intégrer la lutte contre le racisme",
        D(2024, 7, 1),
        D(2026, 3, 31),
        "Sectors conduct and report on the end-point evaluation, create and implement future iterations of the strategy; anti-racism work is mainstreamed across the department.",
        "Les secteurs mènent l'évaluation finale et en rendent compte, conçoivent et mettent en œuvre les prochaines versions de la stratégie; la lutte contre le racisme est intégrée dans l'ensemble du ministère.",
    ),
]

SECTOR_COMMITMENT_EN = "Carry out the sector's anti-racism commitments (initiatives from the January 2022 stock-take)."
SECTOR_COMMITMENT_FR = (
    "Réaliser les engagements du secteur en matière de lutte contre le racisme (initiatives du bilan de janvier 2022)."
)


def _i(number, en, fr, phases, start, end, status, scope="internal", lead="", groups=()):
    return {
        "number": number,
        "title_en": en,
        "title_fr": fr,
        "phases": phases,
        "planned_start": start,
        "planned_end": end,
        "status": status,
        "scope": scope,
        "lead": lead,
        "groups": groups,
    }


def _k(number, en, fr, unit, direction, baseline, target, source_en, source_fr, disaggregated=False):
    return {
        "number": number,
        "name_en": en,
        "name_fr": fr,
        "unit": unit,
        "direction": direction,
        "baseline_value": Decimal(str(baseline)),
        "baseline_date": D(2022, 3, 31),
        "target_value": Decimal(str(target)),
        "target_date": D(2026, 3, 31),
        "data_source_en": source_en,
        "data_source_fr": source_fr,
        "is_disaggregated": disaggregated,
    }


# Each plan: (number, statement EN, statement FR, key leads, supporting units, initiatives, KPIs).
PLANS = {
    "CSS": [
        (
            1,
            "Actively promote anti-racism, communicate expectations and outcomes to generate positive change in the culture of IRCC.",
            "Promouvoir activement la lutte contre le racisme, communiquer les attentes et les résultats pour susciter un changement positif dans la culture d'IRCC.",
            "ARTF",
            "IDOL, BEN, Comms",
            [
                _i(
                    1,
                    "Black History Month",
                    "Mois de l'histoire des Noirs",
                    [1],
                    D(2022, 1, 1),
                    D(2022, 3, 31),
                    "completed",
                    lead="ARTF",
                    groups=("black",),
                ),
                _i(
                    2,
                    "Trust Circles",
                    "Cercles de confiance",
                    [1],
                    D(2022, 3, 1),
                    D(2022, 6, 30),
                    "completed",
                    lead="ARTF",
                ),
                _i(
                    3,
                    "Embedding anti-racism in existing performance management tools",
                    "Intégrer la lutte contre le racisme aux outils de gestion du rendement existants",
                    [2, 3, 4],
                    D(2022, 4, 1),
                    D(2024, 7, 31),
                    "delayed",
                    lead="ARTF",
                ),
            ],
            [
                _k(
                    1,
                    "Survey sentiment: employees who say the department is taking action against racism",
                    "Sentiment au sondage : employés qui estiment que le ministère agit contre le racisme",
                    "percent",
                    "increase",
                    48,
                    70,
                    "Internal anti-racism survey",
                    "Sondage interne sur la lutte contre le racisme",
                    True,
                ),
                _k(
                    2,
                    "Number of discrimination complaints and cases",
                    "Nombre de plaintes et de cas de discrimination",
                    "count",
                    "decrease",
                    42,
                    20,
                    "Office of Conflict Resolution",
                    "Bureau de la résolution des conflits",
                ),
                _k(
                    3,
                    "Gap in promotion rates between racialized and other employees (points)",
                    "Écart des taux de promotion entre les employés racisés et les autres (points)",
                    "points",
                    "close_gap",
                    6.5,
                    0,
                    "HR data (Phoenix and PeopleSoft)",
                    "Données RH (Phénix et PeopleSoft)",
                ),
            ],
        ),
        (
            2,
            "Proactively engage in dialogue that normalizes discussions on racism and systemic barriers.",
            "Engager de façon proactive un dialogue qui normalise les discussions sur le racisme et les obstacles systémiques.",
            "ARTF",
            "Comms",
            [
                _i(
                    1,
                    "CSS all-staff on “Turning White Fragility into White Humility”",
                    "Rencontre de tout le personnel des SM : « Transformer la fragilité blanche en humilité blanche »",
                    [1],
                    D(2022, 2, 1),
                    D(2022, 2, 28),
                    "completed",
                    lead="CSS",
                )
            ],
            [],
        ),
        (
            3,
            "Build a workforce that is representative at all levels.",
            "Bâtir un effectif représentatif à tous les niveaux.",
            "CSS",
            "HR, ARTF",
            [
                _i(
                    1,
                    "Mentorship/Sponsorship Plus Program",
                    "Programme Mentorat/Parrainage Plus",
                    [4, 5],
                    D(2022, 9, 1),
                    D(2026, 3, 31),
                    "in_progress",
                    lead="HR",
                    groups=("indigenous", "black", "racialized"),
                ),
                _i(
                    2,
                    "New IRCC representation baselines",
                    "Nouvelles données de référence sur la représentation à IRCC",
                    [4],
                    D(2022, 6, 1),
                    D(2023, 3, 31),
                    "completed",
                    lead="HR",
                ),
                _i(
                    3,
                    "McKinsey Leadership Development Program",
                    "Programme de perfectionnement en leadership McKinsey",
                    [4],
                    D(2022, 10, 1),
                    D(2024, 3, 31),
                    "completed",
                    lead="HR",
                    groups=("black", "racialized"),
                ),
                _i(
                    4,
                    "EX-01 Talent Bank",
                    "Répertoire de talents EX-01",
                    [4, 5],
                    D(2023, 4, 1),
                    D(2027, 3, 31),
                    "in_progress",
                    lead="HR",
                    groups=("indigenous", "black", "racialized"),
                ),
            ],
            [
                _k(
                    1,
                    "Racialized employees in EX-minus-1 positions (%)",
                    "Employés racisés occupant des postes EX moins 1 (%)",
                    "percent",
                    "increase",
                    21,
                    28,
                    "HR data (Phoenix and PeopleSoft)",
                    "Données RH (Phénix et PeopleSoft)",
                    True,
                )
            ],
        ),
    ],
    "SPP": [
        (
            1,
            SECTOR_COMMITMENT_EN,
            SECTOR_COMMITMENT_FR,
            "SPP",
            "ARTF",
            [
                _i(
                    1,
                    "Research using a race-based lens on the high human capital immigration model, programs and policies",
                    "Recherche selon une optique fondée sur la race sur le modèle d'immigration à capital humain élevé, les programmes et les politiques",
                    [4],
                    D(2022, 6, 1),
                    D(2024, 3, 31),
                    "completed",
                    scope="external",
                    lead="Research and Evaluation",
                ),
                _i(
                    2,
                    "Disaggregated Data and Analytics Framework",
                    "Cadre de données désagrégées et d'analyse",
                    [4, 5],
                    D(2022, 6, 1),
                    D(2025, 3, 31),
                    "completed",
                    scope="external",
                    lead="Research and Evaluation",
                ),
                _i(
                    3,
                    "Racial Equity, Diversity and Inclusion (REDI) assessment of the Citizenship Program",
                    "Évaluation de l'équité raciale, de la diversité et de l'inclusion (ERDI) du programme de citoyenneté",
                    [4, 5],
                    D(2023, 1, 1),
                    D(2026, 3, 31),
                    "in_progress",
                    scope="external",
                    lead="Citizenship Branch",
                ),
            ],
            [
                _k(
                    1,
                    "Policies and programs reviewed with a race-based lens",
                    "Politiques et programmes examinés selon une optique fondée sur la race",
                    "count",
                    "increase",
                    0,
                    12,
                    "SPP tracking",
                    "Suivi des PSP",
                )
            ],
        ),
    ],
    "SIS": [
        (
            1,
            SECTOR_COMMITMENT_EN,
            SECTOR_COMMITMENT_FR,
            "SIS",
            "ARTF",
            [
                _i(
                    1,
                    "Data collection on the racial composition of Service Provider Organization (SPO) boards and executives, and strengthened capacity for racially and culturally competent service delivery",
                    "Collecte de données sur la composition raciale des conseils et de la haute direction des fournisseurs de services (FS) et renforcement des capacités pour une prestation de services compétente sur les plans racial et culturel",
                    [4, 5],
                    D(2022, 6, 1),
                    D(2025, 3, 31),
                    "in_progress",
                    scope="external",
                    lead="Settlement Network",
                ),
                _i(
                    2,
                    "Funding for anti-racism initiatives (e.g. SDI, Indigenous–newcomer relations) and guidance that anti-racism initiatives fit within existing projects (e.g. LIPs and RIFs)",
                    "Financement d'initiatives de lutte contre le racisme (p. ex. IPS, relations entre Autochtones et nouveaux arrivants) et orientation précisant que ces initiatives s'inscrivent dans les projets existants (p. ex. PLI et RIF)",
                    [4],
                    D(2022, 4, 1),
                    D(2024, 3, 31),
                    "completed",
                    scope="external",
                    lead="Settlement Network",
                    groups=("indigenous",),
                ),
                _i(
                    3,
                    "Analysis of disaggregated race data on newcomer outcomes to inform where service improvements may be needed",
                    "Analyse des données désagrégées selon la race sur les résultats des nouveaux arrivants pour cerner les améliorations de service nécessaires",
                    [4, 5],
                    D(2023, 1, 1),
                    D(2026, 3, 31),
                    "in_progress",
                    scope="external",
                    lead="Settlement Network",
                ),
            ],
            [
                _k(
                    1,
                    "SPO boards reporting racial composition data (%)",
                    "Conseils des FS qui déclarent leur composition raciale (%)",
                    "percent",
                    "increase",
                    10,
                    80,
                    "Settlement program reporting",
                    "Rapports du programme d'établissement",
                )
            ],
        ),
    ],
    "CFO": [
        (
            1,
            SECTOR_COMMITMENT_EN,
            SECTOR_COMMITMENT_FR,
            "CFO",
            "ARTF, HR",
            [
                _i(
                    1,
                    "Diversity and inclusion requirements for procurement contracts, e.g. Digital Platform Modernization",
                    "Exigences de diversité et d'inclusion dans les contrats d'approvisionnement, p. ex. la modernisation de la plateforme numérique",
                    [4, 5],
                    D(2022, 6, 1),
                    D(2025, 3, 31),
                    "completed",
                    scope="external",
                    lead="Procurement",
                ),
                _i(
                    2,
                    "External recruitment campaigns for Indigenous and racialized employees",
                    "Campagnes de recrutement externe d'employés autochtones et racisés",
                    [4],
                    D(2022, 9, 1),
                    D(2024, 3, 31),
                    "completed",
                    lead="CFO",
                    groups=("indigenous", "black", "racialized"),
                ),
            ],
            [
                _k(
                    1,
                    "Procurement contracts with diversity and inclusion requirements (%)",
                    "Contrats d'approvisionnement comportant des exigences de diversité et d'inclusion (%)",
                    "percent",
                    "increase",
                    5,
                    50,
                    "Procurement records",
                    "Registres d'approvisionnement",
                )
            ],
        ),
    ],
    "CIO-TDSS": [
        (
            1,
            SECTOR_COMMITMENT_EN,
            SECTOR_COMMITMENT_FR,
            "CIO-TDSS",
            "ARTF",
            [
                _i(
                    1,
                    "Participation in the IT apprenticeship program working group to increase IT employment for Indigenous peoples",
                    "Participation au groupe de travail du programme d'apprentissage en TI pour accroître l'emploi des Autochtones en TI",
                    [4],
                    D(2022, 6, 1),
                    D(2024, 3, 31),
                    "completed",
                    lead="CIO",
                    groups=("indigenous",),
                ),
                _i(
                    2,
                    "New version of the facial recognition algorithm to reduce recognition error rates across demographic groups",
                    "Nouvelle version de l'algorithme de reconnaissance faciale pour réduire les taux d'erreur entre les groupes démographiques",
                    [4, 5],
                    D(2022, 9, 1),
                    D(2025, 9, 30),
                    "completed",
                    scope="external",
                    lead="TDSS",
                ),
                _i(
                    3,
                    "Improvement of the Canadian Immigration Biometric Identification System (CIBIDS) to reduce bias based on age, ethnicity, sex, etc.",
                    "Amélioration du Système canadien d'identification biométrique en matière d'immigration (SCIBI) pour réduire les biais liés à l'âge, à l'origine ethnique, au sexe, etc.",
                    [4, 5],
                    D(2023, 1, 1),
                    D(2026, 3, 31),
                    "delayed",
                    scope="external",
                    lead="TDSS",
                ),
            ],
            [
                _k(
                    1,
                    "Difference in facial recognition error rates between demographic groups (points)",
                    "Écart des taux d'erreur de reconnaissance faciale entre les groupes démographiques (points)",
                    "points",
                    "close_gap",
                    3.0,
                    0.5,
                    "Biometrics performance testing",
                    "Essais de performance biométrique",
                )
            ],
        ),
    ],
    "DMO-COMMS": [
        (
            1,
            SECTOR_COMMITMENT_EN,
            SECTOR_COMMITMENT_FR,
            "Communications",
            "ARTF",
            [
                _i(
                    1,
                    "Anti-racism section in the Afternoon Wrap newsletter and DEI content on Connexion",
                    "Section sur la lutte contre le racisme dans le bulletin Le Point de l'après-midi et contenu EDI sur Connexion",
                    [1, 4, 5],
                    D(2022, 1, 1),
                    D(2026, 3, 31),
                    "in_progress",
                    lead="Internal Communications",
                ),
                _i(
                    2,
                    "Anti-racism survey and focus group results on Connexion",
                    "Résultats des sondages et des groupes de discussion sur la lutte contre le racisme sur Connexion",
                    [4],
                    D(2022, 6, 1),
                    D(2023, 3, 31),
                    "completed",
                    lead="Internal Communications",
                ),
            ],
            [
                _k(
                    1,
                    "Anti-racism items published on Connexion",
                    "Articles sur la lutte contre le racisme publiés sur Connexion",
                    "count",
                    "increase",
                    4,
                    40,
                    "Connexion analytics",
                    "Statistiques de Connexion",
                )
            ],
        ),
    ],
    "OPS": [
        (
            1,
            SECTOR_COMMITMENT_EN,
            SECTOR_COMMITMENT_FR,
            "Operations",
            "ARTF, HR",
            [
                _i(
                    1,
                    "Monitor and report on the Service Delivery and EXCOM anti-racism commitments",
                    "Suivre les engagements de la prestation de services et du Comité exécutif en matière de lutte contre le racisme et en rendre compte",
                    [4, 5],
                    D(2022, 6, 1),
                    D(2026, 3, 31),
                    "in_progress",
                    scope="both",
                    lead="Operations Planning",
                ),
                _i(
                    2,
                    "Strategies to increase employment equity representation",
                    "Stratégies pour accroître la représentation en matière d'équité en emploi",
                    [4, 5],
                    D(2022, 9, 1),
                    D(2026, 3, 31),
                    "in_progress",
                    lead="Operations HR",
                    groups=("indigenous", "black", "racialized", "disability"),
                ),
                _i(
                    3,
                    "People management initiatives, including a career boot camp and the “Joyful Conversation” program to help employees maintain their second-language skills",
                    "Initiatives de gestion des personnes, dont un camp d'entraînement professionnel et le programme « Conversation joyeuse » pour aider les employés à maintenir leurs compétences en langue seconde",
                    [4],
                    D(2022, 6, 1),
                    D(2024, 3, 31),
                    "completed",
                    lead="Operations HR",
                ),
            ],
            [
                _k(
                    1,
                    "Racialized employees in supervisory roles (%)",
                    "Employés racisés occupant des postes de supervision (%)",
                    "percent",
                    "increase",
                    18,
                    25,
                    "HR data (Phoenix and PeopleSoft)",
                    "Données RH (Phénix et PeopleSoft)",
                    True,
                )
            ],
        ),
    ],
}

# Annex A lists the sector leads; the names are redacted, so the demo has placeholder accounts.
DEMO_USERS = [
    ("lead-css", "Casey", "Lead (CSS)", [("CSS", "lead")], None),
    ("contrib-css", "Charlie", "Contributor (CSS)", [("CSS", "contributor")], None),
    ("lead-ops", "Olivia", "Lead (OPS)", [("OPS", "lead")], None),
    ("artf", "Alex", "ARTF", [], settings.ARTF_GROUP),
    ("exec", "Eden", "Executive", [], settings.EXECUTIVE_GROUP),
]

FIRST_PERIOD = (2022, 4)  # 2022-23 Q4
LAST_PERIOD = (2025, 4)  # 2025-26 Q4
REPORTING_PERIOD = (2025, 3)  # 2025-26 Q3, open for reports


def demo_password() -> str:
    return settings.DEMO_PASSWORD


def _quarters():
    year, quarter = FIRST_PERIOD
    while (year, quarter) <= LAST_PERIOD:
        yield year, quarter
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def _jitter(*parts) -> float:
    """A repeatable pseudo-random number in [-1, 1] from the parts (same every run)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**31 - 1


def demo_value(kpi: KPI, index: int, count: int, group: str = "") -> Decimal:
    """A value on a noisy path from baseline toward target: illustrative, not measured."""
    progress = (index + 1) / (count + 1)
    start, end = float(kpi.baseline_value), float(kpi.target_value)
    value = start + (end - start) * progress * (0.75 + 0.2 * _jitter(kpi.name_en, "pace", group))
    value += abs(end - start) * 0.06 * _jitter(kpi.name_en, index, group)
    if group:
        value += abs(end - start) * 0.15 * _jitter(kpi.name_en, "group", group)
    if kpi.unit == KPI.Unit.PERCENT:
        value = min(max(value, 0.0), 100.0)
    if kpi.unit == KPI.Unit.COUNT:
        value = max(round(value), 0)
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Create or update every demo row; running it twice leaves the same rows."""
    groups = {}
    for order, (code, en, fr) in enumerate(EQUITY_GROUPS, start=1):
        groups[code], _ = EquityGroup.objects.update_or_create(
            code=code, defaults={"name_en": en, "name_fr": fr, "order": order}
        )

    sectors = {}
    for code, en, fr in SECTORS:
        sectors[code], _ = Sector.objects.update_or_create(
            code=code, defaults={"name_en": en, "name_fr": fr, "is_active": True}
        )

    strategy, _ = Strategy.objects.update_or_create(name_en=STRATEGY["name_en"], defaults=STRATEGY)
    phases = {}
    for number, en, fr, start, end, desc_en, desc_fr in PHASES:
        phases[number], _ = Phase.objects.update_or_create(
            strategy=strategy,
            number=number,
            defaults={
                "name_en": en,
                "name_fr": fr,
                "start_date": start,
                "end_date": end,
                "description_en": desc_en,
                "description_fr": desc_fr,
            },
        )

    # Past quarters are closed. 2025-26 Q3 is the quarter being reported on: open, due in 12
    # days from the day the demo is loaded, so the home page and reminders have something to
    # say. 2025-26 Q4 is not open for reports yet but takes KPI values.
    today = timezone.localdate()
    periods = []
    for year, quarter in _quarters():
        start, end = fiscal_quarter_dates(year, quarter)
        if (year, quarter) == REPORTING_PERIOD:
            dates = {"opens_on": today - datetime.timedelta(days=18), "due_date": today + datetime.timedelta(days=12)}
        elif (year, quarter) == LAST_PERIOD:
            dates = {"opens_on": None, "due_date": None}
        else:
            dates = {"opens_on": end - datetime.timedelta(days=14), "due_date": end + datetime.timedelta(days=30)}
        period, _ = ReportingPeriod.objects.update_or_create(
            fiscal_year=year,
            quarter=quarter,
            defaults={**dates, "is_closed": (year, quarter) < REPORTING_PERIOD},
        )
        periods.append(period)

    for code, _en, _fr in SECTORS:
        plan, _ = ActionPlan.objects.update_or_create(
            sector=sectors[code],
            strategy=strategy,
            defaults={"status": ActionPlan.Status.APPROVED if code in PLANS else ActionPlan.Status.DRAFT},
        )
        for number, st_en, st_fr, leads, units, initiatives, kpis in PLANS.get(code, []):
            commitment, _ = Commitment.objects.update_or_create(
                plan=plan,
                number=number,
                defaults={"statement_en": st_en, "statement_fr": st_fr, "key_leads": leads, "supporting_units": units},
            )
            for data in initiatives:
                data = dict(data)
                phase_numbers, group_codes = data.pop("phases"), data.pop("groups")
                number_ = data.pop("number")
                initiative, _ = Initiative.objects.update_or_create(
                    commitment=commitment, number=number_, defaults=data
                )
                initiative.phases.set([phases[n] for n in phase_numbers])
                initiative.equity_groups.set([groups[g] for g in group_codes])
            for data in kpis:
                data = dict(data)
                number_ = data.pop("number")
                kpi, _ = KPI.objects.update_or_create(commitment=commitment, number=number_, defaults=data)
                _demo_values(kpi, periods, groups)

    _demo_users(sectors)
    from demo.reports import demo_reports_load

    demo_reports_load(previous=periods[-3], current=periods[-2], earlier=periods[-6:-3])
    from demo.evidence import demo_evidence_load

    demo_evidence_load(periods=periods, last_closed=periods[-3])
    from demo.accountability import demo_accountability_load

    demo_accountability_load(periods=[periods[-3], periods[-2]])  # the last closed quarter and the open one
    return demo_counts()


def _demo_values(kpi: KPI, periods: list[ReportingPeriod], groups: dict[str, EquityGroup]) -> None:
    series = [("", None)] + ([(code, group) for code, group in groups.items()] if kpi.is_disaggregated else [])
    for index, period in enumerate(periods):
        for code, group in series:
            KPIValue.objects.update_or_create(
                kpi=kpi,
                period=period,
                equity_group=group,
                defaults={
                    "value": demo_value(kpi, index, len(periods), code),
                    "note_en": DEMO_NOTE_EN,
                    "note_fr": DEMO_NOTE_FR,
                },
            )


def _demo_users(sectors: dict[str, Sector]) -> None:
    User = get_user_model()
    password = demo_password()
    for name in (settings.ARTF_GROUP, settings.EXECUTIVE_GROUP):
        Group.objects.get_or_create(name=name)
    for username, first, last, memberships, group in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.gc.ca"}
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        if group:
            user.groups.set([Group.objects.get(name=group)])
        for code, role in memberships:
            Membership.objects.update_or_create(user=user, sector=sectors[code], defaults={"role": role})
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@example.gc.ca",
            "first_name": "Ada",
            "last_name": "Admin",
        },
    )
    admin.set_password(password)
    admin.save(update_fields=["password"])


def demo_counts() -> dict[str, int]:
    return {
        "sectors": Sector.objects.count(),
        "equity groups": EquityGroup.objects.count(),
        "strategies": Strategy.objects.count(),
        "phases": Phase.objects.count(),
        "reporting periods": ReportingPeriod.objects.count(),
        "action plans": ActionPlan.objects.count(),
        "commitments": Commitment.objects.count(),
        "initiatives": Initiative.objects.count(),
        "KPIs": KPI.objects.count(),
        "KPI values": KPIValue.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "quarterly reports": QuarterlyReport.objects.count(),
        "representation figures": Representation.objects.count(),
        "survey results": SurveyResult.objects.count(),
        "maturity assessments": MaturityAssessment.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "stakeholder engagements": Engagement.objects.count(),
        "governance decisions": Approval.objects.count(),
    }
