#!/usr/bin/env python3
"""The report's controls in a real browser, checked against the CLI.

Starts headless Chromium, opens a `bigram report` page over the DevTools protocol, moves every
control (α, temperature, top-k, η with each optimizer, ε), reads the values the page shows, and
compares them with what the `bigram` binary prints for the same settings:

  α            -> `bigram counts --smoothing A --json`            (nll, perplexity)
  α, T, top-k  -> `bigram sample --smoothing A --temperature T --top-k K -n COUNT --json` (the words)
  η, GD        -> `bigram lr-sweep --l2 L --json`                 (verdict, final loss, loss curve)
  η, momentum, Adam -> `bigram train --optimizer M -l η --steps 100 --json` (the loss curve)
  ε            -> `bigram taylor --l2 L --json`                   (error/ε², ½·DᵀHD)

Fails on any console message, uncaught exception or network request made by the page, and on any
figure that differs. Loads the page once more with JavaScript off: the controls must stay hidden
and the static figures and tables remain. Writes full-page screenshots at 1400 px and 400 px when --screenshots is given.

Usage: Utilities/explorable-test.py --bigram .build/debug/bigram [--input ../shared/data/names.txt]
           [--report PAGE.html] [--screenshots DIR]
Needs: chromium (Debian) and the `websocket-client` package from PyPI.
"""
import argparse
import base64
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client

# Relative tolerances. The page's counts objective repeats the CLI's operations in the CLI's order
# with the CLI's own exp and log (VectorMath), so GD and momentum runs must match to the last bit,
# even the divergent ones that amplify any difference. Adam also calls pow (β^t), where the
# browser's libm may differ from the C library's in the last bit. The NLL is a sum in another
# order (the CLI scores word by word), and the CLI's Taylor table evaluates L on the autodiff tape.
EXACT = 0.0
ADAM = 1e-9
SMOOTH = 1e-12


class Failure(Exception):
    pass


def close(a, b, tolerance):
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)


def expect(condition, message):
    if not condition:
        raise Failure(message)


class Browser:
    """One headless Chromium page over the DevTools protocol, logging console output and requests."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="bigram-chromium-")
        flags = [
            binary, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability", "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}", "--window-size=1400,1000", "about:blank",
        ]
        self.process = subprocess.Popen(flags, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.time() + 60
        while time.time() < deadline and port is None:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                raise Failure(f"chromium exited with status {self.process.returncode}")
            match = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if match:
                port = int(match.group(1))
        expect(port is not None, "chromium did not open its DevTools port within 60 s")
        pages = []
        while time.time() < deadline and not pages:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
                pages = [t for t in json.load(response) if t["type"] == "page"]
        expect(pages, "chromium shows no page target")
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0
        self.console = []
        self.requests = []
        for domain in ["Runtime", "Log", "Network", "Page"]:
            self.call(f"{domain}.enable")

    def _record(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(f"console.{params.get('type')}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append(f"exception: {details.get('exception', {}).get('description', details.get('text'))}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.console.append(f"log {entry.get('level')}: {entry.get('text')} {entry.get('url', '')}")
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise Failure(f"{method}: {message['error']}")
                return message.get("result", {})
            self._record(message)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise Failure(f"script error in the test's expression {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url):
        self.call("Page.navigate", url=url)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.evaluate("document.readyState") == "complete" and self.evaluate(
                    "document.documentElement.getAttribute('data-explorable')") == "ready":
                return
            time.sleep(0.1)
        raise Failure("the page's script never finished (no data-explorable=\"ready\")")

    def screenshot(self, width, path):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=False)
        time.sleep(0.3)
        height = self.evaluate("document.documentElement.scrollHeight")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        time.sleep(0.3)
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        overflow = self.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        self.call("Emulation.clearDeviceMetricsOverride")
        return height, overflow

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """The report's controls and outputs."""

    def __init__(self, browser):
        self.browser = browser
        self.data = json.loads(browser.evaluate("document.getElementById('bigram-data').textContent"))

    def set(self, control, position):
        self.browser.evaluate(
            f"(function () {{ var e = document.getElementById({json.dumps(control)}); e.value = {int(position)}; "
            f"e.dispatchEvent(new Event('input', {{ bubbles: true }})); }})()")

    def choose(self, optimizer):
        self.browser.evaluate(
            f"(function () {{ var e = document.querySelector('input[name=optimizer][value={optimizer}]'); "
            f"e.checked = true; e.dispatchEvent(new Event('change', {{ bubbles: true }})); }})()")

    def output(self, name):
        """(shown text, full-precision value) of an <output>."""
        return self.browser.evaluate(
            f"(function () {{ var e = document.getElementById({json.dumps(name)}); "
            f"return [e.textContent, e.getAttribute('data-value')]; }})()")

    def number(self, name):
        text, value = self.output(name)
        return text, float(value)

    def attribute(self, element, name):
        return self.browser.evaluate(
            f"document.getElementById({json.dumps(element)}).getAttribute({json.dumps(name)})")


