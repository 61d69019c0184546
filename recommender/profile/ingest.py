"""Read an uploaded résumé (PDF, DOCX, TXT or Markdown) into clean, line-structured text.

The real type comes from the file's first bytes; the name and content type are
claims that must agree with it. Nothing here logs or keeps the document's text,
and error messages never quote the file name (it often carries the person's name).
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

import ftfy

from recommender.errors import CareerpivotError
from recommender.profile.pdf_layout import split_columns

logger = logging.getLogger(__name__)

DocumentFormat = Literal["pdf", "docx", "txt", "md"]
IngestErrorCode = Literal[
    "unsupported_file",
    "file_mismatch",
    "file_too_large",
    "encrypted_file",
    "scanned_pdf",
    "corrupt_file",
    "empty_file",
]

MAX_UNCOMPRESSED_BYTES = 50_000_000  # a DOCX résumé unpacks to a few MB at most
MAX_COMPRESSION_RATIO = 100  # text-heavy DOCX files compress about 5-20:1; bombs 1000:1 and more
MAX_ZIP_MEMBERS = 5_000
MAX_DOCX_XML_BYTES = 10_000_000  # the text parts of a DOCX résumé are well under 1 MB
ZIP_READ_CHUNK = 64 * 1024
MAX_PDF_PAGES = 50
MIN_PDF_LETTERS = 20  # fewer letters than this over all pages means there is no text layer

_WHAT_TO_DO = "Upload a PDF, DOCX, TXT or Markdown file, or paste the text instead."


class IngestError(CareerpivotError):
    """A résumé file could not be read; `code` names the problem, the message says what to do."""

    code = "unsupported_file"

    def __init__(self, code: IngestErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ExtractedDocument:
    """The text of an uploaded résumé; `pages` is set for PDFs only."""

    text: str
    format: DocumentFormat
    pages: int | None = None


def extract_document(
    data: bytes, filename: str, content_type: str | None = None, max_bytes: int = 5_000_000
) -> ExtractedDocument:
    """Read a résumé file into clean text.

    Args:
        data: the file's bytes.
        filename: the uploaded name; only its extension is used, as a claim about the type.
        content_type: the declared media type, if any; generic types (octet-stream) are ignored.
        max_bytes: files larger than this are refused before anything is parsed.

    Returns:
        The document's text with line structure kept, bullets normalised to "- ",
        mojibake repaired and words hyphenated across line breaks joined.

    Raises:
        IngestError: `file_too_large`, `empty_file`, `unsupported_file`, `file_mismatch`,
            `corrupt_file`, `encrypted_file` or `scanned_pdf`, with a message saying what to do.
    """
    if len(data) > max_bytes:
        raise IngestError(
            "file_too_large",
            f"The file is {len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB. "
            "Upload a smaller file (a résumé is usually well under 1 MB) or paste the text.",
        )
    if not data.strip():
        raise IngestError("empty_file", f"The file is empty. {_WHAT_TO_DO}")
    fmt = _resolve_format(data, filename, content_type)
    pages: int | None = None
    if fmt == "pdf":
        raw, pages = _extract_pdf(data)
    elif fmt == "docx":
        raw = _extract_docx(data)
    else:
        raw = _decode_text(data)
        if fmt == "md":
            raw = strip_markdown(raw)
    text = clean_text(raw)
    if not text:
        raise IngestError("empty_file", f"The {fmt.upper()} file contains no text. {_WHAT_TO_DO}")
    return ExtractedDocument(text=text, format=fmt, pages=pages)


# --- what the file really is ----------------------------------------------------------------------

_EXTENSIONS: dict[str, DocumentFormat] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
}
_UNSUPPORTED_EXTENSIONS = {
    ".doc": "Word 97-2003 (.doc) files are not supported: save the file as .docx or PDF in Word",
    ".odt": "OpenDocument (.odt) files are not supported: save the file as .docx or PDF",
    ".rtf": "RTF files are not supported: save the file as .docx or PDF",
    ".pages": "Apple Pages files are not supported: export the file as PDF or .docx",
}
_IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".heic", ".heif", ".webp", ".tif", ".tiff", ".bmp"}
_CONTENT_TYPES: dict[str, DocumentFormat] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
}
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 (.doc) or other legacy Office file"),
    (b"{\\rtf", "an RTF document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)
_DESCRIPTIONS: dict[str, str] = {
    "pdf": "a PDF",
    "docx": "a Word document (.docx)",
    "txt": "text",
    "md": "text",
}


def _sniff(data: bytes) -> tuple[str, str]:
    """(kind, description) from the bytes: kind is "pdf", "docx", "text", "zip-corrupt" or "other"."""
    if b"%PDF-" in data[:1024]:
        return "pdf", "a PDF"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "other", "a HEIC photo"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "other", "a WebP image"
    for magic, description in _SIGNATURES:
        if data.startswith(magic):
            return "other", description
    if _looks_binary(data):
        return "other", "binary data, not text"
    return "text", "text"


def _sniff_zip(data: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "zip-corrupt", "a damaged ZIP archive"
    if "word/document.xml" in names:
        return "docx", "a Word document (.docx)"
    if "mimetype" in names and any(n.startswith("content.xml") for n in names):
        return "other", "an OpenDocument file (.odt)"
    if any(n.startswith("xl/") for n in names):
        return "other", "an Excel workbook"
    if any(n.startswith("ppt/") for n in names):
        return "other", "a PowerPoint presentation"
    return "other", "a ZIP archive"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.02


def _resolve_format(data: bytes, filename: str, content_type: str | None) -> DocumentFormat:
    """The format to read the file as; refuses names and types the bytes contradict."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in _UNSUPPORTED_EXTENSIONS:
        raise IngestError("unsupported_file", f"{_UNSUPPORTED_EXTENSIONS[suffix]}, or paste the text.")
    if suffix in _IMAGE_EXTENSIONS:
        raise IngestError(
            "unsupported_file",
            f"Images ({suffix}) cannot be read: upload the résumé as a text PDF, DOCX or TXT, "
            "or paste the text.",
        )
    claims: list[DocumentFormat] = []
    if suffix in _EXTENSIONS:
        claims.append(_EXTENSIONS[suffix])
    elif suffix:
        raise IngestError("unsupported_file", f"Files of type '{suffix}' are not supported. {_WHAT_TO_DO}")
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type in _CONTENT_TYPES:
        claims.append(_CONTENT_TYPES[media_type])

    kind, actual = _sniff(data)
    for claim in claims:
        expected = "text" if claim in ("txt", "md") else claim
        if kind == "zip-corrupt" and claim == "docx":
            raise IngestError("corrupt_file", f"The DOCX file is damaged and cannot be opened. {_WHAT_TO_DO}")
        if kind != expected:
            advice = (
                "Photos and scans cannot be read: upload a PDF with selectable text or a DOCX, "
                "or paste the text."
                if "image" in actual or "photo" in actual
                else _WHAT_TO_DO
            )
            raise IngestError(
                "file_mismatch",
                f"The file is declared as {_DESCRIPTIONS[claim]} but its contents are {actual}. {advice}",
            )
    if kind == "text":
        return "md" if "md" in claims else "txt"
    if kind == "pdf":
        return "pdf"
    if kind == "docx":
        return "docx"
    if kind == "zip-corrupt":
        raise IngestError(
            "corrupt_file", f"The file is a damaged ZIP archive and cannot be opened. {_WHAT_TO_DO}"
        )
    raise IngestError("unsupported_file", f"The file is {actual}, which cannot be read. {_WHAT_TO_DO}")


