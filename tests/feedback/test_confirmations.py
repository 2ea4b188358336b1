"""Triage and "you said, we did" confirm each save, with fields styled like the rest of the site."""

import re

import pytest

from feedback.models import FeedbackSubmission, FeedbackSummary
from tests.factories import artf_user

from .test_feedback import send

pytestmark = pytest.mark.django_db


def test_triage_fields_are_styled_and_a_save_is_confirmed_in_french(client):
    send(client, "Training is online only.")
    row = FeedbackSubmission.objects.get()
    client.force_login(artf_user())
    page = client.get("/fr/feedback/triage/").content.decode()
    assert re.search(rf'<select name="{row.pk}-status" class="form-select[^"]*"', page)
    assert re.search(rf'<textarea name="{row.pk}-note"[^>]*class="form-control[^"]*"', page)
    response = client.post(
        f"/fr/feedback/triage/{row.pk}/",
        {
            f"{row.pk}-status": "actioned",
            f"{row.pk}-note": "Séances en personne prévues.",
            "next": "/fr/feedback/triage/",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "enregistré" in body and "Message du" in body
    row.refresh_from_db()
    assert row.status == "actioned"


def test_a_summary_save_says_whether_it_is_published(client):
    client.force_login(artf_user())
    fields = {
        "title_en": "Training in person",
        "title_fr": "Formation en personne",
        "said_en": "Online only.",
        "said_fr": "En ligne seulement.",
        "did_en": "Sessions booked.",
        "did_fr": "Séances prévues.",
    }
    body = client.post("/en/feedback/summaries/new/", fields, follow=True).content.decode()
    assert "Summary “Training in person” saved as a draft" in body
    summary = FeedbackSummary.objects.get()
    body = client.post(
        f"/en/feedback/summaries/{summary.pk}/edit/", {**fields, "is_published": "on"}, follow=True
    ).content.decode()
    assert "Summary “Training in person” saved and published" in body
