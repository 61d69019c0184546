"""Reading cohort files: every row gets a profile or its own error, limits from the one input model."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from api.uploads import BatchFileError, BatchInput, parse_batch
from recommender.errors import ProfileError
from recommender.profile.inputs import MAX_SKILL_CHARS, ProfileInput, validated_profile

from .hostile import deep_jsonl_line, huge_csv_cell

JSONL = "application/x-ndjson"


def jsonl(*objects: object) -> bytes:
    return "\n".join(json.dumps(o, ensure_ascii=False) for o in objects).encode()


def errors(rows: list[BatchInput]) -> dict[str, str | None]:
    return {row.row_id: row.error for row in rows}


def test_a_skill_over_300_characters_is_that_rows_error_in_every_format() -> None:
    long_skill = "x" * (MAX_SKILL_CHARS + 1)
    from_jsonl = parse_batch(
        jsonl({"id": "a", "skills": [long_skill]}, {"id": "b", "skills": ["SQL"]}), JSONL, 10
    )
    from_csv = parse_batch(f"id,skills\na,{long_skill}\nb,SQL\n".encode(), "text/csv", 10)
    for rows in (from_jsonl, from_csv):
        assert "300 characters" in (errors(rows)["a"] or "") and errors(rows)["b"] is None


def test_top_k_true_is_refused_not_read_as_one() -> None:
    rows = parse_batch(jsonl({"id": "a", "skills": ["SQL"], "top_k": True}), JSONL, 10)
    assert rows[0].error and "top_k" in rows[0].error
    with pytest.raises(Exception, match="top_k"):
        ProfileInput.model_validate({"skills": ["SQL"], "top_k": True})


def test_the_cli_gets_the_same_limits() -> None:
    with pytest.raises(ProfileError, match="300 characters"):
        validated_profile(None, ["y" * 301], 5)
    with pytest.raises(ProfileError, match="top_k"):
        validated_profile("Perawat IGD: triase pasien", None, 51)


def test_a_line_separator_inside_a_json_lines_string_does_not_split_the_row() -> None:
    body = jsonl(
        {"id": "a", "text": "Guru SD\u2028mengajar matematika\u2029dan IPA"}, {"id": "b", "skills": ["SQL"]}
    )
    rows = parse_batch(body, JSONL, 10)
    assert [r.row_id for r in rows] == ["a", "b"] and all(r.error is None for r in rows)
    assert rows[0].profile and "\u2028" in (rows[0].profile.text or "")


def test_deeply_nested_json_lines_get_a_row_error_and_the_rest_goes_on() -> None:
    body = deep_jsonl_line() + jsonl({"id": "ok", "skills": ["Excel"]})
    rows = parse_batch(body, JSONL, 10)
    assert "nested too deeply" in (rows[0].error or "") and rows[1].error is None


def test_a_csv_cell_over_the_csv_modules_field_limit_is_a_clear_400_not_a_crash() -> None:
    with pytest.raises(BatchFileError, match="line"):
        parse_batch(huge_csv_cell(), "text/csv", 10)


def test_extra_csv_columns_are_reported_not_silently_dropped() -> None:
    with pytest.raises(BatchFileError, match=r"\['email'\]"):
        parse_batch(b"id,text,email\na,Nurse,siti@example.com\n", "text/csv", 10)


def test_a_csv_row_with_more_cells_than_the_header_gets_its_error() -> None:
    rows = parse_batch(b"id,text\na,Nurse, triage, audits\nb,Teacher\n", "text/csv", 10)
    assert "quote cells" in (errors(rows)["a"] or "") and errors(rows)["b"] is None


def test_nul_bytes_are_removed_from_skills_ids_and_text() -> None:
    rows = parse_batch(jsonl({"id": "a\x00b", "skills": ["SQ\x00L"], "text": "Data\x00 analyst"}), JSONL, 10)
    assert rows[0].row_id == "ab" and rows[0].profile is not None
    assert rows[0].profile.skills == ["SQL"] and rows[0].profile.text == "Data analyst"
    assert "\\u0000" not in rows[0].to_json()


def test_an_id_that_is_not_a_string_or_too_long_gets_the_rows_error() -> None:
    rows = parse_batch(
        jsonl({"id": {"x": 1}, "skills": ["SQL"]}, {"id": "z" * 500, "skills": ["SQL"]}), JSONL, 10
    )
    assert all(r.error and "'id'" in r.error for r in rows)


def test_csv_top_k_column_is_read_and_checked() -> None:
    rows = parse_batch(b"id,skills,top_k\na,SQL,3\nb,SQL,lots\nc,SQL,99\n", "text/csv", 10)
    assert rows[0].profile and rows[0].profile.top_k == 3
    assert "whole number" in (rows[1].error or "") and "top_k" in (rows[2].error or "")


def test_stored_rows_have_emails_and_phones_removed_from_text_and_skills() -> None:
    rows = parse_batch(
        jsonl(
            {
                "id": "a",
                "text": "Siti, siti.rahma@example.com, +62 812 3456 7890. Perawat",
                "skills": ["dewi@mail.id"],
            }
        ),
        JSONL,
        10,
    )
    stored = rows[0].to_json()
    assert (
        "siti.rahma@example.com" not in stored and "3456 7890" not in stored and "dewi@mail.id" not in stored
    )


def test_a_zip_member_over_the_per_file_limit_gets_its_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b"a" * 6_000_000)
        archive.writestr("ok.txt", b"Nurse: triage, patient education, charting")
    rows = parse_batch(buffer.getvalue(), "application/zip", 10)
    assert "larger than 5 MB" in (errors(rows)["big.txt"] or "") and errors(rows)["ok.txt"] is None
