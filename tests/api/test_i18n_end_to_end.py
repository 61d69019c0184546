"""Bahasa Indonesia end to end, through the real app and the real model: what an Indonesian job seeker reads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from recommender.catalog import Catalog
from recommender.errors import ProfileError
from recommender.evaluate.resumes import load_resumes, render
from recommender.i18n.roles import vocabulary_names_id
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest

from ..conftest import SHARED
from ..test_i18n import english_words

EDITOR = (
    "Editor di penerbit buku selama 6 tahun.\n"
    "- Menyunting naskah fiksi dan nonfiksi sesuai PUEBI\n"
    "- Memverifikasi fakta dan sumber kutipan sebelum naskah dicetak\n"
    "- Menulis artikel untuk blog penerbit dan mengelola media sosial\n"
    "- Membimbing penulis baru merevisi draf"
)
JOURNALIST_EN = (
    "Recent journalism graduate. Reported and edited news stories for the campus daily, fact-checked long "
    "features for a regional magazine, AP style, interviewing sources, public-records research."
)
INDONESIAN_RESUMES = [r for r in load_resumes() if r["lang"] == "id"]
ENGLISH_PROFILES = [
    JOURNALIST_EN,
    "Registered nurse, 9 years on a cardiac ward. Patient assessment, care plans, discharge teaching.",
    "Backend developer: Java, Spring Boot, microservices, MySQL, Kubernetes, code review",
    "Paralegal, 6 years: contract review, legal research, Westlaw, drafting memos",
    "Customer support representative, 5 years. Zendesk tickets, escalations, wrote help-center articles.",
    "Graphic designer: Adobe Photoshop, Illustrator, brand identity, social media visuals",
    "Accountant, audits and financial statements, Excel models, tax returns",
    "High-school math teacher, 10 years, writing exams and grading, calculus and statistics",
    "Translator English-Spanish, localisation of software, SDL Trados, subtitling",
    "Data entry clerk, 3 years, accurate typing, spreadsheets, invoice processing",
]


def post(client: TestClient, body: dict[str, Any], **kwargs: Any) -> Any:
    return client.post("/v1/recommendations", json=body, **kwargs)


def ranking(body: dict[str, Any]) -> list[tuple[str, float]]:
    return [(s["role_id"], s["score"]) for s in body["suggestions"]]


SKILL_REASON = re.compile(
    r"^Pengalaman Anda '(?P<evidence>.+)' (?:sesuai dengan|berkaitan dengan) kebutuhan '(?P<requirement>.+)'$"
)


def english_only_texts(catalog: Catalog) -> set[str]:
    """Every catalog text whose Indonesian differs from the English: seeing one means a field slipped."""
    out: set[str] = set()
    for role in catalog:
        translation = catalog.translation(role.id, "id")
        assert translation is not None
        pairs = [
            (role.title, translation.title),
            *translation.tasks.items(),
            *translation.skills.items(),
            *translation.backgrounds.items(),
            *translation.entry_paths.items(),
            *((name, p.name) for name, p in translation.prerequisites.items()),
            *translation.portfolio_task.items(),
            *translation.hours_notes.items(),
            *translation.cost_notes.items(),
        ]
        out |= {en for en, id_ in pairs if en != id_}
    out |= {en for en, id_ in vocabulary_names_id().items() if en.lower() != id_.lower()}
    return out


def english_leaks(body: dict[str, Any], sources: list[str], english_only: set[str]) -> list[str]:
    """Fields of an Indonesian response still in English, apart from the person's own words and names."""

    def own_words(text: str) -> bool:
        return any(text in source for source in sources)

    def strip_quotes(text: str) -> str:
        return re.sub(r"'([^']*)'", lambda m: "" if own_words(m.group(1)) else m.group(0), text)

    leaks: list[str] = []

    def check(text: str, *, may_be_own: bool = False) -> None:
        if may_be_own and own_words(text):
            return
        if text in english_only or english_words(strip_quotes(text)):
            leaks.append(text)

    for suggestion in body["suggestions"]:
        check(suggestion["title"])
        for reason in suggestion["reasons"]:
            check(reason)
        for item in suggestion["transferable_skills"]:
            check(item["skill"], may_be_own=True)
            check(item["matches"])
        for gap in suggestion["skill_gaps"]:
            check(gap["skill"])
            if gap["first_step"]:
                check(gap["first_step"]["title"])
                check(gap["first_step"]["note"])
        check_context(suggestion, check)
    for skill in body["profile"]["skills"]:
        check(skill, may_be_own=True)
    occupation = body["profile"].get("occupation")
    if occupation:
        for text in (occupation["reason"], occupation["meaning"], occupation["disagreement"]):
            if text:
                check(text)
        check_measures(occupation["measures"], check)
    return leaks


