"""The `careerpivot` command: recommend, roles, eval (and keys / serve when the API is installed)."""

from __future__ import annotations

import argparse
import json
import logging
import logging.config
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from recommender.catalog import load_catalog
from recommender.embedding import DEFAULT_MODEL, MODELS
from recommender.errors import CareerpivotError
from recommender.results import Recommendation

if TYPE_CHECKING:
    from recommender.engine import Recommender

DEFAULT_EVAL = Path("../shared/eval/dev.jsonl")


def _read_text(value: str | None) -> str | None:
    """`-` reads stdin, an existing file path reads the file, anything else is the text itself."""
    if value is None:
        return None
    if value == "-":
        return sys.stdin.read()
    path = Path(value)
    if len(value) < 4096 and "\n" not in value and path.is_file():
        return path.read_text(encoding="utf-8", errors="replace")
    return value


def _split_skills(value: str | None) -> list[str] | None:
    if not value:
        return None
    separator = ";" if ";" in value else ","
    return [s.strip() for s in value.split(separator) if s.strip()]


def render_table(result: Recommendation) -> str:
    """A person-readable ranking with reasons, gaps and first steps."""
    width = 100
    lines = [
        f"Profile: {', '.join(result.profile.skills[:12])}"
        + (" ..." if len(result.profile.skills) > 12 else ""),
        f"Languages: {', '.join(result.profile.languages)}",
    ]
    if result.profile.personal_data_removed:
        lines.append(
            f"Personal data removed before matching: {', '.join(result.profile.personal_data_removed)}"
        )
    lines += [
        "",
        f"{'#':>2}  {'role':<52} {'score':>5}",
    ]
    for rank, s in enumerate(result.suggestions, start=1):
        lines.append(f"{rank:>2}  {s.title + ' (' + s.role_id + ')':<52} {s.score:5.2f}")
        for reason in s.reasons:
            lines.extend(
                textwrap.wrap(reason, width, initial_indent="      + ", subsequent_indent="        ")
            )
        for gap in s.skill_gaps[:3]:
            step = f" -> {gap.first_step.title}" if gap.first_step else ""
            label = "prerequisite" if gap.prerequisite else f"gap {gap.importance:.2f}"
            lines.extend(
                textwrap.wrap(
                    f"{label}: {gap.skill}{step}",
                    width,
                    initial_indent="      - ",
                    subsequent_indent="        ",
                )
            )
        lines.append("")
    lines.append(
        f"model {result.model.name} {result.model.version}, catalog {result.model.catalog_version}, "
        f"ranker {result.model.ranker}"
    )
    return "\n".join(lines)


def cmd_recommend(args: argparse.Namespace) -> int:
    from recommender.engine import Recommender

    recommender = Recommender.load(
        model=args.model, catalog_dir=args.catalog, cache_dir=args.cache_dir, ranker=args.ranker
    )
    if args.resume is not None:
        result = recommender.recommend_document(args.resume.read_bytes(), args.resume.name, top_k=args.top_k)
    else:
        text = _read_text(args.text if args.text is not None else args.input)
        result = recommender.recommend(text=text, skills=_split_skills(args.skills), top_k=args.top_k)
    print(result.model_dump_json(indent=2) if args.json else render_table(result))
    return 0


