"""Persistence: batches, their rows and results, and API keys (SQLAlchemy; SQLite or PostgreSQL).

Single recommendation requests never touch the database: only batch inputs
(deleted with their results or after the retention period) and hashed keys
are stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import CursorResult, Engine, Result
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Batch(Base):
    __tablename__ = "batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|running|done|failed
    total: Mapped[int] = mapped_column(Integer)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    top_k: Mapped[int] = mapped_column(Integer, default=5)
    api_key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class BatchRow(Base):
    __tablename__ = "batch_rows"

    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)  # input order
    row_id: Mapped[str] = mapped_column(String(200))
    input_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    result_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_batch_rows_pending", "batch_id", "done", "seq"),)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets a rollback journal, foreign keys and a busy timeout."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            # A rollback journal, not WAL: WAL's shared-memory index is mapped into memory, and when the
            # data directory turns read-only under a running server (chattr +i, a disk remounted
            # read-only) even a read through that mapping kills the process with SIGBUS (measured);
            # with a journal, reads go on and writes fail with an error the API answers with a 503.
            cursor.execute("PRAGMA journal_mode=DELETE")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(url: str) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*['\"]?([\w-]+|None)['\"]?", re.M)


def newest_revision() -> str:
    """The head of the migration scripts, read from their `revision` / `down_revision` lines.

    Alembic's own ScriptDirectory gives the same answer but costs 0.27 s of imports, a tenth of the
    server's start-up, in every server process.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(script.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).add(value)
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise RuntimeError(f"the migrations in {MIGRATIONS_DIR} have heads {heads}; expected one")
    return heads[0]


def current_revision(url: str) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


