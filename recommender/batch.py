"""Reading a cohort file (CSV or JSON Lines) into rows to match.

A row that cannot be read gets its own error and the rest of the file goes on;
only a file that is not CSV/JSONL at all, or too large, is refused whole.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass

from recommender.errors import CareerpivotError
from recommender.pii import redact

CSV_TYPES = ("text/csv", "application/csv")
ZIP_TYPES = ("application/zip", "application/x-zip-compressed")
MAX_ZIP_UNCOMPRESSED = 200_000_000
MAX_MEMBER_BYTES = 5_000_000
JSONL_TYPES = (
    "application/x-ndjson",
    "application/jsonl",
    "application/json-lines",
    "application/x-jsonlines",
)
ALLOWED_KEYS = {"id", "text", "skills", "top_k"}


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
    """One row: its id, and either a profile (text/skills) or the reason it cannot be matched."""

    row_id: str
    text: str | None = None
    skills: list[str] | None = None
    error: str | None = None
    top_k: int | None = None

    def to_json(self) -> str:
        """The row as stored: personal data is removed from its text before it is written anywhere."""
        if self.error is not None:
            return json.dumps({"error": self.error})
        text = redact(self.text).text if self.text else self.text
        return json.dumps({"text": text, "skills": self.skills, "top_k": self.top_k})


def parse_batch(body: bytes, content_type: str, max_rows: int) -> list[BatchInput]:
    """Parse a CSV (`id`, `text` and/or `skills` separated by ';') or JSON Lines upload."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in ZIP_TYPES:
        rows = _parse_zip(body, max_rows)
        _check_rows(rows, max_rows)
        return rows
    try:
        content = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchFileError(
            f"the file is not UTF-8 text (byte {exc.start} is invalid); save it as UTF-8"
        ) from exc
    if kind in CSV_TYPES:
        rows = _parse_csv(content)
    elif kind in JSONL_TYPES:
        rows = _parse_jsonl(content)
    else:
        raise BatchFileError(
            f"unsupported Content-Type {content_type!r}: send text/csv or application/x-ndjson (JSON Lines)",
            "content_type",
        )
    _check_rows(rows, max_rows)
    return rows


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
    for row in rows:
        if row.row_id in seen:
            raise BatchFileError(f"row id {row.row_id!r} appears twice; ids must be unique within a batch")
        seen.add(row.row_id)


def _parse_zip(body: bytes, max_rows: int) -> list[BatchInput]:
    """A ZIP of résumé files: one row per file, its id the file's name; a file that cannot be read gets its error."""
    from recommender.ingest import IngestError, extract_document

    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
    except zipfile.BadZipFile as exc:
        raise BatchFileError("the upload is not a valid ZIP file; zip the résumé files again") from exc
    if len(members) > max_rows:
        raise BatchFileError(
            f"the ZIP holds {len(members):,} files; the limit is {max_rows:,}. Split it into batches.",
            "too_many_rows",
        )
    if sum(m.file_size for m in members) > MAX_ZIP_UNCOMPRESSED:
        raise BatchFileError(
            f"the ZIP unpacks to more than {MAX_ZIP_UNCOMPRESSED // 1_000_000} MB; send fewer files per batch",
            "too_many_rows",
        )
    rows = []
    for member in members:
        name = member.filename.rsplit("/", 1)[-1]
        if member.file_size > MAX_MEMBER_BYTES:
            rows.append(BatchInput(name, error=f"{name} is larger than {MAX_MEMBER_BYTES // 1_000_000} MB"))
            continue
        try:
            document = extract_document(archive.read(member), name)
        except IngestError as exc:
            rows.append(BatchInput(name, error=str(exc)))
        except (zipfile.BadZipFile, RuntimeError, OSError) as exc:
            rows.append(
                BatchInput(name, error=f"{name} could not be read from the ZIP ({exc.__class__.__name__})")
            )
        else:
            rows.append(BatchInput(name, text=document.text))
    return rows


def _hidden(path: str) -> bool:
    """macOS and editor clutter inside ZIPs: __MACOSX folders and dot-files."""
    return path.startswith("__MACOSX/") or path.rsplit("/", 1)[-1].startswith(".")


def _split_skills(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [s.strip() for s in value.split(";") if s.strip()] or None


def _parse_csv(content: str) -> list[BatchInput]:
    reader = csv.DictReader(io.StringIO(content))
    fields = {f.strip().lower() for f in (reader.fieldnames or [])}
    if "id" not in fields or not fields & {"text", "skills"}:
        raise BatchFileError(
            f"the CSV header is {sorted(fields) or 'missing'}; it needs an 'id' column and 'text' and/or 'skills'"
        )
    rows = []
    for number, raw in enumerate(reader, start=1):
        record = {(k or "").strip().lower(): (v or "") for k, v in raw.items() if k is not None}
        row_id = record.get("id", "").strip() or f"row-{number}"
        text = record.get("text", "").strip() or None
        skills = _split_skills(record.get("skills"))
        error = None if (text or skills) else f"row {number} has neither text nor skills"
        rows.append(BatchInput(row_id, text, skills, error))
    return rows


def _parse_jsonl(content: str) -> list[BatchInput]:
    rows = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        fallback_id = f"line-{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(BatchInput(fallback_id, error=f"line {number} is not valid JSON ({exc.msg})"))
            continue
        if not isinstance(raw, dict):
            rows.append(BatchInput(fallback_id, error=f"line {number} is not a JSON object"))
            continue
        row_id = str(raw.get("id") or fallback_id)
        unknown = sorted(set(raw) - ALLOWED_KEYS)
        text, skills, top_k = raw.get("text"), raw.get("skills"), raw.get("top_k")
        if unknown:
            error: str | None = f"line {number} has unknown fields {unknown}; allowed: id, text, skills"
        elif text is not None and not isinstance(text, str):
            error = f"line {number}: 'text' must be a string"
        elif skills is not None and not (
            isinstance(skills, list) and all(isinstance(s, str) for s in skills)
        ):
            error = f"line {number}: 'skills' must be a list of strings"
        elif top_k is not None and not (isinstance(top_k, int) and 1 <= top_k <= 50):
            error = f"line {number}: 'top_k' must be a whole number from 1 to 50"
        elif not ((text or "").strip() or any(s.strip() for s in skills or [])):
            error = f"line {number} has neither text nor skills"
        else:
            error = None
        if error:
            rows.append(BatchInput(row_id, error=error))
        else:
            rows.append(BatchInput(row_id, text, skills, top_k=top_k))
    return rows
