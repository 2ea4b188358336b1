"""Every URL of the project × every role, with the answer each must get.

The table below is the access policy in one place. A URL that is not in the table fails
``test_every_url_is_in_the_table``, so a new page cannot ship without its rule.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from accountability.models import Approval, Engagement, Recommendation, Review
from actionplans.models import KPI, Commitment, Initiative, KPIValue
from equity.models import MaturityAssessment, Representation, SurveyHighlight
from feedback.models import FeedbackSubmission, FeedbackSummary
from periods.models import ReportingPeriod
from reporting.models import QuarterlyReport, ReportComment
from tests.world import world_build
from tracker.models import TrackerCuration, TrackerJob

ROLES = ["anonymous", "lead", "other_lead", "contributor", "artf", "executive"]
LOGIN = "login"  # redirected to the login page

PUBLIC = {"anonymous": 200, "lead": 200, "other_lead": 200, "contributor": 200, "artf": 200, "executive": 200}
READ = {"anonymous": LOGIN, "lead": 200, "other_lead": 200, "contributor": 200, "artf": 200, "executive": 200}
EDIT_FORM = {"anonymous": LOGIN, "lead": 200, "other_lead": 403, "contributor": 200, "artf": 200, "executive": 403}
EDIT_POST = {"anonymous": LOGIN, "lead": 302, "other_lead": 403, "contributor": 302, "artf": 302, "executive": 403}
# The dashboard: ARTF and executives. Periods and report reviews: ARTF only.
DASHBOARD = {"anonymous": LOGIN, "lead": 403, "other_lead": 403, "contributor": 403, "artf": 200, "executive": 200}
ARTF_PAGE = {"anonymous": LOGIN, "lead": 403, "other_lead": 403, "contributor": 403, "artf": 200, "executive": 403}
ARTF_POST = {**ARTF_PAGE, "artf": 302}
# The translation queue: ARTF and every sector's editors (each sees their own sectors' texts).
TRANSLATE = {"anonymous": LOGIN, "lead": 200, "other_lead": 200, "contributor": 200, "artf": 200, "executive": 403}
# A report not yet approved: its own sector and ARTF read it; other sectors and executives do not.
OWN_REPORT = {"anonymous": LOGIN, "lead": 200, "other_lead": 403, "contributor": 200, "artf": 200, "executive": 403}
# A sector's own representation: its people, ARTF and executives; other sectors' leads do not.
OWN_EVIDENCE = {"anonymous": LOGIN, "lead": 200, "other_lead": 403, "contributor": 200, "artf": 200, "executive": 200}
REPORT_WRITE = {"anonymous": LOGIN, "lead": 302, "other_lead": 403, "contributor": 302, "artf": 403, "executive": 403}
Q3 = "2025-26-q3"

# name: (method, expected by role, URL kwargs, POST data)
TABLE = {
    "root": ("GET", {r: 302 for r in ROLES}, {}, None),
    "healthz": ("GET", PUBLIC, {}, None),
    "set_language": ("POST", {r: 302 for r in ROLES}, {}, {"language": "fr", "next": "/en/"}),
    "accounts:login": ("GET", {**{r: 302 for r in ROLES}, "anonymous": 200}, {}, None),
    "accounts:logout": ("POST", {r: LOGIN for r in ROLES}, {}, {}),
    "accounts:preferences": ("GET", READ, {}, None),
    "accounts:password-change": ("GET", READ, {}, None),
    "accounts:password-change-done": ("GET", READ, {}, None),
    "accounts:password-reset": ("GET", PUBLIC, {}, None),
    "accounts:password-reset-done": ("GET", PUBLIC, {}, None),
    "accounts:password-reset-confirm": ("GET", PUBLIC, {"uidb64": "MQ", "token": "no-such-token"}, None),
    "accounts:password-reset-complete": ("GET", PUBLIC, {}, None),
    # The identity provider's way in and back: not configured here, so not found for anyone
    # (tests/accounts/test_oidc*.py go through them with a provider).
    "accounts:oidc-start": ("GET", {r: 404 for r in ROLES}, {}, None),
    "oidc-callback": ("GET", {r: 404 for r in ROLES}, {}, None),
    "home": ("GET", READ, {}, None),
    "actionplans:plan-detail": ("GET", READ, {"code": "CSS"}, None),
    "actionplans:plan-export": ("GET", READ, {"code": "CSS"}, None),
    "actionplans:plan-history": ("GET", READ, {"code": "CSS"}, None),
    "actionplans:initiative-detail": ("GET", READ, {"code": "CSS", "pk": "initiative"}, None),
    "actionplans:kpi-detail": ("GET", READ, {"code": "CSS", "pk": "kpi"}, None),
    "actionplans:commitment-create": ("GET", EDIT_FORM, {"code": "CSS"}, None),
    "actionplans:commitment-update": ("GET", EDIT_FORM, {"code": "CSS", "pk": "commitment"}, None),
    "actionplans:commitment-delete": ("GET", EDIT_FORM, {"code": "CSS", "pk": "commitment"}, None),
    "actionplans:commitment-move": ("POST", EDIT_POST, {"code": "CSS", "pk": "commitment"}, {"direction": "down"}),
    "actionplans:initiative-create": ("GET", EDIT_FORM, {"code": "CSS", "commitment_pk": "commitment"}, None),
    "actionplans:initiative-update": ("GET", EDIT_FORM, {"code": "CSS", "pk": "initiative"}, None),
    "actionplans:initiative-move": ("POST", EDIT_POST, {"code": "CSS", "pk": "initiative"}, {"direction": "down"}),
    "actionplans:initiative-remove": ("GET", EDIT_FORM, {"code": "CSS", "pk": "initiative"}, None),
    "actionplans:kpi-create": ("GET", EDIT_FORM, {"code": "CSS", "commitment_pk": "commitment"}, None),
    "actionplans:kpi-update": ("GET", EDIT_FORM, {"code": "CSS", "pk": "kpi"}, None),
    "actionplans:kpi-remove": ("GET", EDIT_FORM, {"code": "CSS", "pk": "kpi"}, None),
    "actionplans:kpi-value-save": (
        "POST",
        EDIT_POST,
        {"code": "CSS", "pk": "kpi"},
        {"period": "period", "value": "55"},
    ),
    "dashboard:dashboard": ("GET", DASHBOARD, {}, None),
    "dashboard:export": ("GET", DASHBOARD, {"fmt": "csv"}, None),
    "dashboard:translations": ("GET", TRANSLATE, {}, None),
    "dashboard:translation-fill": ("POST", {**TRANSLATE, **{r: 302 for r in TRANSLATE if TRANSLATE[r] == 200}}, {}, {}),
    "reporting:period-list": ("GET", ARTF_PAGE, {}, None),
    "reporting:period-open": ("GET", ARTF_PAGE, {}, None),
    "reporting:period-update": ("GET", ARTF_PAGE, {"slug": Q3}, None),
    "reporting:period-close": ("POST", ARTF_POST, {"slug": Q3}, {}),
    "reporting:report-list": ("GET", READ, {"code": "CSS"}, None),
    "reporting:report-detail": ("GET", OWN_REPORT, {"code": "CSS", "slug": Q3}, None),
    "reporting:report-comment": ("POST", ARTF_POST, {"code": "OPS", "slug": Q3}, {"section": "kpis", "body": "Why?"}),
    "reporting:report-return": ("POST", ARTF_POST, {"code": "OPS", "slug": Q3}, {"reason": "Add figures."}),
    "reporting:report-approve": ("POST", ARTF_POST, {"code": "OPS", "slug": Q3}, {}),
    "reporting:report-reopen": ("POST", ARTF_POST, {"code": "OPS", "slug": Q3}, {"reason": "Correction."}),
    "tracker:list": ("GET", DASHBOARD, {}, None),
    "tracker:produce": ("POST", ARTF_POST, {}, {"period": Q3, "language": "en"}),
    "tracker:curate": ("GET", ARTF_PAGE, {"slug": Q3}, None),
    "tracker:download": ("GET", DASHBOARD, {"pk": "tracker"}, None),
    "tracker:retry": ("POST", ARTF_POST, {"pk": "failed_tracker"}, {}),
    "equity:representation": ("GET", READ, {}, None),
    "equity:representation-export": ("GET", READ, {"fmt": "csv"}, None),
    "equity:representation-sector": ("GET", OWN_EVIDENCE, {"code": "CSS"}, None),
    "equity:representation-sector-export": ("GET", OWN_EVIDENCE, {"code": "CSS", "fmt": "xlsx"}, None),
    "equity:representation-import": ("GET", ARTF_PAGE, {}, None),
    "equity:representation-template": ("GET", ARTF_PAGE, {}, None),
    "equity:survey-list": ("GET", READ, {}, None),
    "equity:survey-import": ("GET", ARTF_PAGE, {}, None),
    "equity:survey-template": ("GET", ARTF_PAGE, {}, None),
    "equity:highlight-add": ("GET", ARTF_PAGE, {"survey_pk": "survey"}, None),
    "equity:highlight-edit": ("GET", ARTF_PAGE, {"pk": "highlight"}, None),
    "equity:highlight-delete": ("POST", ARTF_POST, {"pk": "highlight"}, {}),
    "equity:maturity": ("GET", READ, {"code": "CSS"}, None),
    "accountability:review-list": ("GET", READ, {}, None),
    "accountability:review-detail": ("GET", READ, {"pk": "review"}, None),
    "accountability:review-create": ("GET", ARTF_PAGE, {}, None),
    "accountability:recommendation-create": ("GET", ARTF_PAGE, {"pk": "review"}, None),
    "accountability:recommendation-edit": ("GET", ARTF_PAGE, {"pk": "recommendation"}, None),
    "accountability:engagement-list": ("GET", DASHBOARD, {}, None),
    "accountability:engagement-create": ("GET", EDIT_FORM, {"code": "CSS"}, None),
    "accountability:engagement-update": ("GET", EDIT_FORM, {"code": "CSS", "pk": "engagement"}, None),
    "accountability:engagement-delete": ("POST", EDIT_POST, {"code": "CSS", "pk": "engagement"}, {}),
    "accountability:approval-record": ("GET", ARTF_PAGE, {"code": "CSS"}, None),
    "feedback:submit": ("GET", PUBLIC, {}, None),
    "feedback:submit-no-slash": ("GET", PUBLIC, {}, None),
    "feedback:thanks": ("GET", PUBLIC, {}, None),
    "feedback:triage": ("GET", ARTF_PAGE, {}, None),
    "feedback:triage-update": ("POST", ARTF_POST, {"pk": "feedback"}, {"status": "acknowledged"}),
    "feedback:summary-new": ("GET", ARTF_PAGE, {}, None),
    "feedback:summary-edit": ("GET", ARTF_PAGE, {"pk": "summary"}, None),
    "equity:maturity-review": ("POST", ARTF_POST, {"code": "CSS", "slug": Q3}, {"note": "Good evidence."}),
}

# Forms whose POST changes data: every role that may not edit gets 403 and changes nothing.
WRITES = {
    "actionplans:commitment-create": {"statement_en": "Forged", "statement_fr": ""},
    "actionplans:commitment-update": {"statement_en": "Forged", "version": "1"},
    "actionplans:commitment-delete": {},
    "actionplans:commitment-move": {"direction": "down"},
    "actionplans:initiative-create": {"title_en": "Forged", "scope": "internal", "status": "planned"},
    "actionplans:initiative-update": {"title_en": "Forged", "scope": "internal", "status": "planned", "version": "1"},
    "actionplans:initiative-move": {"direction": "down"},
    "actionplans:initiative-remove": {},
    "actionplans:kpi-create": {"name_en": "Forged", "unit": "count", "direction": "increase"},
    "actionplans:kpi-update": {"name_en": "Forged", "unit": "count", "direction": "increase", "version": "1"},
    "actionplans:kpi-remove": {},
    "actionplans:kpi-value-save": {"period": "period", "value": "99"},
    "reporting:period-close": {},
    "reporting:report-comment": {"section": "kpis", "body": "Forged"},
    "reporting:report-return": {"reason": "Forged"},
    "reporting:report-approve": {},
    "reporting:report-reopen": {"reason": "Forged"},
    "tracker:produce": {"period": Q3, "language": "fr"},
    "tracker:retry": {},
}
WRITES["tracker:curate"] = {"summary_en": "Forged"}

WRITES["equity:representation-import"] = {}
WRITES["equity:survey-import"] = {}
WRITES["equity:highlight-add"] = {"theme_en": "Forged", "summary_en": "Forged"}
WRITES["equity:highlight-edit"] = {"theme_en": "Forged", "summary_en": "Forged"}
WRITES["equity:highlight-delete"] = {}
WRITES["equity:maturity"] = {"period": Q3, "stage": "6", "evidence": "Forged"}
WRITES["equity:maturity-review"] = {"note": "Forged"}
WRITES["accountability:review-create"] = {"title_en": "Forged", "date": "2025-10-01", "unit_reviewed": "X"}
WRITES["accountability:recommendation-create"] = {"number": "9", "theme_en": "F", "text_en": "F"}
WRITES["accountability:recommendation-edit"] = {"status": "closed", "version": "1"}
WRITES["accountability:engagement-create"] = {
    "date": "2025-10-01",
    "stakeholder_type": "unions",
    "stakeholder_en": "F",
    "purpose_en": "F",
}
WRITES["accountability:engagement-update"] = {
    "date": "2025-10-01",
    "stakeholder_type": "unions",
    "stakeholder_en": "F",
    "purpose_en": "F",
}
WRITES["accountability:engagement-delete"] = {}
WRITES["accountability:approval-record"] = {"step": "1", "date": "2025-10-01", "decision": "approved"}
WRITES["feedback:triage-update"] = {"status": "actioned", "note": "Forged"}
WRITES["feedback:summary-new"] = {"title_en": "Forged", "said_en": "x", "did_en": "y", "is_published": "on"}
WRITES["feedback:summary-edit"] = {"title_en": "Forged", "said_en": "x", "did_en": "y", "is_published": "on"}

# The report page's POST is a write too, for another sector's lead and executives.
WRITES["reporting:report-detail"] = {"version": "0", "highlights": "Forged", "action": "save"}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_table():
    names = {name for name in named_patterns() if not name.startswith("admin:")}
    assert names - set(TABLE) == set(), "add these URLs to the access table in tests/test_access.py"
    assert set(TABLE) - names == set()


@pytest.fixture
def world(db):
    return world_build()


def url_for(name, kwargs, ids):
    with translation.override("en"):
        return reverse(name, kwargs={k: ids.get(v, v) for k, v in kwargs.items()})


def answer_of(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_url_answers_each_role_as_the_table_says(client, world, name, role):
    users, ids = world
    method, expected, kwargs, data = TABLE[name]
    if users[role]:
        client.force_login(users[role])
    url = url_for(name, kwargs, ids)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, {k: ids.get(v, v) for k, v in (data or {}).items()})
    assert answer_of(response) == expected[role], f"{role} {method} {url}"


def snapshot():
    return (
        list(Commitment.objects.order_by("pk").values_list("pk", "number", "statement_en", "version")),
        list(Initiative.objects.order_by("pk").values_list("pk", "number", "title_en", "version", "is_archived")),
        list(KPI.objects.order_by("pk").values_list("pk", "number", "name_en", "version", "is_archived")),
        list(KPIValue.objects.order_by("pk").values_list("pk", "value")),
        list(QuarterlyReport.objects.order_by("pk").values_list("pk", "status", "highlights", "version")),
        ReportComment.objects.count(),
        list(ReportingPeriod.objects.values_list("pk", "is_closed")),
        list(TrackerJob.objects.order_by("pk").values_list("pk", "status")),
        TrackerCuration.objects.count(),
        list(Representation.objects.order_by("pk").values_list("pk", "headcount")),
        list(SurveyHighlight.objects.order_by("pk").values_list("pk", "theme_en")),
        list(MaturityAssessment.objects.order_by("pk").values_list("pk", "stage", "evidence", "review_note")),
        list(FeedbackSubmission.objects.order_by("pk").values_list("pk", "status", "triage_note")),
        list(Recommendation.objects.order_by("pk").values_list("pk", "status", "version")),
        Review.objects.count(),
        list(Engagement.objects.order_by("pk").values_list("pk", "stakeholder_en", "version")),
        Approval.objects.count(),
        list(FeedbackSummary.objects.order_by("pk").values_list("pk", "title_en", "is_published")),
    )


@pytest.mark.parametrize("role", ["other_lead", "executive"])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_forged_edits_from_outside_the_sector_are_refused_and_change_nothing(client, world, name, role):
    users, ids = world
    client.force_login(users[role])
    before = snapshot()
    _method, _expected, kwargs, _data = TABLE[name]
    data = {k: ids.get(v, v) for k, v in WRITES[name].items()}
    response = client.post(url_for(name, kwargs, ids), data)
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("header", [{}, {"HTTP_HX_REQUEST": "true"}])
def test_htmx_fragments_are_guarded_like_pages(client, world, header):
    users, ids = world
    client.force_login(users["other_lead"])
    url = url_for("actionplans:initiative-update", {"code": "CSS", "pk": "initiative"}, ids)
    assert client.get(url, **header).status_code == 403


def test_lead_sees_no_edit_controls_on_another_sectors_plan(client, world):
    users, _ids = world
    client.force_login(users["other_lead"])
    body = client.get("/en/plans/CSS/").content.decode()
    assert "/edit/" not in body and "/remove/" not in body and "Add an initiative" not in body
    client.force_login(users["lead"])
    body = client.get("/en/plans/CSS/").content.decode()
    assert "/edit/" in body and "Add an initiative" in body


@pytest.mark.django_db
def test_admin_pages_need_a_staff_login(client):
    for url in ("/en/admin/", "/en/admin/actionplans/initiative/", "/en/admin/actionplans/initiative/import/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
