"""The web page in a real headless Chromium (Debian's chromium and chromedriver, driven by Selenium).

A uvicorn server runs the app on 127.0.0.1 on a free port for the module. Screenshots of each
step are saved under ``tests/artifacts/web/`` (git-ignored); the path is printed.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait
from tests.conftest import ROOT
from tests.web.conftest import WebStore

ARTIFACTS = ROOT / "tests" / "artifacts" / "web"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_S = 20


@pytest.fixture(scope="module")
def server(web_app: FastAPI) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=WAIT_S)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {ARTIFACTS}")
    yield driver
    driver.quit()


def _shot(browser: WebDriver, name: str) -> None:
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _wait(browser: WebDriver, css: str) -> WebElement:
    return WebDriverWait(browser, WAIT_S).until(lambda driver: driver.find_element(By.CSS_SELECTOR, css))


def _click(browser: WebDriver, element: WebElement) -> None:
    """Click in the middle of the window, clear of the sticky selection bar at the top."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _classes(element: WebElement) -> set[str]:
    return set((element.get_attribute("class") or "").split())


def test_browser_search_open_story_select_claim_open_article(browser: WebDriver, server: str) -> None:
    browser.get(server + "/")
    _wait(browser, "#stories .story-link")
    _shot(browser, "1-stories")
    field = browser.find_element(By.ID, "q")
    field.send_keys("Halvard", Keys.ENTER)
    WebDriverWait(browser, WAIT_S).until(lambda driver: "q=Halvard" in driver.current_url)
    links = browser.find_elements(By.CSS_SELECTOR, "#stories .story-link")
    assert [link.text for link in links] == ["Container ship strikes Halvard Bridge, closing crossing for weeks"]
    _shot(browser, "2-search")

    links[0].click()
    _wait(browser, ".column")
    shared = browser.find_element(By.CSS_SELECTOR, ".column .sentence.shared[data-claim]")
    claim = shared.get_attribute("data-claim")
    _click(browser, shared)
    counterparts = browser.find_elements(By.CSS_SELECTOR, f'.sentence[data-claim="{claim}"]')
    assert len(counterparts) >= 2
    assert all("selected" in _classes(element) for element in counterparts)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".sentence.selected")) == len(counterparts)
    assert f"Claim {claim} (shared)" in browser.find_element(By.ID, "selection").text
    _shot(browser, "3-story-claim-selected")

    row = browser.find_element(By.CSS_SELECTOR, ".matrix-row:last-child")
    other = row.get_attribute("data-claim")
    browser.execute_script("arguments[0].focus()", row)
    row.send_keys(Keys.ENTER)
    assert "selected" in _classes(row)
    assert browser.find_element(By.CSS_SELECTOR, f'.sentence[data-claim="{other}"]').get_attribute("class")
    assert not browser.find_elements(By.CSS_SELECTOR, f'.sentence.selected[data-claim="{claim}"]')
    row.send_keys(Keys.ESCAPE)
    assert not browser.find_elements(By.CSS_SELECTOR, ".selected")

    _click(browser, browser.find_element(By.CSS_SELECTOR, ".column h3 a"))
    body = _wait(browser, "#article-body")
    toggle = browser.find_element(By.CSS_SELECTOR, 'input[data-toggle="entity"]')
    assert toggle.is_displayed()
    toggle.click()
    assert "hide-entity" in _classes(body)
    _click(browser, browser.find_element(By.CSS_SELECTOR, "#removed summary"))
    assert browser.find_element(By.CSS_SELECTOR, "#removed del.removed").is_displayed()
    _shot(browser, "4-article")


def test_browser_citation_jumps_to_the_cited_sentence(browser: WebDriver, server: str, web_store: WebStore) -> None:
    browser.get(f"{server}/stories/{web_store.story_id}")
    cite = _wait(browser, "#brief .cite")
    target = (cite.get_attribute("href") or "").split("#")[1]
    _click(browser, cite)
    WebDriverWait(browser, WAIT_S).until(lambda driver: driver.execute_script("return location.hash") == f"#{target}")
    sentence = browser.find_element(By.ID, target)
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", sentence)


