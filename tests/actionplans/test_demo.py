import pytest
from django.core.management import call_command

from actionplans.demo import demo_counts
from actionplans.models import Commitment, Initiative, KPIValue, Phase
from reporting.models import ReportingPeriod
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
