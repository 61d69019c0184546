"""Reasons and gaps: why a role fits, in the person's own words, and what is missing.

Every piece of evidence is a phrase the profile builder cut verbatim from the
input, so a reason can never claim a skill the person did not write.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.catalog import Role
from recommender.i18n import Language, message
from recommender.i18n.roles import (
    LOCAL_LANGUAGE,
    RoleText,
    fluency_language,
    language_name,
    vocabulary_names_id,
)
from recommender.match.index import RoleIndex
from recommender.match.pairs import ProfilePairs
from recommender.match.ranking import LANGUAGE_EVIDENCE, NO_PHRASE, RoleScores
from recommender.profile.skills import Phrase, Profile
from recommender.results import FirstStep, ScoreBreakdown, SkillGap, Suggestion, TransferableSkill

CLEAR_MATCH = 0.6  # calibrated coverage from which we say "matches"
RELATED = 0.3  # from which we say "is related to"
GAP_BELOW = 0.5  # a skill covered less than this is a gap
BACKGROUND_MATCH = 0.8  # a background claim needs a close match: a wrong one misleads
MAX_GAPS = 5
MAX_TRANSFERABLE = 8


@dataclass(frozen=True)
class Evidence:
    """A verbatim span and the label to show for it."""

    label: str
    text: str
    years: float | None = None
    line: str | None = None
    written: bool = False  # the profile is written in the language: its words are no quote of a skill
    start: int = 0


def language_evidence(profile: Profile) -> Evidence | None:
    """Verbatim proof that the person uses a language other than English."""
    for phrase in profile.language_evidence:
        if phrase.canonical:
            return Evidence(
                phrase.canonical, phrase.text, written=phrase.origin == "written", start=phrase.start
            )
    return None


def language_row(profile: Profile, row_phrase: np.ndarray, evidence: Evidence | None) -> int | None:
    """The embedded row of the phrase that names the language, so the pair can be judged like any other."""
    if evidence is None or evidence.written:
        return None
    for i, phrase in enumerate(profile.phrases):
        if phrase.text == evidence.text and (phrase.origin == "skills" or phrase.start == evidence.start):
            rows = np.flatnonzero(row_phrase == i)
            return int(rows[0]) if len(rows) else None
    return None


def judged_row(scores: RoleScores, skill: int, lang_row: int | None) -> int | None:
    """The embedded row the pair judge weighs for a skill's evidence: the closest phrase's row, for
    language evidence the row of the phrase naming the language, None when no phrase stands for it."""
    row = int(scores.skill_phrase[skill])
    if row == LANGUAGE_EVIDENCE:
        return lang_row
    return row if row >= 0 else None


SKILL_LIKE = 0.5  # a phrase this close to some role skill is reported as one of the person's skills
STRONG_SKILL_LIKE = 0.8  # the same, for phrases longer than LONG_PHRASE_WORDS
LONG_PHRASE_WORDS = 8
# Résumé sections whose lines are not skills: languages are reported in `profile.languages`.
NOT_SKILL_SECTIONS = frozenset({"languages", "education", "hobbies", "header"})


def skill_phrases(profile: Profile, scores: RoleScores, row_phrase: np.ndarray) -> list[Phrase]:
    """The phrases that name skills: listed skills, known vocabulary skills, and phrases close to a role skill.

    Job titles, employers, dates, education, languages and hobbies fall out
    here; they stay in the profile (a title is a background the matching uses)
    but are not reported as skills.
    """
    best = np.zeros(len(profile.phrases))
    np.maximum.at(best, row_phrase, scores.row_skill_match)
    return [
        phrase
        for i, phrase in enumerate(profile.phrases)
        if phrase.origin == "skills"
        or (
            not phrase.job_line
            and phrase.section not in NOT_SKILL_SECTIONS
            and (
                best[i] >= _skill_like(phrase)
                or phrase.canonical is not None
                or (bool(phrase.mentions) and len(phrase.text.split()) <= LONG_PHRASE_WORDS)
            )
        )
    ]


def _skill_like(phrase: Phrase) -> float:
    """A long sentence ("Nurse with 10 years of acute care...") is a skill only if it matches one closely."""
    return STRONG_SKILL_LIKE if len(phrase.text.split()) > LONG_PHRASE_WORDS else SKILL_LIKE


def profile_skill_names(phrases: list[Phrase], language: Language = "en") -> list[str]:
    """Distinct display names, in order of appearance: a phrase's canonical name, its own words, what it mentions."""
    names: dict[str, None] = {}
    for phrase in phrases:
        names.setdefault(skill_label(phrase.label, language), None)
        for mention in phrase.mentions:
            names.setdefault(skill_label(mention, language), None)
    return list(names)


