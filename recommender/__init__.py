"""careerpivot's engine: match a résumé or skill list to AI-era roles, with reasons and gaps.

The names below are loaded on first use, so importing one stage (say, reading a
ranker artifact) does not load the whole engine; docs/architecture.md shows the stages.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recommender.catalog import Catalog, Role, load_catalog
    from recommender.errors import CareerpivotError, CatalogError, ModelError, ProfileError
    from recommender.match.engine import Recommender
    from recommender.profile.request import ProfileRequest
    from recommender.profile.skills import Profile, build_profile
    from recommender.results import Recommendation, Suggestion

_HOME = {
    "CareerpivotError": "recommender.errors",
    "Catalog": "recommender.catalog",
    "CatalogError": "recommender.errors",
    "ModelError": "recommender.errors",
    "Profile": "recommender.profile.skills",
    "ProfileError": "recommender.errors",
    "ProfileRequest": "recommender.profile.request",
    "Recommendation": "recommender.results",
    "Recommender": "recommender.match.engine",
    "Role": "recommender.catalog",
    "Suggestion": "recommender.results",
    "build_profile": "recommender.profile.skills",
    "load_catalog": "recommender.catalog",
}

__all__ = [
    "CareerpivotError",
    "Catalog",
    "CatalogError",
    "ModelError",
    "Profile",
    "ProfileError",
    "ProfileRequest",
    "Recommendation",
    "Recommender",
    "Role",
    "Suggestion",
    "build_profile",
    "load_catalog",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
