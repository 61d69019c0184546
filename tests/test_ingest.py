"""Résumé files to text: every format, every refusal, and the labelled résumés rendered as real files."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, get_args

import docx
import pytest
from docx.oxml import parse_xml
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import DependencyError
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate, Paragraph, SimpleDocTemplate

from recommender.errors import CareerpivotError
from recommender.evaluate.resumes import LAYOUTS, load_resumes, render
from recommender.profile.ingest import (
    ExtractedDocument,
    IngestError,
    IngestErrorCode,
    clean_text,
    extract_document,
    split_columns,
)

RESUMES = load_resumes()
STYLES = getSampleStyleSheet()

LEFT = [
    "Left column paragraph one about curriculum design for primary school classes and assessments.",
    "Left column paragraph two about coaching twelve new teachers through their first school year.",
    "Left column paragraph three about building spreadsheets that track reading progress weekly.",
]
RIGHT = [
    "Right column paragraph one about Canva, Google Workspace and short explainer videos.",
    "Right column paragraph two about public speaking at district conferences and workshops.",
    "Right column paragraph three about parent communication in Indonesian and English.",
]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def refusal(data: bytes, filename: str, content_type: str | None = None, **kwargs: Any) -> IngestError:
    with pytest.raises(IngestError) as caught:
        extract_document(data, filename, content_type, **kwargs)
    return caught.value


# --- fixtures built in memory -----------------------------------------------------------------------


def text_pdf(paragraphs: list[str]) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Paragraph(p, STYLES["Normal"]) for p in paragraphs])
    return buffer.getvalue()


def two_column_pdf_with_frames() -> bytes:
    """A header across the page, then two frames: the PDF stream holds the left column, then the right."""
    buffer = io.BytesIO()
    width, height = A4
    column = (width - 100 - 20) / 2
    frames = [
        Frame(50, height - 120, width - 100, 70, id="header"),
        Frame(50, 50, column, height - 180, id="left"),
        Frame(70 + column, 50, column, height - 180, id="right"),
    ]
    document = BaseDocTemplate(buffer, pagesize=A4)
    document.addPageTemplates([PageTemplate(id="two", frames=frames)])
    story: list[Any] = [Paragraph("Curriculum Overview", STYLES["Title"]), FrameBreak()]
    story += [Paragraph(p, STYLES["Normal"]) for p in LEFT]
    story.append(FrameBreak())
    story += [Paragraph(p, STYLES["Normal"]) for p in RIGHT]
    document.build(story)
    return buffer.getvalue()


def two_column_pdf_drawn_row_by_row() -> bytes:
    """Two columns whose lines are drawn alternately left, right (as design tools write them)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(50, 800, "A header line that runs across the whole width of the page above both columns")
    left_lines = [w for p in LEFT for w in _wrap(p, 40)]
    right_lines = [w for p in RIGHT for w in _wrap(p, 40)]
    y = 770.0
    for i in range(max(len(left_lines), len(right_lines))):
        if i < len(left_lines):
            page.drawString(50, y, left_lines[i])
        if i < len(right_lines):
            page.drawString(320, y, right_lines[i])
        y -= 13
    page.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def image_only_pdf() -> bytes:
    """A 'scanned' page: one picture and no text layer."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(picture)
    for y in range(60, 760, 24):
        draw.rectangle((40, y, 560, y + 10), fill="black")  # lines of 'text' as pixels
    png = io.BytesIO()
    picture.save(png, format="PNG")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawImage(ImageReader(io.BytesIO(png.getvalue())), 40, 40, width=500, height=750)
    page.save()
    return buffer.getvalue()


def encrypted_pdf(user_password: str, owner_password: str = "owner-secret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(["Confidential résumé text for a test."]))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_zip(extra_name: str, extra_size: int) -> bytes:
    """A DOCX-named zip whose extra member is `extra_size` zero bytes: tiny packed, huge unpacked."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(extra_name, bytes(extra_size))
    return buffer.getvalue()


