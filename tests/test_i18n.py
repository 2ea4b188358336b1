"""Every interface string is in French, and the compiled catalogue matches the source."""

import gettext
import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command

from tests.conftest import need_service

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_french_message_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue if not entry.translated() and not entry.obsolete]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(PO))
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue:
        if not entry.msgid or entry.obsolete:
            continue
        if entry.msgid_plural:
            for n, form in ((1, 0), (5, 1)):
                if entry.msgctxt:
                    found = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                else:
                    found = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                assert found == entry.msgstr_plural[form], entry.msgid
        elif entry.msgctxt:  # the same words in another sense ("anglais" in a sentence)
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_no_interface_string_is_missing_from_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        need_service("GNU gettext (xgettext) is not installed")
    backup = tmp_path / "django.po"
    shutil.copy(PO, backup)
    try:
        call_command("makemessages", locale=["fr"], ignore_patterns=[".venv", "tests"], no_location=True, verbosity=0)
        found = {entry.msgid for entry in polib.pofile(str(PO)) if not entry.obsolete}
    finally:
        shutil.copy(backup, PO)
    known = {entry.msgid for entry in polib.pofile(str(PO)) if not entry.obsolete}
    assert found - known == set(), "run `make messages` and translate the new strings"
