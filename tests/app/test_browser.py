"""One end-to-end run in a real browser: `streamlit run app.py` on a free port with a fresh review
database, driven by Playwright against Debian's chromium (never a downloaded browser). Open a sample,
reject one finding, add one manual redaction, sign off, download the redacted text and check it.
Saves the review screen to docs/review.png when that file is missing or REDACTOR_UPDATE_SCREENSHOT=1
(elsewhere to the test's temp folder, so a test run leaves the work tree as it was). Skips when
chromium or playwright is missing."""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "review.png"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


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


def test_review_in_a_real_browser(server, tmp_path):
    url, log_path = server
    original = (REPO / "sample_docs" / "i589_declaration_karimi.txt").read_text(encoding="utf-8")
    outside: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1050}, accept_downloads=True)
            page.on("request", lambda request: None if _local(request.url) else outside.append(request.url))
            page.set_default_timeout(60_000)
            sync_api.expect.set_options(timeout=30_000)
            page.goto(url)
            page.get_by_label("Your name").fill("Alice")
            page.get_by_role("button", name="Start reviewing").click()
            page.get_by_role("button", name="Open i589_declaration_karimi.txt").click()
            page.wait_for_selector(".rv-doc mark", timeout=180_000)
            progress = page.get_by_test_id("stProgress")
            sync_api.expect(progress).to_contain_text(re.compile(r"^0 of \d+ decided"))

            # reject the finding in focus: its text stays in the output
            mention = page.locator(".rv-ctx mark").inner_text()
            assert mention.strip()
            page.get_by_role("button", name=re.compile("Reject")).click()
            sync_api.expect(progress).to_contain_text(re.compile(r"^1 of \d+ decided"))

            # a redaction the detector missed, on every occurrence (the default)
            page.get_by_text("Add a redaction the detector missed").click()
            field = page.get_by_label("Text to redact (as it appears in the document)")
            field.fill("school")
            field.press("Tab")  # commit the typed value before the form is submitted
            page.wait_for_timeout(300)
            page.get_by_role("button", name="Add redaction").click()
            page.get_by_text(re.compile(r"Added PERSON-M1: 4 occurrences masked")).wait_for()
            page.get_by_text("Add a redaction the detector missed").click()  # fold it away again
            page.evaluate("document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')"
                          ".forEach(e => e.scrollTo(0, 0))")
            page.wait_for_timeout(800)
            target = SCREENSHOT if (not SCREENSHOT.exists() or os.environ.get("REDACTOR_UPDATE_SCREENSHOT")) \
                else tmp_path / "review.png"
            target.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(target))
            assert target.stat().st_size > 10_000

            page.get_by_role("tab", name="Redacted preview").click()
            preview_digest = re.search(r"SHA-256 ([0-9a-f]{64})",
                                       page.get_by_text(re.compile("Exactly the text the export writes"))
                                       .inner_text()).group(1)

            page.get_by_role("tab", name="Sign-off & export").click()
            page.get_by_text("Export opens after sign-off").wait_for()  # the tab's content is drawn
            page.get_by_text(re.compile(r"Accept the remaining \d+ findings as proposed")).click()
            sync_api.expect(page.get_by_role("checkbox", name=re.compile("Accept the remaining"))).to_be_checked()
            sign_off = page.get_by_role("button", name="Sign off")
            sync_api.expect(sign_off).to_be_enabled()
            sign_off.click()
            button = page.get_by_role("button", name="Download i589_declaration_karimi.redacted.txt")
            with page.expect_download() as download:
                button.click()
            exported = Path(download.value.path()).read_text(encoding="utf-8")
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
            print("screenshot of the failure:", tmp_path / "failure.png")
            print("alerts:", page.locator("[data-testid=stAlert]").all_inner_texts())
            raise
        finally:
            browser.close()

    assert hashlib.sha256(exported.encode()).hexdigest() == preview_digest  # export equals preview
    assert mention in exported and mention in original  # the rejected finding stays visible
    assert not re.search(r"\bschool\b", exported, re.IGNORECASE)  # the manual redaction, everywhere
    assert "A221-904-376" not in exported and "[PERSON-M1]" in exported
    assert outside == []  # no request left the machine
    server_log = log_path.read_text(errors="replace")
    for secret in ("Karimi", "KARIMI", "A221-904-376", "school"):
        assert secret not in server_log