# --- PDF ------------------------------------------------------------------------------------------


# pypdf's own resource limits (its defaults allow 75 MB per stream), tightened for a résumé:
# every decompressed stream and every content stream's parse is bounded by what comes out.
PDF_LIMITS: dict[str, int] = {
    "maximum_declared_stream_length": 20_000_000,
    "zlib_maximum_output_length": 20_000_000,
    "lzw_maximum_output_length": 20_000_000,
    "run_length_maximum_output_length": 20_000_000,
    "jbig2_maximum_output_length": 20_000_000,
    "brotli_maximum_output_length": 20_000_000,
    "array_based_stream_maximum_output_length": 20_000_000,
    "image_maximum_buffer_size": 20_000_000,
    "stream_decoding_work_maximum_length": 60_000_000,
    "stream_parsing_work_maximum_count": 500_000,
}


def _extract_pdf(data: bytes) -> tuple[str, int]:
    from pypdf import apply_configuration, get_configuration

    with apply_configuration(get_configuration().with_overwrites(**PDF_LIMITS)):
        return _extract_pdf_limited(data)


def _extract_pdf_limited(data: bytes) -> tuple[str, int]:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    encrypted = IngestError(
        "encrypted_file",
        "The PDF is password- or copy-protected. Save or print it as a new PDF without protection, "
        "upload a DOCX, or paste the text.",
    )
    try:
        reader = PdfReader(io.BytesIO(data[data.find(b"%PDF-") :]))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise encrypted
        page_count = len(reader.pages)
        if page_count > MAX_PDF_PAGES:
            raise IngestError(
                "file_too_large",
                f"The PDF has {page_count} pages; the limit is {MAX_PDF_PAGES}. "
                "Upload the résumé on its own, or paste the text.",
            )
        texts = [_page_text(page, number) for number, page in enumerate(reader.pages, 1)]
    except IngestError:
        raise
    except (DependencyError, NotImplementedError) as exc:
        # AES encryption needs an optional crypto package, even with an empty password.
        raise encrypted from exc
    except Exception as exc:
        # pypdf raises many exception types on malformed input; all mean the same to the person.
        raise IngestError(
            "corrupt_file", f"The PDF is damaged and its text cannot be read. {_WHAT_TO_DO}"
        ) from exc
    if page_count == 0:
        raise IngestError("empty_file", f"The PDF has no pages. {_WHAT_TO_DO}")
    # WinAnsiEncoding maps its unused codes to a bullet; pypdf reports 0x7F as DEL.
    text = join_wrapped_lines("\n\n".join(texts).replace("\x7f", "•"))
    if _letters(text) < MIN_PDF_LETTERS:
        raise IngestError(
            "scanned_pdf",
            "The PDF has no text layer: it looks like a scan or a photo of a résumé. Upload a PDF "
            "exported from a word processor (with selectable text) or a DOCX, or paste the text.",
        )
    return text, page_count


