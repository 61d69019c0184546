"""The recommender: profile in, ranked and explained AI-era roles out."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from recommender.catalog import Catalog, load_catalog
from recommender.encode.cache import LRUCache
from recommender.encode.embedding import DEFAULT_MODEL, Encoder, load_encoder
from recommender.errors import CatalogError, ModelError, ProfileError
from recommender.exposure.context import ExposureContext
from recommender.exposure.tables import load_tables
from recommender.i18n import Language, Region, for_profile
from recommender.i18n.roles import RoleText
from recommender.match.artifact import (
    RankerArtifact,
    check_compatible,
    latest_artifact_dir,
    load_artifact,
    read_config,
)
from recommender.match.explain import explain, profile_skill_names, skill_phrases
from recommender.match.features import FeatureBuilder, feature_names
from recommender.match.index import RoleIndex
from recommender.match.pairs import PairCheck, find_judge, load_judge
from recommender.match.ranking import ProfileVectors, RoleScores, RowMaxima, Weights, row_maxima, score_roles
from recommender.profile.ingest import extract_document
from recommender.profile.languages import load_identifier_in_background
from recommender.profile.request import MAX_TOP_K, ProfileRequest
from recommender.profile.skills import Profile, Vocabulary, build_profile, load_vocabulary
from recommender.resources import models_path
from recommender.results import ModelInfo, ProfileSummary, Recommendation

log = logging.getLogger(__name__)

# Rows per stacked similarity product: enough to stream the role matrix once for a
# handful of profiles, small enough to keep the (rows x role texts) result ~20 MB.
STACK_ROWS = 2048
# Phrases whose per-segment maxima are kept (~1.8 KB each with this catalog: 18 MB a process, full).
ROW_CACHE_ITEMS = 10_000
RankerChoice = Literal["auto", "learned", "hand-tuned"]


def default_models_dir() -> Path:
    """Trained artifacts: `models/` in a checkout, or the copy installed with the package."""
    return models_path()


@dataclass(frozen=True)
class EmbeddedProfile:
    profile: Profile
    vectors: ProfileVectors
    row_phrase: np.ndarray  # embedding row -> phrase index
    row_texts: tuple[str, ...]  # what each row embeds: a phrase or a vocabulary name


class Recommender:
    """Matches profiles against the role catalog. Thread-safe for concurrent reads."""

    def __init__(
        self,
        catalog: Catalog,
        encoder: Encoder,
        vocabulary: Vocabulary | None = None,
        cache_dir: Path | None = None,
        weights: Weights | None = None,
    ) -> None:
        self.catalog = catalog
        self.encoder = encoder
        self.vocabulary = vocabulary if vocabulary is not None else load_vocabulary()
        self.weights = weights or Weights()
        self.cache_dir = cache_dir
        self.index = RoleIndex(catalog, encoder, cache_dir)
        self.row_cache: LRUCache[np.ndarray] = LRUCache(ROW_CACHE_ITEMS)
        self.ranker: RankerArtifact | None = None
        self._features: FeatureBuilder | None = None  # built with the first ranker that needs it
        self._exposure: ExposureContext | None = None  # exposure tables, loaded on first use
        self.with_exposure = True
        self._pairs = PairCheck(self.index, None)  # no judge: every candidate pair is shown

    @property
    def features(self) -> FeatureBuilder:
        if self._features is None:
            self._features = FeatureBuilder(self.catalog, self.index)
        return self._features

    @property
    def exposure(self) -> ExposureContext | None:
        """Occupation finding, exposure and costed plans (None when the exposure tables are missing)."""
        if self._exposure is None and self.with_exposure:
            try:
                self._exposure = ExposureContext(self.catalog, self.encoder, cache_dir=self.cache_dir)
            except CatalogError as exc:
                log.warning("exposure fields left out: %s", exc)
                self.with_exposure = False
        return self._exposure

    @classmethod
    def load(
        cls,
        model: str = DEFAULT_MODEL,
        catalog_dir: Path | None = None,
        cache_dir: Path | None = None,
        ranker: RankerChoice = "auto",
        models_dir: Path | None = None,
        threads: int | None = None,
    ) -> Recommender:
        """Load the bundled catalog, a packaged model and (per `ranker`) the learned ranker, offline."""
        # Three loads at once: the language identifier and the encoder on threads of their own (their
        # file reads, decompression and the tokenizer's C++ load release the GIL), the catalog and the
        # exposure tables (pure Python) on this one. Measured: 0.25 s off a server's start.
        identifier = load_identifier_in_background(cache_dir)
        pool = ThreadPoolExecutor(1, thread_name_prefix="load-encoder")
        encoder_loading = pool.submit(load_encoder, model, threads=threads, cache_dir=cache_dir)
        pool.shutdown(wait=False)  # the thread ends with the load
        catalog = load_catalog(catalog_dir)
        with suppress(CatalogError):  # missing tables: `exposure` says so when first asked
            load_tables()  # read once per process; the `exposure` property uses them
        recommender = cls(catalog, encoder_loading.result(), cache_dir=cache_dir)
        recommender.use_ranker(ranker, models_dir)
        recommender.use_pair_judge(models_dir)
        identifier.result()  # loaded before anyone can fork this process
        return recommender

    def warm_up(self) -> None:
        """Match one small profile, so parts loaded on first use (tokenizer, language model) load now."""
        self.recommend(text="Reporter: wrote and fact-checked news stories. Excel, customer service.")

    def use_ranker(self, choice: RankerChoice = "auto", models_dir: Path | None = None) -> None:
        """Choose the scorer: "hand-tuned", "learned" (fail if unusable), or "auto".

        "auto" uses the newest trained ranker only when its training run found it
        better than the hand-tuned scorer (config `replaces_hand_tuned`) and it
        matches this catalog and encoder; otherwise the hand-tuned scorer.
        """
        self.ranker = None
        if choice == "hand-tuned":
            return
        directory = latest_artifact_dir(models_dir or default_models_dir())
        if directory is None:
            if choice == "learned":
                raise ModelError("no trained ranker found in models/; run 'careerpivot train'")
            return
        names = feature_names(self.catalog)
        try:
            config = read_config(directory)
            check_compatible(config, directory, self.catalog.version, self.encoder.name, names)
        except ModelError as exc:
            if choice == "learned":
                raise
            log.warning("hand-tuned scorer in use: %s", exc)
            return
        # Only now read the model's arrays (a few MB).
        if choice == "learned" or config.get("replaces_hand_tuned"):
            self.ranker = load_artifact(directory, self.catalog.version, self.encoder.name, names)

    def use_pair_judge(self, models_dir: Path | None = None) -> None:
        """Show only the pairs the newest trained pair judge finds sound (all pairs when there is none,
        or when it was trained on another encoder's cosines: its threshold would mean nothing)."""
        path = find_judge(models_dir or default_models_dir())
        judge = load_judge(path) if path is not None else None
        if judge is not None and judge.encoder != self.encoder.name:
            log.warning(
                "pair judge %s left out: trained for %s, not %s",
                judge.version,
                judge.encoder,
                self.encoder.name,
            )
            judge = None
        self._pairs = PairCheck(self.index, judge)

    def pair_check(self) -> PairCheck:
        return self._pairs

    @property
    def model_info(self) -> ModelInfo:
        return ModelInfo(
            name=self.encoder.name,
            version=self.encoder.version,
            catalog_version=self.catalog.version,
            ranker=f"learned-{self.ranker.version}" if self.ranker else "hand-tuned",
        )

    def build_profile(self, request: ProfileRequest) -> Profile:
        return build_profile(request.text, request.skills, self.vocabulary)

    def embed(self, profiles: Sequence[Profile]) -> list[EmbeddedProfile]:
        """Embed many profiles with one encoder call (phrases repeat across a cohort)."""
        texts: list[str] = []
        layout: list[tuple[int, int, list[int], list[bool], list[float]]] = []
        for profile in profiles:
            start = len(texts)
            row_phrase: list[int] = []
            own: list[bool] = []
            row_weight: list[float] = []
            for i, phrase in enumerate(profile.phrases):
                texts.extend(phrase.views)
                row_phrase.extend([i] * len(phrase.views))
                own.extend([True] + [False] * (len(phrase.views) - 1))
                row_weight.extend([phrase.weight] * len(phrase.views))
            texts.append(profile.document)
            layout.append((start, len(texts), row_phrase, own, row_weight))
        vectors = self.encoder.encode(texts)
        embedded = []
        for profile, (start, stop, row_phrase, own, row_weight) in zip(profiles, layout, strict=True):
            other_language = any(code != "en" for code in profile.languages)
            vectors_of_profile = ProfileVectors(
                vectors[start : stop - 1],
                vectors[stop - 1],
                other_language,
                np.asarray(own, dtype=bool),
                np.asarray(row_weight, dtype=np.float32),
                profile.document,
            )
            embedded.append(
                EmbeddedProfile(
                    profile,
                    vectors_of_profile,
                    np.asarray(row_phrase, dtype=np.intp),
                    tuple(texts[start : stop - 1]),
                )
            )
        return embedded

    def score(self, embedded: EmbeddedProfile, maxima: RowMaxima | None = None) -> RoleScores:
        scores = score_roles(self.index, embedded.vectors, self.weights, maxima)
        if self.ranker is None:
            return scores
        X = self.features.build(
            scores,
            embedded.profile.document,
            len(embedded.profile.phrases),
            embedded.vectors.speaks_other_language,
        )
        gain = self.ranker.ranker.gain(X)
        return replace(scores, score=self.ranker.ranker.calibrated(gain), rank_key=gain)

    def score_many(self, embedded: Sequence[EmbeddedProfile]) -> list[RoleScores]:
        """Score many profiles. Each distinct row text is compared with the index once: rows seen before
        (here or in an earlier call) come from the cache, the others from stacked matrix products."""
        texts = [text for e in embedded for text in e.row_texts]
        rows = np.concatenate([e.vectors.phrases for e in embedded]) if embedded else np.zeros((0, 0))
        first_row: dict[str, int] = {}
        for i, text in enumerate(texts):
            first_row.setdefault(text, i)

        def compare(missing: list[str]) -> list[np.ndarray]:
            out: list[np.ndarray] = []
            for i in range(0, len(missing), STACK_ROWS):
                maxima = row_maxima(self.index, rows[[first_row[t] for t in missing[i : i + STACK_ROWS]]])
                block = np.concatenate([maxima.per_segment, maxima.per_role], axis=1)
                # A row of its own for each cache entry: a view would keep its whole block alive.
                out.extend(row.copy() for row in block)
            return out

        joined = self.row_cache.get_or_compute(texts, compare)
        n_segments = len(self.index.segment_starts)
        scores: list[RoleScores] = []
        offset = 0
        for e in embedded:
            n = len(e.row_texts)
            block = (
                np.stack(joined[offset : offset + n]) if n else np.zeros((0, n_segments + len(self.catalog)))
            )
            scores.append(self.score(e, RowMaxima(block[:, :n_segments], block[:, n_segments:])))
            offset += n
        return scores

    def output_language(self, profile: Profile, asked: Language | None) -> Language:
        """The language to answer in: the one asked for, else the profile's own; English when the
        catalog was given without `i18n/<language>/` files (the response says which it used)."""
        language = asked or for_profile(profile.languages)
        return language if language == "en" or language in self.catalog.translations else "en"

    def explain_top(
        self,
        embedded: EmbeddedProfile,
        scores: RoleScores,
        top_k: int,
        language: Language | None = None,
        region: Region | None = None,
    ) -> Recommendation:
        """The top `top_k` roles explained, in `language` (None: the profile's), with `region`'s entry
        paths. The order never depends on either: it is fixed by `scores` before any text is written."""
        language = self.output_language(embedded.profile, language)
        order = scores.order()[:top_k]
        pairs = self._pairs.for_profile(embedded, scores)
        suggestions = [
            explain(
                int(r),
                self.catalog.roles[int(r)],
                self.index,
                scores,
                embedded.profile,
                embedded.row_phrase,
                embedded.vectors.phrases,
                RoleText.of(self.catalog, self.catalog.roles[int(r)], language, region),
                pairs,
            )
            for r in order
        ]
        context = self.exposure
        return Recommendation(
            # Exposure and plans are added beside the ranking; the order is the ranker's.
            suggestions=context.annotate(suggestions, language, region) if context else suggestions,
            profile=ProfileSummary(
                skills=profile_skill_names(
                    skill_phrases(embedded.profile, scores, embedded.row_phrase), language
                ),
                languages=list(embedded.profile.languages),
                personal_data_removed=list(embedded.profile.personal_data_removed),
                occupation=context.current_occupation(embedded.profile, language) if context else None,
            ),
            model=self.model_info,
            language=language,
            region=region,
        )

    def recommend(
        self,
        text: str | None = None,
        skills: list[str] | None = None,
        top_k: int = 5,
        language: Language | None = None,
        region: Region | None = None,
    ) -> Recommendation:
        """Rank the catalog for one profile, answering in `language` (None: the profile's own), with
        `region`'s entry paths (None: those of the answer's language).

        Raises:
            ProfileError: the profile is empty or too long, or top_k is out of range.
        """
        request = ProfileRequest(text, skills, language=language, region=region)
        result = self.recommend_many([request], top_k)[0]
        if isinstance(result, ProfileError):
            raise result
        return result

    def recommend_document(
        self,
        data: bytes,
        filename: str,
        content_type: str | None = None,
        top_k: int = 5,
        language: Language | None = None,
        region: Region | None = None,
    ) -> Recommendation:
        """Rank the catalog for a résumé file (PDF, DOCX, TXT, Markdown).

        Raises:
            IngestError: the file cannot be read as a résumé (wrong type, scanned, encrypted, too large...).
            ProfileError: the text has no skills in it, or is too long.
        """
        document = extract_document(data, filename, content_type)
        return self.recommend(text=document.text, top_k=top_k, language=language, region=region)

    def recommend_many(
        self, requests: Sequence[ProfileRequest], top_k: int = 5
    ) -> list[Recommendation | ProfileError]:
        """Rank the catalog for many profiles at once; a bad profile yields its error, not an exception.

        Each request gets its own `top_k` suggestions, or `top_k` when it names none.
        """
        _check_top_k(top_k)
        ks = [request.top_k or top_k for request in requests]
        built: list[Profile | ProfileError] = []
        for request, k in zip(requests, ks, strict=True):
            try:
                _check_top_k(k)
                built.append(self.build_profile(request))
            except ProfileError as exc:
                built.append(exc)
        embedded = self.embed([p for p in built if isinstance(p, Profile)])
        scored = iter(zip(embedded, self.score_many(embedded), strict=True))
        return [
            item
            if isinstance(item, ProfileError)
            else self.explain_top(*next(scored), k, request.language, request.region)
            for item, k, request in zip(built, ks, requests, strict=True)
        ]


def _check_top_k(top_k: int) -> None:
    if not 1 <= top_k <= MAX_TOP_K:
        raise ProfileError(f"top_k is {top_k}; it must be between 1 and {MAX_TOP_K}")