# --- text and Markdown ------------------------------------------------------------------------------


def test_utf8_text_is_read_with_or_without_a_bom() -> None:
    text = "Pengalaman: penanganan komplain, café, naïve\n"
    assert extract_document(text.encode("utf-8"), "cv.txt").text == text.strip()
    assert extract_document(b"\xef\xbb\xbf" + text.encode("utf-8"), "cv.txt").text == text.strip()


def test_windows_1252_text_falls_back_instead_of_failing() -> None:
    document = extract_document("Café owner – naïve “quotes”".encode("cp1252"), "cv.txt")
    assert document.text.startswith("Café owner – naïve")
    assert document.format == "txt"


def test_mojibake_is_repaired() -> None:
    document = extract_document("Iâ€™m a teacher â€“ Canva, â€œGoogle Workspaceâ€\x9d".encode(), "cv.txt")
    assert "I'm a teacher – Canva" in document.text
    assert "â€" not in document.text


def test_words_hyphenated_across_line_breaks_are_joined() -> None:
    text = clean_text("Led classroom manage-\nment and project coordi-\n  nation for 3 years")
    assert text == "Led classroom management and project coordination for 3 years"


def test_hyphens_that_are_not_line_break_hyphenation_stay() -> None:
    text = clean_text("fact-checked copy\nTeacher, 2015-\n2024\nSenior -\nLead")
    assert text == "fact-checked copy\nTeacher, 2015-\n2024\nSenior -\nLead"


def test_bullets_are_normalised_to_a_leading_dash() -> None:
    raw = "• Canva\n▪ Excel\n● SQL\n◦ Jira\n– Zendesk\n* Figma\n- Notion\n\uf0b7 Trello\n•Tableau"
    assert clean_text(raw).splitlines() == [
        "- Canva", "- Excel", "- SQL", "- Jira", "- Zendesk", "- Figma", "- Notion", "- Trello", "- Tableau",
    ]  # fmt: skip


def test_a_minus_sign_or_asterisk_inside_words_is_not_a_bullet() -> None:
    assert clean_text("-5% churn\n*nix admin") == "-5% churn\n*nix admin"


def test_runs_of_spaces_collapse_but_lines_stay() -> None:
    raw = "Skills:    Excel,\u00a0\u00a0SQL   \n\n\n\n   Languages:  English  \r\nBahasa Indonesia"
    assert clean_text(raw) == "Skills: Excel, SQL\n\nLanguages: English\nBahasa Indonesia"


def test_markdown_markup_is_stripped_and_the_words_kept() -> None:
    markdown = "\n".join(
        [
            "# Jane Doe",
            "## Skills",
            "* **Python** and _pandas_",
            "+ `SQL` queries",
            "[Portfolio](https://example.com/jane)",
            "![photo](me.png)",
            "> Quoted praise",
            "| Tool | Years |",
            "|------|-------|",
            "| Excel | 5 |",
            "---",
            "snake_case_name stays",
        ]
    )
    document = extract_document(markdown.encode(), "cv.md")
    assert document.format == "md"
    assert document.text.splitlines() == [
        "Jane Doe",
        "Skills",
        "- Python and pandas",
        "- SQL queries",
        "Portfolio (https://example.com/jane)",
        "photo",
        "Quoted praise",
        "Tool | Years",
        "Excel | 5",
        "snake_case_name stays",
    ]


def test_a_file_without_an_extension_is_read_by_its_contents() -> None:
    assert extract_document(b"Plain text resume", "resume").format == "txt"
    assert (
        extract_document(text_pdf(["A PDF without a name for its type, plenty of words."]), "cv").format
        == "pdf"
    )


# --- PDF --------------------------------------------------------------------------------------------


