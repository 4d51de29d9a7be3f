"""The seeds report as a person sees it: rendered in headless Chromium, no console errors, a screenshot.

Chromium is driven through the DevTools protocol (``websocket-client``): the test loads
``index.html`` from disk, collects console errors and uncaught exceptions, checks that the
heatmap image has loaded and the evidence table has rows after the page's JavaScript ran, and
saves a full-page screenshot to ``reports/screenshots/seeds.png`` (a CI artifact). It skips,
saying so, only when no Chromium binary can be found (``.ci/run`` installs Debian's
``chromium``).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT
from stance.report import write_report

SCREENSHOTS = ROOT / "reports" / "screenshots"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    for name in (os.environ.get("STANCE_CHROMIUM", ""), *BROWSERS):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class Browser:
    """A headless Chromium with one page, spoken to over the DevTools protocol."""

    def __init__(self, binary: str, profile: Path) -> None:
        import websocket

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
             "--remote-allow-origins=*", f"--user-data-dir={profile}", "--no-first-run",
             "--allow-file-access-from-files", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        port = None
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                break
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if found:
                port = found.group(1)
                break
        if port is None:
            self.close()
            raise RuntimeError("Chromium did not start its DevTools endpoint")
        from urllib.request import urlopen

        targets = json.loads(urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params: object) -> dict:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout: float = 60) -> dict:
        for message in self.events:
            if message.get("method") == event:
                return message
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv())
            self.events.append(message)
            if message.get("method") == event:
                return message
        raise TimeoutError(event)

    def evaluate(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def errors(self) -> list[str]:
        found = []
        for message in self.events:
            method, params = message.get("method"), message.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(json.dumps(params.get("args"))[:500])
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                found.append(params["entry"].get("text", ""))
        return found

    def open(self, path: Path) -> float:
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        started = time.monotonic()
        self.send("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")
        return time.monotonic() - started

    def close(self) -> None:
        if getattr(self, "socket", None) is not None:
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture()
def browser(tmp_path):
    pytest.importorskip("websocket", reason="websocket-client is needed to drive Chromium (pip install -e '.[test]')")
    binary = find_chromium()
    if binary is None:
        pytest.skip("Chromium not found (looked for " + ", ".join(BROWSERS) + "); install Debian's 'chromium' "
                    "(apt-get install chromium) or set STANCE_CHROMIUM — .ci/run installs it when run as root")
    browser = Browser(binary, tmp_path / "profile")
    yield browser
    browser.close()


@pytest.mark.slow
def test_seeds_report_renders_without_errors_and_is_saved_as_a_screenshot(browser, seeds_analysis, tmp_path):
    write_report(seeds_analysis, tmp_path / "report")
    browser.open(tmp_path / "report" / "index.html")
    assert browser.errors() == []
    state = browser.evaluate("""({
        heatmap: (function () { var i = document.getElementById('heatmap-img');
                                return i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 100; })(),
        rows: document.querySelectorAll('#evidence-table tbody tr').length,
        underlined: document.querySelectorAll('#evidence-table u.actor').length,
        cues: document.querySelectorAll('#evidence-table .cue').length,
        figures: Array.prototype.every.call(document.images, function (i) { return i.naturalWidth > 0; }),
        count: document.getElementById('f-count').textContent,
        contrast: document.querySelector('#actor-musk .contrast').textContent
    })""")
    assert state["heatmap"] and state["figures"]
    assert state["rows"] == min(50, len(seeds_analysis.mentions)) and state["underlined"] == state["rows"]
    assert state["cues"] > 0
    assert state["count"] == f"{len(seeds_analysis.mentions)} of {len(seeds_analysis.mentions)} mentions"
    assert state["contrast"].startswith("Gate (id) is hostile to Elon Musk")

    # filter by actor and label, then sort by score: plain JS, no reload
    filtered = browser.evaluate("""(function () {
        var actor = document.getElementById('f-actor'), label = document.getElementById('f-label');
        actor.value = Array.prototype.find.call(actor.options, function (o) { return o.text === 'Elon Musk'; }).value;
        actor.dispatchEvent(new Event('input'));
        label.value = '0'; label.dispatchEvent(new Event('input'));
        document.querySelector("#evidence-table th[data-key='score']").click();
        var rows = document.querySelectorAll('#evidence-table tbody tr');
        return Array.prototype.map.call(rows, function (r) {
            return [r.cells[2].textContent, r.cells[5].textContent, r.cells[4].textContent]; });
    })()""")
    expected = seeds_analysis.mentions.query("actor == 'musk' and label == 'hostile'")
    assert len(filtered) == min(50, len(expected))
    assert {r[0] for r in filtered} == {"Elon Musk"} and {r[1] for r in filtered} == {"hostile"}
    scores = [float(r[2].replace("\u2212", "-")) for r in filtered]
    assert scores == sorted(scores)
    browser.evaluate("(function () { var a = document.getElementById('f-actor'), l = document.getElementById('f-label');"
                     " a.value = ''; l.value = ''; a.dispatchEvent(new Event('input')); window.scrollTo(0, 0); })()")

    height = browser.evaluate("document.documentElement.scrollHeight")
    shot = browser.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": min(int(height), 12000), "scale": 1})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "seeds.png"
    target.write_bytes(base64.b64decode(shot["data"]))
    assert target.stat().st_size > 10_000
    assert browser.errors() == []


@pytest.mark.slow
def test_a_thousand_document_report_opens_quickly(browser, tmp_path):
    from tiny_analysis import make_analysis

    scores = {(f"doc{i:04d}", f"source {i % 20}", actor): [(-1) ** i * 0.1 * (k % 5) for k in range(8)]
              for i in range(1000) for actor in ("ann", "bob", "acme")}
    write_report(make_analysis(scores, sentence="Lee said the plan was a bad idea, and Ray agreed with him."),
                 tmp_path / "big")
    seconds = browser.open(tmp_path / "big" / "index.html")
    assert browser.errors() == []
    assert browser.evaluate("document.querySelectorAll('#evidence-table tbody tr').length") == 50
    assert browser.evaluate("document.getElementById('f-count').textContent") == "24000 of 24000 mentions"
    assert seconds < 10, f"the page took {seconds:.1f} s to load"
