"""ledger serve in a real browser: Debian's Chromium driven by Selenium fills the forms, in two sessions."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flask", reason="the web extra is not installed (pip install -e '.[web]')")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

from ledger.web.server import Running, start  # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(f"needs {CHROMIUM} and {CHROMEDRIVER} (Debian: apt-get install chromium chromium-driver)",
                allow_module_level=True)  # fmt: skip


def browser(width: int = 1280, height: int = 900) -> Any:
    """A headless Chromium with a profile of its own that talks to nothing but the page it is given."""
    profile = tempfile.mkdtemp(prefix="ledger-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=zh-CN",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)  # fmt: skip
    if width < 500:  # below the narrowest window Chromium opens: a phone's screen, emulated
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height,
                                                                              "pixelRatio": 1}})  # fmt: skip
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    driver.profile = profile
    return driver


def quit_browser(driver: Any) -> None:
    driver.quit()
    shutil.rmtree(driver.profile, ignore_errors=True)


@pytest.fixture
def served(ledger_root: Path) -> Iterator[Running]:
    running = start(ledger_root)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def chromium() -> Iterator[Any]:
    driver = browser()
    try:
        yield driver
    finally:
        quit_browser(driver)


def base(running: Running) -> str:
    return running.address.split("/?", 1)[0]


def write_note(driver: Any, running: Running, text: str) -> None:
    driver.get(base(running) + "/item/02/note")
    box = WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "f-text"))[0]
    box.send_keys(text)
    date = driver.find_element(By.ID, "f-date")
    driver.execute_script("arguments[0].value = '2025-06-20'", date)  # the date picker's value, as a click gives it


def test_the_note_form_filled_in_a_browser_changes_the_file_by_exactly_that_entry(
    served: Running, chromium: Any, ledger_root: Path
) -> None:
    path = ledger_root / "items" / "02.yaml"
    before = path.read_bytes()
    chromium.get(served.address)
    assert "正在推进的任务" in chromium.page_source
    assert chromium.current_url == base(served) + "/"  # the token left the address
    cookie = chromium.get_cookie(served.guard.cookie)
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    write_note(chromium, served, "已召开专题会议研究部署")
    chromium.find_element(By.ID, "preview").click()
    diff = WebDriverWait(chromium, 20).until(lambda d: d.find_elements(By.ID, "diff"))[0].text
    assert "+    note: 已召开专题会议研究部署" in diff
    assert path.read_bytes() == before
    chromium.find_element(By.ID, "save").click()
    WebDriverWait(chromium, 20).until(lambda d: d.current_url == base(served) + "/item/02?saved=note")
    assert "已召开专题会议研究部署" in chromium.page_source
    assert path.read_bytes() == before + "log:\n  - date: 2025-06-20\n    note: 已召开专题会议研究部署\n".encode()


def test_a_second_session_saving_a_stale_form_is_refused_and_nothing_changes(
    served: Running, chromium: Any, ledger_root: Path
) -> None:
    other = browser()
    try:
        for driver in (chromium, other):
            driver.get(served.address)
        path = ledger_root / "items" / "02.yaml"
        write_note(chromium, served, "第一个窗口的进展")
        write_note(other, served, "第二个窗口的进展")
        for driver in (chromium, other):
            driver.find_element(By.ID, "preview").click()
            WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "save"))
        chromium.find_element(By.ID, "save").click()
        WebDriverWait(chromium, 20).until(lambda d: "saved=note" in d.current_url)
        saved = path.read_bytes()
        assert "第一个窗口的进展".encode() in saved
        other.find_element(By.ID, "save").click()
        WebDriverWait(other, 20).until(lambda d: d.find_elements(By.ID, "stale"))
        assert "第一个窗口的进展" in other.page_source  # the file as it is now, beside the form's version
        assert path.read_bytes() == saved
    finally:
        quit_browser(other)


PAGES = {"ledger": "/", "item": "/item/02", "form": "/item/02/set"}


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_at_desktop_and_phone_widths(served: Running, ledger_root: Path, tmp_path: Path,
                                                 width: int) -> None:  # fmt: skip
    driver = browser(width, 900)
    try:
        driver.get(served.address)
        for name, path in PAGES.items():
            driver.get(base(served) + path)
            shot = tmp_path / f"serve-{name}-{width}.png"
            assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 5000
            # Nothing wider than the window: on a phone the 台账 is cards, not a table to scroll sideways.
            assert driver.execute_script("return window.innerWidth") == width
            assert driver.execute_script("return document.documentElement.scrollWidth") <= width, name
        driver.get(base(served) + "/")
        cells = driver.find_elements(By.CSS_SELECTOR, "table.ledger tbody tr")
        shown = driver.execute_script("return getComputedStyle(arguments[0]).display", cells[0])
        assert shown == ("block" if width < 700 else "table-row")
    finally:
        quit_browser(driver)
