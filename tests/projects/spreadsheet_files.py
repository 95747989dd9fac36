"""Workbooks written part by part with zipfile, so that tests can build the files Excel never writes.

Large parts are given as iterables of byte chunks and streamed into the archive, so building a 1.5 GB string costs
the test no memory.
"""

import struct
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
SHEET_REL = f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
STRINGS_REL = f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'


def workbook_rels(with_strings):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
        + SHEET_REL
        + (STRINGS_REL if with_strings else "")
        + "</Relationships>"
    )


def column_letters(number):
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell(column, row, value):
    reference = f"{column_letters(column)}{row}"
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_rows(rows, start=1):
    """`<row>` elements for lists of values, inline strings for text, row numbers from `start`."""
    for number, values in enumerate(rows, start=start):
        cells = "".join(cell(column, number, value) for column, value in enumerate(values, start=1) if value != "")
        yield f'<row r="{number}">{cells}</row>'.encode()


def sheet(rows_xml, dimension=None, before=""):
    """A worksheet: the optional `<dimension>` it declares, then its rows (an iterable of byte chunks)."""
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + "<sheetData>"
    ).encode()
    yield from rows_xml
    yield b"</sheetData></worksheet>"


def shared_strings(strings):
    """A shared-strings part from an iterable of byte chunks holding `<si>` elements."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    yield from strings
    yield b"</sst>"


def write_xlsx(path, sheet_xml, strings_xml=None, extra_members=0, level=9):
    """Write a workbook to `path`: `sheet_xml` and `strings_xml` are iterables of byte chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels(strings_xml is not None))
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet_xml), ("xl/sharedStrings.xml", strings_xml)):
            if chunks is not None:
                with archive.open(name, "w") as member:
                    for chunk in chunks:
                        member.write(chunk)
        for number in range(extra_members):
            archive.writestr(f"customXml/item{number}.xml", b"")
    return path


def xlsx(path, rows, **options):
    """A workbook whose first sheet holds `rows` (lists of values), the first being the header."""
    return write_xlsx(path, sheet(sheet_rows(rows), **options))


def understate_size(path, member, size):
    """Rewrite the sizes `member` declares (local header and central directory) to `size` bytes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(member).header_offset
    data[offset + 22 : offset + 26] = struct.pack("<I", size)
    name = member.encode()
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[entry + 24 : entry + 28] = struct.pack("<I", size)
    path.write_bytes(bytes(data))
    return path
