"""The one-person page in a real browser: a profile in, role cards with reasons and evidence out."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import (
    PHONE,
    SCREENSHOTS,
    KeyedSite,
    Screenshot,
    Site,
    scanned_pdf,
    serious_violations,
)

JOURNALIST = (
    "Recent journalism graduate. Fact-checked features for the student paper, AP style, "
    "interviewing sources, copy editing and proofreading."
)


def submit_text(page: Page, site: Site, text: str) -> None:
    page.goto(site.url + "/")
    page.get_by_label("Paste your résumé or a few sentences about your work").fill(text)
    page.get_by_role("button", name="Show my roles").click()


def test_profile_shows_ranked_cards_with_reasons_and_evidence(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    submit_text(page, site, JOURNALIST)
    cards = page.locator("#cards > li")
    expect(cards.first).to_be_visible()
    assert cards.count() == 5
    titles = page.locator("#cards h3").all_inner_texts()
    assert any("Fact-Checker" in title for title in titles[:3]), titles
    first = cards.first
    expect(first.locator(".score-word")).not_to_be_empty()
    # The person's own words are highlighted inside the reasons of the cards that quote them
    # (only pairs the pair judge finds sound are quoted, so not every card does).
    marks = page.locator("#cards .reasons mark").all_inner_texts()
    assert marks and all(m in JOURNALIST for m in marks)
    quoting = cards.filter(has=page.locator(".reasons mark")).first
    # One bar per requirement; the evidence shows on keyboard focus, not only on hover.
    bars = first.locator("button.req")
    assert bars.count() >= 5
    with_words = quoting.locator("li.req-item").filter(has_text="Your words").first
    with_words.locator("button.req").focus()
    tip = with_words.locator(".tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Your words")
    # Gaps link to first steps; pay shows its source and year.
    assert page.locator("#cards .gaps a").first.get_attribute("href", timeout=1000).startswith("https://")
    expect(first.locator(".pay")).to_contain_text("20")
    screenshot(page, "person-results")
    assert serious_violations(page) == []


def resume_pdf() -> bytes:
    from tests.test_ingest import text_pdf

    return text_pdf(
        [
            "Registered nurse, 6 years in a private hospital.",
            "Patient education, clinical documentation, triage, medication administration.",
            "Trained new nurses; wrote care protocols.",
        ]
    )


def test_uploaded_resume_file_gives_cards_from_its_text(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    page.goto(site.url + "/")
    expect(page.locator("#file-help")).to_contain_text("5.0 MB")  # the limit, before anything is sent
    page.get_by_label("Or upload a résumé file").set_input_files(
        {"name": "nurse.pdf", "mimeType": "application/pdf", "buffer": resume_pdf()}
    )
    expect(page.locator("#file-note")).to_contain_text("nurse.pdf")
    page.get_by_role("button", name="Show my roles").click()
    expect(page.locator("#cards > li").first).to_be_visible()
    titles = page.locator("#cards h3").all_inner_texts()
    assert any("Medical" in t or "Healthcare" in t for t in titles[:3]), titles
    assert page.locator("#cards .reasons mark").count() > 0
    assert page.locator("#cards button.req").count() > 0  # coverage bars came for the file too
    screenshot(page, "person-upload")


def test_resume_dropped_on_the_box_is_chosen(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    page.evaluate(
        """() => {
          const transfer = new DataTransfer();
          transfer.items.add(new File(["Copywriter: SEO, brand voice, editing."], "cv.txt", {type: "text/plain"}));
          document.getElementById("drop").dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }"""
    )
    expect(page.locator("#file-note")).to_contain_text("cv.txt")
    page.get_by_role("button", name="Show my roles").click()
    expect(page.locator("#cards > li").first).to_be_visible()


def test_why_not_explains_any_other_role(page: Page, site: Site, screenshot: Screenshot) -> None:
    submit_text(page, site, JOURNALIST)
    expect(page.locator("#cards > li").first).to_be_visible()
    page.get_by_label("Role", exact=True).select_option(label="Machine Learning Engineer")
    page.get_by_role("button", name="Explain this role").click()
    result = page.locator("#whynot-result")
    expect(result).to_contain_text("ranks")
    expect(result).to_contain_text("of 32")
    expect(result).to_contain_text("programming")  # the missing prerequisite, said in words
    assert result.locator("button.req").count() >= 5
    screenshot(page, "person-why-not")
    assert serious_violations(page) == []


def test_report_prints_on_one_page_with_a_90_day_plan(page: Page, site: Site, tmp_path: Path) -> None:
    submit_text(page, site, JOURNALIST)
    expect(page.locator("#cards > li").first).to_be_visible()
    page.emulate_media(media="print")
    report = page.locator("#report")
    expect(report).to_be_visible()
    expect(page.locator("#cards")).to_be_hidden()
    expect(report).to_contain_text("Days 1–30")
    expect(report).to_contain_text("Days 61–90")
    assert report.locator(".report-roles > li").count() == 3
    # Each role's portfolio task, one line each (the plan's details stay on the cards).
    assert report.locator(".report-roles > li .report-task").count() == 3
    expect(report.locator(".report-task").first).to_contain_text("Portfolio task:")
    # Every phase has a step; the gaps' own first steps come first.
    for phase in report.locator(".plan section").all():
        assert phase.locator("li").count() >= 1
    steps = report.locator(".plan li .url").all_inner_texts()
    gap_links = page.locator("#cards > li:nth-child(-n+3) .gaps a").evaluate_all(
        "links => links.map(a => a.href)"
    )
    assert set(steps) & set(gap_links)
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) == 1
    page.screenshot(path=str(SCREENSHOTS / "person-report-print.png"), full_page=True)


def test_switching_to_indonesian_changes_the_page_and_asks_the_api_in_indonesian(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/v1/recommendations" in r.url else None)
    submit_text(page, site, "Perawat di rumah sakit swasta 5 tahun, asuhan keperawatan, edukasi pasien")
    expect(page.locator("#cards > li").first).to_be_visible()
    page.get_by_label("Language").select_option("id")
    expect(page.locator("h1")).to_have_text("Temukan peran era AI yang cocok dengan pengalaman Anda")
    assert page.evaluate("document.documentElement.lang") == "id"
    expect(page.get_by_role("button", name="Tampilkan peran saya")).to_be_visible()
    expect(page.locator("#cards h4").first).to_have_text("Mengapa cocok")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('peran ditemukan')")
    assert any("lang=id" in url for url in asked), asked
    screenshot(page, "person-indonesian")
    assert serious_violations(page) == []
    # The choice is remembered for the next visit.
    page.goto(site.url + "/")
    expect(page.locator("h1")).to_contain_text("Temukan peran")


def test_empty_form_shows_the_api_message(page: Page, site: Site, screenshot: Screenshot) -> None:
    page.goto(site.url + "/")
    page.get_by_role("button", name="Show my roles").click()
    error = page.get_by_role("alert")
    expect(error).to_contain_text("invalid_profile")
    expect(error).to_contain_text("the profile has no skills or text")
    screenshot(page, "person-empty-form")
    assert serious_violations(page) == []


def test_scanned_pdf_shows_the_api_message(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    page.get_by_label("Or upload a résumé file").set_input_files(
        {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": scanned_pdf()}
    )
    page.get_by_role("button", name="Show my roles").click()
    error = page.get_by_role("alert")
    expect(error).to_contain_text("scanned_pdf")
    expect(error).to_contain_text("paste the text")


def test_30_mb_file_is_refused_before_sending_with_the_limit(page: Page, site: Site, tmp_path: Path) -> None:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    page.goto(site.url + "/")
    big = tmp_path / "big.pdf"
    with big.open("wb") as out:  # a path, not a buffer: the browser reads it from disk
        out.write(b"%PDF-1.4\n")
        out.truncate(30_000_000)
    page.get_by_label("Or upload a résumé file").set_input_files(big)
    expect(page.locator("#file-note")).to_contain_text("the limit is 5.0 MB")  # said as soon as it is chosen
    page.get_by_role("button", name="Show my roles").click()
    expect(page.get_by_role("alert")).to_contain_text("This file is 30.0 MB; the limit is 5.0 MB")
    assert sent == []


def test_keyboard_alone_reaches_the_form_and_the_evidence(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#text")).to_be_focused()
    page.keyboard.type("Copywriter: SEO, brand voice, editing long-form articles.")
    for expected in ("#skills", "#file", "#top-k"):
        page.keyboard.press("Tab")
        expect(page.locator(expected)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#submit")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_be_focused()  # focus moves to the results
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('req')"):
            break
    expect(page.locator(".req:focus + .tip")).to_be_visible()


def test_page_asks_for_a_key_and_keeps_it_only_for_the_session(
    page: Page, keyed_site: KeyedSite, screenshot: Screenshot
) -> None:
    page.goto(keyed_site.url + "/")
    key_form = page.locator("#key-form")
    expect(key_form).to_be_visible()
    page.get_by_label("Or type your skills").fill("copywriting; SEO; brand voice")
    page.get_by_role("button", name="Show my roles").click()
    expect(page.get_by_role("alert")).to_contain_text("missing_api_key")
    screenshot(page, "person-key-required")
    page.get_by_label("API key").fill(keyed_site.key)
    page.get_by_role("button", name="Use this key").click()
    expect(page.locator("#key-note")).to_have_text("Key in use for this tab.")
    page.get_by_role("button", name="Show my roles").click()
    expect(page.locator("#cards > li").first).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('careerpivot.apiKey')") == keyed_site.key
    stored = page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert keyed_site.key not in stored and keyed_site.key not in page.evaluate("document.cookie")


def test_every_ui_string_has_an_indonesian_version(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    missing = page.evaluate(
        "() => [Object.keys(CP_STRINGS.en).filter(k => !(k in CP_STRINGS.id)),"
        " Object.keys(CP_STRINGS.id).filter(k => !(k in CP_STRINGS.en))]"
    )
    assert missing == [[], []]


def fits_a_phone(page: Page) -> bool:
    """Nothing wider than a 390-pixel screen: no sideways scrolling."""
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


REPORTER = (
    "Reporter, The Daily Ledger, 2016-2024\nWrote and edited news stories on deadline, interviewing sources"
)


def test_current_job_panel_shows_measures_sources_and_the_persons_own_duties(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    submit_text(page, site, REPORTER)
    panel = page.locator("#current-job")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Your current job")).to_be_visible()
    expect(panel.locator(".closest-title")).to_contain_text("Journalists")
    expect(panel.locator(".confidence")).to_contain_text("confidence")
    # The words it was read from are the person's own.
    assert panel.locator(".from-words mark").inner_text() in REPORTER
    # The published measures side by side, each with a percentile, its source and its year.
    measures = panel.locator(".measures > li")
    assert measures.count() >= 3
    names = " ".join(measures.locator(".measure-name").all_inner_texts())
    assert "GPT-4" in names and "Microsoft" in names
    for measure in measures.all():
        expect(measure.locator(".source")).to_contain_text("Source: ")
        assert any(str(year) in measure.locator(".source").inner_text() for year in range(2019, 2031))
    expect(measures.first.locator(".pctl-text")).to_contain_text("percentile")
    # The most exposed duty is the person's line, verbatim, with the O*NET task it matched.
    duty = panel.locator(".duties .duty mark").first
    expect(duty).to_be_visible()
    assert duty.inner_text() in REPORTER
    expect(panel.locator(".duty-task").first).to_contain_text("Closest O*NET task")
    # What exposure means is on the page itself, not behind a hover.
    meaning = panel.locator(".meaning")
    expect(meaning).to_be_visible()
    expect(meaning).to_contain_text("not a forecast of job loss")
    # The panel comes before the cards.
    assert page.evaluate(
        "document.getElementById('current-job').compareDocumentPosition(document.getElementById('cards'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    screenshot(page, "person-current-job")
    assert serious_violations(page) == []
    assert fits_a_phone(page)


def test_a_card_shows_its_plan_with_totals_the_portfolio_task_and_stand_ins(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    submit_text(page, site, REPORTER)
    first = page.locator("#cards > li").first
    expect(first).to_be_visible()
    expect(first.get_by_role("heading", name="The plan: each gap and a step to close it")).to_be_visible()
    # Each step: the gap, a link, its hours (or "hours unknown"), its cost and its credential.
    facts = first.locator(".gaps .step-facts")
    assert facts.count() >= 1
    expect(facts.first).to_contain_text("Cost: ")
    expect(facts.first).to_contain_text("Credential: ")
    assert " h" in facts.first.inner_text() or "hours unknown" in facts.first.inner_text()
    # Totals, with the unknowns said plainly.
    totals = first.locator(".plan-totals")
    expect(totals).to_contain_text("Time: ")
    expect(totals).to_contain_text("Cost: ")
    # A step shared by several gaps is shown once and marked below.
    for card in page.locator("#cards > li").all():
        links = card.locator(".gaps a").evaluate_all("links => links.map(a => a.href)")
        assert len(links) == len(set(links)), links
    # The portfolio task opens from the keyboard, with what "done" looks like.
    task = first.locator("details.portfolio")
    expect(task.locator("summary")).to_contain_text("Portfolio task:")
    task.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(task.locator(".done-when")).to_be_visible()
    assert task.locator("ul li").count() >= 1
    # The role's exposure is shown through stand-ins, labelled as such.
    stand_ins = first.locator("details.stand-ins")
    expect(stand_ins.locator("summary")).to_contain_text("stand-in")
    stand_ins.locator("summary").click()
    expect(stand_ins).to_contain_text("Stand-ins")
    expect(stand_ins.locator(".tag").first).to_have_text("stand-in")
    assert stand_ins.locator(".measure").count() >= 2
    expect(stand_ins).to_contain_text("How the work is changing")
    screenshot(page, "person-plan")
    assert serious_violations(page) == []
    assert fits_a_phone(page)


def test_a_skills_only_profile_says_the_occupation_was_not_found(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    page.get_by_label("Or type your skills").fill("copywriting; SEO; brand voice")
    page.get_by_role("button", name="Show my roles").click()
    expect(page.locator("#cards > li").first).to_be_visible()
    panel = page.locator("#current-job")
    expect(panel).to_contain_text("Occupation not found.")
    expect(panel.locator(".not-found")).to_contain_text("no occupation is guessed")
    assert panel.locator(".measures, .closest").count() == 0  # no guess
    assert serious_violations(page) == []


def test_the_indonesian_page_shows_the_current_job_and_plan_with_indonesian_labels(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    page.goto(site.url + "/?lang=id")
    page.locator("#text").fill(
        "Wartawan di Harian Sinar, 2015-2023\nMenulis dan menyunting berita dengan tenggat waktu"
    )
    page.get_by_role("button", name="Tampilkan peran saya").click()
    panel = page.locator("#current-job")
    expect(panel).to_be_visible()
    expect(panel.locator("h3")).to_have_text("Pekerjaan Anda saat ini")
    expect(panel.locator(".closest-label")).to_have_text("Okupasi paling dekat:")
    expect(panel.locator(".pctl-text").first).to_contain_text("persentil ke-")
    expect(panel.locator(".meaning h4")).to_have_text("Artinya")
    first = page.locator("#cards > li").first
    expect(
        first.get_by_role("heading", name="Rencana: setiap kekurangan dan langkah untuk menutupnya")
    ).to_be_visible()
    expect(first.locator(".plan-totals")).to_contain_text("Waktu: ")
    expect(first.locator("details.stand-ins summary")).to_contain_text("okupasi pembanding")
    screenshot(page, "person-current-job-indonesian")
    assert serious_violations(page) == []


def test_prerequisites_no_short_step_closes_are_listed_apart(page: Page, site: Site) -> None:
    """`plan.prerequisites` (missing licences, professional experience) shows as "Asks for first"."""

    def add_prerequisite(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        first = body["suggestions"][0]
        first["plan"]["prerequisites"] = ["a clinical licence"]
        first["skill_gaps"].insert(
            0, {"skill": "a clinical licence", "importance": 1.0, "prerequisite": True}
        )
        route.fulfill(response=response, json=body)

    page.route("**/v1/recommendations?*", add_prerequisite)
    submit_text(page, site, REPORTER)
    first = page.locator("#cards > li").first
    asks = first.locator(".asks-first")
    expect(asks).to_contain_text("Asks for first: a clinical licence")
    expect(asks).to_contain_text("No short step closes these")
    gap = first.locator(".gaps li").first
    expect(gap).to_contain_text("a clinical licence")
    expect(gap.locator(".tag")).to_have_text("prerequisite")
    expect(gap).to_contain_text("the role asks for it first")
    # The other cards, without the field, show their plans as before.
    expect(page.locator("#cards > li").nth(1).locator(".plan-totals")).to_be_visible()
    assert page.locator(".asks-first").count() == 1
