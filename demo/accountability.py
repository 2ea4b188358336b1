"""Demo accountability data: the July 2022 workplace review's ten recommendations and management's
responses (from the seed document), governance approvals of the approved plans, and engagements.

Statuses, due dates, links to initiatives and the engagement entries are illustrative.
"""

from __future__ import annotations

import datetime

from accountability.models import Approval, Engagement, GovernanceStep, Review
from accountability.services import approval_record, engagement_save, recommendation_create, review_create
from actionplans.models import ActionPlan, Commitment, Initiative
from periods.models import ReportingPeriod
from sectors.models import Sector

D = datetime.date
REVIEW = {
    "title_en": "Summary Report – Independent Workplace Review of Montreal Client Support Centre (CSC)",
    "title_fr": "Rapport sommaire – Examen indépendant du milieu de travail du Centre de soutien à la clientèle (CSC) de Montréal",
    "date": D(2022, 7, 1),
    "unit_reviewed": "Client Support Centre (CSC), Client Experience Branch, Montréal",
    "source_document": "Office of Internal Disclosure, Immigration, Refugees and Citizenship Canada (IRCC), July 2022",
}
# number, theme (en, fr), recommendation (en, fr), management response (first paragraph of the seed's), unit,
# due date, status, linked initiatives (sector, commitment, initiative)
RECOMMENDATIONS = [
    (
        1,
        ("Address the root cause", "S'attaquer à la cause profonde"),
        (
            "Study and consider as a solution the implementation of Artificial Intelligence (AI).",
            "Étudier la mise en œuvre de l'intelligence artificielle (IA) comme solution.",
        ),
        "IRCC is currently in the definition phase of its Digital Platform Modernization (DPM), which includes components that will assist staff in managing client interactions. The Digital Client Services of the Client Experience Branch (CEB) will continue gathering business requirements for the tools CSC agents need, including AI solutions used in the industry; meanwhile CEB invests in Robotics Process Automation, WebCART improvements and an interim Contact Management Solution.",
        "CEB – Digital Client Services",
        D(2027, 3, 31),
        "in_progress",
        [],
    ),
    (
        2,
        ("Address the root cause", "S'attaquer à la cause profonde"),
        (
            "Identify and implement strategies to increase satisfying conditions within the workplace (recognition, better work processes, responsibility, advancement and growth).",
            "Trouver et mettre en œuvre des stratégies pour accroître les conditions satisfaisantes au travail (reconnaissance, meilleurs processus, responsabilités, avancement et croissance).",
        ),
        "In June 2022 CEB shared with all employees a Branch work plan of more than 30 initiatives to foster a safe and inclusive workplace, developed with employees from the CSC United Shades committee consultations, the AREDI survey of January 2022, PSES 2020 results and staff retreats, and aligned to the Operations Sector People and Wellness Strategy.",
        "CEB",
        D(2023, 3, 31),
        "implemented",
        [("OPS", 1, 3)],
    ),
    (
        3,
        ("Hybrid tasks in hybrid environments", "Tâches et milieu de travail hybrides"),
        (
            "Implement hybrid work tasks and a hybrid work environment, and increase the variety of work where possible.",
            "Mettre en place des tâches et un milieu de travail hybrides et varier le travail dans la mesure du possible.",
        ),
        "CEB contracted industry consultants to review the CSC business process and operational model (unblocking calls, forecasting, IVR redesign, a service improvement strategy), including hybrid and universal agents; the final report was expected for senior management in early fall 2022.",
        "CEB – CSC operations",
        D(2023, 9, 30),
        "closed",
        [],
    ),
    (
        4,
        ("Hybrid tasks in hybrid environments", "Tâches et milieu de travail hybrides"),
        (
            "Carefully plan and methodically conduct a gradual return to the office, with discussions between employees and leaders and mental health assistance.",
            "Planifier avec soin et mener méthodiquement un retour graduel au bureau, avec des discussions entre employés et gestionnaires et du soutien en santé mentale.",
        ),
        "IRCC's Future of Work team prepared the transition to a hybrid workplace; managers discuss position assessments and flexible work arrangements with employees; CEB adds staff-led activities against isolation and extends mental health counselling with Health Canada.",
        "CEB with Future of Work",
        D(2023, 3, 31),
        "implemented",
        [],
    ),
    (
        5,
        ("Leader training", "Formation des gestionnaires"),
        (
            "Require that all supervisors at every level complete prescribed training before beginning their leadership role.",
            "Exiger que tous les superviseurs, à tous les niveaux, suivent une formation prescrite avant d'assumer leur rôle de gestion.",
        ),
        "Key deliverables in CEB's people management work plan create the time and access for every supervisor to complete IRCC mandatory training as they take on the role; an internal working group and a multi-year CSC management training plan address leadership skills; the three-day Operational Team Leader training resumes.",
        "CSC management",
        D(2026, 12, 31),
        "in_progress",
        [("CSS", 3, 3)],
    ),
    (
        6,
        ("Leader training", "Formation des gestionnaires"),
        (
            "Address the information gap between decision makers and employees (an anonymous feedback drop box, a rotating liaison role, weekly team meetings at every level).",
            "Combler l'écart d'information entre les décideurs et les employés (boîte à commentaires anonyme, rôle d'agent de liaison par rotation, réunions d'équipe hebdomadaires à tous les niveaux).",
        ),
        "CEB holds a weekly Strategic Chat with all employees, bi-annual all-staff retreats, monthly coffee chats with the DG and CSC Director, an open Teams channel and weekly podcasts; team meetings continue weekly at every level and a voluntary rotating liaison role is considered.",
        "CEB – Director General's office",
        D(2026, 9, 30),
        "in_progress",
        [("CSS", 1, 2)],
    ),
    (
        7,
        ("Employee development", "Perfectionnement des employés"),
        (
            "Establish a formal staff development plan correlated with quality assurance to provide more instruction at all stages of employees' careers.",
            "Établir un plan officiel de perfectionnement lié à l'assurance de la qualité pour mieux former les employés à toutes les étapes de leur carrière.",
        ),
        "CEB follows departmental mandatory training and the PSPM learning and talent plans; the CSC refined its agent learning curriculum (crisis intervention and coping skills training) and considers longer training for new hires, more coaching, reading time and 30 minutes a week of career investment per agent.",
        "CSC Continuous Learning Unit",
        D(2024, 3, 31),
        "implemented",
        [("CSS", 3, 1)],
    ),
    (
        8,
        ("Employee development", "Perfectionnement des employés"),
        (
            "Apply adult learning principles to all learning activities.",
            "Appliquer les principes d'apprentissage des adultes à toutes les activités d'apprentissage.",
        ),
        "In 2022-23 CEB takes part in the IRCC Learning Academy's working groups on National Training Standards that embed adult learning principles; Budget 2022 investments modernize CSC training content in 2023-24, and targeted in-person training resumes in the fall.",
        "CEB with the IRCC Learning Academy",
        D(2026, 3, 31),
        "not_started",
        [],
    ),
    (
        9,
        ("Employee development", "Perfectionnement des employés"),
        (
            "Provide in-person, facilitated unconscious bias/racism training to employees and management, led by an instructor with experience in human rights, equity and anti-racism.",
            "Offrir aux employés et à la direction une formation en personne, animée, sur les préjugés inconscients et le racisme, donnée par une personne expérimentée en droits de la personne, en équité et en lutte contre le racisme.",
        ),
        "All CEB employees complete IRCC's mandatory online unconscious bias training and board members the H205 inclusive hiring training; on the Anti-Racism Task Force's recommendation the CSC will pilot facilitated workshops with bilingual instructors, enrol its managers in foundational anti-racism training and its senior leaders in the Anti-Racism Coaching Program.",
        "CSC with the Anti-Racism Task Force",
        D(2027, 3, 31),
        "in_progress",
        [("CSS", 2, 1), ("CSS", 1, 2)],
    ),
    (
        10,
        ("Numeric targets", "Cibles chiffrées"),
        (
            "Establish a formal feedback mechanism with realistic targets, considering the volume and nature of the work and employees' accommodation requirements.",
            "Établir un mécanisme officiel de rétroaction assorti de cibles réalistes, compte tenu du volume et de la nature du travail et des besoins d'adaptation des employés.",
        ),
        "CEB will keep advocating the right balance of targets and quality of service; term employees' sunset clause was removed and the CSC workforce stabilized with ongoing funding; CSC management is considering an anonymous feedback drop box so employees can raise concerns as they arise.",
        "CEB and CSC management",
        D(2026, 12, 31),
        "in_progress",
        [("OPS", 1, 1)],
    ),
]
# Phase 3 of the deck: Approvals and Release, June 2022.
CHAIN_DATES = [D(2022, 5, 10), D(2022, 5, 24), D(2022, 6, 7), D(2022, 6, 14), D(2022, 6, 28)]
ENGAGEMENTS = [
    # sector, days after the quarter's start, stakeholder type, stakeholder, purpose, heard, follow-up, commitments
    (
        "CSS",
        12,
        "employee_networks",
        "Black Employees Network",
        "Plan Black History Month 2026 together.",
        "Members want leaders at every event and a budget they control.",
        "Budget line agreed; EXCOM members invited.",
        [1],
    ),
    (
        "CSS",
        40,
        "unions",
        "PSAC local",
        "Present the performance management changes.",
        "Concern that anti-racism objectives become a burden on racialized employees.",
        "Objectives apply to managers first.",
        [1],
    ),
    (
        "OPS",
        20,
        "clients",
        "Client experience panel",
        "Hear clients on service barriers.",
        "Forms and call menus assume English or French literacy.",
        "Plain-language review of two forms.",
        [1],
    ),
    (
        "OPS",
        55,
        "dei_networks",
        "Anti-Racism Ambassadors Network",
        "Review the career boot camp.",
        "Ask for sponsorship, not only mentoring.",
        "Sponsorship pilot for 20 employees.",
        [1],
    ),
    (
        "SIS",
        30,
        "ngos",
        "Settlement sector umbrella organization",
        "Discuss race-based data collection from service providers.",
        "Providers need guidance on consent and privacy.",
        "Joint guidance note.",
        [1],
    ),
    (
        "SPP",
        45,
        "academics",
        "University research partners",
        "Scope research on the human capital model.",
        "Use disaggregated outcomes, not averages.",
        "Data-sharing agreement drafted.",
        [1],
    ),
    (
        "CIO-TDSS",
        60,
        "advisory_groups",
        "External AI ethics advisory group",
        "Review the facial recognition error rates.",
        "Publish error rates by group.",
        "Error rates to be in the next quarterly report.",
        [1],
    ),
]


