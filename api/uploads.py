"""Reading a cohort file (CSV, JSON Lines or a ZIP of résumés) into rows to match.

A row that cannot be read, or breaks a limit of the profile input
(recommender/profile/inputs.py), gets its own error and the rest of the file goes on;
only a file that is not CSV/JSONL/ZIP at all, or too large, is refused whole.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from recommender.errors import CareerpivotError
from recommender.profile.inputs import MAX_ROW_ID_CHARS, ProfileInput, describe, strip_nul
from recommender.profile.pii import redact

CSV_TYPES = ("text/csv", "application/csv")
ZIP_TYPES = ("application/zip", "application/x-zip-compressed")
JSONL_TYPES = (
    "application/x-ndjson",
    "application/jsonl",
    "application/json-lines",
    "application/x-jsonlines",
)
MAX_ZIP_UNCOMPRESSED = 200_000_000
MAX_MEMBER_BYTES = 5_000_000
FIELDS = ("id", "text", "skills", "top_k")


class BatchFileError(CareerpivotError):
    """The uploaded file cannot be read as a batch at all.

    `problem` tells callers which kind: "content_type", "too_many_rows" or "unreadable".
    """

    code = "invalid_batch"

    def __init__(self, message: str, problem: str = "unreadable") -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class BatchInput:
    """One row: its id, and either a validated profile or the reason it cannot be matched."""

    row_id: str
    profile: ProfileInput | None = None
    error: str | None = None

    def to_json(self) -> str:
        """The row as stored: personal data is removed from its text and skills before it is written."""
        if self.error is not None or self.profile is None:
            return json.dumps({"error": self.error or "the row has no profile"})
        profile = self.profile
        text = redact(profile.text).text if profile.text else profile.text
        skills = [redact(skill).text for skill in profile.skills] if profile.skills else profile.skills
        return json.dumps({"text": text, "skills": skills, "top_k": profile.top_k})


def parse_batch(body: bytes, content_type: str, max_rows: int) -> list[BatchInput]:
    """Parse a CSV (`id`, `text` and/or `skills` separated by ';', optional `top_k`),
    JSON Lines or ZIP upload into rows."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in ZIP_TYPES:
        rows = _parse_zip(body, max_rows)
    elif kind in CSV_TYPES or kind in JSONL_TYPES:
        try:
            content = body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BatchFileError(
                f"the file is not UTF-8 text (byte {exc.start} is invalid); save it as UTF-8"
            ) from exc
        rows = _parse_csv(content) if kind in CSV_TYPES else _parse_jsonl(content)
    else:
        raise BatchFileError(
            f"unsupported Content-Type {content_type!r}: send text/csv, application/x-ndjson (JSON Lines) "
            "or application/zip (résumé files)",
            "content_type",
        )
    _check_rows(rows, max_rows)
    return rows


def row(row_id: str, fields: dict[str, Any], where: str) -> BatchInput:
    """A row from its raw fields, validated by the shared profile input; `where` names it in errors."""
    try:
        profile = ProfileInput.model_validate(fields)
    except ValidationError as exc:
        return BatchInput(row_id, error=f"{where}: {describe(exc)}")
    if not ((profile.text or "").strip() or any(s.strip() for s in profile.skills or [])):
        return BatchInput(row_id, error=f"{where} has neither text nor skills")
    return BatchInput(row_id, profile)


def _check_rows(rows: list[BatchInput], max_rows: int) -> None:
    if not rows:
        raise BatchFileError(
            "the file has no rows: add one profile per line (CSV with a header, or JSON Lines)"
        )
    if len(rows) > max_rows:
        raise BatchFileError(
            f"the file has {len(rows):,} rows; the limit is {max_rows:,}. Split it into batches.",
            "too_many_rows",
        )
    seen: set[str] = set()
    for item in rows:
        if item.row_id in seen:
            raise BatchFileError(f"row id {item.row_id!r} appears twice; ids must be unique within a batch")
        seen.add(item.row_id)


def _row_id(value: Any, fallback: str) -> tuple[str, str | None]:
    """The row's id (or the fallback) and an error when the given id cannot be used."""
    if value is None or value == "":
        return fallback, None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return fallback, "'id' must be a string or a whole number"
    row_id = strip_nul(str(value)).strip()
    if len(row_id) > MAX_ROW_ID_CHARS:
        return fallback, f"'id' is {len(row_id)} characters; the limit is {MAX_ROW_ID_CHARS}"
    return row_id or fallback, None


# --- ZIP of résumé files ------------------------------------------------------------------------