def test_one_column_pdf_is_extracted_with_its_page_count() -> None:
    paragraphs = [
        "Claims examiner with eighteen years in health insurance.",
        "Facets, CPT and ICD-10 coding.",
    ]
    document = extract_document(text_pdf(paragraphs), "cv.pdf", "application/pdf")
    assert document == ExtractedDocument(text=document.text, format="pdf", pages=1)
    for paragraph in paragraphs:
        assert normalise(paragraph) in normalise(document.text)


@pytest.mark.parametrize("build", [two_column_pdf_with_frames, two_column_pdf_drawn_row_by_row])
def test_two_column_pdf_reads_column_by_column(build: Any) -> None:
    text = normalise(extract_document(build(), "cv.pdf").text)
    for paragraph in LEFT + RIGHT:
        assert normalise(paragraph) in text, f"paragraph split or interleaved: {paragraph!r}"
    assert max(text.index(normalise(p)) for p in LEFT) < min(text.index(normalise(p)) for p in RIGHT)


def test_two_column_pdf_keeps_a_full_width_header_first() -> None:
    text = extract_document(two_column_pdf_drawn_row_by_row(), "cv.pdf").text
    assert text.startswith("A header line that runs across the whole width")


def test_label_and_value_columns_in_a_pdf_stay_on_one_line() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    rows = [("Nama", "Dewi Anggraini"), ("Tempat/Tgl Lahir", "Depok, 14-08-1990"), ("Agama", "Islam")]
    rows += [("Status", "Menikah"), ("Pendidikan", "S1 PGSD, Universitas Negeri Jakarta")]
    for i, (label, value) in enumerate(rows):
        page.drawString(50, 780 - 14 * i, label)
        page.drawString(180, 780 - 14 * i, f": {value}")
    page.save()
    text = extract_document(buffer.getvalue(), "cv.pdf").text
    assert "Tempat/Tgl Lahir : Depok, 14-08-1990" in text
    assert "Nama : Dewi Anggraini" in text


@pytest.mark.parametrize("bullet_width", [80, 36], ids=["long-bullets", "short-bullets"])
def test_right_aligned_dates_in_a_one_column_pdf_stay_on_their_row(bullet_width: int) -> None:
    jobs = [
        ("Senior Reporter, The Columbus Ledger", "2015-2024"),
        ("Staff Writer, Dayton Evening Post", "2010-2015"),
        ("Intern, Akron Beacon Journal", "2009-2010"),
    ]
    bullet = "- Covered city hall, courts and school board meetings on daily deadlines"[:bullet_width]
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    y = 780
    for title, years in jobs:
        page.drawString(50, y, title)
        page.drawRightString(545, y, years)
        for _ in range(2):
            y -= 14
            page.drawString(60, y, bullet)
        y -= 20
    page.save()
    lines = extract_document(buffer.getvalue(), "cv.pdf").text.splitlines()
    for title, years in jobs:
        assert f"{title} {years}" in lines


def test_split_columns_leaves_single_column_layout_text_alone() -> None:
    layout = "\n".join(["Summary of a long career in regional newsrooms and data journalism work"] * 6)
    assert split_columns(layout) is None


def test_scanned_pdf_is_refused_with_a_clear_message() -> None:
    error = refusal(image_only_pdf(), "scan.pdf")
    assert error.code == "scanned_pdf"
    assert "scan" in str(error)
    assert "paste the text" in str(error)


def test_password_protected_pdf_is_refused() -> None:
    error = refusal(encrypted_pdf(user_password="open-sesame"), "cv.pdf")
    assert error.code == "encrypted_file"
    assert "password" in str(error)


def test_pdf_that_needs_a_missing_crypto_library_is_refused_as_protected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def needs_cryptography(*args: Any, **kwargs: Any) -> str:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(PageObject, "extract_text", needs_cryptography)
    error = refusal(text_pdf(["An AES-encrypted PDF opens without a password in a viewer."]), "cv.pdf")
    assert error.code == "encrypted_file"


