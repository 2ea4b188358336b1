"""French punctuation in the message catalogue: find (and with --fix, correct) what French typography wants.

French sets a no-break space before ":" and "%" and inside « », and a narrow no-break space before
";", "!" and "?" (Office québécois de la langue française; the Government of Canada's writing
tools). ``tests/test_french_typography.py`` runs ``faults`` on every French message.

    python scripts/french_typography.py          # list the faults
    python scripts/french_typography.py --fix    # correct them in locale/fr/LC_MESSAGES/django.po
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

NBSP, NNBSP = "\u00a0", "\u202f"
PO = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
WRAP = 78  # the width the catalogue is wrapped at, so that a fix changes only the lines it must

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sd]")
# A sign that needs a space before it, written straight after a word, a number or a placeholder.
TIGHT = re.compile(r"(?<=[\w)»”’])([;!?]|:(?=\s|$)|%(?!\())")
LOOSE = re.compile(r" (?=[:;!?»%])|(?<=«) ")  # an ordinary (breakable) space where a no-break one belongs


def _masked(text: str) -> str:
    """The message with placeholders as a letter and HTML/URLs removed: punctuation as a reader sees it."""
    text = PLACEHOLDER.sub("X", re.sub(r"%%\(\w+\)[sdif]", "X", text)).replace("%%", "%")
    return re.sub(r"https?://\S+|<[^>]+>", "", text)


def faults(text: str) -> list[str]:
    """Each place in a French message where the spacing of : ; ! ? % « » is wrong."""
    masked = _masked(text)
    found = [masked[max(0, m.start() - 20) : m.end() + 5] for m in TIGHT.finditer(masked)]
    found += [masked[max(0, m.start() - 20) : m.end() + 5] for m in LOOSE.finditer(masked)]
    found += [masked[max(0, m.start() - 20) : m.end() + 5] for m in re.finditer(r"«(?!\u00a0)|(?<!\u00a0)»", masked)]
    return found


def fixed(text: str) -> str:
    def space_for(sign: str) -> str:
        return NNBSP if sign in ";!?" else NBSP

    text = re.sub(r" ([:;!?»])", lambda m: space_for(m.group(1)) + m.group(1), text)
    text = re.sub(r"«[ \u00a0\u202f]?", "«" + NBSP, text)
    text = re.sub(r"(?<![\u00a0 ])»", NBSP + "»", text)
    text = re.sub(r"(?<=[\w)»”’])(?<!&\w\w)(?<!&\w\w\w)([;!?])", lambda m: NNBSP + m.group(1), text)
    text = re.sub(r"(?<=[\w)»”’]):(?=\s|$)", NBSP + ":", text)
    text = re.sub(r"(?<=\d)%", NBSP + "%", text)
    text = re.sub(r"(%\(\w+\)s) ?%%", "\\1" + NBSP + "%%", text)
    text = re.sub(r"(?<!%) %(?![(%])| %%(?!\()", lambda m: NBSP + m.group(0).strip(), text)
    return text


def main(argv: list[str]) -> int:
    import polib

    catalogue = polib.pofile(str(PO), wrapwidth=WRAP)
    count = 0
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            for key, value in forms.items():
                count += len(faults(value))
                if "--fix" in argv:
                    forms[key] = fixed(value)
        else:
            for fault in faults(entry.msgstr):
                count += 1
                print(repr(fault))
            if "--fix" in argv:
                entry.msgstr = fixed(entry.msgstr)
    if "--fix" in argv:
        catalogue.save()
    print(f"{count} place(s) to correct" if count else "French punctuation is right.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
