"""Parser fuzzing with hypothesis: phrase splitting, redaction, CSV / JSON Lines parsing and file
extraction on arbitrary and malformed input (lying and truncated PDF, DOCX and ZIP files, huge lines,
deep nesting, NUL, invalid UTF-8, right-to-left and emoji text). Each either answers or refuses with
its own clear error; nothing else escapes, memory stays bounded and nothing hangs."""

from __future__ import annotations

import csv
import io
import json
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.uploads import BatchFileError, parse_batch
from recommender.profile.ingest import IngestError, extract_document
from recommender.profile.pii import PLACEHOLDERS, redact
from recommender.profile.skills import split_phrases

from .hostile import MIB, flate_bomb_pdf, lying_docx, lying_zip_batch
from .test_ingest import text_pdf

FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
SLOW_FUZZ = settings(FUZZ, max_examples=60)
PER_EXAMPLE_SECONDS = 20.0  # generous for a shared machine; a hang would take far longer
PER_EXAMPLE_BYTES = 150_000_000

# Text people paste: scripts written right to left, emoji (with joiners and flags), marks and controls.
HARD_CHARACTERS = st.sampled_from(
    list("مهندس بيانات עברית اردو 👩🏽‍💻🇮🇩🧑‍🏫✅\u200f\u200e\u202e\u2028\u2029\x00\ufeff\u00ad\t\r\n;,•-")
)
HARD_TEXT = st.text(st.one_of(st.characters(), HARD_CHARACTERS), max_size=3000)


