"""Every text has a length that fits its use, and every path that writes one holds it (issue 13, item 12).

A sector user once saved a 1 MB commitment statement: the French tracker grew to 319 pages and
46 s, and a few more would have failed it for everyone. The limit is on the model field (so the
admin, the model forms, the import's validation and the services all read it), each plain form
takes it from there, and the services that write text without a model form check it themselves.
"""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Commitment, Initiative, KPIValue
from actionplans.resources import InitiativeResource
from reporting import services as reporting_services
from reporting.models import (
    ApprovedInitiativeUpdate,
    ApprovedKPIValue,
    InitiativeUpdate,
    QuarterlyReport,
    ReportComment,
    ReportEvent,
)
from spreadsheets.services import spreadsheet_import
from tests.factories import InitiativeFactory, KPIFactory, PeriodFactory, artf_user
from tests.forms import form_fields
from tests.spreadsheets.helpers import annex_d_rows, csv_bytes, xlsx_bytes
from tracker import services as tracker_services
from tracker.models import TrackerActions, TrackerCuration, TrackerJob

MEGABYTE = "x" * 1_048_576
TOO_LONG_EN = "Ensure this value has at most %d characters (it has %d)."
TOO_LONG_FR = "Assurez-vous que cette valeur comporte au plus %d caractères (actuellement %d)."


def our_models():
    root = Path(settings.BASE_DIR).resolve()
    for model in apps.get_models():  # the history models and the _en/_fr copies of translated fields too
        # Our apps sit at the top of the project (a virtualenv inside it holds other people's).
        if Path(model._meta.app_config.path).resolve().parent == root:
            yield model


def test_every_text_field_of_ours_has_a_length_limit():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in our_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    # Django's TextField only sizes the form's textarea with max_length; ours checks it in full_clean.
    unchecked = [
        f"{model._meta.label}.{field.name}"
        for model in our_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and not any(isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators)
    ]
    assert len(list(our_models())) > 40  # the walk sees the apps, their history and translations
    assert unbounded == []
    assert unchecked == []


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ((ApprovedInitiativeUpdate, "narrative"), (InitiativeUpdate, "narrative")),
        ((ApprovedInitiativeUpdate, "title_en"), (Initiative, "title_en")),
        ((ApprovedInitiativeUpdate, "lead_en"), (Initiative, "lead_en")),
        ((ApprovedInitiativeUpdate, "lead_fr"), (Initiative, "lead_fr")),
        ((ApprovedKPIValue, "note_en"), (KPIValue, "note_en")),
        ((ApprovedKPIValue, "note_fr"), (KPIValue, "note_fr")),
        ((TrackerActions, "actions_en"), (QuarterlyReport, "top_actions")),
    ],
)
def test_a_copy_holds_whatever_it_copies(copy, original):
    """Approval copies a report's texts, and curation starts from its top actions: never cut, never refused."""
    limit = copy[0]._meta.get_field(copy[1]).max_length
    assert limit >= original[0]._meta.get_field(original[1]).max_length


# -- a commitment's statement: web form, admin, import --------------------------------------------
def snapshot():
    return list(Commitment.objects.values_list("pk", "statement", "statement_en", "statement_fr", "version"))


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "message"), [("en", TOO_LONG_EN), ("fr", TOO_LONG_FR)])
def test_a_megabyte_statement_is_refused_on_the_plan_form_which_shows_the_limit(
    client, lead, commitment, language, message
):
    client.force_login(lead)
    url = f"/{language}/plans/CSS/commitments/{commitment.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'maxlength="1000"' in page and 'name="statement_en"' in page
    before = snapshot()
    data = {**form_fields(page, action=""), "statement_en": MEGABYTE}
    response = client.post(url, data)
    assert response.status_code == 422
    assert message % (1000, len(MEGABYTE)) in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_a_megabyte_statement_is_refused_in_the_admin(client, admin_user, commitment):
    client.force_login(admin_user)
    url = reverse("admin:actionplans_commitment_change", args=[commitment.pk])
    page = client.get(url).content.decode()
    assert 'maxlength="1000"' in page
    before = snapshot()
    data = {**form_fields(page, form_id="commitment_form"), "statement_en": MEGABYTE}
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert TOO_LONG_EN % (1000, len(MEGABYTE)) in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("stored", [False, True], ids=["new-commitment", "stored-commitment"])
def test_a_statement_as_long_as_a_cell_holds_is_refused_by_the_import(css_plan, stored, file_format):
    """32,767 characters, the most an Excel cell holds (a 1 MB line of CSV is refused before it is read)."""
    if stored:  # the import's first run makes the commitments; the second changes a statement
        assert spreadsheet_import(
            resource_class=InitiativeResource, data=csv_bytes(annex_d_rows()), file_format="csv"
        ).ok
    before = snapshot(), list(Initiative.objects.values_list("pk", "title_en", "version"))
    rows = annex_d_rows()
    rows[1][2] = "x" * 32_767
    data = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows)
    outcome = spreadsheet_import(resource_class=InitiativeResource, data=data, file_format=file_format)
    assert outcome.errors[0] == "Row 2, column “Commitment (EN)”: " + TOO_LONG_EN % (1000, 32_767)
    assert (snapshot(), list(Initiative.objects.values_list("pk", "title_en", "version"))) == before