class CLI:
    def __init__(self, binary, corpus):
        self.binary = binary
        self.corpus = corpus

    def json(self, *arguments):
        corpus = ["-i", self.corpus] if self.corpus else []
        result = subprocess.run([self.binary, *arguments, *corpus, "--json"], capture_output=True, text=True)
        expect(result.returncode == 0, f"bigram {' '.join(arguments)} failed: {result.stderr}")
        return json.loads(result.stdout)


def fixed(value, digits):
    return f"{value:.{digits}f}"


def check_smoothing(page, cli, log):
    for position, alpha in enumerate(page.data["smoothings"]):
        page.set("alpha", position)
        counts = cli.json("counts", "--smoothing", repr(alpha))
        text, nll = page.number("alpha-nll")
        expect(close(nll, counts["nll"], SMOOTH), f"α = {alpha}: page NLL {nll!r}, CLI {counts['nll']!r}")
        expect(text == fixed(counts["nll"], 6), f"α = {alpha}: page shows NLL {text}, CLI {counts['nll']:.6f}")
        text, perplexity = page.number("alpha-perplexity")
        expect(close(perplexity, counts["perplexity"], SMOOTH), f"α = {alpha}: perplexity {perplexity} vs {counts['perplexity']}")
        cell = page.browser.evaluate("document.querySelectorAll('#p-map g.cell')[1].querySelectorAll('text')[1].textContent")
        row = page.data["counts"][: len(page.data["labels"])]
        expected = (row[1] + alpha) / sum(n + alpha for n in row)
        expect(cell == f"{expected:.3f}", f"α = {alpha}: heat map cell .a shows {cell}, expected {expected:.3f}")
        log(f"α = {alpha:g}: NLL {text if False else fixed(nll, 6)} = CLI {counts['nll']:.6f}; cell .a {cell}")


def check_samples(page, cli, log):
    count = page.data["sampleCount"]
    settings = [(5, 3, 0), (5, 0, 0), (0, 3, 0), (8, 1, 3), (6, 6, 1), (2, 4, 10)]
    for alpha_position, temperature_position, top_k in settings:
        top_k = min(top_k, len(page.data["labels"]))  # the slider ends at V
        alpha = page.data["smoothings"][alpha_position]
        temperature = page.data["temperatures"][temperature_position]
        page.set("alpha", alpha_position)
        page.set("temperature", temperature_position)
        page.set("top-k", top_k)
        words = json.loads(page.attribute("live-samples", "data-words"))
        arguments = ["sample", "--smoothing", repr(alpha), "--temperature", repr(temperature), "-n", str(count),
                     "--seed", page.data["seed"]]
        if top_k:
            arguments += ["--top-k", str(top_k)]
        expected = [s["word"] for s in cli.json(*arguments)["samples"]]
        expect(words == expected, f"α = {alpha}, T = {temperature}, top-k = {top_k}: page {words[:6]}…, CLI {expected[:6]}…")
        shown = page.browser.evaluate(
            "Array.prototype.map.call(document.querySelectorAll('#live-samples li > :first-child'), "
            "function (e) { return e.textContent; })")
        expect(shown == [w if w else "(empty)" for w in words], "the list shows other words than it computed")
        text, _ = page.output("top-k-value")
        expect(text == (str(top_k) if top_k else "all"), f"top-k shows {text}")
        log(f"α = {alpha:g}, T = {temperature:g}, top-k = {top_k or 'all'}: {count} words = CLI ({', '.join(words[:4])}, …)")
    page.set("alpha", page.data["smoothingIndex"])
    page.set("temperature", page.data["temperatureIndex"])
    page.set("top-k", 0)


