"""Reading CSV and XLSX files row by row within fixed limits, so that a hostile file costs bounded memory and time.

Nothing a file says about itself is trusted: not an XLSX's declared dimension (`A1:XFD1048576`), not a zip member's
declared size, not a CSV's encoding. Sizes are counted while reading and reading stops at the first limit passed,
with an `ImportFileError` the editor can read. The XLSX reader is a streaming parse of the first sheet's XML
(expat, no DTDs), not openpyxl: openpyxl keeps every shared string as a Python object and pads rows to the
declared width, which is how a 5 KB file used to take 5.8 GB.
"""

import codecs
import csv
import io
import posixpath
import re
import zipfile
from array import array
from dataclasses import dataclass, replace
from datetime import date, timedelta
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
CHUNK = 256 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """What an import file may hold. Override in settings: `PROJECTS_IMPORT_LIMITS = {"rows": 50_000}`."""

    file_bytes: int = 50 * MB  # a file given to the command
    upload_bytes: int = 5 * MB  # a file uploaded in the admin: it travels back signed with the confirm button
    upload_rows: int = 20_000  # rows of a file imported through the admin: the confirm step stays well within 30 s
    rows: int = 100_000  # data rows, the header not counted
    columns: int = 100
    cell_chars: int = 32_767  # Excel's own limit for one cell
    sheet_bytes: int = 256 * MB  # the first sheet's XML, uncompressed: streamed, so this bounds time, not memory
    part_bytes: int = 64 * MB  # any other XML part read (shared strings, styles, workbook): kept in memory
    zip_directory_bytes: int = 1 * MB  # the zip's list of members: read whole before anything else


def import_limits(**overrides):
    return replace(ImportLimits(**getattr(settings, "PROJECTS_IMPORT_LIMITS", {})), **overrides)


def admin_import_limits():
    """The limits of an import through the admin: fewer rows, as the web server gives a request 30 s."""
    limits = import_limits()
    return replace(limits, rows=min(limits.rows, limits.upload_rows))


class ImportFileError(Exception):
    """The file as a whole cannot be read, or passes a limit."""


