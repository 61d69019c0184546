"""Errors the engine raises; each carries a stable code and a message a person can act on."""

from __future__ import annotations


class CareerpivotError(Exception):
    """Base class: `code` is stable across releases, the message says what to do."""

    code = "careerpivot_error"


class CatalogError(CareerpivotError):
    """The role catalog is missing or a role file is malformed."""

    code = "catalog_invalid"


class ProfileError(CareerpivotError):
    """The submitted profile cannot be matched (empty, no words, too long)."""

    code = "invalid_profile"


class ModelError(CareerpivotError):
    """The embedding model is not installed or cannot be loaded offline."""

    code = "model_unavailable"
