"""The one bilingual rule (core.text): the reader's language when the text is written in it, else English."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from core.text import in_language, is_french, pick


def test_french_reader_gets_the_french_text():
    assert pick("Trust Circles", "Cercles de confiance", "fr") == "Cercles de confiance"


def test_french_reader_gets_the_english_when_there_is_no_french():
    assert pick("Trust Circles", "", "fr") == "Trust Circles"
    assert pick("Trust Circles", None, "fr") == "Trust Circles"


def test_english_reader_gets_the_english_even_when_it_is_blank():
    assert pick("Trust Circles", "Cercles de confiance", "en") == "Trust Circles"
    assert pick("", "Cercles de confiance", "en") == ""


def test_nothing_written_reads_as_blank_not_none():
    assert pick(None, None, "fr") == ""
    assert in_language(SimpleNamespace(), "title", "fr") == ""


def test_the_active_language_when_none_is_given():
    with translation.override("fr"):
        assert pick("Name", "Nom") == "Nom"
        assert is_french()
    with translation.override("en"):
        assert pick("Name", "Nom") == "Name"
        assert not is_french()


def test_a_regional_french_code_is_french():
    assert is_french("fr-ca")


def test_in_language_reads_an_objects_columns_and_a_values_dict():
    row = SimpleNamespace(title_en="Review", title_fr="Examen", note_en="Note", note_fr="")
    assert in_language(row, "title", "fr") == "Examen"
    assert in_language(row, "note", "fr") == "Note"
    assert in_language(row, "title", "en") == "Review"
    assert in_language({"theme_en": "Belonging", "theme_fr": "Appartenance"}, "theme", "fr") == "Appartenance"
    assert in_language({"theme_en": "Belonging", "theme_fr": ""}, "theme", "fr") == "Belonging"


def test_the_template_filter_follows_the_active_language():
    template = Template('{% load text %}{{ row|in_language:"title" }}')
    row = {"title_en": "Review & follow-up", "title_fr": "Examen et suivi"}
    with translation.override("fr"):
        assert template.render(Context({"row": row})) == "Examen et suivi"
    with translation.override("en"):
        assert template.render(Context({"row": row})) == "Review &amp; follow-up"