def _page_text(page: Any, number: int) -> str:
    """A page's text in reading order: rows kept whole, two-column pages read column by column.

    pypdf's layout mode keeps each printed row on one line ("Nama : Dewi"),
    where plain mode follows the drawing order and may split a row; plain mode
    is the fallback when layout mode fails or loses text.
    """
    plain, visible = _plain_and_visible_text(page)
    if visible is not None:
        logger.debug("pdf page %d: invisible text left out", number)
        return visible
    try:
        layout: str = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # the layout engine is stricter about fonts than plain extraction
        logger.debug("pdf page %d: layout extraction failed, using plain text", number)
        return plain
    if _letters(layout) < 0.9 * _letters(plain):
        logger.debug("pdf page %d: layout extraction lost text, using plain text", number)
        return plain
    columns = split_columns(layout)
    if columns is not None:
        logger.debug("pdf page %d: two-column layout detected", number)
        return columns
    return layout


MIN_VISIBLE_POINTS = 2.5  # smaller type than this is not meant to be read
_TEXT_SHOWING = (b"Tj", b"TJ", b"'", b'"')
_FILL_OPERATORS = {b"g": 1, b"rg": 3, b"k": 4, b"sc": 0, b"scn": 0}


def _plain_and_visible_text(page: Any) -> tuple[str, str | None]:
    """The page's plain text, and its text without what a reader cannot see (None when it hides none).

    Hidden text (white type, invisible render mode 3, type under 2.5 points) is a way to
    stuff keywords into a résumé; it would otherwise steer the ranking. The drawing
    state is taken when each piece of text is shown (pypdf hands text over later).
    """
    state: dict[str, Any] = {"fill": (0.0,), "mode": 0}
    saved: list[dict[str, Any]] = []
    shown: dict[str, Any] = {"hidden": False}
    pieces: list[str] = []
    found_hidden = False

    def before(operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if operator == b"q":
            saved.append(dict(state))
        elif operator == b"Q" and saved:
            state.update(saved.pop())
        elif operator in _FILL_OPERATORS:
            state["fill"] = tuple(_number(o) for o in operands)
        elif operator == b"Tr" and operands:
            state["mode"] = int(_number(operands[0]))
        elif operator == b"Tf" and len(operands) > 1:
            state["size"] = abs(_number(operands[1]))
        elif operator in _TEXT_SHOWING:
            scale = (abs(tm[0] * tm[3] - tm[1] * tm[2]) * abs(cm[0] * cm[3] - cm[1] * cm[2])) ** 0.5
            shown["hidden"] = (
                state["mode"] == 3
                or _is_white(state["fill"])
                or state.get("size", 12.0) * scale < MIN_VISIBLE_POINTS
            )

    def text(piece: str, *_: Any) -> None:
        nonlocal found_hidden
        if shown["hidden"] and piece.strip():
            found_hidden = True
            pieces.append("\n")
        else:
            pieces.append(piece)

    plain: str = page.extract_text(visitor_operand_before=before, visitor_text=text) or ""
    return plain, ("".join(pieces) if found_hidden else None)


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _is_white(fill: tuple[float, ...]) -> bool:
    """White in gray or RGB (all components 1), or CMYK (all 0)."""
    if len(fill) == 4:
        return all(c <= 0.02 for c in fill)
    return bool(fill) and all(c >= 0.98 for c in fill)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_NESTING = 20


def _extract_docx(data: bytes) -> str:
    package = _repack_docx(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(package))
        lines = _block_lines(document.element.body, 0)
    except Exception as exc:
        # python-docx and lxml raise assorted errors for broken packages; all mean "damaged".
        raise IngestError(
            "corrupt_file", f"The DOCX file is damaged and cannot be opened. {_WHAT_TO_DO}"
        ) from exc
    return "\n".join(lines)


def read_zip_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, decompressed a chunk at a time and counted as they come out.

    The sizes in a ZIP's directory are claims an attacker writes; this never holds more
    than `limit` bytes, whatever they say. (`ZipFile.read` asks zlib for up to 1 GiB in
    one call and only then cuts the result to the declared size.)

    Raises:
        IngestError: `file_too_large` once more than `limit` bytes have come out.
        zipfile.BadZipFile, zlib.error, OSError: the member is damaged (or its CRC does not match).
    """
    out = bytearray()
    with archive.open(member) as stream:
        while chunk := stream.read(ZIP_READ_CHUNK):
            out += chunk
            if len(out) > limit:
                raise IngestError(
                    "file_too_large",
                    f"A part of the file unpacks to more than {limit / 1e6:.0f} MB, "
                    "far more than a résumé holds. Save it again from your word processor, or paste the text.",
                )
    return bytes(out)


def _repack_docx(data: bytes) -> bytes:
    """The DOCX's XML parts, really unpacked under a budget and packed again uncompressed.

    Decompression bombs are refused from the directory's sizes first (cheap, and a clear
    message); a directory that lies about them is caught while the parts are unpacked,
    because the bytes that come out are counted, not the sizes declared. python-docx then
    reads stored parts of known size. Images and other binary parts are left empty: only
    the text is read.
    """
    corrupt = IngestError("corrupt_file", f"The DOCX file is damaged and cannot be opened. {_WHAT_TO_DO}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as exc:
        raise corrupt from exc
    _check_declared_sizes(members)
    out = io.BytesIO()
    budget = MAX_DOCX_XML_BYTES
    with archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as repacked:
        for member in members:
            if member.is_dir():
                continue
            content = b""
            if member.filename.lower().endswith((".xml", ".rels")):
                try:
                    content = read_zip_member(archive, member, budget)
                except IngestError:
                    raise
                except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError) as exc:
                    raise corrupt from exc
                budget -= len(content)
            repacked.writestr(member.filename, content)
    return out.getvalue()


def _check_declared_sizes(members: list[zipfile.ZipInfo]) -> None:
    """Refuse honest decompression bombs from the sizes the archive declares."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise IngestError(
            "file_too_large",
            f"The DOCX file holds {len(members)} parts, far more than a document has. {_WHAT_TO_DO}",
        )
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise IngestError(
            "file_too_large",
            f"The DOCX file unpacks to {unpacked / 1e6:.0f} MB; "
            f"the limit is {MAX_UNCOMPRESSED_BYTES / 1e6:.0f} MB. "
            "Remove large images from the document, or paste the text.",
        )
    if unpacked > MAX_COMPRESSION_RATIO * max(packed, 1) and unpacked > 1_000_000:
        raise IngestError(
            "file_too_large",
            f"The DOCX file unpacks to {unpacked // max(packed, 1)} times its size, "
            "which documents never do. "
            "Save it again from your word processor, or paste the text.",
        )


