"""The review loop in a real browser: `streamlit run app.py` on a free port with a fresh review
database, driven by Playwright against Debian's chromium (never a downloaded browser), on a
30-page PDF built at test time (fictional people).

Enter submits the name; the upload shows its progress; a finding is selected by clicking its box
on the page image, and by clicking its highlight in the text view; a kept name is masked with one key (M) and the decision undone (U); J works after
a click on the sidebar radio and fast presses are not dropped; "go to entity" lands on another
page; search masks all matches with the type its shape suggests; a policy switch is confirmed;
sign-off goes through the second look; the export is downloaded. After every step the current
finding must be inside the visible part of the document pane. No exported file name may contain a
masked word, and no request may leave localhost.

A second test opens the sample case (sample_docs/case_hrytsevich) from the welcome screen, decides
one entity for every document on the case's entity panel, and opens a document of the case, whose
highlights carry the case's entity ids.

Saves docs/review.png (page view), docs/signoff.png (the second look) and docs/case.png (the case's
entity panel) when they are missing or
REDACTOR_UPDATE_SCREENSHOT=1 (elsewhere to the test's temp folder, so a test run leaves the work tree
as it was). Skips when chromium or playwright is missing."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import fitz
import pytest

from .paged import APPLICANT, PLATE, hearing_pdf

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

# where the current finding is, against the part of the pane the reviewer can see
FOCUS_JS = """() => {
  const pane = document.querySelector('.rv-pane');
  if (!pane) return null;
  const p = pane.getBoundingClientRect();
  const el = pane.querySelector('.rv-focus');
  const area = [Math.max(p.top, 0), Math.min(p.bottom, window.innerHeight), Math.max(p.left, 0),
                Math.min(p.right, window.innerWidth)];
  if (!el) return {area, focus: null, key: pane.dataset.focus, view: pane.dataset.view};
  const e = el.getBoundingClientRect();
  return {area, focus: [e.top, e.bottom, e.left, e.right], key: el.dataset.k, view: pane.dataset.view};
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    log_path = tmp_path / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDACTOR_")}
    env["REDACTOR_REVIEW_DB"] = str(tmp_path / "review.db")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the app did not start:\n{log_path.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield url, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _local(url: str) -> bool:
    return url.startswith(("http://localhost:", "ws://localhost:", "data:", "blob:", "about:"))


def screenshot_target(name: str, tmp_path: Path) -> Path:
    target = DOCS / name
    if target.exists() and not os.environ.get("REDACTOR_UPDATE_SCREENSHOT"):
        target = tmp_path / name
    target.parent.mkdir(exist_ok=True)
    return target


class Review:
    """The page, with the waits and checks every step shares."""

    def __init__(self, page):
        self.page = page
        self.progress = page.get_by_test_id("stProgress")

    def decided(self, count: int) -> None:
        sync_api.expect(self.progress).to_contain_text(re.compile(rf"^{count} of \d+ decided"))

    def settle(self) -> None:
        """Wait for the script run to finish and the pane to be drawn."""
        self.page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')",
                                    timeout=60_000)
        self.page.wait_for_timeout(400)

    def finding_caption(self) -> str:
        return self.page.get_by_text(re.compile(r"^Finding \d+ of \d+")).inner_text()

    def focus(self) -> dict:
        self.settle()
        state = self.page.evaluate(FOCUS_JS)
        assert state is not None, "no document pane on the screen"
        return state

    def assert_focus_visible(self, step: str) -> dict:
        """The current finding is inside the part of the pane the reviewer can see."""
        state = self.focus()
        assert state["focus"] is not None, f"{step}: no current finding outlined in the pane ({state})"
        top, bottom, left, right = state["focus"]
        a_top, a_bottom, a_left, a_right = state["area"]
        assert a_top - 1 <= top and bottom <= a_bottom + 1, f"{step}: current finding out of view: {state}"
        assert a_left - 1 <= left and right <= a_right + 1, f"{step}: current finding out of view: {state}"
        return state

    def wait_focus(self, key: str) -> None:
        self.page.wait_for_function(
            "k => (document.querySelector('.rv-pane') || {dataset: {}}).dataset.focus === k", arg=key)


def test_review_a_30_page_pdf_in_a_real_browser(server, tmp_path):
    url, log_path = server
    pdf = hearing_pdf(tmp_path / "Petrenko_hearing.pdf", pages=30)
    outside: list[str] = []
    downloads: dict[str, Path] = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1050}, accept_downloads=True)
            page.on("request", lambda request: None if _local(request.url) else outside.append(request.url))
            page.set_default_timeout(60_000)
            sync_api.expect.set_options(timeout=60_000)
            review = Review(page)
            page.goto(url)

            # Enter in the name field starts the review
            page.get_by_label("Your name").fill("Alice")
            page.get_by_label("Your name").press("Enter")
            page.get_by_text("Open a document to review").wait_for()

            # upload the 30-page PDF: a progress message, then the Document tab with its page view
            # the document's uploader (the case's takes several files)
            page.locator("[data-testid=stFileUploaderDropzoneInput]:not([multiple])").set_input_files(str(pdf))
            page.get_by_text(re.compile(r"^Opened Petrenko_hearing\.pdf: \d+ findings")).wait_for(timeout=180_000)
            page.wait_for_selector(".rv-pane[data-view=page] img.rv-page-img")
            sync_api.expect(page.get_by_role("tab", name="Document")).to_have_attribute("aria-selected", "true")
            sync_api.expect(page.get_by_role("radio", name=re.compile(r"^Needs review"))).to_be_checked()
            review.decided(0)
            review.assert_focus_visible("open")
            assert page.locator(".rv-pane .rv-box").count() > 10
            assert str(tmp_path) not in page.inner_text("body")  # no temp path in the screenshot
            target = screenshot_target("review.png", tmp_path)
            page.screenshot(path=str(target))
            assert target.stat().st_size > 20_000

            # select a finding by clicking its box on the page image: the attorney, proposed keep
            box = page.locator('.rv-box[title*="role attorney"]').first
            kept = box.get_attribute("data-k")
            box.click()
            review.wait_focus(kept)
            assert "rv-keep" in page.locator(f'.rv-box[data-k="{kept}"]').get_attribute("class")
            sync_api.expect(page.get_by_role("button", name="◻ Keep visible · proposed")).to_be_visible()
            review.assert_focus_visible("click a box")

            # mask the kept name with one key
            page.keyboard.press("m")
            review.decided(1)
            review.settle()
            assert "rv-mask" in page.locator(f'.rv-box[data-k="{kept}"]').get_attribute("class")
            moved = review.assert_focus_visible("mask with M")
            assert moved["key"] != kept  # on to the next undecided finding

            # undo: the name is kept visible again, and it is the current finding
            page.keyboard.press("u")
            review.decided(0)
            review.wait_focus(kept)
            assert "rv-keep" in page.locator(f'.rv-box[data-k="{kept}"]').get_attribute("class")
            review.assert_focus_visible("undo with U")

            # J after a click on the sidebar radio, three fast presses, none dropped
            page.get_by_text(re.compile(r"^Undecided \(\d+\)$")).click()
            page.get_by_text(re.compile(r"^Finding 1 of \d+ \(Undecided\)")).wait_for()
            review.settle()
            for _ in range(3):
                page.keyboard.press("j")
            page.get_by_text(re.compile(r"^Finding 4 of \d+ \(Undecided\)")).wait_for()
            review.assert_focus_visible("J after the radio")

            # the text view: click a highlight to select it
            page.get_by_role("tab", name="Text").click()
            page.wait_for_selector(".rv-pane[data-view=text] mark[data-k]")
            review.assert_focus_visible("text view")
            mark = page.locator('.rv-pane mark[title*="role witness"]').nth(3)
            mark.scroll_into_view_if_needed()
            witness = mark.get_attribute("data-k")
            mark.click()
            review.wait_focus(witness)
            review.assert_focus_visible("click a highlight")
            page.get_by_role("tab", name="Document").click()
            page.wait_for_selector(".rv-pane[data-view=page] img.rv-page-img")

            # go to an entity whose first mention is on a later page: the pane follows
            page.get_by_text(re.compile(r"^Needs review \(\d+\)$")).click()
            page.get_by_text(re.compile(r"^Finding \d+ of \d+ \(Needs review\)")).wait_for()
            review.settle()
            goto = page.get_by_role("combobox", name="Go to entity")
            goto.click()
            goto.press_sequentially("A_NUMBER-7", delay=20)
            option = page.get_by_role("option", name=re.compile(r"^A_NUMBER-7 "))
            option.wait_for()
            option.click()
            page.get_by_text(re.compile(r"^Page 7 of 30, as rendered")).wait_for()
            state = review.assert_focus_visible("go to entity")
            assert state["key"].endswith(":A_NUMBER-7")
            page.get_by_role("button", name="Next ▶").click()
            review.settle()
            review.assert_focus_visible("next finding")

            # search and mask all matches: the plate, typed as an ID code from its shape
            page.get_by_text("Search the document · mask what the detector missed").click()
            field = page.get_by_label("Search (whole words, any case)")
            field.fill(PLATE)
            field.press("Tab")
            page.get_by_text("30 matches", exact=True).wait_for()
            sync_api.expect(page.get_by_role("button", name="Mask all 30 matches as ID_CODE")).to_be_enabled()
            page.get_by_role("button", name="Mask all 30 matches as ID_CODE").click()
            page.get_by_text("Added ID_CODE-M1: 30 occurrences masked.").wait_for()
            review.decided(30)  # a manual addition is a decision
            state = review.assert_focus_visible("mask all matches")
            assert state["key"].endswith(":ID_CODE-M1")

            # decide a few, then switch policy: the confirmation says what carries over
            page.keyboard.press("n")
            for _ in range(3):
                page.keyboard.press("a")
            review.decided(33)
            policy = page.get_by_role("combobox", name=re.compile("^Policy"))
            policy.click()
            page.get_by_role("option", name="court-publication").click()
            page.get_by_text(re.compile(r"^\d+ of 33 decisions carry over")).wait_for()
            page.get_by_role("button", name="Switch to court-publication").click()
            page.get_by_text("Switched to court-publication.").wait_for()
            review.assert_focus_visible("policy switch")

            # sign off through the second look
            page.get_by_role("tab", name="Sign-off & export").click()
            page.get_by_text(re.compile(r"^Accept the remaining \d+ findings as proposed")).click()
            page.get_by_text("A second look before you sign").wait_for()
            sign_off = page.get_by_role("button", name="Sign off")
            sync_api.expect(page.get_by_text(re.compile(r"^Manual additions: 30"))).to_be_visible()
            sync_api.expect(page.get_by_text(re.compile(r"^Unexplained or low-confidence findings accepted in bulk: \d+")
                                             )).to_be_visible()
            review.settle()
            ticks = page.get_by_text(re.compile(r"^I have looked at these \d+ and they are right"))
            assert ticks.count() >= 2
            sync_api.expect(sign_off).to_be_disabled()
            page.evaluate("document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')"
                          ".forEach(e => e.scrollTo(0, 0))")
            target = screenshot_target("signoff.png", tmp_path)
            page.screenshot(path=str(target))
            for k in range(ticks.count()):
                ticks.nth(k).click()
                review.settle()
            sync_api.expect(sign_off).to_be_enabled()
            sign_off.click()

            # export: every file, under names that carry no masked word
            buttons = page.get_by_test_id("stDownloadButton").get_by_role("button")
            buttons.first.wait_for(timeout=180_000)
            page.get_by_text(re.compile(r"^Export SHA-256 [0-9a-f]{64}")).wait_for(timeout=180_000)
            sync_api.expect(buttons).to_have_count(6)
            review.settle()
            names = [label.strip().removeprefix("Download ") for label in buttons.all_inner_texts()]
            assert len(names) == 6, names
            for name in names:
                for attempt in range(3):  # each download is recorded in the audit trail: a run that
                    try:                  # redraws the buttons; a click during it may be lost
                        review.settle()
                        with page.expect_download(timeout=20_000) as download:
                            buttons.filter(has_text=name).first.click()
                        if download.value.suggested_filename == name:
                            break
                    except sync_api.TimeoutError:
                        if attempt == 2:
                            raise
                saved = tmp_path / "downloads" / download.value.suggested_filename
                download.value.save_as(saved)
                downloads[download.value.suggested_filename] = saved
                page.wait_for_timeout(300)

            # back on the document: the pane still shows the current finding
            page.get_by_role("tab", name="Document").click()
            page.wait_for_selector(".rv-pane[data-view=page] img.rv-page-img")
            review.assert_focus_visible("after export")
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print("screenshot of the failure:", tmp_path / "failure.png")
            print("alerts:", page.locator("[data-testid=stAlert]").all_inner_texts())
            raise
        finally:
            browser.close()

    names = sorted(downloads)
    assert len(names) == 6 and any(n.endswith(".redacted.pdf") for n in names), names
    masked_words = set(APPLICANT.casefold().split()) | {PLATE.casefold()}
    for name in names:
        assert not any(word in name.casefold() for word in masked_words), name
    redacted_pdf = next(path for n, path in downloads.items() if n.endswith(".redacted.pdf"))
    with fitz.open(redacted_pdf) as pdf_out:
        text = "".join(p.get_text() for p in pdf_out)
    assert "Petrenko" not in text and PLATE not in text
    assert "Whitcombe" in text  # the judge stays readable
    assert outside == []  # no request left the machine
    server_log = log_path.read_text(errors="replace")
    for secret in ("Petrenko", "PETRENKO", PLATE, "A201000000"):
        assert secret not in server_log


