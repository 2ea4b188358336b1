"""The one bilingual rule (core.text): the reader's language when the text is written in it, else the other
language, marked with its ``lang`` (and a badge for those who can fix it)."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from core.text import Shown, in_language, is_french, marked, missing, pick, shown, shown_in


def test_french_reader_gets_the_french_text():
    assert pick("Trust Circles", "Cercles de confiance", "fr") == "Cercles de confiance"


def test_french_reader_gets_the_english_when_there_is_no_french():
    assert pick("Trust Circles", "", "fr") == "Trust Circles"
    assert pick("Trust Circles", None, "fr") == "Trust Circles"


def test_english_reader_gets_the_english_and_the_french_when_the_english_is_blank():
    assert pick("Trust Circles", "Cercles de confiance", "en") == "Trust Circles"
    assert pick("", "Cercles de confiance", "en") == "Cercles de confiance"


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


def test_shown_says_which_language_the_text_is_in_and_whether_it_is_the_readers():
    assert shown("Trust Circles", "Cercles de confiance", "fr") == Shown("Cercles de confiance", "fr", "fr")
    assert shown("Trust Circles", "", "fr") == Shown("Trust Circles", "en", "fr")
    assert shown("Trust Circles", "", "fr").foreign
    assert shown("", "Cercles", "en") == Shown("Cercles", "fr", "en")
    assert not shown("Trust Circles", "", "en").foreign
    assert not shown("", "", "fr").foreign and shown(None, None, "fr").text == ""
    assert shown_in({"title_en": "Review", "title_fr": ""}, "title", "fr").language == "en"


def test_marked_wraps_a_text_in_the_other_language_with_its_lang_and_escapes_it():
    with translation.override("fr"):
        assert marked(shown("Trust & <Circles>", "", "fr")) == '<span lang="en">Trust &amp; &lt;Circles&gt;</span>'
        flagged = marked(shown("Trust Circles", "", "fr"), flag=True)
        assert flagged == '<span lang="en">Trust Circles</span> <span class="badge lang-only">anglais seulement</span>'
        assert marked(shown("Trust", "Confiance <b>", "fr"), flag=True) == "Confiance &lt;b&gt;"
        assert marked(shown("One\n\nTwo", "", "fr"), lines=True) == '<div lang="en"><p>One</p>\n\n<p>Two</p></div>'
    with translation.override("en"):
        assert marked(shown("", "Cercles", "en"), flag=True) == (
            '<span lang="fr">Cercles</span> <span class="badge lang-only">French only</span>'
        )


def test_missing_names_the_languages_a_row_lacks():
    row = {"title_en": "Review", "title_fr": "", "note_en": "", "note_fr": "", "theme_en": "", "theme_fr": "Thème"}
    assert missing(row, ["title"]) == {"fr"}
    assert missing(row, ["note"]) == set()
    assert missing(row, ["title", "theme"]) == {"en", "fr"}


def test_the_text_tag_marks_and_flags_in_a_template():
    template = Template('{% load text %}{% text row "title" flag=editor %}|{% text_of english "" %}')
    row = {"title_en": "Review", "title_fr": ""}
    with translation.override("fr"):
        assert (
            template.render(Context({"row": row, "editor": False, "english": "A & B"}))
            == '<span lang="en">Review</span>|<span lang="en">A &amp; B</span>'
        )
        assert "anglais seulement" in template.render(Context({"row": row, "editor": True}))
    with translation.override("en"):
        assert template.render(Context({"row": row, "editor": True, "english": "A & B"})) == "Review|A &amp; B"


def test_a_quotation_keeps_its_language_and_carries_its_translation_beside_it():
    from core.text import quotation

    said = {"quote": "I would rather say nothing.", "quote_language": "en", "quote_translation": ""}
    with translation.override("en"):
        assert (
            quotation(said)
            == "\N{LEFT DOUBLE QUOTATION MARK}I would rather say nothing.\N{RIGHT DOUBLE QUOTATION MARK}"
        )
    with translation.override("fr"):
        assert quotation(said) == '<span lang="en">«\xa0I would rather say nothing.\xa0»</span>'
        translated = quotation({**said, "quote_translation": "Je préfère ne rien dire."})
        assert translated == (
            '<span lang="en">«\xa0I would rather say nothing.\xa0»</span>'
            ' <span class="quote-translation">(traduction\xa0: «\xa0Je préfère ne rien dire.\xa0»)</span>'
        )
    assert quotation({"quote": "<b>", "quote_language": ""}) == "“&lt;b&gt;”"