def test_pdf_with_only_an_owner_password_is_read() -> None:
    document = extract_document(encrypted_pdf(user_password=""), "cv.pdf")
    assert "Confidential résumé text" in document.text


def test_damaged_pdf_is_refused_as_corrupt() -> None:
    half = text_pdf(["Some words on a page that will be cut in half."])[:400]
    assert refusal(half, "cv.pdf").code == "corrupt_file"
    assert refusal(b"%PDF-1.7\nnot really a pdf\n", "cv.pdf").code == "corrupt_file"


# --- DOCX -------------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_cells_come_in_document_order() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Page header with a phone number 555-0100"
    document.add_paragraph("Summary")
    document.add_paragraph("Teacher moving into instructional design.")
    table = document.add_table(rows=2, cols=2)
    for (row, column), text in {
        (0, 0): "Canva",
        (0, 1): "Google Workspace",
        (1, 0): "CapCut",
        (1, 1): "SQL",
    }.items():
        table.cell(row, column).text = text
    document.add_paragraph("Education")
    document.add_paragraph("Responsible for data entry", style="List Bullet")
    extracted = extract_document(docx_bytes(document), "cv.docx")
    assert extracted.format == "docx"
    assert extracted.pages is None
    assert extracted.text.splitlines() == [
        "Summary",
        "Teacher moving into instructional design.",
        "Canva",
        "Google Workspace",
        "CapCut",
        "SQL",
        "Education",
        "- Responsible for data entry",
    ]


def test_docx_page_header_is_ignored() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Margaret Okafor - page 1"
    document.add_paragraph("Investigative reporter")
    assert extract_document(docx_bytes(document), "cv.docx").text == "Investigative reporter"


def test_docx_content_controls_and_text_boxes_are_read_once() -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    v = "urn:schemas-microsoft-com:vml"
    box = "<w:txbxContent><w:p><w:r><w:t>Sidebar: Canva, CapCut</w:t></w:r></w:p></w:txbxContent>"
    anchored = parse_xml(
        f'<w:p xmlns:w="{w}" xmlns:mc="{mc}" xmlns:wps="{wps}" xmlns:v="{v}"><w:r><w:t>Main text</w:t></w:r>'
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><wps:txbx>{box}</wps:txbx></mc:Choice>'
        f"<mc:Fallback><v:textbox>{box}</v:textbox></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    control = parse_xml(
        f'<w:sdt xmlns:w="{w}"><w:sdtContent><w:p><w:r><w:t>Inside a content control</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"
    )
    document = docx.Document()
    document.add_paragraph("First")
    body = document.element.body
    body.insert(len(body) - 1, anchored)  # before the closing section properties
    body.insert(len(body) - 1, control)
    text = extract_document(docx_bytes(document), "cv.docx").text
    assert text.splitlines() == ["First", "Main text", "Sidebar: Canva, CapCut", "Inside a content control"]


def test_docx_zip_bomb_is_refused_before_unpacking() -> None:
    bomb = docx_zip("word/media/padding.bin", 60_000_000)
    assert len(bomb) < 5_000_000
    error = refusal(bomb, "cv.docx")
    assert error.code == "file_too_large"
    assert "60 MB" in str(error)


def test_docx_that_compresses_like_a_bomb_is_refused_even_under_the_size_limit() -> None:
    error = refusal(docx_zip("word/media/padding.bin", 20_000_000), "cv.docx")
    assert error.code == "file_too_large"
    assert "times its size" in str(error)


def test_zip_that_is_not_a_docx_is_refused_as_a_mismatch() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    error = refusal(buffer.getvalue(), "cv.docx")
    assert error.code == "file_mismatch"
    assert "ZIP archive" in str(error)