def cmd_roles(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.catalog)
    if args.json:
        print(json.dumps({"roles": [r.model_dump(mode="json") for r in catalog]}, indent=2))
        return 0
    print(f"{len(catalog)} roles, catalog version {catalog.version}\n")
    for role in catalog:
        pay = role.pay[0]
        print(
            f"{role.id:<32} {role.title:<36} {pay.min:>8,.0f}-{pay.max:,.0f} {pay.currency}/{pay.period}"
            f" ({pay.region}, {pay.year})"
        )
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from recommender.embedding import load_encoder
    from recommender.engine import Recommender, default_models_dir
    from recommender.evaluation import (
        embedding_ranker,
        engine_ranker,
        load_labelled,
        run_evaluation,
        tfidf_ranker,
    )
    from recommender.persistence import latest_artifact_dir

    if not args.file.is_file():
        raise CareerpivotError(f"labelled file {args.file} not found; pass the path to a JSONL file")
    catalog = load_catalog(args.catalog)
    labelled = load_labelled(args.file, catalog)
    encoder = load_encoder(args.model)
    hand = Recommender(catalog, encoder, cache_dir=args.cache_dir)
    rankers = {"careerpivot hand-tuned": engine_ranker(hand)}
    learned_note = "no trained ranker in models/ (run 'careerpivot train')"
    artifact_dir = latest_artifact_dir(default_models_dir())
    if artifact_dir is not None:
        learned = Recommender(catalog, encoder, cache_dir=args.cache_dir)
        try:
            learned.use_ranker("learned")
        except CareerpivotError as exc:
            learned_note = f"trained ranker not usable: {exc}"
        else:
            assert learned.ranker is not None
            config = learned.ranker.config
            rankers["careerpivot learned"] = engine_ranker(learned)
            learned_note = (
                f"learned ranker {learned.ranker.version}: training-set 5-fold grouped CV nDCG@5 "
                f"{config['cv_ndcg5']:.3f} (hand-tuned {config['cv_ndcg5_hand_tuned']:.3f}) on "
                f"{config['training_profiles']} profiles; replaces the hand-tuned scorer: "
                f"{'yes' if config['replaces_hand_tuned'] else 'no'}"
            )
    rankers["baseline tf-idf"] = tfidf_ranker(catalog)
    rankers["baseline cosine"] = embedding_ranker(catalog, encoder)
    report = run_evaluation(labelled, rankers)
    print(f"{args.file} ({len(labelled)} profiles), catalog {catalog.version}, model {encoder.name}\n")
    print(report.render())
    print(f"\n{learned_note}")
    print(f"\nskill extraction from résumé files (data/eval/resumes): {_extraction_row(hand)}")
    return 0


def _extraction_row(recommender: Recommender) -> str:
    from recommender.evaluation import evaluate_extraction
    from recommender.samples import load_resumes

    try:
        return evaluate_extraction(recommender, load_resumes()).row()
    except ImportError as exc:  # the PDF renderer needs reportlab (the dev extra)
        return f"not run: {exc}; pip install 'careerpivot[dev]'"


