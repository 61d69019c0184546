"""Personal data leaves résumé text before anything reads it; skills, years and counts stay."""

from __future__ import annotations

import re
from typing import Any

import pytest

from recommender.evaluate.resumes import load_resumes, render
from recommender.profile.ingest import extract_document
from recommender.profile.pii import PLACEHOLDERS, Redaction, redact

RESUMES = load_resumes()


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.mark.parametrize(
    "email",
    ["maggie.okafor@example.com", "dewi.anggraini@example.co.id", "t.wieczorek+jobs@mail.example.org"],
)
def test_emails_are_removed(email: str) -> None:
    result = redact(f"Contact: {email} for references")
    assert result.text == "Contact: [email] for references"
    assert result.kinds == ["email"]


@pytest.mark.parametrize(
    "phone",
    [
        "+62 812-4471-0938",
        "+62 81244710938",
        "+1 (555) 640-2218",
        "+1 555 309 7781",
        "(555) 214-3390",
        "555-214-3390",
        "0812-4471-0938",
        "081244710938",
        "(021) 555 1234",
    ],
)
def test_phone_numbers_are_removed(phone: str) -> None:
    result = redact(f"Reach me at {phone} anytime")
    assert result.text == "Reach me at [phone] anytime"
    assert result.kinds == ["phone"]


def test_a_seven_digit_local_number_is_removed_among_contact_details() -> None:
    text = "Tyler Brandt\ntyler@example.com | 555-0147\n\nSummary\nWrote 800-1500 words a day for a magazine."
    result = redact(text)
    assert "555-0147" not in result.text
    assert "800-1500 words" in result.text


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/maggie-okafor",
        "linkedin.com/in/dewi-putri",
        "www.janedoe.dev",
        "github.com/rajesh",
    ],
)
def test_links_are_removed(url: str) -> None:
    result = redact(f"Profile: {url}. More below")
    assert result.text == "Profile: [url]. More below"
    assert result.kinds == ["url"]


@pytest.mark.parametrize(
    "address",
    [
        "1180 Larkspur Ave, Apt 4B, Columbus, OH 43201",
        "2239 N Halsted St, Apt 3F, Chicago, IL 60614",
        "88 Harbor View Drive, Portland, ME 04101",
        "72 Willow Creek Rd, Boise, ID 83702",
        "2871 Alder Way, Sunnyvale, CA 94087",
        "3316 Camino Real, Apt B, Albuquerque, NM 87110",
        "Jl. Kenanga No. 17, RT 03/RW 05, Kel. Sukamaju, Kec. Cilodong, Depok 16415",
        "Jl. Kaliurang Km 7,5, Gg. Flamboyan No. 3, Sleman, DI Yogyakarta 55581",
        "Jalan Pahlawan No. 88, Semarang 50249",
        "Perumahan Griya Asri Blok C2 No. 9, Bekasi Timur, Kota Bekasi 17111",
    ],
)
def test_street_addresses_are_removed(address: str) -> None:
    result = redact(f"{address}\nSkills: Excel")
    assert result.text == "[address]\nSkills: Excel"
    assert result.kinds == ["address"]


def test_a_labelled_address_is_removed_whatever_its_shape() -> None:
    result = redact("Alamat: Dusun Krajan RT 2, Desa Sukamaju | Email: a@example.com")
    assert result.text == "Alamat: [address] | Email: [email]"


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("DOB: 1984-03-12", "DOB: "),
        ("Date of birth: 12 March 1984", "Date of birth: "),
        ("Born 12/03/1984 in Lagos", "Born "),
        ("Tanggal lahir: 20 Maret 1995", "Tanggal lahir: "),
        ("Tempat/Tgl Lahir: Depok, 14-08-1990", "Tempat/Tgl Lahir: "),
        ("Tempat, Tanggal Lahir : Medan, 15 Juni 1993", "Tempat, Tanggal Lahir : "),
    ],
)
def test_labelled_birth_dates_are_removed(line: str, kept: str) -> None:
    result = redact(line)
    assert result.text.startswith(f"{kept}[date of birth]")
    assert not re.search(r"\d", result.text)
    assert result.kinds == ["date of birth"]


def test_dates_without_a_birth_label_stay() -> None:
    text = "Teacher, SD Negeri 2, 14-08-2015 to 2024; born and raised in Depok"
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SSN: 532-61-9047", "SSN: [id number]"),
        ("532-61-9047", "[id number]"),
        ("NIK: 3276015408900003", "NIK: [id number]"),
        ("3276015408900003", "[id number]"),
        ("No. KTP 3276 0154 0890 0003", "No. KTP [id number]"),
        ("Passport No.: A1234567, valid to 2030", "Passport No.: [id number], valid to 2030"),
        ("ID No: X98-22841", "ID No: [id number]"),
        ("NIP: 19850817 201001 2 003", "NIP: [id number]"),
    ],
)
def test_id_numbers_are_removed(text: str, expected: str) -> None:
    result = redact(text)
    assert result.text == expected
    assert result.kinds == ["id number"]


def test_the_name_on_the_first_line_is_removed_everywhere() -> None:
    text = "Margaret Okafor\nSummary\nReferences from Margaret Okafor's editors on request. MARGARET OKAFOR"
    result = redact(text)
    assert result.text == "[name]\nSummary\nReferences from [name]'s editors on request. [name]"
    assert result.kinds == ["name"]


