"""``{% load typography %}``: dates and KPI figures as each language writes them (see ``core.typography``)."""

from django import template

from core import typography

register = template.Library()

register.filter("long_date", typography.long_date)
register.filter("long_datetime", typography.long_datetime)
register.filter("decimal", typography.decimal)
register.filter("with_unit", typography.with_unit)
