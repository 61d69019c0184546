"""Honest context for a move: the current job's AI exposure, the target roles' stand-ins, a costed plan.

Nothing here changes a ranking: it reads the profile and the suggestions the ranker produced and
adds fields beside them.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Literal

import numpy as np

from recommender.catalog import Catalog, Cost, EntryPath
from recommender.encode.embedding import Encoder
from recommender.exposure.finder import MIN_SCORE, OccupationFinder, to_english
from recommender.exposure.tables import EmergingTask, ExposureTables, Occupation, Task, load_tables
from recommender.i18n.language import Language, Region
from recommender.i18n.messages import message
from recommender.i18n.roles import RoleText
from recommender.profile.skills import Phrase, Profile
from recommender.results import (
    CostTotal,
    CurrentOccupation,
    DutyExposure,
    ExposureMeasure,
    FirstStep,
    OccupationMatch,
    PlanStep,
    PortfolioTaskOut,
    RoleExposure,
    RolePlan,
    StandInOccupation,
    Suggestion,
    TaskChange,
)

log = logging.getLogger(__name__)

# Phrases from these résumé sections say nothing about the job a person does.
NOT_WORK = frozenset({"skills", "education", "languages", "hobbies", "certifications"})
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:present|now|current|sekarang)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HEAD = re.compile(r"\s(?:di|pada|at|in|for|with|dengan|untuk)\s|\s*[,(@|–—]\s*|\s-\s|\d", re.IGNORECASE)
TITLE_WORDS = 3  # a phrase of up to this many words is read as a job title, longer as a duty
DUTY_MATCH = 0.30  # least cosine between a duty and an O*NET task for the task's label to apply
HIGH, LOW = 67, 33  # percentiles: top third and bottom third of occupations
MAX_CHANGES = 5  # task changes shown per stand-in occupation, newest first


@dataclass(frozen=True)
class _Candidate:
    phrase: Phrase
    text: str  # what is matched: the phrase, or its whole line when that line is a job line
    title: bool  # read as a job title (the opening phrase, a dated job line); else a duty


def _at_most_words(text: str, limit: int) -> bool:
    """Whether `text` has at most `limit` words, reading no further than word `limit + 1`.

    Counting every word of the line was most of the cost of finding a job in running text: a
    paragraph of 500 words was counted in full once for each of its ~100 phrases.
    """
    return sum(1 for _ in islice(_WORD.finditer(text), limit + 1)) <= limit


def _line_of(text: str, start: int) -> str:
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin : end if end >= 0 else len(text)].strip()


_SENTENCE_END = re.compile(r"[.!?;]\s+")
JOB_LINE_WORDS = 25  # a longer line is running text: its sentence stands for it, or the phrase


def _context_of(text: str, phrase: Phrase) -> str:
    """The line a phrase sits on; in running text (a long line) the sentence holding it instead.

    A job line ("Reporter, Kompas, 2015-2023") is short. A paragraph with a year somewhere in it
    is not one, and matching all of it against every O*NET title cost ~3 ms per phrase.
    """
    line = _line_of(text, phrase.start)
    if _at_most_words(line, JOB_LINE_WORDS):
        return line
    begin = text.rfind("\n", 0, phrase.start) + 1
    for boundary in _SENTENCE_END.finditer(text, begin, phrase.start):
        begin = boundary.end()
    stop = _SENTENCE_END.search(text, phrase.start)
    end = stop.start() + 1 if stop else len(text)
    newline = text.find("\n", phrase.start)
    if 0 <= newline < end:
        end = newline
    sentence = text[begin:end].strip()
    return sentence if _at_most_words(sentence, JOB_LINE_WORDS) else phrase.text


def work_phrases(profile: Profile) -> list[_Candidate]:
    """Phrases that can say what job a person does: job titles and duty lines, never a skill list.

    Items of a skill list and phrases from skills, education, language or hobby sections are left
    out. A short phrase (a title) counts only when it opens the text or sits on a dated job line;
    a longer phrase (a duty) counts wherever it is.
    """
    out: list[_Candidate] = []
    first = True
    for phrase in profile.phrases:
        if phrase.origin != "text" or (phrase.section in NOT_WORK):
            continue
        line = _context_of(profile.text, phrase) if profile.text else phrase.text
        dated = phrase.job_line or bool(_DATE.search(line))
        if _at_most_words(phrase.text, TITLE_WORDS) and not (first or dated):
            first = False
            continue
        text = line if dated else phrase.text
        out.append(_Candidate(phrase, text, first or dated))
        # "Perawat di rumah sakit swasta": the words before "di"/"at"/a comma name the job itself.
        head = _HEAD.split(text, maxsplit=1)[0].strip()
        if (first or dated) and head and head != text:
            out.append(_Candidate(phrase, head, True))
        first = False
    return out


# Occupation finding compares every candidate with every O*NET title and task, so its cost grows
# with the candidates: a 500-word résumé took 2.3 s with all of them, 42 ms without finding at all
# (2026-12-03). A job shows in its titles and first duties; later duty lines add support only.
MAX_DUTIES = 12
MAX_TITLES = 8


def bounded(candidates: list[_Candidate]) -> list[_Candidate]:
    """The first MAX_TITLES title candidates and the first MAX_DUTIES duties, in their order."""
    titles = duties = 0
    out = []
    for candidate in candidates:
        if candidate.title and titles < MAX_TITLES:
            titles += 1
            out.append(candidate)
        elif not candidate.title and duties < MAX_DUTIES:
            duties += 1
            out.append(candidate)
    return out


_SOURCES = {
    "eloundou": "Eloundou, Manning, Mishkin & Rock, 'GPTs are GPTs', Science 384 (2024); arXiv 2303.10130",
    "aioe": "Felten, Raj & Seamans (2023), 'How will language modelers like ChatGPT affect occupations "
    "and industries?'; AIOE data (github.com/AIOE-Data/AIOE)",
    "microsoft": "Tomlinson, Jaffe, Wang, Counts & Suri (2025), 'Working with AI', arXiv 2507.07935",
}


def _measure(
    measure: str,
    value: float,
    percentile: int | None,
    source: str,
    year: int,
    language: Language,
    note: str = "",
) -> ExposureMeasure:
    """One measure with its name, scale and licence in `language`; the citation stays as published."""
    return ExposureMeasure(
        measure=measure,
        name=message(f"measure.{measure}.name", language),
        value=value,
        scale=message(f"measure.{measure}.scale", language),
        percentile=percentile,
        source=_SOURCES[source],
        year=year,
        licence=message(f"measure.licence.{source}", language),
        note=note,
    )


def _measures(occ: Occupation, language: Language = "en") -> list[ExposureMeasure]:
    out = []
    if occ.gpt4_beta is not None:
        out.append(_measure("gpt4_beta", occ.gpt4_beta, occ.gpt4_beta_pct, "eloundou", 2023, language))
    if occ.human_beta is not None:
        out.append(_measure("human_beta", occ.human_beta, occ.human_beta_pct, "eloundou", 2023, language))
    if occ.aioe_lm is not None:
        note = (
            ""
            if occ.aioe_soc2010 == occ.soc
            else message("measure.note.soc2010", language, code=occ.aioe_soc2010, title=occ.aioe_title)
        )
        out.append(
            _measure("aioe_language_modeling", occ.aioe_lm, occ.aioe_lm_pct, "aioe", 2023, language, note)
        )
    if occ.ms_applicability is not None:
        note = "" if occ.code.endswith(".00") else message("measure.note.whole_soc", language, code=occ.soc)
        out.append(
            _measure(
                "ms_ai_applicability",
                occ.ms_applicability,
                occ.ms_applicability_pct,
                "microsoft",
                2025,
                language,
                note,
            )
        )
    return out


def ordinal(n: int) -> str:
    """1 -> "1st", 22 -> "22nd", 93 -> "93rd", 11 -> "11th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def disagreement(measures: list[ExposureMeasure], language: Language = "en") -> str | None:
    """Say in words when one measure puts the occupation in the top third and another in the bottom."""
    ranked = [m for m in measures if m.percentile is not None]
    high = [m for m in ranked if m.percentile is not None and m.percentile >= HIGH]
    low = [m for m in ranked if m.percentile is not None and m.percentile <= LOW]
    if not (high and low):
        return None
    h = max(high, key=lambda m: m.percentile or 0)
    lo = min(low, key=lambda m: m.percentile or 0)
    rank = ordinal if language == "en" else str
    return message(
        "exposure.disagreement",
        language,
        high=h.name,
        high_rank=rank(h.percentile or 0),
        low=lo.name,
        low_rank=rank(lo.percentile or 0),
    )


