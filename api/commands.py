"""The `careerpivot` commands that belong to the HTTP service: serve, migrate, keys.

`recommender/cli.py` loads this module only when one of them runs, so the engine
never imports the API package.
"""

from __future__ import annotations

import argparse
import logging.config

from api.settings import get_settings
from recommender.errors import CareerpivotError


def serve(args: argparse.Namespace) -> int:
    from api.serve import log_config
    from api.serve import serve as run_server

    settings = get_settings()
    logging.config.dictConfig(log_config())
    run_server(
        settings, args.host or settings.host, args.port or settings.port, args.workers or settings.workers
    )
    return 0  # gunicorn's arbiter exits the process itself when it stops


def migrate(args: argparse.Namespace) -> int:
    from api.startup import migrate_database, prepare_data_dir, safe_url

    settings = get_settings()
    if settings.database_url is None:
        prepare_data_dir(settings.data_dir)
    migrate_database(settings)
    print(f"database {safe_url(settings.sqlalchemy_url)} is up to date")
    return 0


def keys(args: argparse.Namespace) -> int:
    from api.startup import migrate_database, prepare_data_dir
    from api.store import Store

    settings = get_settings()
    prepare_data_dir(settings.data_dir)
    migrate_database(settings)
    store = Store(settings.sqlalchemy_url)
    try:
        if args.action == "create":
            key, secret = store.create_key(args.name or "unnamed")
            print(
                f"created key {key.id} ({key.name}); store this secret now, it is not shown again:\n{secret}"
            )
        elif args.action == "list":
            for key in store.list_keys():
                state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
                print(f"{key.id}  {key.prefix}...  {key.name:<30} {key.created_at:%Y-%m-%d}  {state}")
        else:
            if not args.key:
                raise CareerpivotError(
                    "keys revoke needs the key id or its prefix (see 'careerpivot keys list')"
                )
            if not store.revoke_key(args.key):
                raise CareerpivotError(f"no active key with id or prefix {args.key!r}")
            print(f"revoked {args.key}")
    finally:
        store.close()
    return 0
