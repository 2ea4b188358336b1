"""Every page of the access table, in English and in French, as ARTF and as a sector lead, and both
trackers: no text of the other official language unless it is marked with its ``lang``
(issue 15: a French page never shows English silently, nor an English page French).

The data has texts in one language only: English-only plan items, French-only ones, reviews and
management responses never translated, survey highlights, feedback summaries, ARTF's tracker
wording, and reports, engagements and notes written in English (fields that hold one language).
Every text is a sentence of its own, so a finding names the field it came from.
"""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from accountability.models import Approval, Engagement, Recommendation, Review
from actionplans.models import KPI, Commitment, Initiative, KPIValue
from equity.models import MaturityAssessment, Survey, SurveyHighlight, SurveyResult
from feedback.models import FeedbackSubmission, FeedbackSummary
from periods.models import ReportingPeriod
from reporting import services as reporting_services
from reporting.models import InitiativeUpdate, QuarterlyReport, ReportComment, ReportEvent
from tests.languages import findings
from tests.test_access import TABLE, url_for, world  # noqa: F401 -- world is a fixture
from tracker.models import TrackerActions, TrackerCuration
from tracker.rendering import tracker_context

# Texts held in both languages, written in one only.
ENGLISH_ONLY = {
    "commitment": "Build a workplace where every employee can report racism without fear of reprisal.",
    "initiative title": "Train all hiring managers on the bias that shapes their decisions",
    "initiative description": "Each manager will take the course before they sit on a selection board.",
    "kpi": "Share of the managers who have taken the course this year",
    "kpi note": "The value comes from the learning system and is checked by the unit each quarter.",
    "review": "Review of the workplace culture of the regions and the branches",
    "recommendation theme": "Accountability of the executives for the results",
    "recommendation": "Set targets for the representation of Black employees in each of the branches.",
    "response": "Management agrees and will publish the targets with the next plan of the department.",
    "survey": "Pulse survey of the employees on the culture of the workplace",
    "survey result": "I feel that my ideas are heard by the people of my team",
    "highlight theme": "Trust in the complaint process of the department",
    "highlight summary": "Many employees said that they do not trust the process and fear reprisal from their managers.",
    "feedback title": "What you told us about the hiring of the department",
    "feedback said": "You said that the panels do not reflect the diversity of the people who apply.",
    "feedback did": "We added a trained member from an equity group to each of the panels this year.",
    "tracker summary": "Seven of the ten sectors reported on time and the others are close behind.",
    "tracker actions": "Opened the mentoring circles to all of the Black employees of the regions",
    "engagement purpose": "To hear the concerns of the network about the plan and the targets of the sector.",
    "engagement heard": "The members said that the targets are too low and that the plan lacks a budget.",
    "engagement follow-up": "The sector will meet the network again in the spring with a revised budget.",
    "responsible unit": "Office of the Chief Human Resources Officer and the regional offices",
    "status note": "The targets are drafted and will go to the executive committee in the spring.",
    "initiative lead": "Director of the talent management team and the staffing advisors",
    "initiative units": "The staffing advisors of the branch and the network of Black employees",
    "commitment units": "The learning centre and the human resources teams of the regions",
}
FRENCH_ONLY = {
    "initiative title": "Former les membres des comités de sélection aux biais inconscients",
    "initiative description": "Chaque membre suivra la formation avant de siéger à un comité de sélection.",
    "kpi data source": "Le système de gestion de l’apprentissage et les rapports des directions",
    "recommendation theme": "La responsabilité des cadres pour les résultats du plan",
    "recommendation": "Fixer des cibles pour la représentation des employés noirs dans chaque direction.",
    "highlight theme": "La confiance dans le processus de plainte du ministère",
    "highlight summary": "Les employés ont dit que le processus est long et que les délais sont trop grands.",
    "feedback title": "Ce que vous nous avez dit sur les promotions et les nominations",
    "feedback said": "Vous avez dit que les promotions ne sont pas annoncées à tous les employés.",
    "feedback did": "Nous publions maintenant chaque promotion dans le bulletin des employés du ministère.",
}
# Texts held in one column with their language recorded beside it (a report's language, a quote's,
# a comment's, a note's: the language of the page it was written on).
RECORDED = {
    "report highlights": "The sector launched the mentoring program and trained all of its hiring managers.",
    "report top actions": "Launched the mentoring program for the employees of the sector",
    "report challenges": "The budget for the program was cut and the hiring freeze slowed the work.",
    "report support": "We need the help of the task force to reach the networks of the regions.",
    "update narrative": "The course is ready and the first managers will take it in the spring.",
    "ops narrative": "The staffing advisors have reviewed all of the job posters of the branch.",
    "quote": "I do not feel safe to speak up in the meetings of my team.",
    "comment": "Please add the figures for the regions to the update of this initiative.",
    "reopen reason": "The figures of the regions are missing from the update of this initiative.",
    "maturity evidence": "The plan was approved by the executive committee of the sector in the fall.",
    "review note": "The evidence is sound and the stage is the one that the facts show.",
    "feedback message": "I was passed over for a promotion and I think that it was because of my race.",
    "triage note": "We sent the message to the staffing team of the sector for a follow-up.",
    "approval note": "The board asked for a budget for each of the initiatives of the plan.",
}
QUOTE_IN_FRENCH = "Je n’ose pas prendre la parole dans les réunions de mon équipe."

