"""Cohort files in: CSV, JSON Lines or Parquet, read a row at a time; rows matched into output records.

Every input row becomes exactly one output record, in input order: a row that
cannot be read or matched carries its error instead of suggestions, and the
rest of the file goes on. Only a file that cannot be opened at all stops a run.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from recommender.errors import CareerpivotError, ProfileError
from recommender.profile.pii import redact

if TYPE_CHECKING:
    from recommender.match.engine import Recommender

Format = Literal["csv", "jsonl", "parquet"]
Lang = Literal["en", "id"]
LANGS: tuple[Lang, ...] = ("en", "id")
EXTENSIONS: dict[str, Format] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
MAX_LINE_BYTES = 1_000_000  # a JSON Lines row longer than this is an error row, never read whole
MAX_CSV_FIELD = 1_000_000
MAX_TOP_K = 50  # the engine's limit (recommender.engine.MAX_TOP_K), without importing the model stack
ALLOWED_FIELDS = {"id", "text", "skills", "top_k"}


class CohortFileError(CareerpivotError):
    """The input or output file cannot be used at all (wrong extension, unreadable, not a table)."""

    code = "invalid_cohort_file"


def file_format(path: Path) -> Format:
    """The format named by the file's extension."""
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise CohortFileError(
            f"{path.name}: unsupported extension {path.suffix or '(none)'!r}; "
            "use .csv, .jsonl (JSON Lines) or .parquet"
        )
    return kind


