"""Résumé sections in English and Indonesian, their weights, and years of experience."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from recommender.evaluate.resumes import load_resumes, render
from recommender.profile.ingest import extract_document
from recommender.profile.pii import redact
from recommender.profile.sections import (
    SECTION_WEIGHT,
    Section,
    find_years,
    heading_kind,
    kind_at,
    split_sections,
    years_by_line,
)

RESUMES = load_resumes()

# The kind each heading used in data/eval/resumes should get.
TITLE_KIND = {
    "Summary": "summary", "Profile": "summary", "About": "summary", "Objective": "summary",
    "Professional Summary": "summary", "Career Summary": "summary", "Ringkasan": "summary",
    "Ringkasan Profil": "summary", "Profil": "summary", "Profil Singkat": "summary",
    "Tentang Saya": "summary",
    "Experience": "experience", "Work History": "experience", "Work Experience": "experience",
    "Professional Experience": "experience", "Clinical Experience": "experience",
    "Research Experience": "experience", "Teaching Experience": "experience",
    "Editorial Experience": "experience", "Employment History": "experience", "Projects": "experience",
    "Teaching": "experience", "Pengalaman": "experience", "Pengalaman Kerja": "experience",
    "Pengalaman Profesional": "experience", "Riwayat Pekerjaan": "experience",
    "Skills": "skills", "Skill": "skills", "Key Skills": "skills", "Technical Skills": "skills",
    "Core Competencies": "skills", "Competencies": "skills", "Tech Stack": "skills", "Tools": "skills",
    "Keahlian": "skills", "Keterampilan": "skills", "Kompetensi Inti": "skills",
    "Education": "education", "Pendidikan": "education",
    "Certifications": "certifications", "Licenses": "certifications",
    "Licenses & Certifications": "certifications", "Sertifikasi": "certifications",
    "Pelatihan": "certifications",
    "Languages": "languages", "Bahasa": "languages",
    "Hobbies": "hobbies", "Interests": "hobbies", "Hobi": "hobbies",
    "Publications": "other", "Grants & Awards": "other", "Pencapaian": "other", "Informasi Tambahan": "other",
    "Referensi": "other", "Organisasi": "other",
}  # fmt: skip


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Skills", "skills"),
        ("SKILLS", "skills"),
        ("Skills:", "skills"),
        ("## Work History", "experience"),
        ("PENGALAMAN KERJA", "experience"),
        ("Riwayat Pekerjaan:", "experience"),
        ("Hobi & Minat", "hobbies"),
        ("Hobbies and Interests", "hobbies"),
        ("Licenses & Certifications", "certifications"),
        ("Volunteer Experience", "experience"),
        ("Keahlian Teknis", "skills"),
    ],
)
def test_headings_are_recognised_in_english_and_indonesian(line: str, kind: str) -> None:
    assert heading_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Customer Experience Lead",
        "Bahasa Inggris untuk layanan pelanggan",
        "- Skills",
        "Skills in Excel and SQL for reporting.",
        "Experience with 5 teams",
        "English, Swedish",
        "Trail running, sourdough baking",
        "managed customer experience",
        "Senior Reporter, The Columbus Ledger, 2015-2024",
        "Investigative reporter with 14 years in regional newsrooms and long-form features",
    ],
)
def test_ordinary_lines_are_not_headings(line: str) -> None:
    assert heading_kind(line) is None


def test_sections_cover_the_text_in_order() -> None:
    text = "Jane Doe\njane@example.com\n\nSummary\nTeacher.\n\nSkills\nCanva, Excel\n\nHobi\nMemasak\n"
    sections = split_sections(text)
    assert [(s.kind, s.title) for s in sections] == [
        ("header", ""),
        ("summary", "Summary"),
        ("skills", "Skills"),
        ("hobbies", "Hobi"),
    ]
    assert sections[0].start == 0
    assert sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(sections))
    assert text[sections[2].start : sections[2].end] == "Skills\nCanva, Excel\n\n"


def test_prose_before_the_first_heading_is_a_summary() -> None:
    text = "Nurse with eight years in emergency care who wants to move into health education.\nSkills\nTriage"
    assert [s.kind for s in split_sections(text)] == ["summary", "skills"]


def test_a_text_without_headings_is_one_section() -> None:
    skills = "Canva\nExcel\nPublic speaking"
    assert split_sections(skills) == [Section("other", "", 0, len(skills))]
    prose = "Fact-checked features for a regional paper and wrote weekly explainers on public records."
    assert [s.kind for s in split_sections(prose)] == ["summary"]


def test_an_inline_heading_opens_its_section() -> None:
    text = "Summary\nAnalyst.\nSkills: Excel, SQL, Tableau\nBahasa: Indonesia, Inggris"
    sections = split_sections(text)
    assert [(s.kind, s.title) for s in sections] == [
        ("summary", "Summary"),
        ("skills", "Skills"),
        ("languages", "Bahasa"),
    ]


def test_kind_at_finds_the_section_of_an_offset() -> None:
    text = "Summary\nAnalyst.\nHobbies\nChess"
    sections = split_sections(text)
    assert kind_at(sections, text.index("Analyst")) == "summary"
    assert kind_at(sections, text.index("Chess")) == "hobbies"
    assert kind_at(sections, len(text) + 5) == "other"


def test_section_weights_favour_skills_and_experience_over_hobbies() -> None:
    assert SECTION_WEIGHT == {
        "skills": 1.0, "experience": 1.0, "certifications": 0.9, "summary": 0.8, "other": 0.7,
        "languages": 0.6, "header": 0.6, "education": 0.5, "hobbies": 0.1,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("phrase", "years"),
    [
        ("5 years of SQL", 5.0),
        ("SQL (8 years)", 8.0),
        ("3+ yrs", 3.0),
        ("Excel (3 tahun)", 3.0),
        ("selama 6 tahun", 6.0),
        ("Excel (11 years; XLOOKUP, Power Query)", 11.0),
        ("1.5 years of Python", 1.5),
        ("2,5 tahun", 2.5),
        ("18 months of Jira", 1.5),
        ("three years of tutoring", 3.0),
        ("3-5 years", 5.0),
    ],
)
def test_find_years_reads_stated_experience(phrase: str, years: float) -> None:
    assert find_years(phrase) == years


@pytest.mark.parametrize(
    "phrase", ["SQL", "2019-2024", "30 years old", "usia 30 tahun", "tahun 2019", "80 wpm", "99% accuracy"]
)
def test_find_years_ignores_dates_ages_and_other_numbers(phrase: str) -> None:
    assert find_years(phrase) is None


def test_years_by_line_keys_lines_that_state_years() -> None:
    assert years_by_line("Skills\nCanva (4 tahun)\nExcel\nSQL, 5 years") == {1: 4.0, 3: 5.0}


@pytest.mark.parametrize("resume", RESUMES, ids=[r["id"] for r in RESUMES])
def test_labelled_resume_sections_are_found_with_their_kinds(resume: dict[str, Any]) -> None:
    data, filename = render(resume, resume["layout"])
    text = redact(extract_document(data, filename).text).text
    sections = split_sections(text)
    found = {normalise(s.title): s.kind for s in sections}
    for section in resume["sections"]:
        assert found.get(normalise(section["title"])) == TITLE_KIND[section["title"]], section["title"]
    assert sections[0].kind == "header"


@pytest.mark.parametrize("resume", RESUMES, ids=[r["id"] for r in RESUMES])
def test_labelled_resume_skills_sit_outside_header_and_hobbies(resume: dict[str, Any]) -> None:
    data, filename = render(resume, resume["layout"])
    text = redact(extract_document(data, filename).text).text
    sections = split_sections(text)
    for skill in resume["expected_skills"]:
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, skill.split())) + r"(?!\w)"
        match = re.search(pattern, text, re.IGNORECASE)
        assert match is not None, skill
        assert kind_at(sections, match.start()) not in ("header", "hobbies"), skill
