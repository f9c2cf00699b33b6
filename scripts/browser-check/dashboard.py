"""Drives `dcl serve`'s web dashboard in headless Chromium (selenium) and prints what it saw.

Usage: dashboard.py BASE_URL SCREENSHOT_FOLDER AS_OF

BASE_URL is a running server whose ledger holds `dcl demo`'s mesh plus the contract
`sales.hostile` (recorded after AS_OF). The script clicks through the pages as a reader would
(the catalog, a search, a filter, the "as of" form, a contract with its diff and quality chart,
the quality dashboard, the audit), writes a PNG screenshot of each page to SCREENSHOT_FOLDER, and
prints one JSON object of facts on its last line. It judges nothing: the Swift test
(Tests/DCLCLITests/DashboardBrowserTests.swift) asserts on the facts.
"""
import json
import os
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

base, shots, as_of = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]

options = Options()
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
# --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
    options.add_argument(argument)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
# The Debian driver by path, so selenium never looks for (or downloads) one of its own. Its own
# temporary folder, removed at the end: Chromium leaves an org.chromium.Chromium.* folder (its
# profile's singleton socket) in $TMPDIR on every run.
scratch = tempfile.mkdtemp(prefix="dcl-browser-check-")
service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver",
                  env={**os.environ, "TMPDIR": scratch})
driver = webdriver.Chrome(service=service, options=options)
driver.set_page_load_timeout(30)

facts = {"console": [], "pages": {}}


def visit(name, url=None):
    """Loads `url` (or keeps the page a click led to), records status facts and browser logs."""
    if url is not None:
        driver.get(base + url)
    facts["pages"][name] = {
        "title": driver.title,
        "url": driver.current_url,
        "scripts": len(driver.find_elements(By.TAG_NAME, "script")),
        "images": len(driver.find_elements(By.TAG_NAME, "img")),
    }
    for entry in driver.get_log("browser"):
        facts["console"].append({"page": name, "level": entry.get("level"), "message": entry.get("message")})