def skill_label(label: str, language: Language) -> str:
    """A person's skill as the reader's language names it.

    Vocabulary names ("editing") and the engine's "fluency in X" are the
    engine's words and are translated; anything else is the person's own
    phrase and stays exactly as written.
    """
    if language == "en":
        return label
    code = fluency_language(label)
    if code is not None:
        return message("skill.fluency", language, language=language_name(code, language))
    return vocabulary_names_id().get(label, label)


def explain(
    role_idx: int,
    role: Role,
    index: RoleIndex,
    scores: RoleScores,
    profile: Profile,
    row_phrase: np.ndarray,
    phrase_vectors: np.ndarray,
    text: RoleText | None = None,
    pairs: ProfilePairs | None = None,
) -> Suggestion:
    """Build the suggestion for one role: score, reasons, transferable skills, gaps.

    `row_phrase` maps each embedded row to its phrase; `phrase_vectors` are those rows.
    `text` gives the role's words in the response's language (default: the English catalog);
    evidence is always quoted as the person wrote it. `pairs` judges each (phrase, requirement) pair:
    one it does not find sound is neither a transferable skill nor a reason (the score still counts it).
    """
    text = text or RoleText(role, "en")
    skills = [int(s) for s in index.role_skills[role_idx]]
    lang = language_evidence(profile)

    def evidence_for(s: int) -> Evidence | None:
        row = int(scores.skill_phrase[s])
        if row == LANGUAGE_EVIDENCE:
            return lang
        if row == NO_PHRASE:
            return None
        phrase = profile.phrases[int(row_phrase[row])]
        return Evidence(phrase.label, phrase.text, phrase.years, _line_of(profile, phrase))

    ranked = sorted(skills, key=lambda s: -index.skill_weight[s] * float(scores.skill_coverage[s]))
    lang_row = language_row(profile, row_phrase, lang)
    transferable: list[TransferableSkill] = []
    matched: list[tuple[int, Evidence]] = []
    written: list[int] = []  # language skills met by the language the profile is written in
    held_back = 0  # pairs close enough to count in the score, but not sound enough to quote
    for s in ranked:
        if scores.skill_coverage[s] < RELATED:
            continue
        evidence = evidence_for(s)
        if evidence is None:
            continue
        if scores.skill_phrase[s] == LANGUAGE_EVIDENCE and evidence.written:
            written.append(s)
            continue
        row = judged_row(scores, s, lang_row)
        if pairs is not None and (row is None or not pairs.accept(s, row)):
            held_back += 1
            continue
        matched.append((s, evidence))
        if len(transferable) < MAX_TRANSFERABLE:
            transferable.append(
                TransferableSkill(
                    skill=skill_label(evidence.label, text.language),
                    evidence=evidence.text,
                    years=evidence.years,
                    line=evidence.line,
                    matches=text.skill(index.skill_name[s]),
                    similarity=round(float(scores.skill_cosine[s]), 3)
                    if scores.skill_phrase[s] != LANGUAGE_EVIDENCE
                    else 1.0,
                )
            )

    written_in = None
    if written and lang is not None:
        code = fluency_language(lang.label)
        written_in = message(
            "reason.written_in",
            text.language,
            language=language_name(code, text.language) if code else lang.label,
            requirement=text.skill(index.skill_name[written[0]]),
        )
    reasons = _reasons(
        role_idx, text, index, scores, profile, row_phrase, phrase_vectors, matched, held_back, written_in
    )
    gaps = _gaps(role_idx, text, index, scores, skills)
    return Suggestion(
        role_id=role.id,
        title=text.title,
        score=round(float(scores.score[role_idx]), 4),
        reasons=reasons,
        transferable_skills=transferable,
        skill_gaps=gaps,
        breakdown=ScoreBreakdown(
            required_coverage=round(float(scores.required[role_idx]), 3),
            nice_to_have_coverage=round(float(scores.nice[role_idx]), 3),
            profile_use=round(float(scores.precision[role_idx]), 3),
            background=round(float(scores.background[role_idx]), 3),
            whole_profile=round(float(scores.document[role_idx]), 3),
            word_overlap=round(float(scores.lexical[role_idx]), 3),
            prerequisites_met=bool(scores.gate[role_idx] >= 1.0),
        ),
    )