def check_rates(page, cli, log):
    l2 = repr(page.data["l2"])
    sweep = cli.json("lr-sweep", "--l2", l2, "--quiet")
    expect(close(float(page.data["startBound"]), sweep["stabilityBoundStart"], 1e-9), "2/λ_max at W = 0 differs from lr-sweep's")
    expect(close(float(page.data["optimumBound"]), sweep["stabilityBoundOptimum"], 1e-9), "2/λ_max at W* differs from lr-sweep's")
    expect(close(page.data["optimumLoss"], sweep["optimumLoss"], 1e-12), "L* differs from lr-sweep's")
    page.choose("gd")
    verdicts = set()
    for k, run in enumerate(sweep["runs"]):
        position = 4 * k
        expect(page.data["rates"][position] == run["learningRate"], f"slider position {position} is not lr-sweep's rate {run['learningRate']}")
        page.set("rate", position)
        text, verdict = page.output("rate-verdict")
        expect(verdict == run["verdict"], f"η = {run['learningRate']}: page says {verdict}, lr-sweep says {run['verdict']}")
        losses = json.loads(page.attribute("rate-chart", "data-losses"))
        curve = [p["loss"] for p in run["lossCurve"]]
        tolerance = EXACT
        expect(len(losses) == len(curve), f"η = {run['learningRate']}: {len(losses)} losses, lr-sweep has {len(curve)}")
        worst = max(abs(a - b) / abs(b) for a, b in zip(losses, curve))
        expect(worst <= tolerance, f"η = {run['learningRate']}: loss curve differs by {worst:.1e} relative")
        final_text, final = page.number("rate-final")
        expect(final_text == fixed(run["finalLoss"], 6), f"η = {run['learningRate']}: shows {final_text}, lr-sweep {run['finalLoss']:.6f}")
        _, rises = page.number("rate-rises")
        expect(int(rises) == run["rises"], f"η = {run['learningRate']}: {rises} rises, lr-sweep {run['rises']}")
        verdicts.add(verdict)
        log(f"GD η = {run['learningRate']:.4g}: {verdict}, final {final_text} (curve within {worst:.1e} of lr-sweep)")
    expect(verdicts == {"too-small", "good", "oscillating", "divergent"}, f"the sweep shows only {sorted(verdicts)}")
    for optimizer, positions in [("momentum", [8, 20, 36]), ("adam", [0, 12, 24])]:
        page.choose(optimizer)
        for position in positions:
            rate = page.data["rates"][position]
            page.set("rate", position)
            trained = cli.json("train", "--l2", l2, "--optimizer", optimizer, "--learning-rate", repr(rate), "--steps",
                               str(page.data["steps"]))
            curve = [record["loss"] for record in trained["history"]]
            losses = json.loads(page.attribute("rate-chart", "data-losses"))
            expect(len(losses) == len(curve), f"{optimizer} η = {rate}: {len(losses)} losses, train has {len(curve)}")
            worst = max(abs(a - b) / abs(b) for a, b in zip(losses, curve))
            tolerance = ADAM if optimizer == "adam" else EXACT
            expect(worst <= tolerance, f"{optimizer} η = {rate}: loss curve differs from train's by {worst:.1e} relative")
            verdict = page.output("rate-verdict")[0]
            log(f"{optimizer} η = {rate:.4g}: {verdict}, curve within {worst:.1e} of `bigram train`")
    page.choose("gd")
    page.set("rate", page.data["rateIndex"])


def check_taylor(page, cli, log):
    taylor = cli.json("taylor", "--l2", repr(page.data["l2"]))
    _, half = page.number("taylor-half-curvature")
    expect(close(half, taylor["halfCurvature"], 1e-9), f"½·DᵀHD: page {half}, CLI {taylor['halfCurvature']}")
    for row in taylor["rows"]:
        position = page.data["epsilons"].index(row["epsilon"])
        page.set("epsilon", position)
        _, value = page.number("taylor-value")
        expect(close(value, row["loss"], SMOOTH), f"ε = {row['epsilon']}: L(W + εD) {value} vs {row['loss']}")
        text, ratio = page.number("taylor-ratio")
        # error/ε² divides a difference of two losses by ε². The CLI's losses come from the autodiff
        # tape, the page's from the counts formula; they agree to about 1e-14 (measured 7e-15), so
        # the ratios may differ by about 2·1.5e-14/ε².
        allowed = 3e-14 / row["epsilon"] ** 2 + 1e-12
        expect(abs(ratio - row["errorOverEpsilonSquared"]) <= allowed,
               f"ε = {row['epsilon']}: error/ε² {ratio} vs {row['errorOverEpsilonSquared']} (allowed {allowed:.1e})")
        log(f"ε = {row['epsilon']:g}: error/ε² {text} (CLI {row['errorOverEpsilonSquared']:.6f}), ½·DᵀHD {half:.6f}")
    page.set("epsilon", page.data["epsilonIndex"])


