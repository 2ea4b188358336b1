import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import KPI, ActionPlan, Commitment, EquityGroup, Initiative, KPIValue, Phase, Strategy


@register(EquityGroup)
class EquityGroupTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


@register(Strategy)
class StrategyTranslation(TranslationOptions):
    fields = ("name", "vision", "premise")
    required_languages = {"en": ("name",), "fr": ("name",)}


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",), "fr": ("name",)}


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("statement", "key_leads", "supporting_units")
    required_languages = ("en",)


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("title", "description", "lead", "supporting_units")
    required_languages = {"en": ("title",)}


@register(KPI)
class KPITranslation(TranslationOptions):
    fields = ("name", "data_source")
    required_languages = {"en": ("name",)}


@register(KPIValue)
class KPIValueTranslation(TranslationOptions):
    fields = ("note",)


# History is registered after translation, so that the history tables hold both languages.
for _model in (EquityGroup, Strategy, Phase, ActionPlan, Commitment, KPI, KPIValue):
    simple_history.register(_model)
simple_history.register(Initiative, m2m_fields=["equity_groups", "phases"])
