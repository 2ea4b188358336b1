import csv
import io
import re

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

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


def _rezipped(data: bytes, change) -> bytes:
    """The same .xlsx with some of its parts changed: ``change(name, content)`` returns the new content."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def xfd_sheet(header=None, rows=10_001) -> bytes:
    """The hostile sheet of issue 13: it declares A1:XFD10001 and has one cell per row, in column XFD.

    With ``header`` the first row names the columns (and the cells in XFD start on row 2), as in
    a real sheet someone typed in far to the right; without, row 1 has its cell in XFD too.
    About 55 KB on disk; padded to its declared size it is 164 million cells.
    """
    book = Workbook()
    sheet = book.active
    first = 1
    if header:
        sheet.append(header)
        first = 2
    for row in range(first, rows + 1):
        sheet.cell(row=row, column=16_384, value=1)
    buffer = io.BytesIO()
    book.save(buffer)

    def declare_a1(name, content):
        if name == "xl/worksheets/sheet1.xml":
            content = re.sub(rb'<dimension ref="[A-Z]+1:', b'<dimension ref="A1:', content, count=1)
            assert b'<dimension ref="A1:XFD%d"' % rows in content
        return content

    return _rezipped(buffer.getvalue(), declare_a1)


SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SHARED_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def shared_strings_xlsx(rows, extra_strings=0) -> bytes:
    """An .xlsx whose text cells point into a shared-strings table, as Excel saves them (openpyxl
    writes text inline); ``extra_strings`` two-letter strings are added to the table, unused."""
    from xml.sax.saxutils import escape

    strings: list[str] = []
    index: dict[str, int] = {}
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{get_column_letter(c)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                continue
            if value not in index:
                index[value] = len(strings)
                strings.append(value)
            cells.append(f'<c r="{ref}" t="s"><v>{index[value]}</v></c>')
        lines.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(lines)
        + "</sheetData></worksheet>"
    ).encode()
    table = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>" + escape(text).encode() + b"</t></si>" for text in strings)
        + b"<si><t>ab</t></si>" * extra_strings
        + b"</sst>"
    )
    buffer = io.BytesIO()
    Workbook().save(buffer)

    def with_table(name, content):
        if name == "[Content_Types].xml":
            override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
            content = content.replace(b"</Types>", override.encode() + b"</Types>")
        elif name == "xl/_rels/workbook.xml.rels":
            relation = f'<Relationship Id="rIdStrings" Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml"/>'
            content = content.replace(b"</Relationships>", relation.encode() + b"</Relationships>")
        elif name == "xl/worksheets/sheet1.xml":
            content = sheet
        return content

    data = _rezipped(buffer.getvalue(), with_table)
    return _add_part(data, "xl/sharedStrings.xml", table)


def _add_part(data: bytes, name: str, content: bytes) -> bytes:
    import zipfile

    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()
