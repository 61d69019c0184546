"""The `careerpivot` command: recommend, roles, eval, train; serve, migrate and keys come from `api.commands`."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from recommender.catalog import load_catalog
from recommender.encode.embedding import DEFAULT_MODEL, MODELS
from recommender.errors import CareerpivotError
from recommender.i18n import REGIONS, SUPPORTED, Language, Region, message, parse_language, parse_region
from recommender.resources import default_cache_dir
from recommender.results import Recommendation, Suggestion

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
    """A person-readable ranking with reasons, gaps and first steps, in the result's language."""
    width = 100
    lang = result.language

    def say(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    lines = [
        f"{say('cli.profile')}: {', '.join(result.profile.skills[:12])}"
        + (" ..." if len(result.profile.skills) > 12 else ""),
        f"{say('cli.languages')}: {', '.join(result.profile.languages)}",
    ]
    if lang != "en":
        lines.append(f"{say('cli.output_language')}: {say('language.' + lang)}")
    if result.profile.personal_data_removed:
        lines.append(f"{say('cli.personal_data_removed')}: {', '.join(result.profile.personal_data_removed)}")
    lines.extend(render_occupation(result))
    lines += [
        "",
        f"{'#':>2}  {say('cli.role'):<52} {say('cli.score'):>5}",
    ]
    for rank, s in enumerate(result.suggestions, start=1):
        lines.append(f"{rank:>2}  {s.title + ' (' + s.role_id + ')':<52} {s.score:5.2f}")
        for reason in s.reasons:
            lines.extend(
                textwrap.wrap(reason, width, initial_indent="      + ", subsequent_indent="        ")
            )
        for gap in s.skill_gaps[:3]:
            step = f" -> {gap.first_step.title}" if gap.first_step else ""
            if gap.first_step and lang != "en":
                checked = gap.first_step.checked
                marker = say("cli.step_local", checked=checked) if checked else say("cli.step_in_english")
                step += f" [{marker}]"
            label = say("cli.prerequisite") if gap.prerequisite else f"{say('cli.gap')} {gap.importance:.2f}"
            lines.extend(
                textwrap.wrap(
                    f"{label}: {gap.skill}{step}",
                    width,
                    initial_indent="      - ",
                    subsequent_indent="        ",
                )
            )
        lines.extend(render_role_context(s, lang))
        lines.append("")
    lines.append(
        say(
            "cli.model",
            name=result.model.name,
            version=result.model.version,
            catalog=result.model.catalog_version,
            ranker=result.model.ranker,
        )
    )
    return "\n".join(lines)


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "  ")


def _percentile(value: int, language: Language) -> str:
    from recommender.exposure.context import ordinal

    return message("cli.percentile", language, rank=ordinal(value) if language == "en" else str(value))


