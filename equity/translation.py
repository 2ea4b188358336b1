import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import MaturityAssessment, Representation, Survey, SurveyHighlight, SurveyResult


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"en": ("name",)}


@register(SurveyResult)
class SurveyResultTranslation(TranslationOptions):
    fields = ("theme",)
    required_languages = {"en": ("theme",)}


@register(SurveyHighlight)
class SurveyHighlightTranslation(TranslationOptions):
    fields = ("theme", "summary")
    required_languages = {"en": ("theme", "summary")}


simple_history.register(Representation)
simple_history.register(SurveyResult)
simple_history.register(SurveyHighlight)
simple_history.register(MaturityAssessment)
