from tests.browser.conftest import Site, PHONE
from tests.browser.test_person_page import submit_text, JOURNALIST
def test_dbg(page, site: Site):
    page.set_viewport_size(PHONE)
    submit_text(page, site, JOURNALIST)
    page.locator("#cards > li").first.wait_for()
    r = page.evaluate("""() => { const out=[]; for (const n of document.querySelectorAll('body *')) { const r=n.getBoundingClientRect(); if (r.right > 392 && r.width>0) out.push(n.tagName+'.'+n.className+' '+Math.round(r.right)+' '+(n.id||'')); } return out.slice(0,15); }""")
    print("RESULT", "\n".join(r))