def test_damaged_docx_is_refused_as_corrupt() -> None:
    whole = docx_bytes(docx.Document())
    assert refusal(whole[: len(whole) // 2], "cv.docx").code == "corrupt_file"
    assert refusal(b"PK\x03\x04 truncated", "cv.docx").code == "corrupt_file"
    assert refusal(docx_zip("word/other.xml", 10), "cv.docx").code == "corrupt_file"  # no content types


def test_docx_without_text_is_refused_as_empty() -> None:
    assert refusal(docx_bytes(docx.Document()), "cv.docx").code == "empty_file"


# --- files that are not what they claim -------------------------------------------------------------


def test_png_renamed_to_pdf_is_refused_as_a_mismatch() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    error = refusal(png, "cv.pdf")
    assert error.code == "file_mismatch"
    assert "PNG image" in str(error)
    assert "cv.pdf" not in str(error)  # names often carry the person's name


def test_plain_text_claiming_to_be_pdf_is_refused() -> None:
    assert refusal(b"Just some text", "cv.pdf").code == "file_mismatch"
    assert refusal(b"Just some text", "upload", "application/pdf").code == "file_mismatch"


def test_pdf_claiming_to_be_text_is_refused() -> None:
    error = refusal(text_pdf(["A real PDF with enough words on the page."]), "cv.txt")
    assert error.code == "file_mismatch"
    assert "a PDF" in str(error)


def test_generic_content_type_does_not_count_as_a_claim() -> None:
    document = extract_document(b"Plain words", "cv.txt", "application/octet-stream")
    assert document.text == "Plain words"


@pytest.mark.parametrize(
    ("filename", "advice"),
    [("cv.doc", ".docx"), ("cv.odt", ".docx"), ("cv.png", "text PDF"), ("cv.xlsx", "PDF")],
)
def test_unsupported_file_types_are_refused_with_advice(filename: str, advice: str) -> None:
    error = refusal(b"whatever the bytes are", filename)
    assert error.code == "unsupported_file"
    assert advice in str(error)


def test_legacy_word_file_without_an_extension_is_refused() -> None:
    error = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "resume")
    assert error.code == "unsupported_file"
    assert "Word 97-2003" in str(error)


def test_file_over_the_size_limit_is_refused_before_parsing() -> None:
    error = refusal(b"x" * 2_000, "cv.txt", max_bytes=1_000)
    assert error.code == "file_too_large"
    assert "limit" in str(error)


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_file_is_refused(data: bytes) -> None:
    assert refusal(data, "cv.txt").code == "empty_file"


def test_ingest_errors_are_careerpivot_errors_with_a_stable_code() -> None:
    error = refusal(b"", "cv.txt")
    assert isinstance(error, CareerpivotError)
    assert error.code in set(get_args(IngestErrorCode))


# --- the labelled résumés as real files -------------------------------------------------------------


@pytest.mark.parametrize("resume", RESUMES, ids=[r["id"] for r in RESUMES])
def test_labelled_resume_in_its_layout_extracts_every_expected_skill(resume: dict[str, Any]) -> None:
    data, filename = render(resume, resume["layout"])
    text = normalise(extract_document(data, filename).text)
    missing = [skill for skill in resume["expected_skills"] if normalise(skill) not in text]
    assert not missing


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_labelled_resume_extracts_its_skills_in_every_layout(layout: str) -> None:
    failures = {}
    for resume in RESUMES:
        data, filename = render(resume, layout)
        text = normalise(extract_document(data, filename).text)
        missing = [skill for skill in resume["expected_skills"] if normalise(skill) not in text]
        if missing:
            failures[resume["id"]] = missing
    assert not failures


def test_two_column_resume_keeps_each_section_together() -> None:
    resume = next(r for r in RESUMES if r["layout"] == "pdf-2col")
    data, filename = render(resume, "pdf-2col")
    text = normalise(extract_document(data, filename).text)
    for section in resume["sections"]:
        assert normalise(" ".join(section["lines"]).replace("• ", "- ")) in text, section["title"]
