"""The engine's stages import one way: a newcomer changing one stage need only read those below it."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "recommender"

# Lowest first. A module may import its own layer and the layers before it, never one after.
LAYERS: list[tuple[str, ...]] = [
    (
        "recommender.errors",
        "recommender.cachefiles",
        "recommender.resources",
        "recommender.results",
        "recommender.catalog",
        "recommender.i18n.language",
        "recommender.i18n.messages",
        "recommender.i18n.errors",
        "recommender.i18n",
    ),
    ("recommender.profile",),
    ("recommender.encode",),
    # The catalog in the reader's language names languages the way the profile stage reads them.
    ("recommender.i18n.roles",),
    ("recommender.exposure",),
    ("recommender.match",),
    ("recommender.evaluate",),
    ("recommender.learn",),
    ("recommender.cohort",),
    ("recommender.cli", "recommender"),
]


def layer_of(module: str) -> int:
    """The layer of the longest prefix of `module` that LAYERS names."""
    best, best_len = -1, -1
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = number, len(prefix)
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ENGINE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every absolute module imported anywhere in the file, function-level imports included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_every_engine_module_has_a_layer() -> None:
    missing = [module_name(p) for p in ENGINE.rglob("*.py") if layer_of(module_name(p)) < 0]
    assert not missing, f"add these modules to LAYERS: {missing}"


def test_stages_import_only_the_stages_below_them() -> None:
    wrong = []
    for path in sorted(ENGINE.rglob("*.py")):
        source = module_name(path)
        for target in imported(path):
            if target.split(".")[0] == "recommender" and layer_of(target) > layer_of(source):
                wrong.append(f"{source} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_the_engine_knows_nothing_of_http() -> None:
    """`careerpivot serve` and `keys` load `api.commands` by name at run time; nothing imports api or fastapi."""
    wrong = []
    for path in sorted(ENGINE.rglob("*.py")):
        for target in imported(path):
            if target.split(".")[0] in {"api", "fastapi", "starlette", "uvicorn"}:
                wrong.append(f"{module_name(path)} imports {target}")
    assert not wrong, "\n".join(wrong)
