"""The one-person page in a real browser: a profile in, role cards with reasons and evidence out."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Screenshot, Site, scanned_pdf, serious_violations

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
    # The person's own words are highlighted inside the reasons.
    marks = first.locator(".reasons mark").all_inner_texts()
    assert marks and all(m in JOURNALIST for m in marks)
    # One bar per requirement; the evidence shows on keyboard focus, not only on hover.
    bars = first.locator("button.req")
    assert bars.count() >= 5
    bars.first.focus()
    tip = first.locator(".tip").first
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Your words")
    # Gaps link to first steps; pay shows its source and year.
    assert first.locator(".gaps a").first.get_attribute("href", timeout=1000).startswith("https://")
    expect(first.locator(".pay")).to_contain_text("20")
    screenshot(page, "person-results")
    assert serious_violations(page) == []