PAGES = sorted(name for name, (method, *_rest) in TABLE.items() if method == "GET")


@pytest.fixture
def mixed(world):  # noqa: F811 -- the access table's fixture, imported above
    """The access table's world, with its texts in one language only."""
    users, ids = world
    lead, artf = users["lead"], users["artf"]
    period = ReportingPeriod.objects.get(pk=ids["period"])
    Commitment.objects.filter(pk=ids["commitment"]).update(
        statement_en=ENGLISH_ONLY["commitment"],
        statement_fr="",
        supporting_units_en=ENGLISH_ONLY["commitment units"],
        supporting_units_fr="",
    )
    Initiative.objects.filter(pk=ids["initiative"]).update(
        title_en=ENGLISH_ONLY["initiative title"],
        title_fr="",
        description_en=ENGLISH_ONLY["initiative description"],
        lead_en=ENGLISH_ONLY["initiative lead"],
        lead_fr="",
        supporting_units_en=ENGLISH_ONLY["initiative units"],
        supporting_units_fr="",
    )
    french = Initiative.objects.filter(commitment_id=ids["commitment"]).exclude(pk=ids["initiative"]).get()
    Initiative.objects.filter(pk=french.pk).update(
        title_en="", title_fr=FRENCH_ONLY["initiative title"], description_fr=FRENCH_ONLY["initiative description"]
    )
    KPI.objects.filter(pk=ids["kpi"]).update(
        name_en=ENGLISH_ONLY["kpi"], name_fr="", data_source_fr=FRENCH_ONLY["kpi data source"]
    )
    KPIValue.objects.create(kpi_id=ids["kpi"], period=period, value=45, note_en=ENGLISH_ONLY["kpi note"])
    css_report = QuarterlyReport.objects.create(
        sector=lead.memberships.get().sector,
        period=period,
        highlights=RECORDED["report highlights"],
        top_actions=RECORDED["report top actions"],
        challenges=RECORDED["report challenges"],
        support_needed=RECORDED["report support"],
        language="en",
    )
    InitiativeUpdate.objects.create(
        report=css_report,
        initiative_id=ids["initiative"],
        status="in_progress",
        narrative=RECORDED["update narrative"],
    )
    ReportComment.objects.create(
        report=css_report, section="highlights", body=RECORDED["comment"], body_language="en", author=artf
    )
    ReportEvent.objects.create(  # ARTF gave the report back to the sector, saying why
        report=css_report,
        action="reopened",
        from_status="submitted",
        to_status="draft",
        actor=artf,
        reason=RECORDED["reopen reason"],
        reason_language="en",
    )
    ops_report = QuarterlyReport.objects.exclude(pk=css_report.pk).get()
    ops_report.updates.update(narrative=RECORDED["ops narrative"])
    ops_initiative = ops_report.updates.get().initiative
    Initiative.objects.filter(pk=ops_initiative.pk).update(title_en=ENGLISH_ONLY["initiative title"], title_fr="")
    QuarterlyReport.objects.filter(pk=ops_report.pk).update(top_actions=RECORDED["report top actions"], language="en")
    reporting_services.report_approve(report=QuarterlyReport.objects.get(pk=ops_report.pk), by=artf)

    Review.objects.filter(pk=ids["review"]).update(title_en=ENGLISH_ONLY["review"], title_fr="")
    Recommendation.objects.filter(pk=ids["recommendation"]).update(
        theme_en=ENGLISH_ONLY["recommendation theme"],
        text_en=ENGLISH_ONLY["recommendation"],
        response_en=ENGLISH_ONLY["response"],
        responsible_unit_en=ENGLISH_ONLY["responsible unit"],
        responsible_unit_fr="",
        status_note_en=ENGLISH_ONLY["status note"],
        status_note_fr="",
        status="in_progress",
    )
    Recommendation.objects.get(pk=ids["recommendation"]).initiatives.add(ids["initiative"])
    Recommendation.objects.create(
        review_id=ids["review"],
        number=2,
        theme_en="",
        theme_fr=FRENCH_ONLY["recommendation theme"],
        text_en="",
        text_fr=FRENCH_ONLY["recommendation"],
    )
    Engagement.objects.filter(pk=ids["engagement"]).update(
        stakeholder_en="Black Employees Network",
        stakeholder_fr="",
        purpose_en=ENGLISH_ONLY["engagement purpose"],
        purpose_fr="",
        heard_en=ENGLISH_ONLY["engagement heard"],
        follow_up_en=ENGLISH_ONLY["engagement follow-up"],
    )
    Approval.objects.create(
        plan=css_report.sector.plans.get(),
        step=1,
        date=period.opens_on,
        decision="returned",  # the plan page says why a body returned the plan
        note=RECORDED["approval note"],
        note_language="en",
    )

    Survey.objects.filter(pk=ids["survey"]).update(name_en=ENGLISH_ONLY["survey"], name_fr="")
    SurveyResult.objects.filter(survey_id=ids["survey"]).update(theme_en=ENGLISH_ONLY["survey result"], theme_fr="")
    SurveyHighlight.objects.filter(pk=ids["highlight"]).update(
        theme_en=ENGLISH_ONLY["highlight theme"],
        theme_fr="",
        summary_en=ENGLISH_ONLY["highlight summary"],
        summary_fr="",
        quote=RECORDED["quote"],
        quote_language="en",
        quote_translation=QUOTE_IN_FRENCH,
    )
    SurveyHighlight.objects.create(
        survey_id=ids["survey"],
        theme_en="",
        theme_fr=FRENCH_ONLY["highlight theme"],
        summary_en="",
        summary_fr=FRENCH_ONLY["highlight summary"],
        order=2,
    )
    MaturityAssessment.objects.update(
        evidence=RECORDED["maturity evidence"],
        evidence_language="en",
        review_note=RECORDED["review note"],
        review_note_language="en",
    )
    FeedbackSubmission.objects.filter(pk=ids["feedback"]).update(
        message=RECORDED["feedback message"],
        message_language="en",
        triage_note=RECORDED["triage note"],
        triage_note_language="en",
    )
    FeedbackSummary.objects.filter(pk=ids["summary"]).update(
        title_en=ENGLISH_ONLY["feedback title"],
        said_en=ENGLISH_ONLY["feedback said"],
        did_en=ENGLISH_ONLY["feedback did"],
        is_published=True,
        published_on=period.opens_on,
    )
    FeedbackSummary.objects.create(
        title_en="",
        title_fr=FRENCH_ONLY["feedback title"],
        said_en="",
        said_fr=FRENCH_ONLY["feedback said"],
        did_en="",
        did_fr=FRENCH_ONLY["feedback did"],
        is_published=True,
        published_on=period.opens_on,
    )
    for model in (Commitment, Initiative, KPI):  # the plan's history holds the texts as they now stand
        for row in model.objects.all():
            row.save()
    TrackerCuration.objects.create(period=period, summary_en=ENGLISH_ONLY["tracker summary"])
    TrackerActions.objects.create(period=period, sector=css_report.sector, actions_en=ENGLISH_ONLY["tracker actions"])
    return users, ids