LICENCE_ID = re.compile(r"\bCC BY(?:-[A-Z]+)* \d\.\d\b")


def check_measures(measures: list[dict[str, Any]], check: Any) -> None:
    """The team's words around a published measure; the citation itself stays as published, and a
    licence's identifier ("CC BY 4.0") is a name."""
    for measure in measures:
        for key in ("name", "scale", "licence", "note"):
            if measure[key]:
                check(LICENCE_ID.sub("", measure[key]))


def check_context(suggestion: dict[str, Any], check: Any) -> None:
    """Exposure and plan fields. O*NET occupation titles and task texts are quoted as published
    (the meaning text says so); a credential's own name ("University of Helsinki certificate") is a name."""
    exposure, plan = suggestion.get("exposure"), suggestion.get("plan")
    if exposure:
        check(exposure["note"])
        for stand_in in exposure["stand_ins"]:
            check_measures(stand_in["measures"], check)
    if plan:
        for step in plan["steps"]:
            check(step["gap"])
            check(step["step"])
            check(step["cost"])
            if step["hours_note"]:
                check(step["hours_note"])
            if step["credential"] in {"none", "unknown"}:
                check(step["credential"])
        for prerequisite in plan["prerequisites"]:
            check(prerequisite)
        task = plan["portfolio_task"]
        if task:
            for text in (task["title"], task["description"], *task["done_when"]):
                check(text)


# --- an Indonesian résumé ------------------------------------------------------------------------