def test_browser_export_downloads_the_report(
    browser: WebDriver, server: str, web_store: WebStore, downloads: Path
) -> None:
    browser.get(f"{server}/stories/{web_store.story_id}")
    _click(browser, _wait(browser, 'a.export[data-format="json"]'))
    target = downloads / f"story-{web_store.story_id}.json"
    WebDriverWait(browser, WAIT_S).until(lambda _: target.is_file() and target.stat().st_size > 0)
    report = json.loads(target.read_text(encoding="utf-8"))
    assert len(report["articles"]) == 6


def test_browser_story_page_shows_the_framing(browser: WebDriver, server: str, web_store: WebStore) -> None:
    browser.get(f"{server}/stories/{web_store.story_id}")
    _click(browser, _wait(browser, 'nav.toc a[href="#framing"]'))
    section = _wait(browser, "#framing")
    WebDriverWait(browser, WAIT_S).until(lambda driver: driver.execute_script("return location.hash") == "#framing")
    rows = section.find_elements(By.CSS_SELECTOR, "tr.lead-row")
    assert len(rows) == 6
    assert any("Rogue freighter" in row.text for row in rows)
    marked = section.find_element(By.XPATH, ".//mark[contains(@class, 'word-evaluative') and text()='smashed']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", marked)
    assert marked.is_displayed()
    background = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", marked)
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # the highlight shows
    neutral = section.find_elements(By.CSS_SELECTOR, ".wording-card .side.neutral")
    assert neutral
    assert all("most neutral" in side.text for side in neutral)
    assert section.find_elements(By.CSS_SELECTOR, ".voices .voice-kind")
    _shot(browser, "7-story-framing")
    cite = section.find_element(By.CSS_SELECTOR, ".wording-card .cite")
    target = (cite.get_attribute("href") or "").split("#")[1]
    _click(browser, cite)
    WebDriverWait(browser, WAIT_S).until(lambda driver: driver.execute_script("return location.hash") == f"#{target}")


def test_browser_story_page_fits_a_phone(browser: WebDriver, server: str, web_store: WebStore) -> None:
    browser.set_window_size(390, 844)
    try:
        browser.get(f"{server}/stories/{web_store.story_id}")
        _wait(browser, ".column")
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        _shot(browser, "5-story-phone")
    finally:
        browser.set_window_size(1400, 1000)


def test_browser_hostile_article_runs_nothing(browser: WebDriver, server: str, web_store: WebStore) -> None:
    for url in (
        f"{server}/?q=Saltmere",
        f"{server}/stories/{web_store.hostile_story_id}",
        f"{server}/articles/{web_store.hostile_article_id}",
    ):
        browser.get(url)
        _wait(browser, "h1")
        for element in browser.find_elements(By.CSS_SELECTOR, "[title], .sentence, .article-text span, a"):
            browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", element)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018 - reading it is what raises when there is none
        assert browser.execute_script("return window.__pwned === undefined")
        scripts = browser.execute_script("return Array.from(document.scripts, s => s.getAttribute('src'))")
        assert scripts == ["/static/app.js"]
        assert "<script>window.__pwned" in browser.find_element(By.TAG_NAME, "main").text
    _shot(browser, "6-hostile-article")


def test_browser_outlet_page_from_the_story_page(browser: WebDriver, server: str, web_store: WebStore) -> None:
    browser.get(f"{server}/stories/{web_store.story_id}")
    link = _wait(browser, '.column a.outlet-link[href="/outlets/harbour-herald"]')
    _click(browser, link)
    heading = _wait(browser, "#outlet-name")
    assert heading.text == "harbour-herald"
    assert "1 story shared with other outlets" in browser.find_element(By.ID, "outlet-summary").text
    verbs = browser.find_element(By.ID, "attribution-verbs").text
    assert "claimed" in verbs
    assert browser.find_elements(By.CSS_SELECTOR, "#omissions .omissions li")
    _shot(browser, "8-outlet")
    _click(browser, browser.find_element(By.CSS_SELECTOR, 'a[href="/outlets"]'))
    rows = _wait(browser, "#outlets").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 6
    _shot(browser, "9-outlets")