def _block_lines(container: Any, depth: int) -> list[str]:
    """Lines of paragraphs and table cells in document order, inside content controls too."""
    lines: list[str] = []
    if depth > _MAX_NESTING:
        return lines
    for child in container:
        if child.tag == f"{_W}p":
            lines.extend(_paragraph_lines(child, depth))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table_lines(child, depth))
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            lines.extend(_block_lines(child, depth + 1))
    return lines


def _table_lines(table: Any, depth: int) -> list[str]:
    lines: list[str] = []
    for row in _descendants_until(table, f"{_W}tr", stop=f"{_W}tbl"):
        for cell in _descendants_until(row, f"{_W}tc", stop=f"{_W}tbl"):
            lines.extend(_block_lines(cell, depth + 1))
    return lines


def _descendants_until(element: Any, tag: str, stop: str) -> Iterable[Any]:
    """Descendants with `tag`, not looking inside nested `stop` elements (nested tables)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag != stop and isinstance(child.tag, str):
            yield from _descendants_until(child, tag, stop)


def _paragraph_lines(paragraph: Any, depth: int) -> list[str]:
    """The paragraph's text ("- " first for a list item), then the paragraphs of its text boxes."""
    parts: list[str] = []
    boxes: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK:
                continue  # comments, processing instructions; Fallback repeats the Choice content
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}txbxContent":
                boxes.extend(_block_lines(child, depth + 1))
            elif tag not in (f"{_W}del", f"{_W}instrText"):
                walk(child)

    walk(paragraph)
    text = "".join(parts)
    properties = paragraph.find(f"{_W}pPr")
    if properties is not None and text.strip():
        style = properties.find(f"{_W}pStyle")
        style_id = style.get(f"{_W}val", "") if style is not None else ""
        if properties.find(f"{_W}numPr") is not None or style_id.startswith("List"):
            text = f"- {text}"  # a Word list item: its bullet is numbering, not text
    return [text, *boxes]


