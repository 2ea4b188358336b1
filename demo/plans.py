"""The demo data: the real content of the ARTF deck (Jan 2022), loaded idempotently.

Sectors (Annex A), the strategy and its five phases, a plan per sector whose initiatives are
the ones listed under "Taking Stock: Sample of AR Initiatives by Sector", and the Annex D
example commitments with their leads, supporting units, initiatives, timelines and KPIs.
Baselines, targets and KPI values are illustrative figures, marked as such: the deck has none.
"""

from __future__ import annotations

import datetime
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone, translation

from accountability.models import Approval, Engagement, Recommendation
from actionplans import services as plan_services
from actionplans.models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy
from core import outbox
from demo import accountability, evidence, reports
from demo.files import imported, spreadsheet
from equity.models import MaturityAssessment, Representation, SurveyResult
from periods import services as period_services
from periods.calendar import fiscal_quarter_dates
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport
from sectors.models import Membership, Sector
from sectors.resources import MembershipResource, SectorResource
from spreadsheets.services import spreadsheet_import

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
        "lead_en": lead,  # the deck names the leads in English only: French is for the translation queue
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


@dataclass
class People:
    """Who does what in the demo: the admin sets the department up, ARTF runs the cycle, each
    sector's lead keeps its plan (the admin stands in for a sector that has no lead account)."""

    admin: Any
    artf: Any
    leads: dict[str, Any]

    def lead(self, code: str):
        return self.leads.get(code, self.admin)


@transaction.atomic
def demo_load() -> dict[str, int]:
    """Load the demo as people would have made it, through the services and importers they use,
    so that its history reads as theirs: who created each plan item, opened and closed each
    quarter, submitted and approved each report. Every history record names its author.

    Running it again on a database that holds the demo creates only what is missing; what
    exists is left as it stands (the command leaves a loaded database alone anyway).
    """
    # Written in English whatever language is active (the services record the writer's language
    # from it): a demo loaded after a French page was rendered in the same process must not say
    # its English texts are French.
    with translation.override("en"), outbox.withheld(), _without_savepoints():  # nobody is e-mailed
        people = _demo_users()
        groups = _equity_groups(by=people.admin)
        sectors = _sectors(by=people.admin)
        people.leads = _memberships(sectors, by=people.admin)
        strategy, phases = _strategy(by=people.admin)
        kpis = _plans(strategy, phases, groups, sectors, people)
        accountability.demo_governance_load(people=people, codes=list(PLANS))  # spring 2022: the plans approved
        accountability.demo_review_load(people=people)  # July 2022: the workplace review
        _quarters_replayed(kpis, groups, people)
    return demo_counts()


@contextmanager
def _without_savepoints():
    """The demo loads in one transaction and stops at its first error, so the savepoints each
    service opens (to recover from an error and go on) would only cost two round trips each:
    four statements in ten of the load. Without them the services run as they do otherwise;
    any error still rolls the whole load back."""
    features = connection.features
    features.uses_savepoints = False
    try:
        yield
    finally:
        del features.uses_savepoints  # the backend's own answer again


def _setup_row(model, by, lookup: dict, values: dict):
    """A row of the department's setup, which has no service (strategy, phases, equity groups):
    created once, by the admin, as the admin site would; an existing one is left as it stands."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model(**lookup, **values)
        row._history_user = by
        row.full_clean()
        row.save()
    return row


def _equity_groups(*, by) -> dict[str, EquityGroup]:
    return {
        code: _setup_row(EquityGroup, by, {"code": code}, {"name_en": en, "name_fr": fr, "order": order})
        for order, (code, en, fr) in enumerate(EQUITY_GROUPS, start=1)
    }


def _strategy(*, by) -> tuple[Strategy, dict[int, Phase]]:
    strategy = _setup_row(
        Strategy, by, {"name_en": STRATEGY["name_en"]}, {k: v for k, v in STRATEGY.items() if k != "name_en"}
    )
    phases = {}
    for number, en, fr, start, end, desc_en, desc_fr in PHASES:
        phases[number] = _setup_row(
            Phase,
            by,
            {"strategy": strategy, "number": number},
            {
                "name_en": en,
                "name_fr": fr,
                "start_date": start,
                "end_date": end,
                "description_en": desc_en,
                "description_fr": desc_fr,
            },
        )
    return strategy, phases


def _sectors(*, by) -> dict[str, Sector]:
    """Annex A through the sector import, as ARTF would load it."""
    rows = [{"Code": code, "Name (EN)": en, "Name (FR)": fr, "Active": "yes"} for code, en, fr in SECTORS]
    imported(spreadsheet_import(resource_class=SectorResource, data=spreadsheet(rows), file_format="csv", user=by))
    return {s.code: s for s in Sector.objects.filter(code__in=[code for code, _en, _fr in SECTORS])}


def _memberships(sectors: dict[str, Sector], *, by) -> dict[str, Any]:
    """Who belongs to which sector, through the membership import; returns each sector's lead."""
    rows = [
        {"Username": username, "Sector": code, "Role": role}
        for username, _first, _last, memberships, _group in DEMO_USERS
        for code, role in memberships
    ]
    imported(spreadsheet_import(resource_class=MembershipResource, data=spreadsheet(rows), file_format="csv", user=by))
    return {
        m.sector.code: m.user
        for m in Membership.objects.filter(role=Membership.Role.LEAD, sector__in=sectors.values()).select_related(
            "user", "sector"
        )
    }