def cmd_train(args: argparse.Namespace) -> int:
    from recommender.engine import Recommender, default_models_dir
    from recommender.training import train

    recommender = Recommender.load(
        model=args.model, catalog_dir=args.catalog, cache_dir=args.cache_dir, ranker="hand-tuned"
    )
    directory, report = train(recommender, args.output or default_models_dir(), args.dev)
    print(f"wrote {directory}")
    print(
        f"training set, 5-fold grouped CV nDCG@5: learned {report.cv_learned.ndcg5:.3f}, "
        f"hand-tuned {report.cv_hand_tuned.ndcg5:.3f}"
    )
    if report.dev_learned and report.dev_hand_tuned:
        print(
            f"dev set nDCG@5: learned {report.dev_learned.ndcg5:.3f}, hand-tuned {report.dev_hand_tuned.ndcg5:.3f}; "
            f"implausible@5: learned {report.dev_learned.implausible5:.3f}, "
            f"hand-tuned {report.dev_hand_tuned.implausible5:.3f}"
        )
    print(
        f"replaces the hand-tuned scorer: {'yes' if report.replaces_hand_tuned else 'no'} ({report.reason})"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from uvicorn.config import LOGGING_CONFIG

        from api.serve import serve
        from api.settings import get_settings
        from api.store import migrate
    except ImportError as exc:  # pragma: no cover - the core install has them
        raise CareerpivotError("the API needs fastapi and uvicorn: pip install careerpivot") from exc
    settings = get_settings()
    # Every process logs with this config: uvicorn's own, plus ours at INFO.
    log_config = {
        **LOGGING_CONFIG,
        "loggers": {
            **LOGGING_CONFIG["loggers"],
            "": {"handlers": ["default"], "level": "INFO"},
            "alembic": {"level": "WARNING"},
        },
    }
    logging.config.dictConfig(log_config)
    # Migrate once here, before several server processes could race to do it.
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
    serve(
        args.host or settings.host, args.port or settings.port, args.workers or settings.workers, log_config
    )
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from api.settings import get_settings
    from api.store import Store, migrate

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
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


def cmd_batch(args: argparse.Namespace) -> int:
    from recommender.cohort import run_cohort

    try:
        summary = run_cohort(
            args.input,
            args.output,
            engine=args.engine,
            top_k=args.top_k,
            lang=args.lang,
            model=args.model,
            ranker=args.ranker,
            catalog_dir=args.catalog,
            cache_dir=args.cache_dir,
            workers=args.workers,
            ray_address=args.ray_address,
            actors=args.actors,
            part_rows=args.part_rows,
            overwrite=args.overwrite,
            progress=False if args.no_progress else None,
        )
    except KeyboardInterrupt:
        print(
            "careerpivot: interrupted; the parts written so far are kept: rerun the same command to go on",
            file=sys.stderr,
        )
        return 130
    resumed = f" ({summary.resumed:,} already written by an earlier run)" if summary.resumed else ""
    print(
        f"{summary.rows:,} rows{resumed}: {summary.succeeded:,} succeeded, {summary.failed:,} failed; "
        f"written to {args.output}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="careerpivot", description="Career-pivot recommender for AI-era roles."
    )
    parser.add_argument(
        "--catalog", type=Path, default=None, help="role catalog directory (default: bundled)"
    )
    parser.add_argument("--cache-dir", type=Path, default=None, help="where role embeddings are cached")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    rec = sub.add_parser("recommend", help="rank AI-era roles for a résumé or skill list")
    rec.add_argument("input", nargs="?", help="'-' to read the profile text from stdin")
    rec.add_argument("--text", help="profile text, a path to a text file, or '-' for stdin")
    rec.add_argument("--skills", help="skills separated by ';' (or ',')")
    rec.add_argument("--resume", type=Path, help="a résumé file: PDF, DOCX, TXT or Markdown")
    rec.add_argument("--top-k", type=int, default=5)
    rec.add_argument("--json", action="store_true", help="print the API's response shape")
    rec.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    rec.add_argument(
        "--ranker",
        default="auto",
        choices=["auto", "learned", "hand-tuned"],
        help="auto: the learned ranker only if training found it better (see models/)",
    )
    rec.set_defaults(func=cmd_recommend)

    roles = sub.add_parser("roles", help="list the role catalog")
    roles.add_argument("--json", action="store_true")
    roles.set_defaults(func=cmd_roles)

    ev = sub.add_parser("eval", help="ranking metrics on a labelled JSONL set, beside baselines")
    ev.add_argument("file", type=Path, nargs="?", default=DEFAULT_EVAL)
    ev.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    ev.set_defaults(func=cmd_eval)

    tr = sub.add_parser("train", help="train the learned ranker into models/ranker-<version>/")
    tr.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    tr.add_argument("--output", type=Path, default=None, help="models directory (default: models/)")
    tr.add_argument(
        "--dev", type=Path, default=DEFAULT_EVAL, help="labelled set for the replace-or-not decision"
    )
    tr.set_defaults(func=cmd_train)

    serve = sub.add_parser("serve", help="serve the HTTP API (settings from CAREERPIVOT_* variables)")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None, help="server processes (default: one per core)")
    serve.set_defaults(func=cmd_serve)

    batch = sub.add_parser(
        "batch", help="match a cohort file (CSV, JSON Lines, Parquet) into an output file, resumably"
    )
    batch.add_argument(
        "input", type=Path, help="rows with id and text and/or skills: .csv, .jsonl or .parquet"
    )
    batch.add_argument("output", type=Path, help="results, in the format its extension names")
    batch.add_argument("--engine", choices=["local", "ray"], default="local")
    batch.add_argument("--ray-address", default=None, help="Ray cluster to join (default: start a local one)")
    batch.add_argument("--top-k", type=int, default=5)
    batch.add_argument("--lang", default="en", help="output language: en or id")
    batch.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    batch.add_argument("--ranker", default="auto", choices=["auto", "learned", "hand-tuned"])
    batch.add_argument("--workers", type=int, default=None, help="local processes (default: one per core)")
    batch.add_argument("--actors", type=int, default=None, help="Ray actors (default: one per cluster CPU)")
    batch.add_argument("--part-rows", type=int, default=200, help="rows per committed part")
    batch.add_argument("--overwrite", action="store_true", help="discard an earlier run's output and parts")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch.set_defaults(func=cmd_batch)

    keys = sub.add_parser("keys", help="create, list and revoke API keys")
    keys.add_argument("action", choices=["create", "list", "revoke"])
    keys.add_argument("key", nargs="?", help="key id or prefix (revoke)")
    keys.add_argument("--name", help="who the key is for (create)")
    keys.set_defaults(func=cmd_keys)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    if args.command == "recommend" and not (args.text or args.input or args.skills or args.resume):
        parser.error("recommend needs --text, --skills, --resume or '-' (stdin)")
    try:
        return int(args.func(args))
    except (CareerpivotError, ValueError) as exc:
        print(f"careerpivot: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"careerpivot: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