def read_rows(data, filename, limits):
    """The file's header and a source of its rows, the header read first.

    Returns (header, source): the header as a list of names; iterating the source gives (spreadsheet row number,
    [texts from column A on]) for each row with a value, and its `fraction` says how much of the file has been
    read. Raises ImportFileError, also while the rows are being read.
    """
    if len(data) > limits.file_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB; split it into smaller files.") % {"size": limits.file_bytes // MB}
        )
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        source = LimitedRows(XlsxSource(data, limits), limits)
    else:
        source = LimitedRows(CsvSource(data, limits), limits)
    first = next(source, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    # The header is row 1, as a spreadsheet shows it; a file whose row 1 is empty has no header.
    header = [name.strip().lstrip("\ufeff") for name in first[1]] if first[0] == 1 else []
    return header, source


class LimitedRows:
    """Rows with a value only, refused past the row and column limits."""

    def __init__(self, source, limits):
        self.source, self.limits = source, limits
        self.rows = iter(source)
        self.count = 0

    @property
    def fraction(self):
        return self.source.fraction

    def __iter__(self):
        return self

    def __next__(self):
        limits = self.limits
        while True:
            number, values = next(self.rows)
            while values and not values[-1]:
                values.pop()
            if values:
                break
        self.count += 1
        if number > limits.rows + 1 or self.count > limits.rows + 1:
            raise ImportFileError(
                _("The file has more than %(count)s rows; split it into smaller files.") % {"count": limits.rows}
            )
        if len(values) > limits.columns:
            raise _too_many_columns(limits, number)
        return number, values


def _too_many_columns(limits, row):
    return ImportFileError(_("Row %(row)s has more than %(count)s columns.") % {"row": row, "count": limits.columns})


def _too_long(limits, row=None):
    if row is None:
        return ImportFileError(
            _("A cell holds more than %(count)s characters, more than a spreadsheet allows.")
            % {"count": limits.cell_chars}
        )
    return ImportFileError(
        _("Row %(row)s: a cell holds more than %(count)s characters, more than a spreadsheet allows.")
        % {"row": row, "count": limits.cell_chars}
    )


# CSV


class CsvSource:
    """CSV records, numbered from 1 like spreadsheet rows, decoded as they are read (UTF-8, else GB18030)."""

    def __init__(self, data, limits):
        self.data, self.limits = data, limits
        for encoding in ("utf-8-sig", "gb18030"):
            if _decodes(data, encoding):
                self.encoding = encoding
                break
        else:
            raise ImportFileError(_("The file is neither UTF-8 nor GB18030 text."))
        self.fraction = 0.0

    def __iter__(self):
        limits = self.limits
        buffer = io.BytesIO(self.data)
        reader = csv.reader(io.TextIOWrapper(buffer, encoding=self.encoding, newline=""))
        number = 0
        while True:
            try:
                values = next(reader)
            except StopIteration:
                self.fraction = 1.0
                return
            except csv.Error as error:
                # The csv module's own limit (131,072 characters) is above ours, so this is a longer cell.
                raise _too_long(limits, number + 1) from error
            number += 1
            if len(values) > limits.columns:
                if any(values[limits.columns :]):
                    raise _too_many_columns(limits, number)
                del values[limits.columns :]
            for value in values:
                if len(value) > limits.cell_chars:
                    raise _too_long(limits, number)
            if number % 1000 == 0:
                self.fraction = buffer.tell() / len(self.data)
            yield number, values


def _decodes(data, encoding):
    """Whether the whole file decodes, checked piece by piece so that no decoded copy of the file is kept."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(data), CHUNK):
            decoder.decode(view[start : start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# XLSX

RELATIONSHIP_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRICT_RELATIONSHIP_TYPE = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
# Built-in number formats that show a date (ECMA-376 18.8.30), and the characters that make a custom one a date.
DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}
DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
WINDOWS_EPOCH = date(1899, 12, 30)
MAC_EPOCH = date(1904, 1, 1)


class _Unreadable(Exception):
    """Raised from inside a parse to stop it: the file is damaged."""


class _Part:
    """A SAX-style parse of one zip member through expat, fed in chunks and counted as it is decompressed."""

    def __init__(self, archive, name, limit, limits):
        self.archive, self.name, self.limit, self.limits = archive, name, limit, limits
        self.size = self._declared_size()

    def _declared_size(self):
        try:
            return self.archive.getinfo(self.name).file_size
        except KeyError:
            raise _Unreadable(self.name) from None

    def parser(self, start, end=None, text=None):
        parser = expat.ParserCreate()
        # Office files never carry a DTD; refusing one rules out entity tricks (billion laughs, external entities).
        parser.StartDoctypeDeclHandler = _no_doctype
        parser.EntityDeclHandler = _no_doctype
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.buffer_text = True
        parser.StartElementHandler = start
        if end:
            parser.EndElementHandler = end
        if text:
            parser.CharacterDataHandler = text
        return parser

    def chunks(self):
        """The member's bytes, refused as soon as more than `limit` have come out of the decompressor."""
        if self.size > self.limit:
            raise self.too_large()
        read = 0
        with self.archive.open(self.name) as member:
            while chunk := member.read(CHUNK):
                read += len(chunk)
                if read > self.limit:
                    raise self.too_large()
                yield chunk

    def parse(self, parser):
        for chunk in self.chunks():
            parser.Parse(chunk, False)
        parser.Parse(b"", True)

    def too_large(self):
        return ImportFileError(
            _("The workbook unpacks to more than %(size)s MB; save it again in Excel or split it.")
            % {"size": self.limit // MB}
        )


def _no_doctype(*args):
    raise _Unreadable("DTD")


# Element names as written (usually without a prefix) to their local names; grows with the prefixes a file uses.
LOCAL_NAMES = {}


def _local(name):
    local = name[name.find(":") + 1 :]
    if len(LOCAL_NAMES) < 1000:
        LOCAL_NAMES[name] = local
    return local


class SharedStrings:
    """The workbook's shared strings, kept as UTF-8 in one buffer with offsets: a string costs its bytes plus four."""

    def __init__(self):
        self.buffer = bytearray()
        self.offsets = array("I", [0])

    def append(self, text):
        self.buffer += text.encode()
        self.offsets.append(len(self.buffer))

    def __getitem__(self, index):
        if index < 0:
            raise IndexError(index)
        return self.buffer[self.offsets[index] : self.offsets[index + 1]].decode()


class XlsxSource:
    """The rows of the first worksheet, as (row number, [texts]) from A on, parsed while the sheet unpacks."""

    def __init__(self, data, limits):
        self.data, self.limits = data, limits
        self.fraction = 0.0
        self._check_directory()
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            self.sheet, strings, styles, self.epoch = self._locate()
            self.strings = self._read_strings(strings) if strings else SharedStrings()
            self.date_styles = self._read_styles(styles) if styles else set()
        except ImportFileError:
            raise
        except Exception as error:  # zipfile, zlib and expat raise many kinds on a damaged file
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error

    def _check_directory(self):
        """Refuse a zip whose list of members is huge before zipfile reads it all into memory."""
        end = self.data.rfind(b"PK\x05\x06", max(0, len(self.data) - 65_557))
        if end < 0 or len(self.data) < end + 22:
            raise ImportFileError(_("The file is not a readable XLSX workbook."))
        directory_size = int.from_bytes(self.data[end + 12 : end + 16], "little")
        zip64 = end >= 20 and self.data[end - 20 : end - 16] == b"PK\x06\x07"
        if zip64 or directory_size > self.limits.zip_directory_bytes:
            raise ImportFileError(_("The workbook holds too many files to be a register; save it again in Excel."))

    def _part(self, name, limit=None):
        return _Part(self.archive, name, limit or self.limits.part_bytes, self.limits)

    def _relationships(self, part_name):
        """{id: (type, target path)} of a part, from its .rels file."""
        folder, base = posixpath.split(part_name)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        found = {}

        def start(name, attrs):
            if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                found[attrs.get("Id")] = (attrs.get("Type", ""), posixpath.normpath(path))

        part = self._part(rels_name)
        part.parse(part.parser(start))
        return found

    def _locate(self):
        """The first worksheet, the shared strings and styles parts, and the date epoch of the workbook."""
        workbook = next(
            (target for kind, target in self._relationships("").values() if _is_type(kind, "officeDocument")),
            "xl/workbook.xml",
        )
        sheets, epoch = [], WINDOWS_EPOCH

        def start(name, attrs):
            nonlocal epoch
            name = _local(name)
            if name == "sheet":
                sheets.append(next((value for key, value in attrs.items() if _local(key) == "id"), None))
            elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                epoch = MAC_EPOCH

        part = self._part(workbook)
        part.parse(part.parser(start))
        relationships = self._relationships(workbook)
        worksheets = [
            relationships[rid][1] for rid in sheets if _is_type(relationships.get(rid, ("",))[0], "worksheet")
        ]
        if not worksheets:
            raise _Unreadable("no worksheet")
        strings = next((t for kind, t in relationships.values() if _is_type(kind, "sharedStrings")), None)
        styles = next((t for kind, t in relationships.values() if _is_type(kind, "styles")), None)
        return worksheets[0], strings, styles, epoch

    def _read_strings(self, name):
        strings, pieces = SharedStrings(), []
        depth = {"si": False, "rPh": False, "t": False}
        length = 0
        limit = self.limits.cell_chars

        def start(name, attrs):
            name = _local(name)
            if name in depth:
                depth[name] = True
                if name == "si":
                    nonlocal length
                    pieces.clear()
                    length = 0

        def end(name):
            name = _local(name)
            if name in depth:
                depth[name] = False
                if name == "si":
                    strings.append("".join(pieces))

        def text(data):
            nonlocal length
            if depth["t"] and depth["si"] and not depth["rPh"]:
                length += len(data)
                if length > limit:
                    raise _too_long(self.limits)
                pieces.append(data)

        part = self._part(name)
        part.parse(part.parser(start, end, text))
        return strings

    def _read_styles(self, name):
        """Indexes of the cell styles whose number format shows a date."""
        custom, formats = {}, []
        inside = False

        def start(name, attrs):
            nonlocal inside
            name = _local(name)
            if name == "numFmt":
                custom[attrs.get("numFmtId")] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                inside = True
            elif name == "xf" and inside:
                formats.append(attrs.get("numFmtId", "0"))

        def end(name):
            nonlocal inside
            if _local(name) == "cellXfs":
                inside = False

        part = self._part(name)
        part.parse(part.parser(start, end))
        return {index for index, format_id in enumerate(formats) if _is_date_format(format_id, custom)}

    def __iter__(self):
        """Parse the sheet as it unpacks, yielding the rows completed by each chunk."""
        handler = _SheetHandler(self)
        part = self._part(self.sheet, self.limits.sheet_bytes)
        parser = part.parser(handler.start, handler.end, handler.text)
        read = 0
        try:
            for chunk in part.chunks():
                parser.Parse(chunk, False)
                read += len(chunk)
                self.fraction = min(read / part.size, 1.0) if part.size else 0.0
                yield from handler.completed
                handler.completed.clear()
            parser.Parse(b"", True)
        except ImportFileError:
            raise
        except Exception as error:  # a damaged member: zlib, CRC or XML errors
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
        self.fraction = 1.0
        yield from handler.completed


class _SheetHandler:
    """Expat callbacks for a worksheet: collects each row's cell texts, by column, as the XML streams past."""

    def __init__(self, source):
        self.source = source
        self.limits = source.limits
        self.completed = []
        self.row_number = 0
        self.cells = {}
        self.column = 0
        self.kind = self.style = None
        self.value = None  # the <v> text
        self.inline = None  # the <is> texts
        self.pieces = None  # texts being collected
        self.length = 0
        self.phonetic = False

    def start(self, name, attrs):
        name = LOCAL_NAMES.get(name) or _local(name)
        if name == "c":
            reference = attrs.get("r")
            self.column = _column_index(reference) if reference else self.column + 1
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s")
            self.value = self.inline = None
        elif name == "v":
            self.pieces, self.length = [], 0
        elif name == "is":
            self.inline, self.length = [], 0
        elif name == "t" and self.inline is not None and not self.phonetic:
            self.pieces = self.inline
        elif name == "rPh":
            self.phonetic = True
        elif name == "row":
            number = attrs.get("r")
            self.row_number = int(number) if number and number.isdigit() else self.row_number + 1
            self.cells = {}
            self.column = 0

    def end(self, name):
        name = LOCAL_NAMES.get(name) or _local(name)
        if name == "c":
            value = self._cell_text()
            if value:
                if self.column > self.limits.columns:
                    raise _too_many_columns(self.limits, self.row_number)
                self.cells[self.column] = value
        elif name == "v":
            self.value = "".join(self.pieces)
            self.pieces = None
        elif name == "t":
            if self.inline is not None and self.pieces is self.inline:
                self.pieces = None
        elif name == "rPh":
            self.phonetic = False
        elif name == "row" and self.cells:
            values = [""] * max(self.cells)
            for column, value in self.cells.items():
                values[column - 1] = value
            self.completed.append((self.row_number, values))

    def text(self, data):
        if self.pieces is not None:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                raise _too_long(self.limits, self.row_number)
            self.pieces.append(data)

    def _cell_text(self):
        """The cell as the text an editor sees, as openpyxl's values turned into text did before."""
        kind, value = self.kind, self.value
        if kind == "inlineStr":
            return "".join(self.inline or ()).strip()
        if value is None:
            return ""
        if kind == "s":
            try:
                return self.source.strings[int(value)].strip()
            except (ValueError, IndexError):
                raise _Unreadable("shared string") from None
        if kind == "b":
            return "True" if value.strip() == "1" else "False"
        if kind == "d":
            return value.strip()[:10]
        if kind in ("str", "e"):
            return value.strip()
        return _number_text(value.strip(), self.style, self.source)


def _number_text(value, style, source):
    if style and style.isdigit() and int(style) in source.date_styles:
        serial = _float(value)
        if serial is not None and 1 <= serial < 2_958_466:  # up to 9999-12-31
            day = int(serial)
            if source.epoch == WINDOWS_EPOCH and day < 60:
                day += 1  # Excel counts a 29 February 1900 that never was
            return (source.epoch + timedelta(days=day)).isoformat()
    if "." in value or "e" in value or "E" in value:
        number = _float(value)
        if number is not None and number.is_integer() and abs(number) < 2**53:
            return str(int(number))
    return value


def _float(value):
    try:
        return float(value)
    except ValueError:
        return None


# Column letters to numbers, A = 1; filled as references are met, bounded by the column limit's few letters.
COLUMN_NUMBERS = {}


def _column_index(reference):
    letters = reference.rstrip("0123456789")
    index = COLUMN_NUMBERS.get(letters)
    if index is None:
        index = 0
        for letter in letters[:4].upper():
            index = index * 26 + (ord(letter) - 64 if "A" <= letter <= "Z" else 0)
        if len(COLUMN_NUMBERS) < 20_000:
            COLUMN_NUMBERS[letters] = index
    return index


def _is_type(kind, name):
    return kind in (RELATIONSHIP_TYPE + name, STRICT_RELATIONSHIP_TYPE + name)


def _is_date_format(format_id, custom):
    if format_id in custom:
        code = FORMAT_NOISE.sub("", custom[format_id].split(";")[0])
        return bool(DATE_CODE.search(code)) and "General" not in custom[format_id]
    return format_id.isdigit() and int(format_id) in DATE_FORMAT_IDS