class Store:
    """All database access of the service, as small transactional methods."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    # --- batches ---------------------------------------------------------------
    def create_batch(
        self, rows: list[tuple[str, str]], top_k: int, retention_days: float, api_key_id: str | None
    ) -> Batch:
        """Store a batch and all its rows (row id, input JSON) in one transaction."""
        now = utcnow()
        batch = Batch(
            id=uuid.uuid4().hex,
            status="queued",
            total=len(rows),
            processed=0,
            failed=0,
            top_k=top_k,
            api_key_id=api_key_id,
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(days=retention_days),
        )
        with self.session() as s:
            s.add(batch)
            s.flush()
            s.add_all(
                BatchRow(batch_id=batch.id, seq=i, row_id=row_id, input_json=payload)
                for i, (row_id, payload) in enumerate(rows)
            )
        return batch

    def get_batch(self, batch_id: str) -> Batch | None:
        with self.session() as s:
            return s.get(Batch, batch_id)

    def list_batches(self, api_key_id: str | None, limit: int = 50) -> list[Batch]:
        """The newest batches made with this key (with None: those made without a key)."""
        owner = Batch.api_key_id.is_(None) if api_key_id is None else Batch.api_key_id == api_key_id
        with self.session() as s:
            return list(s.scalars(select(Batch).where(owner).order_by(Batch.created_at.desc()).limit(limit)))

    def delete_batch(self, batch_id: str) -> bool:
        with self.session() as s:
            s.execute(delete(BatchRow).where(BatchRow.batch_id == batch_id))
            return _rowcount(s.execute(delete(Batch).where(Batch.id == batch_id))) > 0

    def next_chunk(
        self,
        size: int,
        after: Mapping[str, int] | None = None,
        min_total: int = 0,
        max_total: int | None = None,
    ) -> tuple[Batch, list[BatchRow]] | None:
        """The oldest unfinished batch with rows to hand out, and its next pending rows in input order.

        `after` maps a batch id to the last row sequence already handed out (rows
        in flight, not yet committed); only rows past it are returned. Only batches
        of `min_total` to `max_total` rows are considered (large ones may go to Ray).
        """
        after = after or {}
        with self.session() as s:
            query = select(Batch).where(Batch.status.in_(("queued", "running")), Batch.total >= min_total)
            if max_total is not None:
                query = query.where(Batch.total <= max_total)
            batches = list(s.scalars(query.order_by(Batch.created_at)))
            for batch in batches:
                rows = list(
                    s.scalars(
                        select(BatchRow)
                        .where(
                            BatchRow.batch_id == batch.id,
                            BatchRow.done.is_(False),
                            BatchRow.seq > after.get(batch.id, -1),
                        )
                        .order_by(BatchRow.seq)
                        .limit(size)
                    )
                )
                if rows:
                    if batch.status == "queued":
                        batch.status = "running"
                    return batch, rows
                if batch.id not in after:  # nothing pending and nothing in flight: it is finished
                    batch.status = finished_status(batch)
                    batch.updated_at = utcnow()
            return None

    def complete_rows(self, batch_id: str, outcomes: list[tuple[int, str | None, str | None]]) -> None:
        """Record (seq, result JSON, error JSON) for a chunk atomically; rows already done are left alone."""
        statement = (
            update(BatchRow)
            .where(
                BatchRow.batch_id == batch_id,
                BatchRow.seq == bindparam("row_seq"),
                BatchRow.done.is_(False),
            )
            .values(result_json=bindparam("result"), error_json=bindparam("error"), done=True)
            .execution_options(synchronize_session=False)
        )
        with self.session() as s:
            done = failed = 0
            # One executemany for the results and one for the errors: their row counts say how many
            # rows this call finished (a row finished before, by a crashed run, is not counted twice).
            for with_error in (False, True):
                params = [
                    {"row_seq": seq, "result": result, "error": error}
                    for seq, result, error in outcomes
                    if (error is not None) == with_error
                ]
                if params:
                    changed = _rowcount(s.connection().execute(statement, params))
                    done += changed
                    failed += changed if with_error else 0
            batch = s.get(Batch, batch_id)
            if batch is None:  # deleted while the chunk ran
                return
            batch.processed += done
            batch.failed += failed
            batch.updated_at = utcnow()
            if batch.processed >= batch.total:
                batch.status = finished_status(batch)

    def iter_results(self, batch_id: str, page: int = 500) -> Iterator[BatchRow]:
        """Rows of a batch in input order, a page at a time (for streaming)."""
        last = -1
        while True:
            with self.session() as s:
                rows = list(
                    s.scalars(
                        select(BatchRow)
                        .where(BatchRow.batch_id == batch_id, BatchRow.seq > last)
                        .order_by(BatchRow.seq)
                        .limit(page)
                    )
                )
            if not rows:
                return
            yield from rows
            last = rows[-1].seq

    def purge_expired(self) -> int:
        """Delete batches (inputs and results) past their retention date."""
        with self.session() as s:
            expired = list(s.scalars(select(Batch.id).where(Batch.expires_at < utcnow())))
            if expired:
                s.execute(delete(BatchRow).where(BatchRow.batch_id.in_(expired)))
                s.execute(delete(Batch).where(Batch.id.in_(expired)))
            return len(expired)

    # --- API keys --------------------------------------------------------------
    def create_key(self, name: str) -> tuple[ApiKey, str]:
        """A new key; the secret is returned once and only its hash is stored."""
        secret = "cp_" + secrets.token_urlsafe(32)
        key = ApiKey(id=uuid.uuid4().hex, name=name, key_hash=hash_key(secret), prefix=secret[:10])
        with self.session() as s:
            s.add(key)
        return key, secret

    def list_keys(self) -> list[ApiKey]:
        with self.session() as s:
            return list(s.scalars(select(ApiKey).order_by(ApiKey.created_at)))

    def revoke_key(self, key_id_or_prefix: str) -> bool:
        with self.session() as s:
            key = s.scalars(
                select(ApiKey).where((ApiKey.id == key_id_or_prefix) | (ApiKey.prefix == key_id_or_prefix))
            ).first()
            if key is None or key.revoked_at is not None:
                return False
            key.revoked_at = utcnow()
            return True

    def find_key(self, secret: str) -> ApiKey | None:
        """The active key with this secret, or None (unknown or revoked).

        The hash is compared with every active key's in constant time (`hmac.compare_digest`, no early
        exit) rather than looked up in an index, so the time taken says nothing about how close a guess was.
        """
        supplied = hash_key(secret)
        with self.session() as s:
            found: ApiKey | None = None
            for key in s.scalars(select(ApiKey).where(ApiKey.revoked_at.is_(None))):
                if hmac.compare_digest(key.key_hash, supplied):
                    found = key
            return found

    def count_active_keys(self) -> int:
        with self.session() as s:
            return int(
                s.scalar(select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))) or 0
            )


def finished_status(batch: Batch) -> str:
    """A finished batch is `done`, or `failed` when not one of its rows could be matched."""
    return "failed" if batch.total > 0 and batch.failed >= batch.total else "done"


def _rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE touched (a CursorResult under the hood)."""
    return int(cast(CursorResult[Any], result).rowcount)


def hash_key(secret: str) -> str:
    """Keys are 256-bit random tokens, so a plain SHA-256 is a safe one-way hash for them."""
    return hashlib.sha256(secret.encode()).hexdigest()