@pytest.mark.parametrize(
    "first_line",
    ["# Kevin O'Donnell", "Priya Raman-Hollis, RN", "Nur Aini Fitriyani | Surabaya", "LUIS FERNANDO ORTEGA"],
)
def test_name_lines_in_common_shapes_are_removed(first_line: str) -> None:
    result = redact(f"{first_line}\nSkills\nExcel")
    assert result.text.splitlines()[0].lstrip("# ").startswith("[name]")
    assert result.kinds == ["name"]


def test_a_curriculum_vitae_title_is_skipped_to_find_the_name() -> None:
    result = redact("CURRICULUM VITAE\nRizky Pratama Nugroho\nRingkasan")
    assert result.text == "CURRICULUM VITAE\n[name]\nRingkasan"


@pytest.mark.parametrize(
    "first_line",
    ["Senior Data Analyst", "Curriculum Vitae", "Professional Summary", "Tentang Saya", "Customer Service"],
)
def test_a_title_or_heading_on_the_first_line_is_not_taken_for_a_name(first_line: str) -> None:
    text = f"{first_line}\nExcel, SQL"
    assert redact(text).text == text


def test_a_name_below_the_contact_line_is_found_through_the_email() -> None:
    text = "sofia.papadakis@example.com | (555) 318-4490\nSofia Papadakis\nSkills\nPhotoshop"
    assert redact(text).text == "[email] | [phone]\n[name]\nSkills\nPhotoshop"


def test_labelled_names_are_removed() -> None:
    result = redact(
        "DATA PRIBADI\nNama: Dewi Anggraini Putri\nAgama: Islam\nDewi Anggraini Putri siap bekerja."
    )
    assert result.text == "DATA PRIBADI\nNama: [name]\nAgama: [religion]\n[name] siap bekerja."


def test_skills_years_percentages_and_counts_are_left_alone() -> None:
    text = (
        "Summary\nTyping 80 wpm, shorthand 225 wpm, 2019-2024, 99% accuracy, 90+ claims daily,\n"
        "PPh 21, ICD-10, Form 990, TOEFL ITP 550, 1.200 karyawan, 80-100 panggilan, Excel (3 tahun)\n"
        "Google Sheets; SQL; Node.js; C++; CI/CD; e-Faktur"
    )
    result = redact(text)
    assert result == Redaction(text=text, kinds=[])


@pytest.mark.parametrize(
    "text",
    [
        "Retail Associate, T-Mobile 2018-2020",
        "ASP.NET/C#, VB.NET/MVC and Node.js/React",
        "Cashier, 7-Eleven, 2019-2021",
        "Supervised 12 staff across 3 stores",
    ],
)
def test_employers_skills_and_counts_that_look_like_contact_details_stay(text: str) -> None:
    assert redact(text).text == text


def test_an_email_address_label_is_not_a_street_address() -> None:
    result = redact("Email address: jane@example.com")
    assert result == Redaction(text="Email address: [email]", kinds=["email"])


def test_kinds_are_sorted_and_never_carry_the_values() -> None:
    result = redact("Jane Doe\njane@example.com | +1 555 309 7781\nDOB: 1990-01-02")
    assert result.kinds == ["date of birth", "email", "name", "phone"]
    assert all(kind in PLACEHOLDERS for kind in result.kinds)


def _address_parts(address: str) -> list[str]:
    """The street part and every part with a number: what must not survive redaction."""
    parts = [p.strip() for p in address.split(",")]
    return [parts[0], *(p for p in parts[1:] if len(p) >= 4 and any(ch.isdigit() for ch in p))]


@pytest.mark.parametrize("resume", RESUMES, ids=[r["id"] for r in RESUMES])
def test_labelled_resume_loses_its_personal_data_and_keeps_its_skills(resume: dict[str, Any]) -> None:
    data, filename = render(resume, resume["layout"])
    result = redact(extract_document(data, filename).text)
    text = normalise(result.text)
    person = resume["personal"]
    leaked = [key for key, value in person.items() if normalise(value) in text]
    leaked += [part for part in _address_parts(person["address"]) if normalise(part) in text]
    assert not leaked
    lost = [skill for skill in resume["expected_skills"] if normalise(skill) not in text]
    assert not lost
    assert {"name", "email", "phone", "address"} <= set(result.kinds)


def test_an_unlisted_name_opening_a_third_person_bio_is_removed() -> None:
    text = "Wanjiru worked as a paralegal for six years. Her partner called her meticulous."
    assert redact(text).text.startswith("[name] worked as a paralegal")


def test_a_tool_opening_a_sentence_in_a_bio_is_not_taken_for_a_name() -> None:
    text = "She is a designer. Procreate is what she uses at home; Figma was her main tool at work."
    assert redact(text).text == text


@pytest.mark.parametrize(
    "header",
    [
        "Wanjiru Njoroge | Kenyan | 24",
        "Oluwaseun Adeyemi · Nigerian · Christian",
        "Nguyen Thi Lan | Vietnamese",
    ],
)
def test_a_name_beside_identity_facts_on_a_header_line_is_removed(header: str) -> None:
    redacted = redact(f"PROFILE\n{header}\nUX designer: user interviews, usability tests.").text
    assert redacted.splitlines()[1].startswith("[name]"), redacted


def test_a_job_line_with_a_place_keeps_its_words() -> None:
    text = "Senior Analyst | Jakarta | 2019-2023\nBuilt dashboards in Looker."
    assert "Senior Analyst" in redact(text).text