def demo_governance_load(*, people, codes) -> None:
    """Phase 3 (Approvals and Release, spring 2022): ARTF records each body's decision on every
    plan the deck gives, in order; EXCOM's approval approves the plan (``approval_record``).
    SIS's plan is returned once by ADMOS, then approved a week later. ``codes``: the sectors
    whose plan the deck gives (the others stay drafts)."""
    for plan in ActionPlan.objects.filter(sector__code__in=codes).select_related("sector"):
        if plan.approvals.exists():
            continue  # recorded already
        for step, day in zip(GovernanceStep, CHAIN_DATES, strict=True):
            if plan.sector.code == "SIS" and step == GovernanceStep.ADMOS:
                approval_record(
                    plan=plan,
                    by=people.artf,
                    step=step,
                    date=day,
                    decision=Approval.Decision.RETURNED,
                    note="Illustrative: add race-based data targets.",
                )
                day = day + datetime.timedelta(days=7)
            decision = (
                Approval.Decision.WITH_CHANGES
                if step == GovernanceStep.DG_COMMITTEES and plan.sector.code == "OPS"
                else Approval.Decision.APPROVED
            )
            approval_record(plan=plan, by=people.artf, step=step, date=day, decision=decision)


def demo_review_load(*, people) -> None:
    """July 2022: ARTF records the workplace review, its recommendations and management's
    responses, each linked to the initiatives that carry it out (their statuses as they stand)."""
    if Review.objects.filter(title_en=REVIEW["title_en"]).exists():
        return  # recorded already
    review = review_create(by=people.artf, **REVIEW)
    initiatives = {
        (i.commitment.plan.sector.code, i.commitment.number, i.number): i
        for i in Initiative.objects.select_related("commitment__plan__sector")
    }
    for number, theme, text, response, unit, due, status, links in RECOMMENDATIONS:
        recommendation_create(
            review=review,
            by=people.artf,
            initiatives=[initiatives[key] for key in links if key in initiatives],
            number=number,
            theme_en=theme[0],
            theme_fr=theme[1],
            text_en=text[0],
            text_fr=text[1],
            response_en=response,
            responsible_unit_en=unit,
            due_date=due,
            status=status,
            status_note_en="Illustrative demo status." if status != "not_started" else "",
        )