def _plans(strategy, phases, groups, sectors, people: People) -> list[tuple[str, KPI]]:
    """Every sector's plan; each lead writes the commitments, initiatives and KPIs of its own
    through the plan's services. Returns the KPIs, each with its sector's code."""
    plans = {p.sector_id: p for p in ActionPlan.objects.filter(strategy=strategy)}
    kpis = []
    for code, _en, _fr in SECTORS:
        sector = sectors[code]
        plan = plans.get(sector.pk) or plan_services.plan_create(sector=sector, strategy=strategy, by=people.admin)
        lead = people.lead(code)
        commitments = {c.number: c for c in plan.commitments.all()}
        for number, st_en, st_fr, leads, units, initiatives, kpi_rows in PLANS.get(code, []):
            commitment = commitments.get(number) or plan_services.commitment_create(
                plan=plan,
                by=lead,
                statement_en=st_en,
                statement_fr=st_fr,
                key_leads_en=leads,
                supporting_units_en=units,
            )
            _numbered(commitment, number)
            existing = {i.number: i for i in commitment.initiatives.all()}
            for data in initiatives:
                data = dict(data)
                phase_numbers, group_codes, number_ = data.pop("phases"), data.pop("groups"), data.pop("number")
                if number_ not in existing:
                    _numbered(
                        plan_services.initiative_create(
                            commitment=commitment,
                            by=lead,
                            phases=[phases[n] for n in phase_numbers],
                            equity_groups=[groups[g] for g in group_codes],
                            **data,
                        ),
                        number_,
                    )
            existing = {k.number: k for k in commitment.kpis.all()}
            for data in kpi_rows:
                data = dict(data)
                number_ = data.pop("number")
                kpi = existing.get(number_) or plan_services.kpi_create(commitment=commitment, by=lead, **data)
                _numbered(kpi, number_)
                kpis.append((code, kpi))
    return kpis


def _numbered(item, number: int) -> None:
    if item.number != number:  # the services number items in the order they are added
        raise RuntimeError(f"{item} was numbered {item.number}, not {number}: the demo's items are out of order.")


def _period_dates(year: int, quarter: int, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """When ARTF opened the quarter for reports and when they were due (None: not opened yet).

    Past quarters opened two weeks before their end and were due a month after it. 2025-26 Q3 is
    the quarter being reported on: opened 18 days before the day the demo is loaded and due in
    12 days, so the home page and reminders have something to say. 2025-26 Q4 is not open for
    reports yet but takes KPI values."""
    if (year, quarter) == REPORTING_PERIOD:
        return today - datetime.timedelta(days=18), today + datetime.timedelta(days=12)
    if (year, quarter) > REPORTING_PERIOD:
        return None
    _start, end = fiscal_quarter_dates(year, quarter)
    return end - datetime.timedelta(days=14), end + datetime.timedelta(days=30)


def _quarters_replayed(kpis, groups, people: People) -> list[ReportingPeriod]:
    """The quarters one after the other, as they happened: ARTF opens each one, the leads enter
    its KPI values and report on it, ARTF approves the reports and closes the quarter once it is
    over (the quarter being reported on stays open)."""
    today = timezone.localdate()
    existing = {p.order_key: p for p in ReportingPeriod.objects.all()}
    quarters = list(_quarters())
    periods = []
    for index, (year, quarter) in enumerate(quarters):
        dates = _period_dates(year, quarter, today)
        closes = (year, quarter) < REPORTING_PERIOD
        period = existing.get((year, quarter))
        if period is not None and period.is_closed and closes:
            periods.append(period)  # replayed already: a closed quarter takes nothing more
            continue
        if dates is None:
            period = period_services.period_add(fiscal_year=year, quarter=quarter, by=people.artf)
        elif period is None or (period.opens_on, period.due_date, period.is_closed) != (*dates, False):
            period = period_services.period_open(
                fiscal_year=year, quarter=quarter, opens_on=dates[0], due_date=dates[1], by=people.artf
            )
        _values(period, index, len(quarters), kpis, groups, people)
        age = quarters.index(REPORTING_PERIOD) - index  # quarters before the one being reported on
        reports.demo_reports_quarter(period=period, age=age, people=people)
        accountability.demo_engagements_quarter(period=period, age=age, people=people)
        evidence.demo_evidence_quarter(period=period, age=age, people=people)
        if closes:
            period = period_services.period_close(period=period, by=people.artf)
        periods.append(period)
    return periods


def _values(period, index: int, count: int, kpis, groups, people: People) -> None:
    """The quarter's KPI values, entered by each sector's lead (for every group of a disaggregated KPI)."""
    for code, kpi in kpis:
        series = [("", None)] + ([(g, group) for g, group in groups.items()] if kpi.is_disaggregated else [])
        for group_code, group in series:
            plan_services.kpi_value_save(
                kpi=kpi,
                period=period,
                by=people.lead(code),
                value=demo_value(kpi, index, count, group_code),
                note_en=DEMO_NOTE_EN,
                note_fr=DEMO_NOTE_FR,
                equity_group=group,
            )


def _demo_users() -> People:
    """The demo's accounts (accounts have no history): the admin first, who sets the rest up."""
    User = get_user_model()
    password = make_password(demo_password())  # hashed once for every account: a hash costs a second
    for name in (settings.ARTF_GROUP, settings.EXECUTIVE_GROUP):
        Group.objects.get_or_create(name=name)
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
    admin.password = password
    admin.save(update_fields=["password"])
    users = {}
    for username, first, last, _memberships, group in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.gc.ca"}
        )
        user.password = password
        user.save(update_fields=["password"])
        if group:
            user.groups.set([Group.objects.get(name=group)])
        users[username] = user
    return People(admin=admin, artf=users["artf"], leads={})


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
