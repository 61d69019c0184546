"""The cohort page in a real browser: upload, live progress, summary with charts, downloads, delete."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, Screenshot, Site, serious_violations

PEOPLE = [
    ("ana", "Journalist: fact-checked features, AP style, interviewing, copy editing", ""),
    ("budi", "", "copywriting; SEO; brand voice; editing"),
    ("citra", "Registered nurse, patient education, clinical documentation, triage", ""),
    ("dewi", "Customer support lead: Zendesk, escalations, writing help-centre articles", ""),
    ("eko", "", "Python; SQL; pandas; dashboards; statistics"),
    ("fajar", "Paralegal: contract review, legal research, drafting memos", ""),
    ("gita", "", ""),  # a bad row: neither text nor skills
    ("hadi", "Teacher of English, lesson plans, grading essays with rubrics", ""),
    ("indah", "", "UX research; usability testing; interviews; surveys"),
    ("joko", "Translator Indonesian-English, localisation, proofreading", ""),
]


def cohort_csv() -> bytes:
    lines = ["id,text,skills"] + [f'{i},"{text}","{skills}"' for i, text, skills in PEOPLE]
    return ("\n".join(lines) + "\n").encode()


def upload(page: Page, site: Site, name: str, data: bytes, mime: str) -> None:
    page.goto(site.url + "/batches")
    page.get_by_label("Cohort file: CSV, JSON Lines or a ZIP of résumés").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    page.get_by_role("button", name="Start the batch").click()


def wait_done(page: Page) -> None:
    page.wait_for_function("() => document.getElementById('progress').value === 100", timeout=60_000)
    expect(page.locator("#summary")).to_be_visible(timeout=30_000)


def test_batch_progress_reaches_100_and_the_summary_draws_its_charts(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    seen: list[float] = []
    upload(page, site, "cohort.csv", cohort_csv(), "text/csv")
    expect(page.locator("#batch")).to_be_visible()
    for _ in range(600):
        value = float(page.locator("#progress").evaluate("p => p.value"))
        seen.append(value)
        if value >= 100:
            break
        page.wait_for_timeout(50)
    assert seen[-1] == 100
    expect(page.locator("#progress-text")).to_contain_text(
        "10 of 10 profiles done (100%); could not be matched: 1"
    )
    expect(page.locator("#progress-live")).to_contain_text("100%")  # what a screen reader hears
    wait_done(page)
    summary = page.locator("#summary")
    expect(summary).to_contain_text("9 people matched; rows that could not be matched: 1")
    for chart in ("chart-roles", "chart-gaps", "chart-skills"):
        svg = summary.locator(f"svg[aria-labelledby='{chart}']")
        expect(svg).to_be_visible()
        assert svg.locator("rect").count() >= 3
    # The bad row's own error, without stopping the others.
    errors = summary.locator("table").last
    expect(errors).to_contain_text("gita")
    expect(errors).to_contain_text("has neither text nor skills")
    assert summary.locator(".steps a").count() >= 1  # what training to buy for the group
    # The cohort's current jobs: how many people each occupation has, and where those occupations
    # rank on GPT-4's exposure rating (thirds), with what exposure means.
    expect(summary.locator("#occupation-counts")).to_contain_text(
        "people were matched to a current occupation"
    )
    occupations = summary.locator("svg[aria-labelledby='chart-occupations']")
    expect(occupations).to_be_visible()
    assert occupations.locator("rect").count() >= 3
    exposure = summary.locator("svg[aria-labelledby='chart-exposure']")
    expect(exposure).to_be_visible()
    assert exposure.locator("rect").count() == 3
    expect(summary.locator("#chart-exposure")).to_contain_text("GPT-4")
    expect(summary.locator("#exposure-median")).to_contain_text("percentile")
    expect(summary.locator("p.meaning")).to_contain_text("not a forecast of job loss")
    table = summary.locator("figure:has(#chart-exposure) table")
    summary.locator("figure:has(#chart-exposure) summary").click()
    expect(table).to_contain_text("Microsoft")
    screenshot(page, "batches-summary")
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)  # the charts redraw at phone width, with nothing sticking out
    page.wait_for_timeout(400)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_results_download_as_csv_and_json_lines(page: Page, site: Site) -> None:
    upload(page, site, "cohort.csv", cohort_csv(), "text/csv")
    wait_done(page)
    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Download results (CSV)").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("id,status,rank,role_id")
    assert "ana,done,1," in text and "gita,failed" in text
    with page.expect_download() as jsonl_download:
        page.get_by_role("button", name="Download results (JSON Lines)").click()
    rows = [
        json.loads(line)
        for line in Path(jsonl_download.value.path()).read_text(encoding="utf-8").splitlines()
    ]
    assert [r["id"] for r in rows] == [p[0] for p in PEOPLE]


def test_zip_of_resumes_and_json_lines_are_accepted(page: Page, site: Site) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ana.txt", "Journalist: fact-checking, AP style, interviewing")
        archive.writestr("budi.md", "# Budi\n- copywriting\n- SEO\n- brand voice")
    upload(page, site, "cohort.zip", buffer.getvalue(), "application/zip")
    wait_done(page)
    expect(page.locator("#summary-counts")).to_contain_text("2 people matched")
    lines = "\n".join(
        json.dumps({"id": f"p{i}", "skills": ["data labelling", "annotation"]}) for i in range(3)
    )
    upload(page, site, "cohort.jsonl", lines.encode(), "application/x-ndjson")
    wait_done(page)
    expect(page.locator("#summary-counts")).to_contain_text("3 people matched")


def test_the_page_lists_this_keys_batches_and_deletes_one(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    upload(page, site, "cohort.csv", cohort_csv(), "text/csv")
    wait_done(page)
    batch_id = page.evaluate("new URLSearchParams(location.search).get('batch')")
    # Coming back later: the list shows the batch, and opening it shows its summary again.
    page.goto(site.url + "/batches")
    rows = page.locator("#list tbody tr")
    expect(rows.first).to_be_visible()
    count = rows.count()
    rows.first.get_by_role("button", name="Open").click()
    expect(page.locator("#summary")).to_be_visible()
    assert page.evaluate("new URLSearchParams(location.search).get('batch')") == batch_id
    screenshot(page, "batches-list")
    assert serious_violations(page) == []
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#delete").click()
    expect(page.locator("#status")).to_have_text("The batch was deleted.")
    expect(page.locator("#batch")).to_be_hidden()
    expect(rows).to_have_count(count - 1)


def test_csv_without_an_id_column_shows_the_api_message(page: Page, site: Site) -> None:
    upload(page, site, "bad.csv", b"name,text\nana,journalist\n", "text/csv")
    error = page.get_by_role("alert").first
    expect(error).to_contain_text("invalid_batch")
    expect(error).to_contain_text("it needs an 'id' column")


def test_cohort_page_in_indonesian(page: Page, site: Site, screenshot: Screenshot) -> None:
    upload(page, site, "cohort.csv", cohort_csv(), "text/csv")
    wait_done(page)
    page.get_by_label("Language").select_option("id")
    expect(page.locator("h1")).to_have_text("Cocokkan satu kelompok sekaligus")
    expect(page.locator("#summary h2")).to_have_text("Ringkasan kelompok")
    expect(page.locator("#exposure-heading")).to_have_text(
        "Pekerjaan kelompok saat ini dan paparannya terhadap AI"
    )
    expect(page.locator("#occupation-counts")).to_contain_text("orang dicocokkan dengan okupasi saat ini")
    screenshot(page, "batches-indonesian")
    assert serious_violations(page) == []
