"""The job-board widget on a page from another origin: suggestions, no style leaks, Indonesian."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Screenshot, Site, serious_violations


def test_widget_on_another_origin_shows_three_suggestions(
    page: Page, site: Site, screenshot: Screenshot
) -> None:
    assert site.host_url != site.url  # another port: another origin, so the calls are CORS calls
    page.goto(site.host_url + "/en.html")
    widget = page.locator("[data-careerpivot]")
    widget.get_by_label("Describe your work or list your skills").fill(
        "Journalist: fact-checked features, AP style, interviewing"
    )
    widget.get_by_role("button", name="Suggest roles").click()
    items = widget.locator("ol > li")
    expect(items).to_have_count(3)
    expect(items.first.locator("mark")).not_to_be_empty()  # one reason each, the person's words marked
    link = widget.get_by_role("link", name="See the full view, with gaps and first steps")
    assert link.get_attribute("href") == f"{site.url}/?lang=en"
    # Inherits the host's font; the host's hostile button and heading styles do not get in.
    styles = widget.locator("button").evaluate(
        "b => [getComputedStyle(b).fontFamily, getComputedStyle(b).backgroundColor, getComputedStyle(b).fontSize]"
    )
    assert "Georgia" in styles[0]
    assert styles[1] != "rgb(255, 0, 0)" and styles[2] != "40px"
    heading = widget.locator("h2").evaluate("h => getComputedStyle(h).color")
    assert heading != "rgb(255, 0, 255)"
    # Nor do the widget's styles get out: the host's own heading keeps the browser's default size.
    assert page.locator("h1").evaluate("h => getComputedStyle(h).fontSize") == "32px"
    screenshot(page, "widget-host-page")
    assert serious_violations(page) == []


def test_widget_speaks_indonesian_when_asked(page: Page, site: Site, screenshot: Screenshot) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/v1/" in r.url else None)
    page.goto(site.host_url + "/id.html")
    widget = page.locator("[data-careerpivot]")
    expect(widget.locator("h2")).to_have_text("Peran era AI mana yang cocok untuk Anda?")
    widget.get_by_label("Ceritakan pekerjaan Anda atau tulis keahlian Anda").fill(
        "Perawat di rumah sakit swasta 5 tahun, asuhan keperawatan, edukasi pasien"
    )
    widget.get_by_role("button", name="Sarankan peran").click()
    expect(widget.locator("ol > li")).to_have_count(3)
    assert any("lang=id" in url for url in asked)
    screenshot(page, "widget-indonesian")


def test_widget_shows_the_api_message_for_a_scanned_pdf(page: Page, site: Site) -> None:
    from tests.browser.conftest import scanned_pdf

    page.goto(site.host_url + "/en.html")
    widget = page.locator("[data-careerpivot]")
    widget.get_by_label("Or choose a résumé file (PDF, DOCX, TXT, Markdown)").set_input_files(
        {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": scanned_pdf()}
    )
    widget.get_by_role("button", name="Suggest roles").click()
    expect(widget.locator(".error")).to_contain_text("paste the text")