def _confidence(score: float, runner_up: float) -> float:
    """0-1 from the combined score and the margin over the next occupation (see docs/exposure.md)."""
    level = min(1.0, max(0.0, (score - MIN_SCORE) / 0.25))
    margin = min(1.0, max(0.0, (score - runner_up) / 0.05))
    return round(0.7 * level + 0.3 * margin, 2)


# Finders by (tables version, encoder name): building one takes seconds, so engines share them.
_FINDERS: dict[tuple[str, str], OccupationFinder] = {}


class ExposureContext:
    """Everything the exposure fields need, loaded once per process."""

    def __init__(
        self,
        catalog: Catalog,
        encoder: Encoder,
        tables_dir: Path | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.tables: ExposureTables = load_tables(tables_dir)
        self.catalog = catalog
        self.encoder = encoder
        key = (self.tables.version, encoder.name)
        if key not in _FINDERS:
            _FINDERS[key] = OccupationFinder(self.tables, encoder, cache_dir)
        self.finder = _FINDERS[key]

    # The current job ---------------------------------------------------------------------------

    def current_occupation(self, profile: Profile, language: Language = "en") -> CurrentOccupation:
        """The closest O*NET occupations to the person's job and its exposure, written in `language`."""
        meaning = message("exposure.meaning", language)
        candidates = bounded(work_phrases(profile))
        if not candidates:
            return CurrentOccupation(
                status="not found", reason=message("exposure.no_job_line", language), meaning=meaning
            )
        combined, _, _, _ = self.finder.score([c.text for c in candidates])
        # A job title says more about the job than any one duty: duties only add support.
        is_title = np.asarray([c.title for c in candidates])
        best = combined.max(axis=0)
        titles = combined[is_title].max(axis=0) if is_title.any() else np.zeros_like(best)
        duties = combined[~is_title].max(axis=0) if (~is_title).any() else np.zeros_like(best)
        totals = np.where(is_title.any(), titles + 0.5 * duties, duties)
        order = np.argsort(-totals, kind="stable")[:3]
        if best[order[0]] < MIN_SCORE:
            return CurrentOccupation(
                status="not found", reason=message("exposure.no_close_occupation", language), meaning=meaning
            )
        matches = []
        for rank, j in enumerate(order):
            if best[j] < MIN_SCORE:
                break
            code = self.finder.codes[j]
            occ = self.tables.occupations[code]
            runner = totals[order[rank + 1]] if rank + 1 < len(order) else totals[j] - 0.05
            matches.append(
                OccupationMatch(
                    code=code,
                    title=occ.title,
                    isco=occ.isco or None,
                    isco_label=occ.esco_label or None,
                    confidence=_confidence(float(totals[j]), float(runner)) if rank == 0 else None,
                    score=round(float(totals[j]), 3),
                    evidence=candidates[_evidence_row(combined[:, j], is_title)].phrase.text,
                )
            )
        top = self.tables.occupations[matches[0].code]
        measures = _measures(top, language)
        most, least = self.duties(candidates, top.code)
        return CurrentOccupation(
            status="found",
            occupations=matches,
            measures=measures,
            disagreement=disagreement(measures, language),
            most_exposed_duties=most,
            least_exposed_duties=least,
            meaning=meaning,
        )

    def duties(
        self, candidates: list[_Candidate], code: str
    ) -> tuple[list[DutyExposure], list[DutyExposure]]:
        """The person's own duty phrases, each matched to the occupation's closest O*NET task."""
        tasks: tuple[Task, ...] = self.tables.tasks.get(code, ())
        duties = [c.phrase for c in candidates if not c.title]
        if not tasks or not duties:
            return [], []
        task_vectors = self.encoder.encode([t.text for t in tasks]).T
        # The person's words and their word-by-word English (O*NET tasks are English): the closer counts.
        english = [to_english(d.text, self.tables.lexicon, self.tables.capitals_only) for d in duties]
        sims = np.maximum(
            self.encoder.encode([d.text for d in duties]) @ task_vectors,
            self.encoder.encode(english) @ task_vectors,
        )
        rated: list[DutyExposure] = []
        for i, duty in enumerate(duties):
            j = int(np.argmax(sims[i]))
            if sims[i, j] < DUTY_MATCH:
                continue
            task = tasks[j]
            rated.append(
                DutyExposure(
                    duty=duty.text,
                    task=task.text,
                    task_id=task.task_id,
                    human_label=task.human,
                    gpt4_label=task.gpt4,
                    exposure=task.exposure,
                    similarity=round(float(sims[i, j]), 3),
                )
            )
        rated.sort(key=lambda d: (-d.exposure, -d.similarity))
        most = [d for d in rated if d.exposure > 0][:3]
        least = sorted((d for d in rated if d not in most), key=lambda d: (d.exposure, -d.similarity))[:3]
        return most, least

    # The target roles --------------------------------------------------------------------------

    def role_exposure(self, text: RoleText) -> RoleExposure:
        stand_ins = []
        for code in text.role.stand_in_occupations:
            occ = self.tables.occupations.get(code)
            if occ is None:
                continue
            changes = sorted(self.tables.emerging.get(code, ()), key=lambda t: t.date, reverse=True)
            stand_ins.append(
                StandInOccupation(
                    code=code,
                    title=occ.title,
                    measures=_measures(occ, text.language),
                    changes=[_change(t) for t in changes[:MAX_CHANGES]],
                )
            )
        return RoleExposure(
            stand_ins=stand_ins,
            note=message("exposure.stand_in_note", text.language),
            changes_note=message("exposure.changes_note", text.language),
        )

    def plan(self, text: RoleText, suggestion: Suggestion) -> RolePlan:
        """The suggestion's gaps in order, each with the first step its card shows, hours and cost.

        A prerequisite (a clinical licence, professional programming) has no short step: it is
        listed with what the role asks, and counts as neither known nor unknown hours.
        """
        steps: list[PlanStep] = []
        seen: set[str] = set()
        for gap in suggestion.skill_gaps:
            if gap.first_step is None:
                continue
            repeat = gap.first_step.title in seen
            seen.add(gap.first_step.title)
            steps.append(_step(gap.skill, gap.first_step, text, repeat))
        unique = [s for s in steps if not s.same_step_as_above]
        hours = sum(s.hours for s in unique if s.hours is not None)
        money: dict[str, float] = defaultdict(float)
        for s in unique:
            if s.cost_amount is not None and s.cost_currency:
                money[s.cost_currency] += s.cost_amount
        portfolio = text.portfolio_texts()
        return RolePlan(
            steps=steps,
            total_hours_known=round(hours, 1),
            steps_with_unknown_hours=sum(1 for s in unique if s.hours is None),
            total_cost_known=[CostTotal(currency=c, amount=round(a, 2)) for c, a in sorted(money.items())],
            steps_with_unknown_cost=sum(1 for s in unique if s.cost_amount is None),
            prerequisites=[g.skill for g in suggestion.skill_gaps if g.prerequisite],
            portfolio_task=PortfolioTaskOut(
                title=portfolio[0], description=portfolio[1], done_when=list(portfolio[2:])
            )
            if portfolio
            else None,
        )

    def annotate(
        self, suggestions: list[Suggestion], language: Language = "en", region: Region | None = None
    ) -> list[Suggestion]:
        """Suggestions with `exposure` and `plan` filled in, in the same order, written in `language`
        (the plan's steps are the cards' first steps, `region`'s options included)."""
        out = []
        for s in suggestions:
            role = self.catalog.get(s.role_id)
            if role is None:
                out.append(s)
                continue
            text = RoleText.of(self.catalog, role, language, region)
            out.append(
                s.model_copy(update={"exposure": self.role_exposure(text), "plan": self.plan(text, s)})
            )
        return out


def _change(task: EmergingTask) -> TaskChange:
    category: Literal["New", "Revision"] = "Revision" if task.category == "Revision" else "New"
    return TaskChange(task=task.task, category=category, date=task.date, reported_by=task.reported_by)


def _evidence_row(scores: np.ndarray, is_title: np.ndarray) -> int:
    """The phrase quoted as evidence: the best-matching job title if one supports it, else the best duty."""
    if is_title.any() and scores[is_title].max() >= MIN_SCORE:
        return int(np.flatnonzero(is_title)[np.argmax(scores[is_title])])
    return int(np.argmax(scores))


def _catalog_path(text: RoleText, step: FirstStep) -> EntryPath | None:
    """The catalog entry path a card's first step shows; None for a local option (no hours or cost known)."""
    for path in text.role.entry_paths:
        if path.url == step.url and text.entry_path_title(path.title) == step.title:
            return path
    return None


def _cost(cost: Cost | None, text: RoleText) -> str:
    if cost is None:
        return message("plan.cost.unknown", text.language)
    return cost.describe(free=message("plan.cost.free", text.language), note=text.cost_note(cost.note))


def _credential(path: EntryPath | None, language: Language) -> str:
    if path is None or not path.credential:
        return message("plan.credential.unknown", language)
    if path.credential == "none":
        return message("plan.credential.none", language)
    return path.credential  # a certificate's own name


def _step(gap: str, first: FirstStep, text: RoleText, repeat: bool) -> PlanStep:
    path = _catalog_path(text, first)
    cost = path.cost if path else None
    paid = cost is not None and not cost.free
    return PlanStep(
        gap=gap,
        step=first.title,
        kind=first.kind,
        url=first.url,
        hours=path.hours if path else None,
        hours_basis=path.hours_basis if path else None,
        hours_note=text.hours_note(path.hours_note) or None if path else None,
        cost=_cost(cost, text),
        cost_amount=cost.amount if paid and cost else (0.0 if cost else None),
        cost_currency=cost.currency if paid and cost else None,
        credential=_credential(path, text.language),
        same_step_as_above=repeat,
    )