def render_occupation(result: Recommendation) -> list[str]:
    """The current job: closest occupations, exposure measures side by side, own duties."""
    occ, lang = result.profile.occupation, result.language
    if occ is None:
        return []

    def say(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    lines = ["", say("cli.current_job")]
    if occ.status == "not found":
        lines.extend(_wrap(f"{say('cli.occupation_not_found')}: {occ.reason}", "  "))
        return [*lines, ""]
    for i, m in enumerate(occ.occupations):
        isco = f", ISCO {m.isco} ({m.isco_label})" if m.isco else ""
        conf = f", {say('cli.confidence')} {m.confidence:.2f}" if m.confidence is not None else ""
        label = say("cli.closest" if i == 0 else "cli.also")
        lines.extend(_wrap(f"{label}: {m.code} {m.title}{isco}{conf} ({say('cli.from_your', evidence=m.evidence)})",
                           "  "))  # fmt: skip
    lines.append(f"  {say('cli.exposure_of_occupation')}:")
    for e in occ.measures:
        pct = f", {_percentile(e.percentile, lang)}" if e.percentile is not None else ""
        note = f"; {e.note}" if e.note else ""
        lines.extend(_wrap(f"{e.name}: {e.value:.2f}{pct} ({e.source}, {e.year}{note})", "    "))
    if occ.disagreement:
        lines.extend(_wrap(occ.disagreement, "  ! "))
    for key, duties in (
        ("cli.most_exposed", occ.most_exposed_duties),
        ("cli.least_exposed", occ.least_exposed_duties),
    ):
        for d in duties:
            lines.extend(_wrap(f"{say(key)}: '{d.duty}' ~ O*NET task '{d.task}' "
                               f"({say('cli.people')}: {d.human_label}, GPT-4: {d.gpt4_label})", "  "))  # fmt: skip
    lines.extend(_wrap(f"{say('cli.what_this_means')}: {occ.meaning}", "  "))
    return [*lines, ""]


def render_role_context(s: Suggestion, lang: Language = "en") -> list[str]:
    """A suggestion's stand-in exposure and its costed plan, in `lang`."""

    def say(key: str, **fields: object) -> str:
        return message(key, lang, **fields)

    lines: list[str] = []
    if s.exposure and s.exposure.stand_ins:
        parts = []
        for st in s.exposure.stand_ins:
            pcts = ", ".join(
                f"{e.measure} {_percentile(e.percentile, lang)}"
                for e in st.measures
                if e.percentile is not None
            )
            parts.append(f"{st.code} {st.title} ({pcts})")
        lines.extend(_wrap(f"{say('cli.stand_ins')}: " + "; ".join(parts), "      ~ "))
        for st in s.exposure.stand_ins:
            for change in st.changes[:2]:
                kind = say("cli.new_task" if change.category == "New" else "cli.revised_task")
                lines.extend(_wrap(f"{st.code} {kind} ({change.date}): {change.task}", "      ~ "))
    if s.plan:
        for step in s.plan.steps:
            if step.same_step_as_above:
                continue
            hours = (
                say("cli.hours", hours=f"{step.hours:g}", basis=step.hours_basis)
                if step.hours is not None
                else say("cli.hours_unknown")
            )
            lines.extend(_wrap(f"{say('cli.plan')}: {step.gap} -> {step.step}: {hours}, {step.cost}, "
                               f"{say('cli.credential')}: {step.credential}", "      $ "))  # fmt: skip
        for prerequisite in s.plan.prerequisites:
            lines.extend(_wrap(f"{say('cli.plan')}: {say('cli.prerequisite')}: {prerequisite}", "      $ "))
        cost = ", ".join(f"{c.currency} {c.amount:,.2f}" for c in s.plan.total_cost_known) or say(
            "cli.nothing_to_pay"
        )
        lines.extend(
            _wrap(
                say(
                    "cli.plan_total",
                    hours=f"{s.plan.total_hours_known:g}",
                    unknown_hours=s.plan.steps_with_unknown_hours,
                    cost=cost,
                    unknown_cost=s.plan.steps_with_unknown_cost,
                ),
                "      $ ",
            )
        )
        if s.plan.portfolio_task:
            task = s.plan.portfolio_task
            lines.extend(
                _wrap(
                    f"{say('cli.portfolio_task')}: {task.title}. {say('cli.done_when')}: "
                    + " ".join(task.done_when),
                    "      * ",
                )
            )
    return lines


def cmd_build_data(args: argparse.Namespace) -> int:
    from recommender.exposure.build import build, build_task_centroids, build_title_vectors

    report = build(args.source, args.output)
    print(report.render())
    print(f"wrote {build_title_vectors(args.output)}")
    if not args.skip_centroids:
        print(f"wrote {build_task_centroids(args.output)}")
    return 0


def cmd_build_training_text(args: argparse.Namespace) -> int:
    from recommender.evaluate.labelled import TRAINING_DIR
    from recommender.learn.esco_duties import build_duties_file

    output = args.output or TRAINING_DIR / "esco_duties.jsonl"
    count = build_duties_file(args.source, TRAINING_DIR / "esco_labels.jsonl", output)
    print(f"wrote {output}: duties texts of {count} labelled ESCO occupations")
    return 0


def cmd_eval_occupations(args: argparse.Namespace) -> int:
    from recommender.encode.embedding import load_encoder
    from recommender.exposure.evaluate import evaluate, load_lines
    from recommender.exposure.finder import OccupationFinder
    from recommender.exposure.tables import load_tables

    lines = load_lines(args.file)
    tables = load_tables()
    finder = OccupationFinder(tables, load_encoder(args.model))
    print(
        f"occupation finding: {args.file or 'data/eval/occupations.tsv'}, exposure tables {tables.version}\n"
    )
    print(f"{'subset':<10} {'n':>4}   top-1   top-3")
    for row in evaluate(finder, lines):
        print(row.row())
    return 0


def cmd_recommend(args: argparse.Namespace) -> int:
    from recommender.match.engine import Recommender

    recommender = Recommender.load(
        model=args.model, catalog_dir=args.catalog, cache_dir=args.cache_dir, ranker=args.ranker
    )
    if args.resume is not None:
        result = recommender.recommend_document(
            args.resume.read_bytes(),
            args.resume.name,
            top_k=args.top_k,
            language=args.lang,
            region=args.region,
        )
    else:
        from recommender.profile.inputs import validated_profile

        text = _read_text(args.text if args.text is not None else args.input)
        profile = validated_profile(text, _split_skills(args.skills), args.top_k)  # the API's limits
        result = recommender.recommend(
            text=profile.text, skills=profile.skills, top_k=args.top_k, language=args.lang, region=args.region
        )
    print(result.model_dump_json(indent=2) if args.json else render_table(result))
    return 0


def cmd_roles(args: argparse.Namespace) -> int:
    from recommender.i18n.roles import RoleText, localized_role

    catalog = load_catalog(args.catalog)
    lang: Language = args.lang or "en"
    if args.json:
        print(json.dumps({"roles": [localized_role(catalog, r, lang) for r in catalog]}, indent=2))
        return 0
    print(message("cli.roles_header", lang, count=len(catalog), version=catalog.version) + "\n")
    for role in catalog:
        print(f"{role.id:<32} {RoleText.of(catalog, role, lang).title}")
        for pay in role.pay:
            # A figure is never shown without what it is, its source and how certain it is.
            period = message(f"period.{pay.period}", lang)
            print(f"    {pay.min:,.0f}-{pay.max:,.0f} {pay.currency}/{period} ({pay.region}, {pay.year})")
            print(f"    pay: {pay.describe()}")
            print(
                textwrap.fill(
                    f"source: {pay.source}", 100, initial_indent="      ", subsequent_indent="        "
                )
            )
            if pay.method:
                print(
                    textwrap.fill(
                        f"method: {pay.method}", 100, initial_indent="      ", subsequent_indent="        "
                    )
                )
            print(
                textwrap.fill(f"note: {pay.note}", 100, initial_indent="      ", subsequent_indent="        ")
            )
    return 0


def _language_arg(value: str) -> Language:
    try:
        return parse_language(value)
    except CareerpivotError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _region_arg(value: str) -> Region:
    try:
        return parse_region(value)
    except CareerpivotError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def cmd_eval(args: argparse.Namespace) -> int:
    from recommender.encode.embedding import load_encoder
    from recommender.evaluate.report import report
    from recommender.match.engine import Recommender

    catalog = load_catalog(args.catalog)
    encoder = load_encoder(args.model)
    hand = Recommender(catalog, encoder, cache_dir=args.cache_dir)
    learned = Recommender(catalog, encoder, cache_dir=args.cache_dir)
    hand.use_pair_judge()
    learned.use_pair_judge()
    try:
        learned.use_ranker("learned")
    except CareerpivotError as exc:
        print(f"learned ranker not evaluated: {exc}")
    usable = learned if learned.ranker is not None else None
    dev = args.file if args.file.is_file() else None
    if dev is None and args.file != DEFAULT_EVAL:
        raise CareerpivotError(f"labelled file {args.file} not found; pass the path to a JSONL file")
    if dev is None:
        print(f"{args.file} not found: the dev set is skipped; the project's own sets follow")
    print(report(hand, usable, dev))
    if learned.ranker is not None:
        config = learned.ranker.config
        print(
            f"\nlearned ranker {learned.ranker.version}: training-set 5-fold grouped CV nDCG@5 "
            f"{config['cv_ndcg5']:.3f} (hand-tuned {config['cv_ndcg5_hand_tuned']:.3f}) on "
            f"{config['training_profiles']} profiles; replaces the hand-tuned scorer: "
            f"{'yes' if config['replaces_hand_tuned'] else 'no'} ({config['decision']})"
        )
    return 0


def cmd_train_pairs(args: argparse.Namespace) -> int:
    from recommender.evaluate.audit import eval_dir
    from recommender.evaluate.labelled import load_labelled
    from recommender.learn.pairs import train_judge
    from recommender.match.engine import Recommender, default_models_dir

    recommender = Recommender.load(
        model=args.model, catalog_dir=args.catalog, cache_dir=args.cache_dir, ranker="hand-tuned"
    )
    from recommender.evaluate.labelled import TRAINING_DIR

    # The profiles the labelled pairs were drawn from: the project's own sets, and the shared dev set.
    paths = [
        eval_dir() / "long.jsonl",
        TRAINING_DIR / "profiles.jsonl",
        *([args.dev] if args.dev.is_file() else []),
    ]
    if not args.dev.is_file():
        print(f"{args.dev} not found: the pairs of the shared dev set are left out")
    requests = [item.request for path in paths for item in load_labelled(path, recommender.catalog)]
    learned = Recommender(recommender.catalog, recommender.encoder, cache_dir=args.cache_dir)
    learned.use_ranker("auto")
    directory, report = train_judge([recommender, learned], requests, args.output or default_models_dir())
    print(f"wrote {directory}")
    print(
        f"{report.labelled} labelled pairs ({report.sound} sound); threshold {report.threshold:.3f}: "
        f"out-of-fold precision {report.cv_precision:.3f}, recall {report.cv_recall:.3f}"
    )
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from recommender.evaluate.audit import eval_dir
    from recommender.learn.training import train
    from recommender.match.engine import Recommender, default_models_dir

    recommender = Recommender.load(
        model=args.model, catalog_dir=args.catalog, cache_dir=args.cache_dir, ranker="hand-tuned"
    )
    dev_paths = [args.dev, eval_dir() / "long.jsonl"]
    directory, report = train(recommender, args.output or default_models_dir(), dev_paths)
    print(f"wrote {directory}")
    print(
        f"training set, 5-fold grouped CV nDCG@5: learned {report.cv_learned.ndcg5:.3f}, "
        f"hand-tuned {report.cv_hand_tuned.ndcg5:.3f}"
    )
    if report.dev_learned and report.dev_hand_tuned:
        print(
            f"dev sets nDCG@5: learned {report.dev_learned.ndcg5:.3f}, hand-tuned {report.dev_hand_tuned.ndcg5:.3f}; "
            f"implausible@5: learned {report.dev_learned.implausible5:.3f}, "
            f"hand-tuned {report.dev_hand_tuned.implausible5:.3f}"
        )
    print(
        f"replaces the hand-tuned scorer: {'yes' if report.replaces_hand_tuned else 'no'} ({report.reason})"
    )
    return 0


def _service_command(name: str) -> Callable[[argparse.Namespace], int]:
    """A command of the HTTP service (serve, migrate, keys), imported only when it runs: the engine
    does not import the API package."""

    def run(args: argparse.Namespace) -> int:
        try:
            commands = importlib.import_module("api.commands")
        except ImportError as exc:  # pragma: no cover - a core install has the API
            raise CareerpivotError(
                f"the HTTP service is not installed ({exc}); pip install careerpivot"
            ) from exc
        return int(getattr(commands, name)(args))

    return run


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
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=default_cache_dir(),
        help="where the role index and decompressed model files are kept (default: "
        "CAREERPIVOT_CACHE_DIR, else %(default)s; the server keeps its own in its data directory)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    rec = sub.add_parser("recommend", help="rank AI-era roles for a résumé or skill list")
    rec.add_argument("input", nargs="?", help="'-' to read the profile text from stdin")
    rec.add_argument("--text", help="profile text, a path to a text file, or '-' for stdin")
    rec.add_argument("--skills", help="skills separated by ';' (or ',')")
    rec.add_argument("--resume", type=Path, help="a résumé file: PDF, DOCX, TXT or Markdown")
    rec.add_argument("--top-k", type=int, default=5)
    rec.add_argument("--json", action="store_true", help="print the API's response shape")
    rec.add_argument(
        "--lang",
        type=_language_arg,
        default=None,
        help=f"answer in this language ({', '.join(SUPPORTED)}; default: the profile's own)",
    )
    rec.add_argument(
        "--region",
        type=_region_arg,
        default=None,
        help=f"add this country's entry paths ({', '.join(REGIONS)}; an Indonesian answer has them anyway)",
    )
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
    roles.add_argument(
        "--lang", type=_language_arg, default=None, help=f"catalog language ({', '.join(SUPPORTED)})"
    )
    roles.set_defaults(func=cmd_roles)

    ev = sub.add_parser("eval", help="ranking metrics on a labelled JSONL set, beside baselines")
    ev.add_argument("file", type=Path, nargs="?", default=DEFAULT_EVAL)
    ev.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    ev.set_defaults(func=cmd_eval)

    bd = sub.add_parser(
        "build-data", help="build data/exposure/ tables from the public datasets in ../shared/data"
    )
    bd.add_argument("--source", type=Path, default=Path("../shared/data"))
    bd.add_argument("--output", type=Path, default=None, help="default: data/exposure in the checkout")
    bd.add_argument(
        "--skip-centroids", action="store_true", help="do not re-encode the task statements (slow)"
    )
    bd.set_defaults(func=cmd_build_data)

    bt = sub.add_parser(
        "build-training-text",
        help="write data/training/esco_duties.jsonl (labelled ESCO occupations as duties texts) from ../shared/data",
    )
    bt.add_argument("--source", type=Path, default=Path("../shared/data"))
    bt.add_argument("--output", type=Path, default=None, help="default: data/training/esco_duties.jsonl")
    bt.set_defaults(func=cmd_build_training_text)

    eo = sub.add_parser(
        "eval-occupations", help="top-1/top-3 accuracy of occupation finding on a labelled set"
    )
    eo.add_argument("file", type=Path, nargs="?", default=None)
    eo.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    eo.set_defaults(func=cmd_eval_occupations)

    tr = sub.add_parser("train", help="train the learned ranker into models/ranker-<version>/")
    tr.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    tr.add_argument("--output", type=Path, default=None, help="models directory (default: models/)")
    tr.add_argument(
        "--dev", type=Path, default=DEFAULT_EVAL, help="labelled set for the replace-or-not decision"
    )
    tr.set_defaults(func=cmd_train)

    tp = sub.add_parser(
        "train-pairs", help="fit the pair judge on data/eval/pairs.jsonl into models/pair-judge-<version>/"
    )
    tp.add_argument("--model", default=DEFAULT_MODEL, choices=MODELS)
    tp.add_argument("--output", type=Path, default=None, help="models directory (default: models/)")
    tp.add_argument("--dev", type=Path, default=DEFAULT_EVAL, help="a labelled set whose pairs count too")
    tp.set_defaults(func=cmd_train_pairs)

    serve = sub.add_parser("serve", help="serve the HTTP API (settings from CAREERPIVOT_* variables)")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=int, default=None, help="server processes (default: one per core)")
    serve.set_defaults(func=_service_command("serve"))

    mig = sub.add_parser("migrate", help="bring the database schema up to date (serve does it first)")
    mig.set_defaults(func=_service_command("migrate"))

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
    keys.set_defaults(func=_service_command("keys"))
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
    except BrokenPipeError:  # the reader stopped reading (`careerpivot roles | head`): nothing to report
        # As the Python docs advise: stdout to /dev/null, so the interpreter's last flush is quiet too.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        print(f"careerpivot: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