# --- plain text and Markdown ----------------------------------------------------------------------


def _decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, else Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[ \t]*(?:```|~~~).*\n?", re.M), ""),  # code fences (the code itself stays)
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1"),  # ATX headings
    (re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M), ""),  # block quotes
    # table rules and horizontal rules: the whole line goes
    (re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$\n?", re.M), ""),
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$\n?", re.M), ""),
    (re.compile(r"^[ \t]*\|(.*?)\|?[ \t]*$", re.M), r"\1"),  # table row edges
    (re.compile(r"<br\s*/?>", re.I), "\n"),
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),  # inline HTML tags
    (re.compile(r"<((?:https?://|mailto:)[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italic *x*
    (re.compile(r"(?<![\w\\])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)"), r"\1"),  # italic _x_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")  # keep the alt text
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)(?:[ \t]+\"[^\"]*\")?\)")


def strip_markdown(text: str) -> str:
    """Markdown to plain lines: markup (#, **, _, `, links, tables) removed, the words kept."""
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(_link_text, text)
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text


def _link_text(match: re.Match[str]) -> str:
    label, target = match.group(1), match.group(2)
    bare = target.removeprefix("mailto:")
    return label if bare in label or target.startswith("#") else f"{label} ({bare})"


# --- clean-up for every format --------------------------------------------------------------------

_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})[-\u00ad\u2010][ \t]*\n[ \t]*(?=[a-zß-ÿ])")
_BULLET = re.compile(
    r"^[ \t]*(?:[•▪●◦‣∙·■□▫►▸▹➢➤➔→✓✔✗◆◇○\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8]|[-–—*+](?=[ \t]))[ \t]*",
    re.M,
)
_LONE_BULLET = re.compile(r"^- *\n+(?=\S)", re.M)
_RULE_LINE = re.compile(r"^[ \t]*[-=_*~#.·•]{3,}[ \t]*$", re.M)


def clean_text(text: str) -> str:
    """Repair and normalise extracted text, keeping its line structure.

    Mojibake is repaired with ftfy ("â€™" -> "'"), bullets at the start of a
    line become "- ", words hyphenated across a line break are joined
    ("manage-\\nment" -> "management"), runs of spaces collapse to one (a tab
    stays, as a column separator), decorative rules are dropped and blank lines
    are kept single.
    """
    text = ftfy.fix_text(text.replace("\f", "\n").replace("\v", "\n"))
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_BREAK_HYPHEN.sub("", text)
    text = text.replace("\u00ad", "")
    text = _RULE_LINE.sub("", text)
    text = _BULLET.sub("- ", text)
    text = _LONE_BULLET.sub("- ", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t]*\t[ \t]*", "\t", line)
        lines.append(re.sub(r" {2,}", " ", line).strip())
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# A PDF line that ends in one of these words, or a comma, was wrapped by the
# layout: the sentence goes on at the next line.
_CONNECTORS = frozenset(
    {
        *(
            "a",
            "an",
            "and",
            "as",
            "at",
            "by",
            "for",
            "from",
            "in",
            "into",
            "of",
            "on",
            "or",
            "the",
            "to",
            "with",
        ),
        *("dan", "di", "ke", "dari", "untuk", "dengan", "yang", "atau", "pada", "serta"),  # Indonesian
    }
)


def join_wrapped_lines(text: str) -> str:
    """Join lines a PDF's layout wrapped mid-phrase ("basic SQL reporting in" / "Epic Clarity").

    A line is joined to the next when it ends with a comma or a connecting word,
    or when the next line starts in lower case; bullets, headings and blank
    lines always start anew.
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if out and stripped and out[-1].strip() and not stripped.startswith(("-", "•", "*")):
            previous = out[-1].rstrip()
            last_word = previous.rsplit(None, 1)[-1].lower() if previous else ""
            if previous.endswith(",") or last_word in _CONNECTORS or stripped[0].islower():
                out[-1] = f"{previous} {stripped}"
                continue
        out.append(line)
    return "\n".join(out)
