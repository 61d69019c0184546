"""careerpivot's engine: match a résumé or skill list to AI-era roles, with reasons and gaps."""

from __future__ import annotations

from recommender.catalog import Catalog, Role, load_catalog
from recommender.engine import ProfileRequest, Recommender
from recommender.errors import CareerpivotError, CatalogError, ModelError, ProfileError
from recommender.results import Recommendation, Suggestion
from recommender.skills import Profile, build_profile

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