def screenshot(name):
    """A PNG of the whole page: the window grows to the page's height first."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(int(height) + 40, 600), 4000))
    driver.save_screenshot(f"{shots}/dashboard-{name}.png")
    driver.set_window_size(1280, 900)


def follow(element):
    """Clicks a link or submit button and waits until the next page has loaded: a click returns
    before it does, and reading right after it read the old page's rows, which the new page then
    made stale. The old page is marked on its window object, which a new document does not have.
    (Waiting for an old element to go stale instead failed now and then: while the page changes,
    chromedriver may answer "Node with given id does not belong to the document", an error that
    selenium's staleness check does not take for staleness. Errors while the page changes are
    retried here until the new page answers.)"""
    driver.execute_script("window.dclLeftPage = true")
    element.click()
    WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return window.dclLeftPage === undefined && document.readyState === 'complete'"))


def rows(selector):
    return [element.get_attribute("data-contract") for element in driver.find_elements(By.CSS_SELECTOR, selector)]


try:
    visit("catalog", "/ui")
    facts["catalog"] = rows("tr.entry")
    screenshot("catalog")

    # Search: type in the box, submit the form as a reader would.
    box = driver.find_element(By.NAME, "q")
    box.clear()
    box.send_keys("revenue")
    follow(driver.find_element(By.CSS_SELECTOR, "#search button[type=submit]"))
    visit("search")
    facts["search"] = rows("tr.entry")
    facts["searchCount"] = driver.find_element(By.ID, "count").text

    # A filter: the marketing domain only.
    visit("filter", "/ui?domain=marketing")
    facts["filter"] = rows("tr.entry")

    # The "as of" form in the header: the catalog as it stood before the hostile contract.
    visit("catalog-now", "/ui")
    field = driver.find_element(By.ID, "asOf")
    field.clear()
    field.send_keys(as_of)
    follow(driver.find_element(By.CSS_SELECTOR, "#asof-form button[type=submit]"))
    visit("as-of")
    facts["asOf"] = rows("tr.entry")
    facts["asOfBanner"] = driver.find_element(By.ID, "asof-banner").text
    # Links keep the time: the first contract link carries asOf.
    facts["asOfLink"] = driver.find_element(By.CSS_SELECTOR, "tr.entry a").get_attribute("href")

    # A contract page, reached by clicking its catalog link.
    visit("catalog-again", "/ui?q=revenue_metrics")
    follow(driver.find_element(By.LINK_TEXT, "sales.revenue_metrics"))
    visit("contract")
    facts["contractHeading"] = driver.find_element(By.ID, "contract-title").text
    facts["versions"] = [row.text.split()[0] for row in driver.find_elements(By.CSS_SELECTOR, "#versions tbody tr")]
    facts["schemaFields"] = [row.find_element(By.TAG_NAME, "td").text
                             for row in driver.find_elements(By.CSS_SELECTOR, "table.schema tbody tr")]
    # The diff between two chosen versions, through the form.
    Select(driver.find_element(By.ID, "diff-from")).select_by_value("1.0.0")
    Select(driver.find_element(By.ID, "diff-to")).select_by_value("1.1.0")
    follow(driver.find_element(By.CSS_SELECTOR, "#diff-form button[type=submit]"))
    visit("diff")
    facts["diffHeading"] = driver.find_element(By.ID, "diff-heading").text
    facts["diffRows"] = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
                         for row in driver.find_elements(By.CSS_SELECTOR, "#diff tr.change")]
    # The quality trend chart: inline SVG with one dot per result and the running line.
    chart = driver.find_element(By.ID, "quality-trend")
    facts["chart"] = {
        "displayed": chart.is_displayed(),
        "width": chart.size["width"],
        "height": chart.size["height"],
        "dots": len(chart.find_elements(By.TAG_NAME, "circle")),
        "failedDots": len(chart.find_elements(By.CSS_SELECTOR, "circle.fail")),
        "linePoints": len((chart.find_element(By.TAG_NAME, "polyline").get_attribute("points") or "").split()),
    }
    facts["timelineRows"] = len(driver.find_elements(By.CSS_SELECTOR, "#timeline tbody tr"))
    screenshot("contract")

    # Hostile text stays text: the page shows it literally and runs none of it.
    visit("hostile", "/ui/contracts/sales.hostile")
    facts["hostileHeading"] = driver.find_element(By.ID, "contract-title").text
    facts["hostileFieldDocs"] = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "table.schema tbody td:last-child")]

    # A contract `dcl quality run` checked: its runs, and the failed checks of the latest one.
    visit("runs", "/ui/contracts/sales.crm_orders")
    facts["runs"] = [row.get_attribute("data-run") for row in driver.find_elements(By.CSS_SELECTOR, "#runs tr.run")]
    facts["latestRun"] = driver.find_element(By.ID, "latest-run").text
    facts["latestFailures"] = [row.find_element(By.TAG_NAME, "td").text
                               for row in driver.find_elements(By.CSS_SELECTOR, "#latest-run-failures tr.failure")]
    screenshot("runs")

    visit("quality", "/ui/quality")
    facts["qualityDomains"] = [heading.text.split()[0] for heading in driver.find_elements(By.CSS_SELECTOR, "h2.domain")]
    facts["qualityRows"] = len(driver.find_elements(By.CSS_SELECTOR, "table.dashboard tbody tr"))
    screenshot("quality")

    visit("audit", "/ui/audit")
    facts["auditVerdict"] = driver.find_element(By.ID, "verdict").text
    facts["auditEvents"] = driver.find_element(By.ID, "events-checked").text
    screenshot("audit")

    visit("missing", "/ui/contracts/sales.nothing_here")
    facts["missing"] = driver.find_element(By.ID, "problem").text
finally:
    # The missing page's 404 is expected to be logged by the browser; keep the others.
    driver.quit()
    shutil.rmtree(scratch, ignore_errors=True)

print(json.dumps(facts))
