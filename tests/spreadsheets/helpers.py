import csv
import io

from openpyxl import Workbook

ANNEX_D_HEADER = [
    "Sector",
    "Commitment no.",
    "Commitment (EN)",
    "Commitment (FR)",
    "Key leads",
    "Supporting units",
    "Initiative no.",
    "Initiative (EN)",
    "Initiative (FR)",
    "Scope",
    "Phases",
    "Planned start",
    "Planned end",
    "Status",
]


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def annex_d_rows():
    """The deck's Annex D example, as a sector would fill the template (merged cells left blank)."""
    return [
        ANNEX_D_HEADER,
        [
            "CSS",
            1,
            "Actively promote anti-racism, communicate expectations and outcomes to generate positive change in the culture of IRCC.",
            "Promouvoir activement la lutte contre le racisme.",
            "ARTF",
            "IDOL, BEN, Comms",
            1,
            "Black History Month",
            "Mois de l'histoire des Noirs",
            "internal",
            "1",
            "2022-01-01",
            "2022-03-31",
            "completed",
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "",
            2,
            "Trust Circles",
            "Cercles de confiance",
            "Internal (people management)",
            "Phase 1",
            "1 March 2022",
            "30 June 2022",
            "In progress",
        ],
        [
            "",
            "",
            "",
            "",
            "",
            "",
            3,
            "Embedding anti-racism in existing performance management tools",
            "",
            "internal",
            "2, 3",
            "2022-04-01",
            "2022-06-30",
            "planned",
        ],
        [
            "CSS",
            2,
            "Proactively engage in dialogue that normalizes discussions on racism and systemic barriers.",
            "",
            "ARTF",
            "Comms",
            1,
            "All-staff on White Humility",
            "",
            "internal",
            "1",
            "2022-02-01",
            "2022-02-28",
            "completed",
        ],
    ]