@dataclass(frozen=True)
class CohortRow:
    """One input row: its position, its id, and a profile or the reason it cannot be matched."""

    seq: int
    row_id: str
    text: str | None = None
    skills: list[str] | None = None
    top_k: int | None = None
    error: str | None = None
    # Kinds of personal data removed before the row left the driver (see `redact_row`).
    removed: tuple[str, ...] = field(default=())

    def to_json(self) -> str:
        return json.dumps(
            {
                "seq": self.seq,
                "id": self.row_id,
                "text": self.text,
                "skills": self.skills,
                "top_k": self.top_k,
                "error": self.error,
                "removed": list(self.removed),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: str) -> CohortRow:
        d = json.loads(raw)
        return cls(
            d["seq"], d["id"], d["text"], d["skills"], d["top_k"], d["error"], tuple(d.get("removed", ()))
        )


# --- reading ------------------------------------------------------------------------------------
def read_rows(path: Path) -> Iterator[CohortRow]:
    """The file's rows in order, each checked; ids must be unique (a repeat is an error row)."""
    kind = file_format(path)
    reader = {"csv": _csv_rows, "jsonl": _jsonl_rows, "parquet": _parquet_rows}[kind]
    first_seen: dict[str, int] = {}
    for row in reader(path):
        if row.error is None:
            earlier = first_seen.setdefault(row.row_id, row.seq)
            if earlier != row.seq:
                row = replace(
                    row,
                    text=None,
                    skills=None,
                    error=f"id {row.row_id!r} was already used by row {earlier + 1}; ids must be unique",
                )
        yield row


def count_rows(path: Path) -> int:
    """How many rows `read_rows` yields (Parquet from its footer; the others by reading once)."""
    if file_format(path) == "parquet":
        import pyarrow.parquet as pq

        return int(_open_parquet(path, pq).metadata.num_rows)
    return sum(1 for _ in read_rows(path))


def _check(seq: int, row_id: object, text: object, skills: object, top_k: object, where: str) -> CohortRow:
    rid = str(row_id).strip() if row_id not in (None, "") else f"row-{seq + 1}"
    error: str | None = None
    if text is not None and not isinstance(text, str):
        error = f"{where}: 'text' must be a string"
    elif skills is not None and not (isinstance(skills, list) and all(isinstance(s, str) for s in skills)):
        error = f"{where}: 'skills' must be a list of strings"
    elif top_k is not None and not (
        isinstance(top_k, int) and not isinstance(top_k, bool) and 1 <= top_k <= MAX_TOP_K
    ):
        error = f"{where}: 'top_k' is {top_k!r}; it must be a whole number from 1 to {MAX_TOP_K}"
    if error:
        return CohortRow(seq, rid, error=error)
    clean_text = text.strip() if isinstance(text, str) and text.strip() else None
    clean_skills = [s.strip() for s in skills if s.strip()] if isinstance(skills, list) else None
    if not clean_text and not clean_skills:
        return CohortRow(seq, rid, error=f"{where} has neither text nor skills")
    return CohortRow(seq, rid, clean_text, clean_skills or None, top_k if isinstance(top_k, int) else None)


def _split_skills(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [s.strip() for s in value.split(";") if s.strip()] or None


def _csv_rows(path: Path) -> Iterator[CohortRow]:
    csv.field_size_limit(MAX_CSV_FIELD)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            return
        except csv.Error as exc:
            raise CohortFileError(f"{path.name}: the CSV header cannot be read ({exc})") from exc
        if "id" not in header or not {"text", "skills"} & set(header):
            raise CohortFileError(
                f"{path.name}: the CSV header is {header}; it needs an 'id' column and 'text' and/or 'skills'"
            )
        seq = 0
        while True:
            where = f"row {seq + 1}"
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # e.g. a field over the size limit: this row only
                yield CohortRow(seq, f"row-{seq + 1}", error=f"{where} cannot be read as CSV ({exc})")
                seq += 1
                continue
            if not any(v.strip() for v in values):
                continue  # a blank line
            record = dict(zip(header, values, strict=False))
            top_k: object = record.get("top_k", "").strip() or None
            if isinstance(top_k, str):
                top_k = int(top_k) if top_k.isdigit() else top_k
            yield _check(
                seq, record.get("id"), record.get("text"), _split_skills(record.get("skills")), top_k, where
            )
            seq += 1


def _jsonl_rows(path: Path) -> Iterator[CohortRow]:
    with open(path, "rb") as f:
        seq = 0
        number = 0
        while True:
            line = f.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            number += 1
            where = f"line {number}"
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the overlong line
                    line = f.readline(MAX_LINE_BYTES)
                yield CohortRow(
                    seq, f"line-{number}", error=f"{where} is longer than {MAX_LINE_BYTES:,} bytes"
                )
                seq += 1
                continue
            if not line.strip():
                continue
            try:
                raw = json.loads(line.decode("utf-8-sig", errors="replace"))
            except json.JSONDecodeError as exc:
                yield CohortRow(seq, f"line-{number}", error=f"{where} is not valid JSON ({exc.msg})")
            else:
                if not isinstance(raw, dict):
                    yield CohortRow(seq, f"line-{number}", error=f"{where} is not a JSON object")
                elif unknown := sorted(set(raw) - ALLOWED_FIELDS):
                    yield CohortRow(
                        seq,
                        str(raw.get("id") or f"line-{number}"),
                        error=f"{where} has unknown fields {unknown}; allowed: id, text, skills, top_k",
                    )
                else:
                    yield _check(
                        seq, raw.get("id") or f"line-{number}", raw.get("text"), raw.get("skills"),
                        raw.get("top_k"), where,
                    )  # fmt: skip
            seq += 1


def _open_parquet(path: Path, pq: Any) -> Any:
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid and friends, not one base class
        raise CohortFileError(f"{path.name} cannot be read as Parquet ({exc})") from exc


def _parquet_rows(path: Path) -> Iterator[CohortRow]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise CohortFileError("reading Parquet needs pyarrow: pip install careerpivot") from exc
    parquet = _open_parquet(path, pq)
    names = set(parquet.schema_arrow.names)
    if "id" not in names or not {"text", "skills"} & names:
        raise CohortFileError(
            f"{path.name}: the columns are {sorted(names)}; it needs 'id' and 'text' and/or 'skills'"
        )
    columns = [c for c in ("id", "text", "skills", "top_k") if c in names]
    seq = 0
    for batch in parquet.iter_batches(batch_size=1024, columns=columns):
        for record in batch.to_pylist():
            skills = record.get("skills")
            if isinstance(skills, str):
                skills = _split_skills(skills)
            yield _check(
                seq, record.get("id"), record.get("text"), skills, record.get("top_k"), f"row {seq + 1}"
            )
            seq += 1


# --- redaction before rows leave the driver ------------------------------------------------------
def redact_row(row: CohortRow, *, text: bool = True) -> CohortRow:
    """The row with personal data removed: its text redacted, contact details cut from its skills.

    Skill-list items keep their words (the engine matches them verbatim, and a name
    detector would take "Adobe Photoshop" for a person) but lose any e-mail, phone,
    link or ID number in them. `text=False` leaves the text to the engine, which
    redacts it first thing (the local engine: the text never leaves this machine).
    """
    if row.error is not None:
        return row
    kinds: set[str] = set()
    new_text = row.text
    if text and row.text:
        redaction = redact(row.text)
        new_text = redaction.text
        kinds.update(redaction.kinds)
    new_skills = None
    if row.skills is not None:
        new_skills = []
        for item in row.skills:
            redaction = redact(item)
            contact = set(redaction.kinds) - {"name"}
            new_skills.append(redaction.text if contact else item)
            kinds.update(contact)
    return replace(row, text=new_text, skills=new_skills, removed=tuple(sorted(kinds)))


# --- matching ------------------------------------------------------------------------------------
def match_rows(
    recommender: Recommender, rows: Sequence[CohortRow], top_k: int, lang: Lang = "en"
) -> list[dict[str, Any]]:
    """One output record per row, in the rows' order: {"seq", "id", "status", "result" | "error"}."""
    from recommender.profile.request import ProfileRequest

    wanted = [row for row in rows if row.error is None]
    requests = [ProfileRequest(row.text, row.skills, row.top_k) for row in wanted]
    results = iter(recommend_many_in(recommender, requests, top_k, lang) if requests else [])
    records: list[dict[str, Any]] = []
    for row in rows:
        record: dict[str, Any] = {"seq": row.seq, "id": row.row_id}
        if row.error is not None:
            record.update(status="failed", error={"code": "invalid_row", "message": row.error})
        else:
            result = next(results)
            if isinstance(result, ProfileError):
                record.update(status="failed", error={"code": result.code, "message": str(result)})
            else:
                data = result.model_dump(mode="json")
                removed = set(data["profile"]["personal_data_removed"]) | set(row.removed)
                data["profile"]["personal_data_removed"] = sorted(removed)
                record.update(status="done", result=data)
        records.append(record)
    return records


def recommend_many_in(recommender: Recommender, requests: list[Any], top_k: int, lang: Lang) -> list[Any]:
    """Match the requests with every answer written in `lang`."""
    return list(recommender.recommend_many([replace(r, language=lang) for r in requests], top_k))


def check_lang(lang: str) -> Lang:
    """Validate `--lang`: one of LANGS."""
    if lang not in LANGS:
        raise CareerpivotError(f"--lang is {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def file_fingerprint(path: Path) -> dict[str, Any]:
    """What identifies an input file for resuming: its size, modification time and SHA-256."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    stat = os.stat(path)
    return {"bytes": stat.st_size, "sha256": digest.hexdigest()}