def _parse_zip(body: bytes, max_rows: int) -> list[BatchInput]:
    """One row per file, its id the file's name; a file that cannot be read gets its error.

    Each member is unpacked a chunk at a time and its bytes counted (the sizes the
    ZIP declares are not trusted), so at most one member's 5 MB is held at once.
    """
    from recommender.profile.ingest import IngestError, extract_document, read_zip_member

    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BatchFileError("the upload is not a valid ZIP file; zip the résumé files again") from exc
    if len(members) > max_rows:
        raise BatchFileError(
            f"the ZIP holds {len(members):,} files; the limit is {max_rows:,}. Split it into batches.",
            "too_many_rows",
        )
    too_large = BatchFileError(
        f"the ZIP unpacks to more than {MAX_ZIP_UNCOMPRESSED // 1_000_000} MB; send fewer files per batch",
        "too_many_rows",
    )
    if sum(m.file_size for m in members) > MAX_ZIP_UNCOMPRESSED:
        raise too_large
    rows = []
    unpacked = 0
    for number, member in enumerate(members, start=1):
        name, error = _row_id(member.filename.rsplit("/", 1)[-1], f"file-{number}")
        if error:
            rows.append(BatchInput(name, error=f"file {number}: {error}"))
            continue
        try:
            data = read_zip_member(archive, member, MAX_MEMBER_BYTES)
            unpacked += len(data)
            if unpacked > MAX_ZIP_UNCOMPRESSED:
                raise too_large
            document = extract_document(data, name)
        except IngestError as exc:
            message = str(exc)
            if exc.code == "file_too_large" and "part of the file" in message:
                message = f"{name} is larger than {MAX_MEMBER_BYTES // 1_000_000} MB"
            rows.append(BatchInput(name, error=message))
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError) as exc:
            rows.append(
                BatchInput(name, error=f"{name} could not be read from the ZIP ({exc.__class__.__name__})")
            )
        else:
            rows.append(row(name, {"text": document.text}, name))
    return rows


def _hidden(path: str) -> bool:
    """macOS and editor clutter inside ZIPs: __MACOSX folders and dot-files."""
    return path.startswith("__MACOSX/") or path.rsplit("/", 1)[-1].startswith(".")


# --- CSV ----------------------------------------------------------------------------------------


def _split_skills(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [s.strip() for s in value.split(";") if s.strip()] or None


def _parse_csv(content: str) -> list[BatchInput]:
    reader = csv.reader(io.StringIO(content))
    try:
        header = [strip_nul(name).strip().lower() for name in next(reader, [])]
        if "id" not in header or not {"text", "skills"} & set(header):
            raise BatchFileError(
                f"the CSV header is {header or 'missing'}; it needs an 'id' column and 'text' and/or 'skills'"
            )
        unknown = [name for name in header if name not in FIELDS]
        if unknown:
            raise BatchFileError(
                f"the CSV has columns {unknown} that would be ignored; the columns read are "
                f"{', '.join(FIELDS)}. Remove the others (they may hold personal data) and send it again."
            )
        rows = [_csv_row(header, cells, number) for number, cells in enumerate(reader, start=1) if any(cells)]
    except csv.Error as exc:
        raise BatchFileError(
            f"the CSV cannot be read at line {reader.line_num} ({exc}); a cell holds at most "
            "20,000 characters of text: check the quoting or split the text"
        ) from exc
    return rows


def _csv_row(header: list[str], cells: list[str], number: int) -> BatchInput:
    where = f"row {number}"
    record = dict(zip(header, cells, strict=False))
    row_id, error = _row_id(record.get("id", ""), f"row-{number}")
    if error:
        return BatchInput(row_id, error=f"{where}: {error}")
    if len(cells) > len(header):
        return BatchInput(
            row_id,
            error=f"{where} has {len(cells)} cells but the header has {len(header)} columns; "
            "quote cells that contain commas",
        )
    fields: dict[str, Any] = {}
    if text := record.get("text", "").strip():
        fields["text"] = text
    if skills := _split_skills(record.get("skills")):
        fields["skills"] = skills
    top_k = record.get("top_k", "").strip()
    if top_k:
        if not top_k.isdigit():
            return BatchInput(row_id, error=f"{where}: top_k: must be a whole number, not {top_k[:20]!r}")
        fields["top_k"] = int(top_k)
    return row(row_id, fields, where)


# --- JSON Lines ---------------------------------------------------------------------------------


def _parse_jsonl(content: str) -> list[BatchInput]:
    rows = []
    # Lines end at "\n" only: U+2028 and the other characters str.splitlines() breaks at are
    # allowed inside a JSON string.
    for number, line in enumerate(content.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"line {number}"
        fallback_id = f"line-{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(BatchInput(fallback_id, error=f"{where} is not valid JSON ({exc.msg})"))
            continue
        except RecursionError:
            rows.append(BatchInput(fallback_id, error=f"{where} is nested too deeply to be a profile"))
            continue
        if not isinstance(raw, dict):
            rows.append(BatchInput(fallback_id, error=f"{where} is not a JSON object"))
            continue
        row_id, error = _row_id(raw.pop("id", None), fallback_id)
        if error:
            rows.append(BatchInput(row_id, error=f"{where}: {error}"))
            continue
        rows.append(row(row_id, raw, where))
    return rows
