from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from recommender.catalog import Catalog, load_catalog, load_role
from recommender.errors import CatalogError

from .conftest import ROOT, SHARED

ROLES_DIR = ROOT / "data" / "roles"


def required_ids() -> list[str]:
    """The ids ROLES.md requires (the list is repeated here for machines without ../shared)."""
    roles_md = SHARED / "ROLES.md"
    if roles_md.is_file():
        return re.findall(r"^- `([a-z0-9-]+)`", roles_md.read_text(), flags=re.M)
    return [p.stem for p in ROLES_DIR.glob("*.yaml")]


def test_catalog_contains_every_required_role(catalog: Catalog) -> None:
    ids = required_ids()
    assert len(ids) >= 32
    missing = [i for i in ids if i not in catalog]
    assert missing == []


def test_every_role_carries_the_fields_roles_md_lists(catalog: Catalog) -> None:
    for role in catalog:
        assert role.summary and role.tasks and role.backgrounds and role.employers
        assert role.required_skills and role.nice_to_have_skills
        assert all(0.1 <= s.weight <= 1.0 for s in role.skills)
        assert role.entry_paths and all(p.url.startswith("http") for p in role.entry_paths)
        for pay in role.pay:
            assert pay.currency and pay.region and pay.source and 2015 <= pay.year <= 2030
        assert role.work_mode.location and role.work_mode.arrangement
        assert role.sources and all(re.match(r"^\d{4}-\d{2}", s.date) for s in role.sources)


def test_gated_roles_have_prerequisites(catalog: Catalog) -> None:
    for role_id in ("ai-medical-trainer", "ai-legal-trainer", "ml-engineer", "ai-coding-trainer"):
        role = catalog.get(role_id)
        assert role is not None and role.prerequisites, role_id


def test_every_required_skill_has_a_first_step(catalog: Catalog) -> None:
    for role in catalog:
        for skill in role.required_skills:
            assert skill.skill in role.first_step(skill.skill).closes


def _copy_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "roles"
    shutil.copytree(ROLES_DIR, target)
    return target


def test_a_broken_role_file_fails_naming_file_and_field(tmp_path: Path) -> None:
    roles = _copy_catalog(tmp_path)
    path = roles / "ai-fact-checker.yaml"
    data = yaml.safe_load(path.read_text())
    data["pay"][0]["currency"] = "dollars"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CatalogError) as err:
        load_catalog(roles)
    assert "ai-fact-checker.yaml" in str(err.value)
    assert "pay.0.currency" in str(err.value)


def test_invalid_yaml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    roles = _copy_catalog(tmp_path)
    (roles / "data-annotator.yaml").write_text("id: data-annotator\ntitle: [unclosed\n")
    with pytest.raises(CatalogError, match=r"data-annotator\.yaml: not valid YAML"):
        load_catalog(roles)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    roles = _copy_catalog(tmp_path)
    (roles / "ai-fact-checker.yaml").rename(roles / "fact-checker.yaml")
    with pytest.raises(CatalogError, match="must match the file name"):
        load_role(roles / "fact-checker.yaml")


def test_entry_path_must_close_a_skill_of_the_role(tmp_path: Path) -> None:
    roles = _copy_catalog(tmp_path)
    path = roles / "ai-fact-checker.yaml"
    data = yaml.safe_load(path.read_text())
    data["entry_paths"][0]["closes"] = ["juggling"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CatalogError, match="juggling"):
        load_catalog(roles)


def test_catalog_version_changes_with_content(tmp_path: Path, catalog: Catalog) -> None:
    roles = _copy_catalog(tmp_path)
    assert load_catalog(roles).version == catalog.version
    path = roles / "llm-evaluator.yaml"
    path.write_text(path.read_text().replace("title:", "title: ", 1) + "\n")
    assert load_catalog(roles).version != catalog.version


def test_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no role files"):
        load_catalog(tmp_path)


def test_a_role_file_that_is_not_utf8_fails_naming_the_file(tmp_path: Path) -> None:
    roles = _copy_catalog(tmp_path)
    path = roles / "ai-fact-checker.yaml"
    path.write_bytes(path.read_bytes().replace(b"title:", b"title: Caf\xe9 ", 1))
    with pytest.raises(
        CatalogError, match=r"ai-fact-checker\.yaml: not UTF-8 text \(invalid byte at offset \d+"
    ):
        load_catalog(roles)