ENGAGEMENT_QUARTERS = 2  # the quarter being reported on and the one before


def demo_engagements_quarter(*, period: ReportingPeriod, age: int, people) -> None:
    """Each sector's lead logs the engagements of ``period`` (``age`` quarters before the one being
    reported on) with the commitments they concern."""
    if not 0 <= age < ENGAGEMENT_QUARTERS:
        return
    sectors = {s.code: s for s in Sector.objects.all()}
    commitments = {(c.plan.sector.code, c.number): c for c in Commitment.objects.select_related("plan__sector")}
    logged = set(
        Engagement.objects.filter(date__range=(period.start_date, period.end_date)).values_list(
            "sector__code", "date", "stakeholder_en"
        )
    )
    for code, offset, kind, who, purpose, heard, follow_up, numbers in ENGAGEMENTS:
        day = period.start_date + datetime.timedelta(days=offset)
        if code not in sectors or (code, day, who) in logged:
            continue
        engagement_save(
            sector=sectors[code],
            by=people.lead(code),
            commitments=[commitments[(code, n)] for n in numbers if (code, n) in commitments],
            date=day,
            stakeholder_en=who,
            stakeholder_type=kind,
            purpose_en=purpose,
            heard_en=heard,
            follow_up_en=f"{follow_up} (Illustrative demo entry.)",
        )
