"""Every setting of the service, from `CAREERPIVOT_*` environment variables or a `.env` file."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from recommender.encode.embedding import DEFAULT_MODEL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAREERPIVOT_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(
        default_factory=lambda: min(os.cpu_count() or 1, 4),
        ge=1,
        le=32,
        description="server processes answering requests; default one per core (at most 4)",
    )
    threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="BLAS threads per server process; with a process per core, 1 keeps cores from contending",
    )
    data_dir: Path = Path("./var")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default is SQLite in data_dir (e.g. postgresql+psycopg://...)",
    )
    model: str = DEFAULT_MODEL
    ranker: Literal["auto", "learned", "hand-tuned"] = Field(
        default="auto", description="auto: the learned ranker in models/ only if training found it better"
    )
    catalog_dir: Path | None = None

    api_keys_required: bool = False
    rate_limit_per_minute: int = Field(
        default=120, ge=1, description="requests per key (or client) per minute"
    )
    failed_key_limit_per_minute: int = Field(
        default=10,
        ge=1,
        description="requests with an unknown or revoked X-API-Key per client address per minute; "
        "beyond it every key from that address gets 429 until the minute is over",
    )
    rate_limit_storage: str | None = Field(
        default=None,
        description="a `limits` storage URL shared by every server process, e.g. redis://host:6379/0 "
        "(install the `redis` extra); default: a SQLite file in data_dir, shared by the processes of one host",
    )
    models_dir: Path | None = Field(
        default=None, description="trained ranker artifacts (default: the bundled models/)"
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="origins (e.g. https://jobs.example) whose pages may call the API from the browser, "
        "as the widget does; empty: same origin only",
    )

    max_body_bytes: int = Field(default=256 * 1024, description="JSON request bodies")
    max_upload_bytes: int = Field(
        default=5_000_000, description="a résumé file for /v1/recommendations/upload"
    )
    max_text_chars: int = 20_000
    max_batch_bytes: int = Field(default=20 * 1024 * 1024, description="batch uploads")
    max_batch_rows: int = 10_000
    batch_chunk_size: int = Field(default=64, ge=1, le=1024)
    batch_processes: int = Field(
        default=1,
        ge=0,
        le=16,
        description="spawned processes that match batch rows beside the server process (which also does); "
        "0 = the server process alone, one row part at a time",
    )
    ray_address: str | None = Field(
        default=None,
        description="a Ray cluster (e.g. ray://head:10001); batches of ray_batch_min_rows or more go there",
    )
    ray_batch_min_rows: int = Field(default=1000, ge=1, description="the smallest batch handed to Ray")
    ray_actors: int | None = Field(
        default=None, ge=1, description="Ray actors per batch; default the cluster's CPUs"
    )
    retention_days: float = Field(default=7.0, gt=0)
    worker_poll_seconds: float = 0.5

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'careerpivot.sqlite3').resolve()}"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests pass their own to `create_app` instead."""
    return Settings()
