"""The quarterly cycle through its services and pages: draft, submit, return, approve, reopen."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import Initiative, KPIValue
from core.concurrency import EditConflict
from periods import services as period_services
from reporting import services
from reporting.models import InitiativeUpdate, QuarterlyReport, ReportEvent
from tests.factories import (
    InitiativeFactory,
    KPIFactory,
    MembershipFactory,
    PeriodFactory,
    UserFactory,
    artf_user,
    executive_user,
)
from tests.forms import form_fields

TODAY = timezone.localdate()


@pytest.fixture
def period(db):
    return PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=TODAY - datetime.timedelta(days=5),
        due_date=TODAY + datetime.timedelta(days=12),
    )


@pytest.fixture
def setup(commitment, lead, period):
    first = InitiativeFactory(commitment=commitment, number=1, title_en="Trust circles", status="in_progress")
    second = InitiativeFactory(commitment=commitment, number=2, title_en="Black History Month", status="planned")
    InitiativeFactory(commitment=commitment, number=3, title_en="Done long ago", status="completed")
    kpi = KPIFactory(commitment=commitment, number=1)
    reviewer = artf_user(username="artf", first_name="Ari", last_name="Reviewer")
    return {"sector": commitment.plan.sector, "first": first, "second": second, "kpi": kpi, "artf": reviewer}


def save(setup, lead, period, *, version=None, updates=None, **sections):
    return services.report_save(
        sector=setup["sector"],
        period=period,
        by=lead,
        version=version,
        sections={"highlights": "Good quarter", **sections},
        updates=updates or {},
        kpi_values={setup["kpi"].pk: None},
    )


def both_updates(setup):
    return {
        setup["first"].pk: {"status": "completed", "percent_done": 100, "narrative": "Four circles held."},
        setup["second"].pk: {"status": "in_progress", "percent_done": 30, "narrative": "Speakers booked."},
    }


def test_submit_names_every_initiative_without_an_update_and_keeps_the_draft(setup, lead, period):
    report = save(setup, lead, period, updates={setup["first"].pk: both_updates(setup)[setup["first"].pk]})
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=lead)
    assert "1.2 Black History Month" in error.value.messages[0]
    assert "Trust circles" not in error.value.messages[0]
    assert "Done long ago" not in error.value.messages[0]  # completed before: not active
    report.refresh_from_db()
    assert report.status == "draft" and report.highlights == "Good quarter"
    assert InitiativeUpdate.objects.filter(report=report).count() == 1


def test_whole_cycle_records_who_when_why_and_notifies(setup, lead, period, django_capture_on_commit_callbacks):
    report = save(setup, lead, period, updates=both_updates(setup))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=report, by=lead)
    assert [m.subject for m in mail.outbox] == [
        "CSS 2025-26 Q3 report submitted for review / Rapport CSS T3\u00a02025-2026 soumis pour examen"
    ]
    assert mail.outbox[0].bcc == ["artf@example.gc.ca"]
    # The plan follows the report: the initiative reported completed is completed.
    assert Initiative.objects.get(pk=setup["first"].pk).status == "completed"

    with pytest.raises(ValidationError):  # submitted: the sector cannot change it
        save(setup, lead, period, version=QuarterlyReport.objects.get().version)
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=setup["artf"], reason="  ")  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, by=setup["artf"], reason="Add the number of participants.")
    assert mail.outbox[-1].bcc == ["lead-css@example.gc.ca"]
    assert "Add the number of participants." in mail.outbox[-1].body
    assert "/fr/plans/CSS/reports/2025-26-q3/" in mail.outbox[-1].body

    report.refresh_from_db()
    report = save(setup, lead, period, version=report.version, updates=both_updates(setup))
    services.report_submit(report=report, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=report, by=setup["artf"])
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by == setup["artf"]
    with pytest.raises(ValidationError):
        services.comment_add(report=report, by=setup["artf"], section="highlights", body="Too late")
    events = list(ReportEvent.objects.filter(report=report).values_list("action", "from_status", "to_status", "actor"))
    assert events == [
        ("started", "not_started", "draft", lead.pk),
        ("submitted", "draft", "submitted", lead.pk),
        ("returned", "submitted", "returned", setup["artf"].pk),
        ("submitted", "returned", "submitted", lead.pk),
        ("approved", "submitted", "approved", setup["artf"].pk),
    ]
    services.report_reopen(report=report, by=setup["artf"], reason="Figures corrected by the data team.")
    report.refresh_from_db()
    assert report.status == "draft"


def test_a_stale_save_raises_a_conflict_and_writes_nothing(setup, lead, period):
    report = save(setup, lead, period)
    opened = report.version
    save(setup, lead, period, version=opened, highlights="Saved by a colleague")
    with pytest.raises(EditConflict):
        save(setup, lead, period, version=opened, highlights="Mine")
    assert QuarterlyReport.objects.get().highlights == "Saved by a colleague"


def test_a_closed_or_unopened_period_takes_no_report(setup, lead, period):
    period.opens_on = TODAY + datetime.timedelta(days=3)
    period.save()
    with pytest.raises(ValidationError, match="not open"):
        save(setup, lead, period)
    period = period_services.period_close(period=period, by=setup["artf"])
    with pytest.raises(ValidationError, match="closed"):
        save(setup, lead, period)
    assert not QuarterlyReport.objects.exists()


def test_a_quarter_added_ahead_takes_kpi_values_but_no_report_until_artf_opens_it(setup, lead):
    ahead = period_services.period_add(fiscal_year=2025, quarter=4, by=setup["artf"])
    assert (ahead.opens_on, ahead.due_date, ahead.is_closed) == (None, None, False)
    assert period_services.period_add(fiscal_year=2025, quarter=4, by=lead) == ahead  # already there: as it stands
    assert [(h.history_type, h.history_user) for h in ahead.history.all()] == [("+", setup["artf"])]
    value = plan_services.kpi_value_save(kpi=setup["kpi"], period=ahead, by=lead, value=Decimal("12"))
    assert value.period == ahead
    with pytest.raises(ValidationError, match="not open"):
        save(setup, lead, ahead)


def test_kpi_values_are_entered_from_the_report(setup, lead, period):
    services.report_save(
        sector=setup["sector"],
        period=period,
        by=lead,
        version=None,
        sections={},
        updates={},
        kpi_values={setup["kpi"].pk: 47},
    )
    assert KPIValue.objects.get(kpi=setup["kpi"], period=period, equity_group=None).value == 47


def test_another_sectors_initiative_cannot_be_slipped_into_a_report(setup, lead, period, other_sector):
    foreign = InitiativeFactory(commitment__plan__sector=other_sector)
    report = save(setup, lead, period, updates={foreign.pk: {"status": "completed", "narrative": "x"}})
    assert not report.updates.exists()


# -- pages ---------------------------------------------------------------------------------------
def form_data(setup, **extra):
    data = {
        "version": "0",
        "highlights": "Trust circles in every region.",
        "top_actions": "",
        "challenges": "",
        "support_needed": "",
        f"kpi-{setup['kpi'].pk}": "",
    }
    for key in ("first", "second"):
        pk = setup[key].pk
        data.update({f"i{pk}-status": "in_progress", f"i{pk}-percent": "", f"i{pk}-narrative": ""})
    data.update(extra)
    return data


def test_contributor_saves_a_draft_but_cannot_submit(client, setup, period):
    contributor = MembershipFactory(user=UserFactory(username="contrib"), sector=setup["sector"], role="contributor")
    client.force_login(contributor.user)
    url = "/en/plans/CSS/reports/2025-26-q3/"
    page = client.get(url).content.decode()
    assert "Submit to ARTF" not in page and "A sector lead submits the report." in page
    assert client.post(url, form_data(setup, action="save")).status_code == 302
    assert QuarterlyReport.objects.get().status == "draft"
    assert client.post(url, form_data(setup, action="submit", version="2")).status_code == 403
    assert QuarterlyReport.objects.get().status == "draft"


def test_lead_submit_with_missing_updates_saves_the_draft_and_says_what_is_missing(client, setup, lead, period):
    client.force_login(lead)
    url = "/en/plans/CSS/reports/2025-26-q3/"
    pk = setup["first"].pk
    response = client.post(url, form_data(setup, action="submit", **{f"i{pk}-narrative": "Held."}), follow=True)
    body = response.content.decode()
    assert "Your changes are saved as a draft, but the report was not submitted." in body
    assert "Missing: 1.2 Black History Month" in body
    report = QuarterlyReport.objects.get()
    assert report.status == "draft" and report.updates.get(initiative=setup["first"]).narrative == "Held."


def test_bad_percent_and_kpi_text_are_refused_in_words_and_nothing_is_saved(client, setup, lead, period):
    client.force_login(lead)
    pk = setup["first"].pk
    data = form_data(setup, action="save", **{f"i{pk}-percent": "140", f"kpi-{setup['kpi'].pk}": "lots"})
    response = client.post("/en/plans/CSS/reports/2025-26-q3/", data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Ensure this value is less than or equal to 100." in body
    assert "Trust circles in every region." in body  # what was typed is still there
    assert not QuarterlyReport.objects.exists()


def test_conflicting_save_shows_both_versions(client, setup, lead, period):
    client.force_login(lead)
    url = "/en/plans/CSS/reports/2025-26-q3/"
    client.post(url, form_data(setup, action="save"))
    report = QuarterlyReport.objects.get()
    stale = str(report.version)
    client.post(url, form_data(setup, action="save", version=stale, highlights="Colleague's text"))
    response = client.post(url, form_data(setup, action="save", version=stale, highlights="My text"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Colleague&#x27;s text" in body and "My text" in body
    assert QuarterlyReport.objects.get().highlights == "Colleague's text"


def test_artf_comments_are_shown_to_the_sector(client, setup, lead, period):
    report = save(setup, lead, period, updates=both_updates(setup))
    services.report_submit(report=report, by=lead)
    client.force_login(setup["artf"])
    response = client.post(
        "/en/plans/CSS/reports/2025-26-q3/comments/", {"section": "challenges", "body": "Say what blocked you."}
    )
    assert response.status_code == 302
    client.force_login(lead)
    assert "Say what blocked you." in client.get("/en/plans/CSS/reports/2025-26-q3/").content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_report_page_query_count_does_not_grow(client, setup, lead, period, count, django_assert_num_queries):
    for n in range(count):
        InitiativeFactory(commitment=setup["first"].commitment, number=10 + n, status="in_progress")
        KPIFactory(commitment=setup["first"].commitment, number=10 + n)
    report = save(setup, lead, period, updates=both_updates(setup))
    services.comment_add(report=report, by=setup["artf"], section="kpis", body="Check")
    client.force_login(lead)
    with django_assert_num_queries(13):
        assert client.get("/en/plans/CSS/reports/2025-26-q3/").status_code == 200


def test_home_says_when_the_report_is_due(client, setup, lead, period):
    client.force_login(lead)
    body = client.get("/en/").content.decode()
    assert "2025-26 Q3 report due in 12 days" in body
    body = client.get("/fr/").content.decode()
    assert "Rapport T3\u00a02025-2026 attendu dans 12 jours" in body


def test_admin_shows_reports_read_only(client, setup, lead, period, admin_user):
    report = save(setup, lead, period, updates=both_updates(setup))
    client.force_login(admin_user)
    assert client.get("/en/admin/reporting/quarterlyreport/").status_code == 200
    page = client.get(f"/en/admin/reporting/quarterlyreport/{report.pk}/change/")
    assert page.status_code == 200 and "Four circles held." in page.content.decode()
    assert (
        client.post(f"/en/admin/reporting/quarterlyreport/{report.pk}/change/", {"status": "approved"}).status_code
        == 403
    )
    assert QuarterlyReport.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("language", "completed", "in_progress"), [("en", "Completed", "In progress"), ("fr", "Terminé", "En cours")]
)
def test_submitted_and_approved_reports_show_each_initiatives_reported_status(
    client, setup, lead, period, language, completed, in_progress
):
    """The lead submits from the page; ARTF reads the Status column, before and after approving (item 10)."""
    client.force_login(lead)
    url = "/en/plans/CSS/reports/2025-26-q3/"
    first, second = setup["first"].pk, setup["second"].pk
    data = form_data(setup, action="submit")
    data.update(
        {
            f"i{first}-status": "completed",
            f"i{first}-narrative": "Four circles held.",
            f"i{second}-narrative": "Speakers booked.",
        }
    )
    assert client.post(url, data).status_code == 302
    assert QuarterlyReport.objects.get().status == "submitted"

    def status_cells(path):
        body = client.get(path).content.decode()
        return re.findall(r'<span class="badge status-badge status-(\w+)">([^<]*)</span>', body)

    client.force_login(setup["artf"])
    page = f"/{language}/plans/CSS/reports/2025-26-q3/"
    assert status_cells(page) == [("completed", completed), ("in_progress", in_progress)]
    services.report_approve(report=QuarterlyReport.objects.get(), by=setup["artf"])
    client.force_login(executive_user())
    assert status_cells(page) == [("completed", completed), ("in_progress", in_progress)]


def test_every_history_record_of_a_report_names_who_saved_it_even_outside_a_request(setup, lead, period):
    report = save(setup, lead, period, updates=both_updates(setup))
    save(setup, lead, period, version=report.version, highlights="Better quarter")
    records = list(report.history.order_by("history_id"))
    assert len(records) >= 2
    assert {record.history_user for record in records} == {lead}


def test_a_report_keeps_the_language_its_writer_says_it_is_in(client, setup, lead, period):
    """An English report corrected from the French page stays English: the form says which
    language the report is written in, prefilled with its own, and the writer may change it."""
    client.force_login(lead)
    english = "/en/plans/CSS/reports/2025-26-q3/"
    fields = form_fields(client.get(english).content.decode(), method="post", form_id="report-form")
    assert fields["language"] == "en"  # a new report: the page's language
    fields.update({"highlights": "Four circles held.", "action": "save"})
    assert client.post(english, fields).status_code == 302
    assert QuarterlyReport.objects.get().language == "en"

    french = "/fr/plans/CSS/reports/2025-26-q3/"
    page = client.get(french).content.decode()
    assert "Ce rapport est rédigé en" in page
    fields = form_fields(page, method="post", form_id="report-form")
    assert fields["language"] == "en"  # the report's own, on the French page too
    fields.update({"highlights": "Four talking circles held.", "action": "save"})
    assert client.post(french, fields).status_code == 302
    report = QuarterlyReport.objects.get()
    assert (report.highlights, report.language) == ("Four talking circles held.", "en")

    fields = form_fields(client.get(french).content.decode(), method="post", form_id="report-form")
    fields.update({"highlights": "Quatre cercles tenus.", "language": "fr", "action": "save"})
    assert client.post(french, fields).status_code == 302
    assert QuarterlyReport.objects.get().language == "fr"