def check_keyboard(browser, page, log):
    """A real key press on the focused α slider moves it and updates the page."""
    before = page.output("alpha-value")[0]
    browser.evaluate("document.getElementById('alpha').focus()")
    for kind in ["rawKeyDown", "keyUp"]:
        browser.call("Input.dispatchKeyEvent", type=kind, key="ArrowRight", code="ArrowRight", windowsVirtualKeyCode=39)
    after = page.output("alpha-value")[0]
    expect(before != after, f"ArrowRight on the α slider left it at {before}")
    log(f"keyboard: ArrowRight moved α from {before} to {after}")
    page.set("alpha", page.data["smoothingIndex"])


def check_without_script(browser, url, log):
    """With JavaScript off the page still reads: the control boxes stay hidden, the static figures
    and tables are there."""
    browser.call("Emulation.setScriptExecutionDisabled", value=True)
    browser.call("Page.navigate", url=url)
    deadline = time.time() + 60
    while time.time() < deadline:
        state = browser.call("Runtime.evaluate", expression="document.readyState", returnByValue=True)
        if state["result"].get("value") == "complete":
            break
        time.sleep(0.1)
    # Runtime.evaluate still runs (it is the debugger's, not the page's script).
    shown = browser.evaluate("Array.prototype.filter.call(document.querySelectorAll('.explore'), "
                             "function (e) { return e.offsetHeight > 0; }).length")
    ready = browser.evaluate("document.documentElement.getAttribute('data-explorable')")
    tables = browser.evaluate("document.querySelectorAll('section table').length")
    figures = browser.evaluate("document.querySelectorAll('section figure svg g.cell').length")
    expect(ready is None, "the page's script ran although scripts were disabled")
    expect(shown == 0, f"{shown} control boxes are visible without script")
    expect(tables >= 6 and figures > 0, f"without script the page shows {tables} tables and {figures} heat-map cells")
    browser.call("Emulation.setScriptExecutionDisabled", value=False)
    log(f"without script: controls hidden, {tables} tables and the heat maps shown")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bigram", required=True)
    parser.add_argument("--input", help="the word list (default: the built-in names)")
    parser.add_argument("--report")
    parser.add_argument("--screenshots")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    arguments = parser.parse_args()
    binary = shutil.which(arguments.chromium)
    if binary is None:
        print(f"explorable-test: {arguments.chromium} not found; apt-get install -y chromium", file=sys.stderr)
        return 69
    work = tempfile.mkdtemp(prefix="bigram-explorable-")
    report = arguments.report or os.path.join(work, "report.html")
    if not arguments.report:
        corpus = ["-i", arguments.input] if arguments.input else []
        subprocess.run([arguments.bigram, "report", *corpus, "-o", report], check=True,
                       stdout=subprocess.DEVNULL)
    url = "file://" + os.path.realpath(report)
    browser = Browser(binary)
    log = lambda line: print(f"explorable-test: {line}")
    try:
        browser.open(url)
        page = Page(browser)
        cli = CLI(arguments.bigram, arguments.input)
        hidden = browser.evaluate("Array.prototype.filter.call(document.querySelectorAll('.explore'), "
                                  "function (e) { return e.hidden; }).length")
        expect(hidden == 0, f"{hidden} control boxes are still hidden")
        check_smoothing(page, cli, log)
        check_samples(page, cli, log)
        check_rates(page, cli, log)
        check_taylor(page, cli, log)
        check_keyboard(browser, page, log)
        check_without_script(browser, url, log)
        browser.open(url)
        if arguments.screenshots:
            os.makedirs(arguments.screenshots, exist_ok=True)
            for width in [1400, 400]:
                path = os.path.join(arguments.screenshots, f"report-{width}.png")
                height, overflow = browser.screenshot(width, path)
                expect(overflow <= 0, f"at {width} px the page is {overflow} px wider than the window")
                log(f"screenshot {path} ({width}×{height})")
        browser.evaluate("1")  # drain pending events
        expect(not browser.console, "console output: " + "; ".join(browser.console[:5]))
        outside = [u for u in browser.requests if u != url]
        expect(not outside, "network requests from the page: " + ", ".join(outside[:5]))
        log(f"all controls agree with the CLI; no console output; no request besides the page itself")
        return 0
    except Failure as failure:
        print(f"explorable-test: FAIL: {failure}", file=sys.stderr)
        return 1
    finally:
        browser.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