def test_open_a_case_in_a_real_browser(server, tmp_path):
    url, log_path = server
    outside: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1050})
            page.on("request", lambda request: None if _local(request.url) else outside.append(request.url))
            page.set_default_timeout(60_000)
            sync_api.expect.set_options(timeout=60_000)
            review = Review(page)
            page.goto(url)
            page.get_by_label("Your name").fill("Alice")
            page.get_by_label("Your name").press("Enter")

            # open the sample case from the welcome screen: its page, every document, one progress
            page.get_by_role("button", name="Open case case_hrytsevich").click()
            page.get_by_text("Case: case_hrytsevich").wait_for(timeout=180_000)
            sync_api.expect(review.progress).to_contain_text("0 of 8 documents decided")
            sync_api.expect(page.get_by_role("tab", name="Entities")).to_have_attribute("aria-selected", "true")

            # the expert, chosen by how she is written: decided once, for every document
            entity = page.get_by_role("combobox", name="Entity")
            entity.click()
            entity.press_sequentially("Castellanos", delay=20)
            option = page.get_by_role("option", name=re.compile(r"^PERSON-\d+ · .*Castellanos"))
            option.first.wait_for()
            expert = option.first.inner_text().split(" · ")[0]
            option.first.click()
            mask = page.get_by_role("button", name="■ Mask in every document")
            sync_api.expect(mask).to_be_visible()
            sync_api.expect(page.get_by_role("button", name="◻ Keep visible in every document · proposed")
                            ).to_be_visible()  # the profile keeps her
            review.settle()
            assert str(tmp_path) not in page.inner_text("body")  # no temp path in the screenshot
            target = screenshot_target("case.png", tmp_path)
            page.screenshot(path=str(target))
            assert target.stat().st_size > 20_000
            mask.click()
            page.get_by_text(re.compile(rf"^{expert}: masked \d+ mentions in \d+ documents\.")).wait_for()

            # a document of the case: the case's entity ids on its highlights, her name masked there
            page.get_by_role("tab", name="Documents").click()
            row = page.get_by_test_id("stHorizontalBlock").filter(has_text="medical_letter.txt")
            row.get_by_role("button", name="Open").click()
            page.wait_for_selector(".rv-pane[data-view=text] mark[data-k]")
            sync_api.expect(page.get_by_text(re.compile(r"^Case case_hrytsevich · document \d+ of 8"))).to_be_visible()
            marks = page.locator(f'.rv-pane mark[title^="{expert} · PERSON"]')
            assert marks.count() >= 1
            assert all("rv-mask" in (marks.nth(k).get_attribute("class") or "") for k in range(marks.count()))
            review.assert_focus_visible("a document of the case")
            page.get_by_role("button", name="◀ Back to the case").click()
            page.get_by_text("Case: case_hrytsevich").wait_for()
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print("screenshot of the failure:", tmp_path / "failure.png")
            print("alerts:", page.locator("[data-testid=stAlert]").all_inner_texts())
            raise
        finally:
            browser.close()
    assert outside == []  # no request left the machine
    server_log = log_path.read_text(errors="replace")
    for secret in ("Hrytsevich", "HRYTSEVICH", "Castellanos", "Gritsevich"):
        assert secret not in server_log
