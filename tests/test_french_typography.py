"""French as a French-speaking public servant writes it (issue 12, item 19): quarters, dates, numbers,
punctuation and wording, on the pages, in the catalogue and in what imports read back."""

import datetime
import re
import zoneinfo
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from accountability.models import Review
from core import charts
from core.typography import long_date, long_datetime, with_unit
from demo.accountability import REVIEW
from demo.plans import demo_load
from periods.calendar import fiscal_label, period_key
from periods.models import ReportingPeriod
from scripts.french_typography import faults
from tests.factories import InitiativeFactory, PeriodFactory, UserFactory, artf_user

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
GLUED = re.compile(r"(%\}|\}\})[:;!?](\s|<)")  # "{% translate … %}: " or "{{ x }}; "


def french_messages():
    for entry in polib.pofile(str(PO)):
        if entry.obsolete or not entry.msgid:
            continue
        yield from ([entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values())


@pytest.mark.parametrize(
    ("year", "quarter", "english", "french"),
    [(2025, 3, "2025-26 Q3", "T3\u00a02025-2026"), (1999, 4, "1999-00 Q4", "T4\u00a01999-2000")],
)
def test_a_quarter_is_written_the_way_each_language_writes_it(year, quarter, english, french):
    assert fiscal_label(year, quarter, "en") == english and fiscal_label(year, quarter, "fr") == french
    with translation.override("fr"):
        assert fiscal_label(year, quarter) == french
    with translation.override("en"):
        assert fiscal_label(year, quarter) == english
    # Either label, typed or exported in either language, names the same period (and its URL slug).
    slug = english.replace(" ", "-").lower()
    assert period_key(english) == period_key(french) == period_key(french.replace("\u00a0", " ")) == slug


@pytest.mark.django_db
def test_period_label_follows_the_language_and_its_slug_does_not():
    period = PeriodFactory(fiscal_year=2025, quarter=3)
    with translation.override("fr"):
        assert period.label == str(period) == "T3\u00a02025-2026"
        assert period.slug == "2025-26-q3"
    assert period.label == "2025-26 Q3" and period.label_in("fr") == "T3\u00a02025-2026"


@pytest.mark.django_db
def test_french_pages_show_french_quarters_and_english_pages_english_ones(client):
    demo_load()
    client.force_login(artf_user())
    french = client.get("/fr/dashboard/?period=2025-26-q3").content.decode()
    assert "T3\u00a02025-2026" in french and "2025-26 Q3" not in french
    english = client.get("/en/dashboard/?period=2025-26-q3").content.decode()
    assert "2025-26 Q3" in english and "T3\u00a02025-2026" not in english


def test_the_first_of_the_month_is_1er_in_french():
    first, tenth = datetime.date(2025, 10, 1), datetime.date(2025, 10, 10)
    with translation.override("fr"):
        assert long_date(first) == "1er octobre 2025" and long_date(tenth) == "10 octobre 2025"
        assert (
            long_datetime(datetime.datetime(2026, 12, 1, 18, 5, tzinfo=zoneinfo.ZoneInfo("America/Toronto")))
            == "1er décembre 2026 à 18 h 05"
        )
    with translation.override("en"):
        assert long_date(first) == "1 October 2025"


def test_numbers_on_french_charts_and_tables_use_a_comma_and_a_spaced_percent_sign():
    with translation.override("en"):
        chart = charts.trend_chart(
            series=[(datetime.date(2024, 3, 31), "", Decimal("20")), (datetime.date(2025, 3, 31), "", Decimal("29"))],
            baseline=None,
            target=None,
        )
        assert [label for _y, label in chart.y_ticks] == ["20", "24.5", "29"]
        assert with_unit(Decimal("5.00"), "percent") == "5%"
    with translation.override("fr"):
        chart = charts.trend_chart(
            series=[(datetime.date(2024, 3, 31), "", Decimal("20")), (datetime.date(2025, 3, 31), "", Decimal("29"))],
            baseline=None,
            target=None,
        )
        assert [label for _y, label in chart.y_ticks] == ["20", "24,5", "29"]
        assert with_unit(Decimal("29.150"), "percent") == "29,15\u00a0%"
        assert with_unit(Decimal("1.46"), "points") == "1,46"


def test_french_messages_space_their_punctuation_as_french_does():
    wrong = [(message, fault) for message in french_messages() for fault in faults(message)]
    assert wrong == [], wrong[:10]


def test_the_checker_sees_a_missing_or_breakable_space():
    assert faults("Rapports reçus: 7") and faults("Rapports reçus : 7") and faults("secteurs; approuvés")
    assert faults("« cercle »") and faults("24,5%") and faults("%(n)s%%")
    assert not faults("Rapports reçus\u00a0: 7\u202f; «\u00a0cercle\u00a0» 24,5\u00a0% (%)")


@pytest.mark.parametrize(
    "literal",
    ["par santé", "Vous avez dit, nous avons fait", "ICR par santé", "la santé compare"],
)
def test_no_literal_translation_a_french_reader_would_stop_at(literal):
    assert not [message for message in french_messages() if literal in message]


@pytest.mark.django_db
def test_a_review_shows_its_real_source_not_a_developers_label(client):
    demo_load()
    review = Review.objects.get(title_en=REVIEW["title_en"])
    assert "seed" not in review.source_document.lower()
    client.force_login(UserFactory())
    for language in ("en", "fr"):
        page = client.get(f"/{language}/reviews/{review.pk}/").content.decode()
        assert "Office of Internal Disclosure" in page and "seed" not in page.lower()


@pytest.mark.django_db
def test_a_french_export_label_imports_back_to_the_same_period():
    period = PeriodFactory(fiscal_year=2025, quarter=2)
    periods = {p.slug: p for p in ReportingPeriod.objects.all()}
    assert periods[period_key(period.label_in("fr"))] == period
    assert periods[period_key(period.label_in("en"))] == period


@pytest.mark.django_db
def test_an_initiative_page_in_french_writes_the_first_of_the_month_1er(client):
    initiative = InitiativeFactory(planned_start=datetime.date(2025, 10, 1), planned_end=datetime.date(2026, 3, 31))
    client.force_login(UserFactory())
    url = f"/fr/plans/{initiative.commitment.plan.sector.code}/initiatives/{initiative.pk}/"
    page = client.get(url).content.decode()
    assert "1er octobre 2025" in page and "31 mars 2026" in page
    assert "1 October 2025" in client.get(url.replace("/fr/", "/en/", 1)).content.decode()


def test_no_template_glues_punctuation_to_text_outside_its_translation():
    """A ":" written after a translated string or a variable in the template is the same in every
    language, so French never gets its space: the punctuation belongs inside the message."""
    glued = []
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        # A translated block stands as "{% t %}", so that a sign glued after it is seen too.
        text = re.sub(r"\{% blocktranslate.*?\{% endblocktranslate %\}", "{% t %}", path.read_text(), flags=re.S)
        glued += [f"{path.name}: {text[max(0, m.start() - 40) : m.end()]}" for m in GLUED.finditer(text)]
    assert glued == []