def field_of(text: str) -> str:
    """Which text of the data a finding is (or "interface" for the page's own words)."""
    kinds = (
        ("English only", ENGLISH_ONLY),
        ("French only", FRENCH_ONLY),
        ("recorded", RECORDED),
    )
    for kind, texts in kinds:
        for name, sentence in texts.items():
            if sentence[:30] in text:  # the start: pages may cut a long text
                return f"{kind}: {name}"
    return "interface"


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("role", ["artf", "lead"])
def test_every_page_marks_the_texts_of_the_other_language(client, mixed, role, language):
    users, ids = mixed
    client.force_login(users[role])
    problems = []
    for name in PAGES:
        _method, expected, kwargs, _data = TABLE[name]
        if expected[role] != 200:
            continue
        with translation.override(language):
            url = url_for(name, kwargs, ids).replace("/en/", f"/{language}/", 1)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        for finding in findings(response.content, language=language):
            problems.append(f"{url} — {field_of(finding.text)} — {finding}")
    assert not problems, f"{len(problems)} unmarked texts:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_tracker_marks_the_texts_of_the_other_language(mixed, language):
    _users, ids = mixed
    period = ReportingPeriod.objects.get(pk=ids["period"])
    context = tracker_context(period=period, language=language)
    with translation.override(language):
        html = render_to_string("tracker/pdf/tracker.html", context)
    found = findings(html, language=language)
    assert not found, "\n".join(f"{field_of(finding.text)} — {finding}" for finding in found)