@pytest.fixture
def css_plan(db):
    from tests.factories import PhaseFactory, SectorFactory, StrategyFactory

    strategy = StrategyFactory()
    for number in range(1, 6):
        PhaseFactory(strategy=strategy, number=number)
    return SectorFactory(code="CSS")


# -- the quarterly report, its review and the tracker ---------------------------------------------
@pytest.fixture
def report_setup(commitment, lead):
    today = timezone.localdate()
    period = PeriodFactory(
        fiscal_year=2025,
        quarter=3,
        opens_on=today - datetime.timedelta(days=5),
        due_date=today + datetime.timedelta(days=12),
    )
    initiative = InitiativeFactory(commitment=commitment, number=1, title_en="Trust circles")
    return {"period": period, "initiative": initiative, "url": "/en/plans/CSS/reports/2025-26-q3/"}


@pytest.mark.django_db
def test_a_report_section_or_update_over_its_limit_is_refused_and_what_was_typed_stays(client, lead, report_setup):
    client.force_login(lead)
    url = report_setup["url"]
    page = client.get(url).content.decode()
    assert 'maxlength="4000"' in page and 'maxlength="2000"' in page
    narrative = f"i{report_setup['initiative'].pk}-narrative"
    data = {**form_fields(page, form_id="report-form"), "highlights": "Circles in every region.", narrative: "y" * 2001}
    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 422
    body = response.content.decode()
    assert TOO_LONG_EN % (2000, 2001) in body and "Circles in every region." in body
    assert not QuarterlyReport.objects.exists() and not InitiativeUpdate.objects.exists()


@pytest.mark.django_db
def test_a_reason_or_comment_over_its_limit_is_refused_and_the_report_is_left_as_it_is(client, lead, report_setup):
    initiative = report_setup["initiative"]
    report = reporting_services.report_save(
        sector=initiative.commitment.plan.sector,
        period=report_setup["period"],
        by=lead,
        version=None,
        sections={"highlights": "Held."},
        updates={initiative.pk: {"status": "in_progress", "percent_done": 50, "narrative": "Four circles held."}},
        kpi_values={},
    )
    reporting_services.report_submit(report=report, by=lead)
    events = ReportEvent.objects.count()
    client.force_login(artf_user())
    url = report_setup["url"]
    response = client.post(url + "approve/", {"reason": "z" * 2001}, follow=True)
    assert "Reason: " + TOO_LONG_EN % (2000, 2001) in response.content.decode()
    response = client.post(url + "return/", {"reason": "z" * 2001}, follow=True)
    assert "Reason: " + TOO_LONG_EN % (2000, 2001) in response.content.decode()
    report.refresh_from_db()
    assert report.status == QuarterlyReport.Status.SUBMITTED and ReportEvent.objects.count() == events
    response = client.post(url + "comments/", {"section": "highlights", "body": "c" * 2001}, follow=True)
    assert "Comment: " + TOO_LONG_EN % (2000, 2001) in response.content.decode()
    assert not ReportComment.objects.exists()
    # The services hold the rule themselves, whatever calls them.
    with pytest.raises(Exception, match="at most 2000 characters"):
        reporting_services.report_return(report=report, by=artf_user(username="artf-2"), reason="z" * 2001)
    with pytest.raises(Exception, match="at most 2000 characters"):
        reporting_services.comment_add(
            report=report, by=artf_user(username="artf-3"), section="highlights", body="c" * 2001
        )


@pytest.mark.django_db
def test_tracker_wording_over_its_limit_is_refused_with_the_text_kept(client, lead, report_setup):
    period = report_setup["period"]
    sector = report_setup["initiative"].commitment.plan.sector
    QuarterlyReport.objects.create(sector=sector, period=period, status="approved", top_actions="Circles")
    client.force_login(artf_user())
    url = "/en/tracker/2025-26-q3/curate/"
    page = client.get(url).content.decode()
    assert 'maxlength="5000"' in page and 'maxlength="4000"' in page
    data = {**form_fields(page, action=""), "summary_en": "s" * 5001, f"actions_fr-{sector.pk}": "Cercles"}
    response = client.post(url, data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Executive summary (English): " + TOO_LONG_EN % (5000, 5001) in body
    assert "s" * 5001 in body and ">Cercles</textarea>" in body  # what was sent is on the page again
    assert not TrackerCuration.objects.exists() and not TrackerActions.objects.exists()


@pytest.mark.django_db
def test_a_kpi_note_over_its_limit_is_refused(client, lead, commitment):
    kpi = KPIFactory(commitment=commitment)
    period = PeriodFactory(fiscal_year=2025, quarter=3)
    client.force_login(lead)
    url = reverse("actionplans:kpi-value-save", kwargs={"code": "CSS", "pk": kpi.pk})
    response = client.post(url, {"period": period.pk, "value": "50", "note_en": "n" * 1001})
    assert response.status_code == 422
    assert TOO_LONG_EN % (1000, 1001) in response.content.decode()
    assert not KPIValue.objects.exists()


def test_a_tracker_failure_is_kept_in_words_cut_to_fit():
    text = tracker_services.tracker_error_text(RuntimeError("w" * 100_000))
    assert len(text) == TrackerJob._meta.get_field("error").max_length
    assert text.startswith("The tracker could not be laid out: RuntimeError: www") and text.endswith("…")
