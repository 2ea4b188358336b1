"""In the admin, a staff member who leads a sector sees and changes only that sector."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import InitiativeFactory, MembershipFactory, PlanFactory, SectorFactory, UserFactory, artf_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_lead(commitment, sector):
    user = UserFactory(username="staff-lead", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="actionplans"))
    MembershipFactory(user=user, sector=sector)
    return user


@pytest.fixture
def other_initiative(commitment):
    plan = PlanFactory(sector=SectorFactory(code="OPS"), strategy=commitment.plan.strategy)
    return InitiativeFactory(commitment__plan=plan, title_en="Operations work")


def test_changelist_shows_only_own_sector(client, staff_lead, commitment, other_initiative):
    mine = InitiativeFactory(commitment=commitment, title_en="CSS work")
    client.force_login(staff_lead)
    body = client.get(reverse("admin:actionplans_initiative_changelist")).content.decode()
    assert mine.title_en in body and other_initiative.title_en not in body


def test_other_sectors_rows_cannot_be_opened_or_changed(client, staff_lead, other_initiative):
    client.force_login(staff_lead)
    url = reverse("admin:actionplans_initiative_change", args=[other_initiative.pk])
    assert client.get(url).status_code == 302  # "does not exist" for this person
    client.post(url, {"title_en": "Hijacked"})
    other_initiative.refresh_from_db()
    assert other_initiative.title_en == "Operations work"


def test_foreign_key_choices_and_imports_are_limited(client, staff_lead, commitment, other_initiative):
    client.force_login(staff_lead)
    form = client.get(reverse("admin:actionplans_initiative_add")).context["adminform"].form
    assert list(form.fields["commitment"].queryset) == [commitment]
    assert client.get(reverse("admin:actionplans_initiative_import")).status_code == 403


def test_artf_staff_are_not_limited(client, commitment, other_initiative):
    user = artf_user(username="artf-staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="actionplans"))
    client.force_login(user)
    body = client.get(reverse("admin:actionplans_initiative_changelist")).content.decode()
    assert other_initiative.title_en in body