def _reasons(
    role_idx: int,
    text: RoleText,
    index: RoleIndex,
    scores: RoleScores,
    profile: Profile,
    row_phrase: np.ndarray,
    phrase_vectors: np.ndarray,
    matched: list[tuple[int, Evidence]],
    held_back: int = 0,
    written_in: str | None = None,
) -> list[str]:
    reasons: list[str] = []
    used_evidence: set[str] = set()
    # Prefer distinct pieces of evidence, so two reasons do not quote the same words.
    for prefer_new in (True, False):
        for s, evidence in matched:
            if len(reasons) >= 3:
                break
            if prefer_new and evidence.text in used_evidence:
                continue
            requirement = text.skill(index.skill_name[s])
            sentence = _skill_reason(evidence, requirement, float(scores.skill_coverage[s]), text.language)
            if sentence not in reasons:
                reasons.append(sentence)
                used_evidence.add(evidence.text)
    if written_in is not None and len(reasons) < 3:
        reasons.append(written_in)
    if scores.background[role_idx] >= BACKGROUND_MATCH:
        row = int(scores.background_phrase[role_idx])
        phrase = profile.phrases[int(row_phrase[row])]
        group = index.background_groups[role_idx]
        closest = index.vectors[group.start : group.stop] @ phrase_vectors[row]
        title = index.texts[group.start + int(closest.argmax())]
        reasons.append(
            message(
                "reason.background", text.language, evidence=phrase.text, background=text.background(title)
            )
        )
    if len(reasons) < 2:
        task = text.tasks[0].rstrip(".")
        # English lower-cases the whole task (as it always has); Indonesian only its first letter,
        # so names in it ("Bahasa Indonesia", "Excel") keep their capitals.
        task = task.lower() if text.language == "en" else task[:1].lower() + task[1:]
        # "Few of your skills match" would be untrue when the judge only held back pairs it found unclear.
        key = "reason.whole_profile_close" if held_back else "reason.whole_profile"
        reasons.append(message(key, text.language, title=text.title, task=task))
    return reasons


def _line_of(profile: Profile, phrase: Phrase) -> str | None:
    """The whole line of the (redacted) text a phrase came from; None for items of a skill list."""
    if phrase.origin != "text":
        return None
    text = profile.text
    start = text.rfind("\n", 0, phrase.start) + 1
    end = text.find("\n", phrase.start)
    return text[start : end if end >= 0 else len(text)].strip()


def _skill_reason(evidence: Evidence, requirement: str, coverage: float, language: Language) -> str:
    code = fluency_language(evidence.label)
    if code is not None:
        return message(
            "reason.language",
            language,
            language=language_name(code, language),
            evidence=evidence.text,
            requirement=requirement,
        )
    key = "reason.matches" if coverage >= CLEAR_MATCH else "reason.related"
    return message(key, language, evidence=evidence.text, requirement=requirement)


def _gaps(
    role_idx: int, text: RoleText, index: RoleIndex, scores: RoleScores, skills: list[int]
) -> list[SkillGap]:
    gaps: list[SkillGap] = []
    for p, r in enumerate(index.prereq_role):
        if r == role_idx and not scores.prereq_met[p]:
            name, _ = text.prerequisite(index.prereq_name[p])
            gaps.append(SkillGap(skill=name, importance=1.0, required=True, prerequisite=True))
    # Rank the missing skills first, then describe only those that make the list.
    missing = []
    for s, coverage in zip(skills, scores.skill_coverage[skills].tolist(), strict=True):
        if coverage < GAP_BELOW:
            share = 1.0 if index.skill_required[s] else 0.5
            missing.append((round(share * index.skill_weight[s] * (1.0 - coverage), 3), s))
    missing.sort(key=lambda m: -m[0])
    for importance, s in missing[: max(0, MAX_GAPS - len(gaps))]:
        gaps.append(
            SkillGap(
                skill=text.skill(index.skill_name[s]),
                importance=importance,
                required=index.skill_required[s],
                first_step=first_step(text, index.skill_name[s]),
            )
        )
    return gaps[:MAX_GAPS]


def first_step(text: RoleText, skill: str) -> FirstStep:
    """The first step towards `skill`: a local option when the team knows one, else the catalog's own.

    In a language other than English, a catalog step says that its material is in English.
    """
    local = text.local_step(skill)
    if local is not None:
        return FirstStep(
            kind=local.kind,
            title=local.title,
            url=local.url,
            language=LOCAL_LANGUAGE,
            note=message("step.local", text.language, checked=local.checked),
            source=local.source,
            checked=local.checked,
        )
    step = text.role.first_step(skill)
    return FirstStep(
        kind=step.kind,
        title=text.entry_path_title(step.title),
        url=step.url,
        note=None if text.language == "en" else message("step.material_in_english", text.language),
    )
