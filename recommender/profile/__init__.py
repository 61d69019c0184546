"""Stage 1, the profile: what a person sent, made ready to match.

Reading files (`ingest`, `pdf_layout`), removing personal data and identity words
(`pii`, `identity`, `names`), résumé sections and years (`sections`), languages
(`languages`), skill-bearing phrases (`skills`), and the request shapes with every
input limit (`inputs`, `request`). Nothing here encodes, scores or knows of HTTP.
"""

from __future__ import annotations

from recommender.profile.inputs import ProfileInput, validated_profile
from recommender.profile.pii import Redaction, redact
from recommender.profile.request import MAX_TOP_K, ProfileRequest
from recommender.profile.skills import Profile, build_profile

__all__ = [
    "MAX_TOP_K",
    "Profile",
    "ProfileInput",
    "ProfileRequest",
    "Redaction",
    "build_profile",
    "redact",
    "validated_profile",
]
