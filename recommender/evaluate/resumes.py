"""Render the labelled résumés in data/eval/resumes/ into real files (TXT, Markdown, PDF, DOCX) for tests.

Every layout puts the personal data in a header at the top of the document
body, the way people write it: English headers mostly unlabelled, Indonesian
ones with "Alamat:", "Tempat/Tgl Lahir:" and "NIK:" labels (for the PDF and
DOCX layouts; plain text files leave the address unlabelled).
"""

from __future__ import annotations

import io
import json
from typing import Any
from xml.sax.saxutils import escape

from recommender.resources import data_path

RESUME_DIR = data_path("eval", "resumes")
LAYOUTS = ("txt", "md", "pdf-1col", "pdf-2col", "docx", "docx-table")
# Sections a two-column layout puts in its narrow left column; the rest go right.
SIDEBAR_WORDS = (
    "skill",
    "keahlian",
    "keterampilan",
    "kompetensi",
    "tool",
    "tech",
    "competenc",
    "language",
    "bahasa",
    "education",
    "pendidikan",
    "hobb",
    "hobi",
    "interest",
    "licens",
    "certif",
    "sertifik",
)


def load_resumes() -> list[dict[str, Any]]:
    """All labelled résumés, in file order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RESUME_DIR.glob("*.json"))]


def header_lines(resume: dict[str, Any], *, labelled: bool) -> list[str]:
    """The name and contact block at the top of the résumé."""
    person = resume["personal"]
    indonesian = resume["lang"] == "id"
    lines = [person["name"]]
    if indonesian:
        lines.append(f"Email: {person['email']} | HP: {person['phone']}")
        lines.append(f"Alamat: {person['address']}" if labelled else person["address"])
        if "birth_date" in person:
            label = "Tempat/Tgl Lahir: Jakarta," if labelled else "Tanggal lahir:"
            lines.append(f"{label} {person['birth_date']}")
        if "id_number" in person:
            lines.append(f"NIK: {person['id_number']}")
    else:
        lines.append(f"{person['email']} | {person['phone']}")
        lines.append(f"Address: {person['address']}" if labelled else person["address"])
        if "birth_date" in person:
            lines.append(f"{'Date of birth:' if labelled else 'DOB'} {person['birth_date']}")
        if "id_number" in person:
            lines.append(f"SSN: {person['id_number']}")
    return lines


def render(resume: dict[str, Any], layout: str) -> tuple[bytes, str]:
    """The résumé as a file in `layout` (one of LAYOUTS): its bytes and a file name."""
    if layout == "txt":
        return _render_text(resume).encode("utf-8"), f"{resume['id']}.txt"
    if layout == "md":
        return _render_markdown(resume).encode("utf-8"), f"{resume['id']}.md"
    if layout in ("pdf-1col", "pdf-2col"):
        return _render_pdf(resume, columns=2 if layout == "pdf-2col" else 1), f"{resume['id']}.pdf"
    if layout in ("docx", "docx-table"):
        return _render_docx(resume, tables=layout == "docx-table"), f"{resume['id']}.docx"
    raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")


def _render_text(resume: dict[str, Any]) -> str:
    out = header_lines(resume, labelled=False)
    for section in resume["sections"]:
        out += ["", section["title"].upper(), *section["lines"]]
    return "\n".join(out) + "\n"


def _render_markdown(resume: dict[str, Any]) -> str:
    name, *contact = header_lines(resume, labelled=False)
    out = [f"# {name}", "", *(f"{line}  " for line in contact)]
    for section in resume["sections"]:
        out += ["", f"## {section['title']}", ""]
        for line in section["lines"]:
            if line.startswith(("- ", "• ")):
                out.append(f"* {line[2:]}")
            elif "," in line and len(line.split(",")[0].split()) <= 5 and any(ch.isdigit() for ch in line):
                title, rest = line.split(",", 1)
                out.append(f"**{title}**,{rest}")  # a job line: bold title, as people write it
            else:
                out.append(line)
    return "\n".join(out) + "\n"


def _is_sidebar(title: str) -> bool:
    return any(word in title.lower() for word in SIDEBAR_WORDS)


def _render_pdf(resume: dict[str, Any], *, columns: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import (
        BaseDocTemplate,
        Flowable,
        Frame,
        FrameBreak,
        PageTemplate,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
    )

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=9, leading=11)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=10, firstLineIndent=-8)
    heading = ParagraphStyle("heading", parent=styles["Heading3"], fontSize=10.5, spaceBefore=6, spaceAfter=2)

    def section_flowables(section: dict[str, Any]) -> list[Flowable]:
        items: list[Flowable] = [Paragraph(escape(section["title"].upper()), heading)]
        for line in section["lines"]:
            is_bullet = line.startswith(("- ", "• "))
            text = f"• {line[2:]}" if is_bullet else line
            items.append(Paragraph(escape(text), bullet if is_bullet else body))
        return items

    name, *contact = header_lines(resume, labelled=resume["lang"] == "id")
    header: list[Flowable] = [Paragraph(escape(name), styles["Title"])]
    header += [Paragraph(escape(line), body) for line in contact]
    buffer = io.BytesIO()
    width, height = A4
    margin = 40
    if columns == 1:
        story = [*header, Spacer(1, 8)]
        for section in resume["sections"]:
            story += section_flowables(section)
        SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin).build(story)
        return buffer.getvalue()

    header_height = 40 + 13 * len(contact) + 20
    body_top = height - margin - header_height
    left_width = (width - 2 * margin - 24) * 0.38
    right_width = width - 2 * margin - 24 - left_width
    frames = [
        Frame(margin, body_top, width - 2 * margin, header_height, id="header"),
        Frame(margin, margin, left_width, body_top - margin, id="left"),
        Frame(margin + left_width + 24, margin, right_width, body_top - margin, id="right"),
    ]
    document = BaseDocTemplate(buffer, pagesize=A4)
    document.addPageTemplates([PageTemplate(id="two-column", frames=frames)])
    story = [*header, FrameBreak()]
    for section in resume["sections"]:
        if _is_sidebar(section["title"]):
            story += section_flowables(section)
    story.append(FrameBreak())
    for section in resume["sections"]:
        if not _is_sidebar(section["title"]):
            story += section_flowables(section)
    document.build(story)
    return buffer.getvalue()


def _split_list(line: str) -> list[str]:
    """Comma-separated items, not splitting inside parentheses."""
    items, depth, current = [], 0, ""
    for char in line:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [*items, current.strip()] if current.strip() else items


def _render_docx(resume: dict[str, Any], *, tables: bool) -> bytes:
    import docx

    document = docx.Document()
    name, *contact = header_lines(resume, labelled=True)
    if tables:
        # A two-cell banner: name on the left, contact details on the right.
        banner = document.add_table(rows=1, cols=2)
        banner.cell(0, 0).text = name
        right = banner.cell(0, 1)
        right.text = contact[0]
        for line in contact[1:]:
            right.add_paragraph(line)
    else:
        document.add_paragraph(name, style="Title")
        for line in contact:
            document.add_paragraph(line)
    for section in resume["sections"]:
        document.add_heading(section["title"], level=1)
        title = section["title"].lower()
        skills_table = tables and (
            "skill" in title or title in ("keahlian", "keterampilan", "tools", "tech stack")
        )
        if skills_table:
            items = [item for line in section["lines"] for item in _split_list(line)]
            grid = document.add_table(rows=(len(items) + 2) // 3, cols=3)
            for i, item in enumerate(items):
                grid.cell(i // 3, i % 3).text = item
            continue
        for line in section["lines"]:
            if line.startswith(("- ", "• ")):
                document.add_paragraph(line[2:], style="List Bullet")
            else:
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
