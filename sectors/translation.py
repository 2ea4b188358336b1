import simple_history
from modeltranslation.translator import TranslationOptions, translator

from .models import Membership, Sector


class SectorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


translator.register(Sector, SectorTranslation)

# History is registered after translation so that the history tables carry name_en and name_fr.
simple_history.register(Sector)
simple_history.register(Membership)