def test_indonesian_resume_gets_indonesian_reasons_quoting_its_own_words(
    client: TestClient, catalog: Catalog
) -> None:
    response = post(client, {"text": EDITOR, "top_k": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["language"] == "id" and body["profile"]["languages"][0] == "id"
    top = body["suggestions"][0]
    assert top["role_id"] in {"ai-content-editor", "ai-fact-checker", "ai-writing-trainer"}
    assert top["title"] in {"Editor Konten AI", "Pemeriksa Fakta AI", "Pelatih Model AI untuk Penulisan"}
    reasons = [r for s in body["suggestions"] for r in s["reasons"]]
    assert any(r.startswith("Pengalaman Anda 'Menyunting naskah") for r in reasons), reasons
    for suggestion in body["suggestions"]:
        role = catalog.get(suggestion["role_id"])
        translation = catalog.translation(suggestion["role_id"], "id")
        assert role is not None and translation is not None
        for reason in suggestion["reasons"]:
            match = SKILL_REASON.match(reason)
            if match:  # the evidence is the person's own Indonesian words, the requirement the role's
                assert match["evidence"] in EDITOR, reason
                assert match["requirement"] in translation.skills.values(), reason
            else:
                assert reason.startswith(("Latar belakang Anda '", "Belum banyak", "Penguasaan ")), reason
    for suggestion in body["suggestions"]:
        for item in suggestion["transferable_skills"]:
            assert item["evidence"] in EDITOR
        for gap in suggestion["skill_gaps"]:
            assert gap["first_step"] is None or gap["first_step"]["note"]


def test_indonesian_pdf_resume_gets_indonesian_reasons_quoting_the_pdf(client: TestClient) -> None:
    resume = next(r for r in INDONESIAN_RESUMES if r["id"] == "r07")
    data, name = render(resume, "pdf-1col")
    response = client.post(
        "/v1/recommendations/upload", files={"file": (name, data, "application/pdf")}, data={"top_k": "3"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["language"] == "id"
    written = " ".join(" ".join([s["title"], *s["lines"]]) for s in resume["sections"])
    flat = re.sub(r"\s+", " ", written).lower()
    for suggestion in body["suggestions"]:
        assert any(r.startswith(("Pengalaman Anda '", "Penguasaan ")) for r in suggestion["reasons"])
        for item in suggestion["transferable_skills"]:
            # The PDF sets headings in capitals and wraps lines: compare the words.
            assert re.sub(r"\s+", " ", item["evidence"]).lower() in flat, item["evidence"]
    english = client.post(
        "/v1/recommendations/upload",
        files={"file": (name, data, "application/pdf")},
        data={"top_k": "3", "lang": "en"},
    ).json()
    assert english["language"] == "en" and ranking(english) == ranking(body)
    assert all(r.startswith(("Your ", "Few of your")) for s in english["suggestions"] for r in s["reasons"])


def test_lang_en_on_the_same_resume_gets_english_with_the_same_ranking(client: TestClient) -> None:
    indonesian = post(client, {"text": EDITOR, "top_k": 10}).json()
    english = post(client, {"text": EDITOR, "top_k": 10, "lang": "en"}).json()
    assert english["language"] == "en"
    assert ranking(english) == ranking(indonesian)
    assert english["suggestions"][0]["title"] in {
        "AI Content Editor",
        "AI Fact-Checker",
        "AI Writing Trainer",
    }
    assert any(r.startswith("Your 'Menyunting naskah") for s in english["suggestions"] for r in s["reasons"])
    # The evidence is the same words in both answers: only the sentences around it change.
    assert [[t["evidence"] for t in s["transferable_skills"]] for s in english["suggestions"]] == [
        [t["evidence"] for t in s["transferable_skills"]] for s in indonesian["suggestions"]
    ]


def test_accept_language_id_on_an_english_profile_gets_indonesian(client: TestClient) -> None:
    plain = post(client, {"text": JOURNALIST_EN, "top_k": 5}).json()
    asked = post(
        client, {"text": JOURNALIST_EN, "top_k": 5}, headers={"Accept-Language": "id-ID,id;q=0.9"}
    ).json()
    assert plain["language"] == "en" and asked["language"] == "id"
    assert ranking(asked) == ranking(plain)
    fact = next(s for s in asked["suggestions"] if s["role_id"] == "ai-fact-checker")
    assert fact["title"] == "Pemeriksa Fakta AI"
    assert any(r.startswith("Pengalaman Anda 'fact-checked") for r in fact["reasons"]), fact["reasons"]


def test_lang_in_the_body_or_query_wins_over_accept_language(client: TestClient) -> None:
    header = {"Accept-Language": "id"}
    assert post(client, {"text": JOURNALIST_EN, "lang": "en"}, headers=header).json()["language"] == "en"
    assert (
        post(client, {"text": JOURNALIST_EN}, headers=header, params={"lang": "en"}).json()["language"]
        == "en"
    )
    assert post(client, {"text": EDITOR}, params={"lang": "en"}).json()["language"] == "en"
    assert post(client, {"text": JOURNALIST_EN}, params={"lang": "id-ID"}).json()["language"] == "id"


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["body", "query", "upload"])
def test_an_unknown_lang_gets_a_clear_422_naming_the_supported_languages(
    client: TestClient, where: str
) -> None:
    if where == "body":
        response = post(client, {"text": EDITOR, "lang": "fr"})
    elif where == "query":
        response = post(client, {"text": EDITOR}, params={"lang": "klingon"})
    else:
        response = client.post(
            "/v1/recommendations/upload",
            files={"file": ("cv.txt", EDITOR.encode(), "text/plain")},
            data={"lang": "fr"},
        )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unsupported_language" and error["supported"] == ["en", "id"]
    assert "use one of: en, id" in error["message"]


def test_errors_come_back_in_indonesian_when_indonesian_was_asked(client: TestClient) -> None:
    empty = post(client, {"text": "   ", "lang": "id"})
    assert empty.status_code == 422
    error = empty.json()["error"]
    assert error["code"] == "invalid_profile" and error["language"] == "id"
    assert error["message"].startswith("Profil ini belum berisi keterampilan atau teks")

    invalid = post(client, {"text": EDITOR, "top_k": 99, "lang": "id"}).json()["error"]
    assert invalid["code"] == "validation_error" and invalid["message"].startswith("Permintaan tidak valid")
    assert invalid["details"] == [{"field": "top_k", "message": "harus paling besar 50"}]

    unknown = post(client, {"text": EDITOR, "colour": "red"}, headers={"Accept-Language": "id"}).json()[
        "error"
    ]
    assert "kolom tidak dikenal" in unknown["message"]

    role = client.get("/v1/roles/astronaut", params={"lang": "id"}).json()["error"]
    assert role == {
        "code": "role_not_found",
        "message": "Tidak ada peran dengan id 'astronaut'; daftar id ada di GET /v1/roles.",
        "language": "id",
    }
    bad_lang = post(client, {"text": EDITOR, "lang": "fr"}, headers={"Accept-Language": "id"}).json()["error"]
    assert bad_lang["message"].startswith("Bahasa 'fr' tidak tersedia")


def test_an_indonesian_profile_that_cannot_be_matched_is_told_so_in_indonesian(client: TestClient) -> None:
    long_text = "Saya bekerja sebagai guru dan penulis di Jakarta. " * 500
    error = post(client, {"text": long_text}).json()["error"]
    assert error["language"] == "id"
    assert error["message"] == "Permintaan tidak valid: text: terlalu panjang: paling banyak 20000 karakter"
    empty_skills = post(client, {"skills": ["  ", "..."]}).json()["error"]
    assert empty_skills["code"] == "invalid_profile" and "language" not in empty_skills  # nothing to tell by


def test_upload_errors_follow_the_asked_language(client: TestClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    response = client.post(
        "/v1/recommendations/upload", files={"file": ("cv.pdf", png, "application/pdf")}, data={"lang": "id"}
    )
    assert response.status_code == 415
    assert response.json()["error"]["message"].startswith("Berkas ini disebut PDF, tetapi isinya gambar PNG")


# --- the catalog -----------------------------------------------------------------------------------


def test_roles_come_back_translated_with_lang_id(client: TestClient, catalog: Catalog) -> None:
    english = client.get("/v1/roles").json()
    body = client.get("/v1/roles", params={"lang": "id"}).json()
    assert english["language"] == "en" and body["language"] == "id"
    assert [r["id"] for r in body["roles"]] == [r["id"] for r in english["roles"]]
    titles = {r["id"]: r["title"] for r in body["roles"]}
    assert titles["ai-fact-checker"] == "Pemeriksa Fakta AI" and titles["llm-evaluator"].startswith(
        "Evaluator LLM"
    )
    leaks = [
        text
        for role in body["roles"]
        for text in [
            role["title"],
            role["summary"],
            *role["tasks"],
            *(s["skill"] for s in role["required_skills"]),
        ]
        if english_words(text)
    ]
    assert not leaks
    one = client.get("/v1/roles/ai-data-analyst", headers={"Accept-Language": "id"}).json()
    local = [p for p in one["entry_paths"] if p["language"] == "id"]
    assert {p["url"] for p in local} >= {"https://www.prakerja.go.id", "https://www.dicoding.com"}
    assert all(p["source"].startswith("https://") and p["checked"] >= 2025 for p in local)
    assert one["pay"] == english["roles"][[r["id"] for r in english["roles"]].index("ai-data-analyst")]["pay"]
    assert "Belum ada angka gaji untuk Indonesia" in one["pay_note"]


def test_first_steps_prefer_an_indonesian_option_and_mark_english_material(client: TestClient) -> None:
    body = post(
        client, {"skills": ["Microsoft Excel", "laporan penjualan", "rekap data"], "lang": "id", "top_k": 10}
    ).json()
    steps = [g["first_step"] for s in body["suggestions"] for g in s["skill_gaps"] if g["first_step"]]
    assert steps
    for step in steps:
        if step["language"] == "id":
            assert step["source"] and step["checked"] and "Pilihan di Indonesia" in step["note"]
        else:
            assert step["note"].startswith("Materi berbahasa Inggris") and step["source"] is None


# --- no English left, and the ranking never moves ---------------------------------------------------


def test_twenty_indonesian_responses_have_no_english_left(client: TestClient, catalog: Catalog) -> None:
    english_only = english_only_texts(catalog)
    cases: list[tuple[dict[str, Any], list[str]]] = []
    for resume in INDONESIAN_RESUMES:
        text = "\n".join(line for s in resume["sections"] for line in [s["title"], *s["lines"]])
        cases.append(({"text": text, "top_k": 5}, [text]))
    for text in ENGLISH_PROFILES:
        cases.append(({"text": text, "top_k": 5, "lang": "id"}, [text]))
    assert len(cases) >= 20
    leaks: dict[int, list[str]] = {}
    for i, (request, sources) in enumerate(cases):
        body = post(client, request).json()
        assert body["language"] == "id"
        found = english_leaks(body, sources, english_only)
        if found:
            leaks[i] = found
    assert not leaks, json.dumps(leaks, ensure_ascii=False, indent=1)


def test_the_leak_check_catches_an_english_field(client: TestClient, catalog: Catalog) -> None:
    body = post(client, {"text": EDITOR, "top_k": 3}).json()
    body["suggestions"][0]["skill_gaps"][0]["skill"] = catalog.roles[0].required_skills[0].skill
    body["suggestions"][1]["reasons"][0] = "Your 'Menyunting naskah' matches the requirement 'editing'"
    assert len(english_leaks(body, [EDITOR], english_only_texts(catalog))) == 2


def test_the_leak_check_covers_the_plan_and_the_exposure_fields(client: TestClient, catalog: Catalog) -> None:
    body = post(client, {"text": EDITOR, "top_k": 3}).json()
    role = catalog.get(body["suggestions"][0]["role_id"])
    assert role is not None and role.portfolio_task is not None
    body["suggestions"][0]["plan"]["portfolio_task"]["title"] = role.portfolio_task.title
    body["suggestions"][0]["exposure"]["note"] = "Stand-ins: the nearest existing occupations"
    body["profile"]["occupation"]["meaning"] = "Exposure is not a forecast of job loss"
    assert len(english_leaks(body, [EDITOR], english_only_texts(catalog))) == 3


def _dev_profiles() -> list[dict[str, Any]]:
    path = SHARED / "eval" / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not here (../shared is the team's data folder); the ranking check runs on it")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same_ranking_in_both_languages(recommender: Recommender, requests: list[ProfileRequest]) -> None:
    english = recommender.recommend_many(
        [ProfileRequest(r.text, r.skills, language="en") for r in requests], 32
    )
    indonesian = recommender.recommend_many(
        [ProfileRequest(r.text, r.skills, language="id") for r in requests], 32
    )
    for en, id_ in zip(english, indonesian, strict=True):
        assert not isinstance(en, ProfileError) and not isinstance(id_, ProfileError)
        assert [(s.role_id, s.score) for s in en.suggestions] == [
            (s.role_id, s.score) for s in id_.suggestions
        ]


def test_output_language_never_changes_the_ranking_of_our_profiles(recommender: Recommender) -> None:
    texts = [EDITOR, *ENGLISH_PROFILES]
    texts += ["\n".join(line for s in r["sections"] for line in s["lines"]) for r in INDONESIAN_RESUMES]
    _same_ranking_in_both_languages(recommender, [ProfileRequest(text=t) for t in texts])


def test_output_language_never_changes_the_ranking_of_the_dev_set(recommender: Recommender) -> None:
    profiles = _dev_profiles()
    indonesian = [p for p in profiles if p.get("lang") == "id"]
    assert indonesian, "the dev set has Indonesian profiles"
    _same_ranking_in_both_languages(
        recommender, [ProfileRequest(text=p.get("text"), skills=p.get("skills")) for p in profiles]
    )


def test_cli_answers_in_indonesian_with_lang_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from recommender.cli import main

    code = main(
        [
            "--cache-dir",
            str(tmp_path),
            "recommend",
            "--skills",
            "copywriting; SEO; brand voice",
            "--lang",
            "id",
            "--top-k",
            "2",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Jawaban ditulis dalam: Bahasa Indonesia" in out and "Pengalaman Anda 'copywriting'" in out
    assert "perlu dikuasai" in out and "Your '" not in out
    with pytest.raises(SystemExit):
        main(["recommend", "--skills", "SEO", "--lang", "fr"])
    assert "use one of: en, id" in capsys.readouterr().err
    assert main(["roles", "--lang", "id"]) == 0
    roles = capsys.readouterr().out
    assert "32 peran" in roles and "Pemeriksa Fakta AI" in roles and "USD/jam" in roles


# --- region=ID: Indonesian paths for a reader who asked for English -----------------------------------

SPREADSHEETS = {"skills": ["Microsoft Excel", "sales reports", "data entry"], "top_k": 10}


def test_region_id_adds_indonesian_paths_to_an_english_answer_without_moving_the_ranking(
    client: TestClient,
) -> None:
    plain = post(client, SPREADSHEETS).json()
    local = post(client, {**SPREADSHEETS, "region": "ID"}).json()
    assert plain["language"] == local["language"] == "en" and local["region"] == "ID"
    assert plain["region"] is None
    assert ranking(local) == ranking(plain)
    steps = [g["first_step"] for s in local["suggestions"] for g in s["skill_gaps"] if g["first_step"]]
    indonesian = [s for s in steps if s["language"] == "id"]
    assert indonesian, "an Excel user's gaps include one an Indonesian programme closes"
    for step in indonesian:
        assert step["source"].startswith("https://") and step["checked"] >= 2025
        assert step["note"].startswith("An option in Indonesia")
    assert not any(
        g["first_step"] and g["first_step"]["language"] == "id"
        for s in plain["suggestions"]
        for g in s["skill_gaps"]
    )
    # The plan walks the same steps as the cards.
    for s in local["suggestions"]:
        cards = [g["first_step"]["url"] for g in s["skill_gaps"] if g["first_step"]]
        assert [step["url"] for step in s["plan"]["steps"]] == cards


def test_region_in_the_query_and_an_unknown_region_refused_naming_the_supported_one(
    client: TestClient,
) -> None:
    assert client.post("/v1/recommendations?region=id", json=SPREADSHEETS).json()["region"] == "ID"
    response = client.post("/v1/recommendations", json={**SPREADSHEETS, "region": "US"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unsupported_region" and "'US'" in error["message"] and "ID" in error["message"]
    indonesian = client.post("/v1/recommendations?lang=id", json={**SPREADSHEETS, "region": "XX"}).json()
    assert indonesian["error"]["message"].startswith("Wilayah 'XX' tidak tersedia")


def test_roles_with_region_id_list_indonesian_paths_first_and_say_no_indonesian_pay_is_known(
    client: TestClient,
) -> None:
    role = client.get("/v1/roles/ai-data-analyst?region=ID").json()
    assert role["language"] == "en" and role["region"] == "ID"
    assert role["entry_paths"][0]["language"] == "id" and role["entry_paths"][0]["checked"] >= 2025
    assert role["pay_note"].startswith("No dated pay figure for Indonesia is known")
    plain = client.get("/v1/roles/ai-data-analyst").json()
    assert "pay_note" not in plain and all("checked" not in p for p in plain["entry_paths"])
    assert role["pay"] == plain["pay"]


def test_a_body_over_the_limit_is_refused_in_the_asked_language(client: TestClient) -> None:
    """Refused before the body is read, so only the query and the headers can say the language."""
    big = b'{"text": "' + b"a" * (300 * 1024) + b'"}'
    headers = {"Content-Type": "application/json"}
    english = client.post("/v1/recommendations", content=big, headers=headers)
    indonesian = client.post("/v1/recommendations?lang=id", content=big, headers=headers)
    by_header = client.post("/v1/recommendations", content=big, headers={**headers, "Accept-Language": "id"})
    assert english.status_code == indonesian.status_code == by_header.status_code == 413
    assert english.json()["error"]["message"].startswith("the body is")
    for response in (indonesian, by_header):
        error = response.json()["error"]
        assert error["code"] == "payload_too_large" and error["language"] == "id"
        assert error["message"].startswith("Isi permintaan berukuran") and "message_en" not in error