def bounded(call: Callable[[], Any]) -> Any:
    """Run `call`, asserting it finished in time and within the memory budget."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        return call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        elapsed = time.monotonic() - started
        assert elapsed < PER_EXAMPLE_SECONDS, f"took {elapsed:.1f} s"
        assert peak < PER_EXAMPLE_BYTES, f"peak {peak / 1e6:.0f} MB"


# --- phrases and redaction ----------------------------------------------------------------------


@FUZZ
@given(HARD_TEXT)
def test_phrase_spans_always_lie_inside_the_text_in_order(text: str) -> None:
    spans = bounded(lambda: split_phrases(text))
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(text[a:b].strip() for a, b in spans)
    assert [a for a, _ in spans] == sorted(a for a, _ in spans)


EMAILS = st.from_regex(r"[a-z][a-z0-9._]{0,15}[a-z0-9]@[a-z]{2,10}\.(com|id|org|co\.id)", fullmatch=True)
PHONES = st.from_regex(r"\+62 8[1-9]\d-\d{4}-\d{4}|08[1-9]\d{8,10}|\+1 \(\d{3}\) \d{3}-\d{4}", fullmatch=True)


@FUZZ
@given(HARD_TEXT, EMAILS, PHONES, HARD_TEXT)
def test_emails_and_phones_are_redacted_wherever_they_sit(
    before: str, email: str, phone: str, after: str
) -> None:
    text = f"{before}\nKontak: {email} | {phone}\n{after}"
    redacted = bounded(lambda: redact(text)).text
    assert email not in redacted and phone not in redacted


@FUZZ
@given(HARD_TEXT)
def test_redaction_of_any_text_names_only_known_kinds(text: str) -> None:
    redacted = bounded(lambda: redact(text))
    assert set(redacted.kinds) <= set(PLACEHOLDERS)
    assert not redacted.kinds or any(PLACEHOLDERS[kind] in redacted.text for kind in redacted.kinds)


# --- batch files --------------------------------------------------------------------------------

KINDS = ["text/csv", "application/x-ndjson", "application/zip"]


def parsed_or_refused(body: bytes, kind: str) -> None:
    try:
        rows = bounded(lambda: parse_batch(body, kind, 10_000))
    except BatchFileError as exc:
        assert str(exc) and exc.problem in ("content_type", "too_many_rows", "unreadable")
        return
    for row in rows:
        assert (row.profile is None) != (row.error is None), row
        assert row.row_id and len(row.row_id) <= 200
        json.loads(row.to_json())


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(KINDS))
def test_arbitrary_bytes_as_a_batch_file_are_parsed_or_refused_clearly(body: bytes, kind: str) -> None:
    parsed_or_refused(body, kind)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HARD_TEXT,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(["id", "text", "skills", "top_k", "x"]), inner, max_size=5)
    ),
    max_leaves=30,
)


@FUZZ
@given(st.lists(JSON_VALUES, min_size=1, max_size=20), st.integers(0, 50_000))
def test_json_lines_of_any_json_and_deep_nesting_get_a_row_each(values: list[Any], depth: int) -> None:
    lines = [json.dumps(v, ensure_ascii=False) for v in values] + ["[" * depth + "]" * depth]
    parsed_or_refused("\n".join(lines).encode("utf-8", "surrogatepass"), "application/x-ndjson")


@FUZZ
@given(
    st.lists(st.lists(HARD_TEXT, min_size=1, max_size=5), min_size=1, max_size=20),
    st.sampled_from(["id,text", "id,skills", "id,text,skills,top_k", "ID , Text"]),
)
def test_csv_rows_of_any_text_get_a_row_each(cells: list[list[str]], header: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in cells:
        writer.writerow(line)
    parsed_or_refused((header + "\n" + buffer.getvalue()).encode("utf-8", "surrogatepass"), "text/csv")


def test_a_huge_single_line_is_refused_or_read_within_bounds() -> None:
    for kind, body in [
        ("application/x-ndjson", json.dumps({"id": "a", "text": "x" * (19 * MIB)}).encode()),
        ("text/csv", b"id,text\na," + b"y" * (19 * MIB)),
        ("application/x-ndjson", b"\xff\xfe" * (4 * MIB)),
    ]:
        parsed_or_refused(body, kind)


# --- files --------------------------------------------------------------------------------------


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines() or [text]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SEED_FILES = {
    "cv.pdf": text_pdf(["Perawat IGD 6 tahun: triase, edukasi pasien", "Data analyst: SQL, Tableau, Excel"]),
    "cv.docx": _docx("Guru matematika SMP\nMenyusun RPP dan asesmen\nمعلم رياضيات 👩🏽‍🏫"),
    "cv.txt": b"Customer support lead: Zendesk, escalations, CSAT reports\n",
}


def extracted_or_refused(data: bytes, name: str) -> None:
    try:
        document = bounded(lambda: extract_document(data, name))
    except IngestError as exc:
        assert exc.code in (
            "unsupported_file",
            "file_mismatch",
            "file_too_large",
            "encrypted_file",
            "scanned_pdf",
            "corrupt_file",
            "empty_file",
        )
        assert "." in str(exc)  # a sentence saying what to do
        return
    assert document.text.strip()


@SLOW_FUZZ
@given(st.sampled_from(sorted(SEED_FILES)), st.data())
def test_damaged_pdf_docx_and_text_files_are_read_or_refused_clearly(name: str, data: st.DataObject) -> None:
    original = bytearray(SEED_FILES[name])
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(original)))
    extracted_or_refused(bytes(original[:cut]), data.draw(st.sampled_from([name, "cv", "cv.md", "cv.pdf"])))


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["cv.pdf", "cv.docx", "cv.txt", "cv.md", "cv"]))
def test_arbitrary_bytes_under_any_name_are_read_or_refused_clearly(data: bytes, name: str) -> None:
    extracted_or_refused(data, name)


@SLOW_FUZZ
@given(st.lists(st.tuples(st.sampled_from(sorted(SEED_FILES)), st.binary(max_size=200)), max_size=5))
def test_zip_batches_of_real_and_broken_files_get_a_row_each(members: list[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, junk) in enumerate(members):
            archive.writestr(f"{number}-{name}", SEED_FILES[name][: len(SEED_FILES[name]) // 2] + junk)
    parsed_or_refused(buffer.getvalue(), "application/zip")


@pytest.mark.parametrize(
    ("build", "use"),
    [
        (lambda: lying_docx(256 * MIB), lambda data: extracted_or_refused(data, "cv.docx")),
        (lambda: flate_bomb_pdf(128 * MIB), lambda data: extracted_or_refused(data, "cv.pdf")),
        (lambda: lying_zip_batch(256 * MIB), lambda data: parsed_or_refused(data, "application/zip")),
    ],
    ids=["lying-docx", "flate-bomb-pdf", "lying-zip-member"],
)
def test_lying_and_bomb_files_are_handled_in_bounded_memory(
    build: Callable[[], bytes], use: Callable[[bytes], None]
) -> None:
    use(build())
