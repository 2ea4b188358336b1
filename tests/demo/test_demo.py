import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Model, QuerySet

from actionplans import services
from actionplans.models import KPI, Commitment, Initiative, KPIValue, Phase
from demo.plans import demo_counts, demo_load
from periods.models import ReportingPeriod
from sectors.models import Sector

pytestmark = pytest.mark.django_db


def test_load_demo_twice_gives_the_same_rows(capsys):
    call_command("load_demo")
    first = demo_counts()
    ids = set(Initiative.objects.values_list("pk", flat=True))
    call_command("load_demo")
    assert demo_counts() == first
    assert set(Initiative.objects.values_list("pk", flat=True)) == ids
    assert "Demo logins: lead-css" in capsys.readouterr().out


def test_demo_loader_is_idempotent():
    demo_load()
    first = demo_counts()
    demo_load()
    assert demo_counts() == first


def _a_lead_changes_the_plan():
    """What a lead does in the browser after `make run`: a status and a KPI value change."""
    initiative = Initiative.objects.get(commitment__plan__sector__code="CSS", title_en="Trust Circles")
    lead = initiative.commitment.plan.sector.memberships.first().user
    services.initiative_update(
        initiative=initiative, by=lead, version=initiative.version, status=Initiative.Status.DELAYED
    )
    value = KPIValue.objects.filter(
        kpi__commitment__plan__sector__code="CSS", equity_group=None, period__is_closed=False
    ).first()
    services.kpi_value_save(kpi=value.kpi, period=value.period, by=lead, value=value.value + 7)
    return initiative, value


def test_starting_again_keeps_what_people_changed(capsys):
    call_command("load_demo")
    initiative, value = _a_lead_changes_the_plan()
    capsys.readouterr()
    call_command("load_demo")  # what `make run` does at every start
    assert Initiative.objects.get(pk=initiative.pk).status == Initiative.Status.DELAYED
    assert KPIValue.objects.get(pk=value.pk).value == value.value + 7
    out = capsys.readouterr().out
    assert "the demo was not loaded" in out and "make demo-reset" in out and "Demo logins: lead-css" in out


@pytest.mark.django_db(transaction=True)
def test_reset_is_an_explicit_verb_that_loads_the_demo_again():
    call_command("load_demo")
    initiative, value = _a_lead_changes_the_plan()
    extra = KPI.objects.count()
    call_command("load_demo", reset=True, yes=True)
    again = Initiative.objects.get(commitment__plan__sector__code="CSS", title_en="Trust Circles")
    assert again.status != Initiative.Status.DELAYED
    assert not KPIValue.objects.filter(value=value.value + 7, kpi__name_en=value.kpi.name_en).exists()
    assert KPI.objects.count() == extra


def test_demo_holds_the_decks_content():
    call_command("load_demo")
    assert list(Sector.objects.values_list("code", flat=True)) == sorted(
        ["CSS", "CIO-TDSS", "CFO", "SIS", "SPP", "OPS", "DMO-COVID", "DMO-COMMS", "DMO-CAE", "DMO-SGC"]
    )
    phases = list(Phase.objects.order_by("number").values_list("name_en", "start_date", "end_date"))
    assert phases[0][0] == "Plan, Consult & Align" and phases[4][0] == "Mainstream Anti-Racism"
    assert str(phases[3][1]) == "2022-06-01" and str(phases[3][2]) == "2024-07-31"
    annex_d = Commitment.objects.get(plan__sector__code="CSS", number=1)
    assert annex_d.key_leads == "ARTF" and annex_d.supporting_units == "IDOL, BEN, Comms"
    assert list(annex_d.initiatives.values_list("title_en", flat=True)) == [
        "Black History Month",
        "Trust Circles",
        "Embedding anti-racism in existing performance management tools",
    ]
    assert annex_d.kpis.count() == 3
    periods = list(ReportingPeriod.objects.values_list("slug", flat=True))
    assert periods[0] == "2022-23-q4" and periods[-1] == "2025-26-q4" and len(periods) == 13
    assert not KPIValue.objects.exclude(note_en="Illustrative demo figure").exists()
    # Every initiative and demo text has its French.
    assert not Initiative.objects.filter(title_fr__in=["", None]).exists()
    assert not Sector.objects.filter(name_fr__in=["", None]).exists()


DIRECT_WRITES = {
    # No service or import writes these; the admin site does, and the demo as it would.
    "actionplans.Strategy",
    "actionplans.Phase",
    "actionplans.EquityGroup",
    "auth.Group",
    "accounts.User",
    "accounts.User_groups",
    "equity.Survey",  # its source only: the survey import has no column for it
}


def test_the_demo_writes_directly_only_what_no_service_or_import_writes(monkeypatch):
    """Every row the demo's own code writes (not a service or an import it calls), by model."""
    demo = str(Path(settings.BASE_DIR) / "demo")
    ours = str(Path(settings.BASE_DIR))
    written: set[str] = set()

    def writer() -> str:
        frame = inspect.currentframe().f_back.f_back  # the caller of the watched method
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename.startswith(ours) and ".venv" not in filename:
                return filename  # the nearest of our own modules down the call stack
            frame = frame.f_back
        return ""

    def watch(owner, name, model_of):
        original = getattr(owner, name)

        def watched(self, *args, **kwargs):
            if writer().startswith(demo):
                written.add(model_of(self)._meta.label)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(owner, name, watched)

    for name in ("save_base", "delete"):
        watch(Model, name, type)
    for name in ("update", "bulk_create", "bulk_update", "delete", "update_or_create", "get_or_create"):
        watch(QuerySet, name, lambda queryset: queryset.model)
    demo_load()
    assert written - DIRECT_WRITES == set()
    assert "actionplans.Strategy" in written  # the watch sees the demo's own writes


def test_a_demo_loaded_while_french_is_active_is_written_in_english():
    """The services record a text's language from the active one: a demo loaded in a process that
    last rendered a French page (the bench does) must still be the English-first demo."""
    from django.utils import translation

    from core import translations
    from equity.models import MaturityAssessment

    translation.activate("fr")
    try:
        demo_load()
    finally:
        translation.activate("en")
    assert set(MaturityAssessment.objects.values_list("evidence_language", flat=True)) == {"en"}
    period = ReportingPeriod.objects.get(slug="2025-26-q2")
    assert not [gap for gap in translations.gaps(tracker=period) if gap.missing == "en"]
