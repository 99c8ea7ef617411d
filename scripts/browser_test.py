"""The search page in a real browser: Debian's headless chromium, driven by Selenium.

Indexes Corpus/ into a temporary index, starts `quarry serve` on the loopback address and a
free port, then: loads the page, types a query, ticks a facet value, checks hits and counts
against `quarry search --json`, opens an item, checks a phone-sized window has no sideways
scrolling, and saves a screenshot. The server is always stopped.

    python browser_test.py QUARRY_BINARY CORPUS_DIR SCREENSHOT.png
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def cli(quarry, index, *arguments):
    """`quarry search ... --json`'s answer."""
    output = subprocess.run(
        [quarry, "search", *arguments, "--json", "--facet-limit", "0", "--index", index],
        check=True, capture_output=True, text=True)
    return json.loads(output.stdout)


def start_server(quarry, index):
    server = subprocess.Popen(
        [quarry, "serve", "--port", "0", "--index", index],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if not match:
        server.kill()
        raise SystemExit(f"quarry serve did not start: {line} {server.stderr.read()}")
    return server, match.group(0)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)


def page_hits(driver):
    return [element.get_attribute("data-id") for element in driver.find_elements(By.CSS_SELECTOR, "ol.hits > li.hit")]


def page_total(driver):
    return int(driver.find_element(By.CSS_SELECTOR, ".summary .total").text)


def facet_counts(driver, facet):
    """The page's {value: count} for one facet."""
    counts = {}
    for row in driver.find_elements(By.CSS_SELECTOR, f'fieldset[data-facet="{facet}"] li'):
        value = row.find_element(By.CSS_SELECTOR, "input").get_attribute("value").split(":", 1)[1]
        counts[value] = int(row.find_element(By.CSS_SELECTOR, ".count").text)
    return counts


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print(f"  ok  {message}")


def run(quarry, corpus, screenshot):
    with tempfile.TemporaryDirectory(prefix="quarry-browser-") as folder:
        index = os.path.join(folder, "Index")
        subprocess.run([quarry, "index", corpus, "--index", index, "--quiet"], check=True, capture_output=True)
        server, url = start_server(quarry, index)
        driver = None
        try:
            driver = browser()
            wait = WebDriverWait(driver, 20)
            driver.get(url)
            check("Quarry" in driver.title, f"the page loads at {url}")

            # Type a query and send it with Enter.
            box = driver.find_element(By.NAME, "q")
            box.clear()
            box.send_keys("kind:paper", Keys.ENTER)
            wait.until(lambda d: "q=kind%3Apaper" in d.current_url)
            expected = cli(quarry, index, "kind:paper")
            check(page_total(driver) == expected["total"], f"total {expected['total']} as quarry search says")
            check(page_hits(driver) == [hit["id"] for hit in expected["hits"]], "the hits in quarry search's order")

            # Tick a facet value: the script submits the form, the URL keeps the state.
            author = "Ahan Gupta"
            driver.find_element(By.CSS_SELECTOR, f'input[name="f"][value="author:{author}"]').click()
            wait.until(lambda d: "f=author%3AAhan+Gupta" in d.current_url)
            wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".summary .total")))
            expected = cli(quarry, index, "kind:paper", "--filter", f"author:{author}")
            check(page_total(driver) == expected["total"], f"after ticking {author}: total {expected['total']}")
            check(page_hits(driver) == [hit["id"] for hit in expected["hits"]], "the same hits as --filter")
            for facet in ("author", "venue", "year"):
                shown = facet_counts(driver, facet)
                counted = {item["value"]: item["count"] for item in expected["facets"][facet]}
                check(shown and all(counted.get(value) == count for value, count in shown.items()),
                      f"{facet} counts as quarry search counts them ({len(shown)} shown)")
            check(facet_counts(driver, "author").get("Vima Gupta") == 8,
                  "the ticked facet keeps counting its other values (drill-sideways)")
            check(driver.find_element(By.CSS_SELECTOR, f'input[value="author:{author}"]').is_selected(),
                  "the ticked box stays ticked")
            if screenshot:
                driver.save_screenshot(screenshot)
                print(f"  ok  screenshot saved to {screenshot}")

            # The back button returns to the unfiltered state.
            driver.back()
            wait.until(lambda d: "author" not in urllib.parse.unquote_plus(d.current_url))
            check(page_total(driver) == cli(quarry, index, "kind:paper")["total"], "back: the unfiltered page")

            # Open an item.
            first = expected["hits"][0]
            driver.get(driver.current_url)
            driver.find_element(By.CSS_SELECTOR, f'li.hit[data-id="{first["id"]}"] h2 a').click()
            wait.until(lambda d: "/item/" in d.current_url)
            check(driver.find_element(By.TAG_NAME, "h1").text == first["title"], f"item page: {first['title'][:40]}…")
            sources = driver.find_elements(By.CSS_SELECTOR, "a.source")
            check(len(sources) == len(first["paths"]), f"item page lists its {len(first['paths'])} source file(s)")
            sources[0].click()
            wait.until(lambda d: "/file?" in d.current_url)
            check("Ahan Gupta" in driver.find_element(By.TAG_NAME, "body").text, "a source link opens the file")

            # A phone-sized window: nothing scrolls sideways.
            driver.set_window_size(390, 844)
            driver.get(url + "?q=moe")
            width = driver.execute_script("return document.documentElement.scrollWidth")
            inner = driver.execute_script("return window.innerWidth")
            check(width <= inner, f"on a 390 px phone the page is {width} px wide (window {inner} px)")
        finally:
            if driver is not None:
                driver.quit()
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    started = time.time()
    run(*sys.argv[1:])
    print(f"browser test passed in {time.time() - started:.1f} s")
