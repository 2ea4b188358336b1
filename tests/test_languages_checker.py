"""The language checker itself (tests/languages.py): it finds English left unmarked on a French page and
French on an English one, and leaves alone what is marked, short, a name, or not text people read."""

from tests.languages import findings, guess, language_of

ENGLISH = "Train every hiring manager on the bias that affects our decisions."
FRENCH = "Former chaque gestionnaire à reconnaître les biais qui touchent nos décisions."


def page(lang: str, body: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>Page</title></head><body><main>{body}</main></body></html>'


def test_the_guess_counts_each_languages_small_words():
    assert language_of(ENGLISH) == "en"
    assert language_of(FRENCH) == "fr"
    assert language_of("L'équipe d'action s'est réunie avec les réseaux") == "fr"
    assert set(guess(ENGLISH).english) == {"the", "that", "our"}  # "on" is French too: not counted


def test_short_texts_names_and_codes_are_not_judged():
    assert language_of("Black Employees Network") is None
    assert language_of("Of the people") is None  # three words: a label
    assert language_of("Plan of the sector") == "en"  # four
    assert language_of("CSS 2025-26 Q3 · 12 %") is None
    # one small word of the other language is not enough
    assert language_of("Rapport du Office of Diversity") is None


def test_a_french_page_with_unmarked_english_fails():
    found = findings(page("fr", f"<h1>Plan d’action</h1><p>{ENGLISH}</p>"))
    assert len(found) == 1
    assert found[0].found == "en" and found[0].page_language == "fr"
    assert "hiring manager" in found[0].text and "p" in found[0].where
    assert "the" in str(found[0])


def test_english_marked_with_its_lang_on_a_french_page_passes():
    assert (
        findings(page("fr", f'<p><span lang="en">{ENGLISH}</span> <span class="badge">anglais seulement</span></p>'))
        == []
    )
    assert findings(page("fr", f'<div lang="en"><p>{ENGLISH}</p></div>')) == []


def test_an_english_page_with_unmarked_french_fails_and_marked_french_passes():
    found = findings(page("en", f"<p>{FRENCH}</p>"))
    assert [(f.found, f.page_language) for f in found] == [("fr", "en")]
    assert findings(page("en", f'<p lang="fr">{FRENCH}</p>')) == []


def test_the_language_comes_back_after_a_marked_element():
    body = f'<div lang="en"><p>{ENGLISH}</p></div><p>{ENGLISH}</p>'
    assert len(findings(page("fr", body))) == 1
    # and a French element inside an English one is French
    assert findings(page("en", f'<div lang="en"><p lang="fr">{FRENCH}</p></div>')) == []
    assert len(findings(page("en", f'<div lang="fr"><p lang="en">{FRENCH}</p></div>'))) == 1


def test_a_sentence_split_by_inline_tags_is_read_as_one():
    body = "<p>Train <strong>every</strong> manager <em>on</em> the bias <a href='#'>that</a> affects our work</p>"
    assert len(findings(page("fr", body))) == 1


def test_a_french_label_beside_marked_english_is_read_apart():
    body = f'<dl><dt>Objet de la rencontre</dt><dd><span lang="en">{ENGLISH}</span></dd></dl>'
    assert findings(page("fr", body)) == []
    body = f"<p><strong>Objet :</strong> {ENGLISH}</p>"
    assert len(findings(page("fr", body))) == 1


def test_attributes_people_hear_are_read():
    for attribute in ("title", "aria-label", "alt", "placeholder"):
        html = page("fr", f'<a href="#" {attribute}="Download the plan of the sector for this year">PDF</a>')
        found = findings(html)
        assert len(found) == 1 and f"[{attribute}]" in found[0].where, attribute
    assert findings(page("fr", '<img lang="en" alt="Download the plan of the sector for this year" src="x">')) == []


def test_scripts_styles_code_and_input_values_are_ignored():
    body = (
        "<script>// the value of this is the one that we want</script>"
        "<style>/* the rules of the page and the colours */</style>"
        f"<code>{ENGLISH}</code><pre>{ENGLISH}</pre>"
        f'<input type="hidden" name="next" value="{ENGLISH}"><input type="text" value="{ENGLISH}">'
    )
    assert findings(page("fr", body)) == []


def test_a_fragment_without_html_takes_the_language_given():
    assert len(findings(f"<li>{ENGLISH}</li>", language="fr")) == 1
    assert findings(f"<li>{ENGLISH}</li>", language="en") == []


def test_unclosed_and_void_elements_do_not_lose_the_language():
    body = f'<ul lang="en"><li>{ENGLISH}<li>{ENGLISH}<br><img src="x"></ul><p>{ENGLISH}'
    found = findings(page("fr", body))
    assert len(found) == 1 and found[0].where.endswith("p")
