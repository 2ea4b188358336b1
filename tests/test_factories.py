"""Every model of ours has a factory in tests/factories.py that builds a valid row."""

import inspect

import factory
import pytest
from django.apps import apps
from django.conf import settings

from tests import factories

OURS = set(settings.PROJECT_APPS)


def _factories() -> dict:
    found = {}
    for _name, value in inspect.getmembers(factories, inspect.isclass):
        if issubclass(value, factory.django.DjangoModelFactory) and value._meta.model is not None:
            found[value._meta.model] = value
    return found


def _models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OURS and not model.__name__.startswith("Historical")
    ]


def test_every_model_has_a_factory():
    missing = sorted(model._meta.label for model in _models() if model not in _factories())
    assert not missing, f"add a factory to tests/factories.py for: {', '.join(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", _models(), ids=lambda model: model._meta.label)
def test_each_factory_builds_a_row_its_model_accepts(model):
    made = _factories()[model]()
    made.full_clean()
    assert model.objects.filter(pk=made.pk).exists()
