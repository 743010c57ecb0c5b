#!/usr/bin/env python3
"""The HTML report opened in headless Chromium (issue 18): `accessgraph report` on a copy
of the sample bundle whose one identity is named with markup; the page must run without
a console message or script error, draw every chart, show the hostile name as text and
never run it (window.__pwned stays undefined). The page's own script writes its checks
into <output id="selfcheck">; --dump-dom reads them back after scripts ran. Keeps a
screenshot: test-artifacts/report.png in the build tree.

  report_browser_test.py --accessgraph BIN --artifacts DIR
Exit 77 (skipped) only when no Chromium is installed.
"""
import argparse
import csv
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "datasets", "sample")
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
TARGET = "u-maria"  # holds unjustified access: shown in the risk and outlier tables
SKIPPED = 77


def find_chromium():
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_args(chromium, profile):
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"]


def make_hostile_bundle(dest):
    shutil.copytree(SAMPLE, dest)
    path = os.path.join(dest, "identities.csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    found = False
    for row in rows[1:]:
        if row[header.index("id")] == TARGET:
            row[header.index("display_name")] = HOSTILE
            found = True
    assert found, TARGET + " is not in the sample bundle"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def open_page(chromium, profile, page):
    """The page's DOM after its scripts ran, and Chromium's console lines."""
    run = subprocess.run(chromium_args(chromium, profile) + ["--dump-dom", "file://" + page],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise AssertionError("chromium failed on %s: %s" % (page, run.stderr[-2000:]))
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run.stdout, console


def selfcheck(dom):
    match = re.search(r'<output id="selfcheck"([^>]*)>(.*?)</output>', dom, re.S)
    if not match:
        raise AssertionError("no selfcheck element: the page's script did not run")
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))
    return attributes, html.unescape(match.group(2))


def check_page(chromium, profile, page, failures, min_charts):
    dom, console = open_page(chromium, profile, page)
    name = os.path.basename(page)
    if console:
        failures.append("%s: console messages:\n  %s" % (name, "\n  ".join(console)))
    attributes, errors = selfcheck(dom)
    if attributes.get("data-status") != "ok" or attributes.get("data-errors") != "0":
        failures.append("%s: self-check %s, errors: %s" % (name, attributes, errors))
    charts, drawn = int(attributes.get("data-charts", "0")), int(attributes.get("data-drawn", "0"))
    if charts < min_charts or drawn != charts:
        failures.append("%s: %d of %d charts drew (expected at least %d)" % (name, drawn, charts, min_charts))
    if attributes.get("data-pwned") != "undefined":
        failures.append("%s: the hostile name ran: typeof window.__pwned = %s" % (name, attributes.get("data-pwned")))
    if "<img" in dom:
        failures.append("%s: an <img> element exists: the hostile name became markup" % name)
    return dom


# Run after the page's own script: sorts a numeric column both ways and types into a
# filter box, then writes what it saw into <body data-probe>.
PROBE = """<script>document.addEventListener("DOMContentLoaded", function () { setTimeout(function () {
  var table = document.getElementById("t-riskiest-identities"), head = table.tHead.rows[0].cells[6];
  head.click(); var ascending = table.tBodies[0].rows[0].cells[6].getAttribute("data-v");
  head.click(); var descending = table.tBodies[0].rows[0].cells[6].getAttribute("data-v");
  var filter = document.querySelector('input[data-table="t-departments"]');
  filter.value = "finance"; filter.dispatchEvent(new Event("input"));
  var shown = Array.prototype.filter.call(document.getElementById("t-departments").tBodies[0].rows,
                                          function (row) { return !row.hidden; }).length;
  document.body.setAttribute("data-probe", ascending + "|" + descending + "|" + shown);
}, 50); });</script></body>"""


def check_interaction(chromium, profile, index, failures):
    """Sorting and filtering work: the probe's view against the table's own numbers."""
    with open(index, encoding="utf-8") as f:
        page = f.read()
    pairs = [int(v) for v in re.findall(
        r'<td class="num" data-v="(\d+)">[^<]*</td></tr>',
        re.search(r'<table class="data" id="t-riskiest-identities">(.*?)</table>', page, re.S).group(1))]
    departments = re.search(r'<table class="data" id="t-departments">.*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    finance_rows = sum("finance" in html.unescape(re.sub("<[^>]+>", "", row)).lower()
                       for row in re.findall(r"<tr>(.*?)</tr>", departments, re.S))
    probe = os.path.join(os.path.dirname(index), "probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", PROBE))
    dom, console = open_page(chromium, profile, probe)
    seen = re.search(r'<body data-probe="([^"]*)"', dom)
    expected = "%d|%d|%d" % (min(pairs), max(pairs), finance_rows)
    if console or not seen or seen.group(1) != expected:
        failures.append("sorting/filtering: saw %s, expected %s; console: %s"
                        % (seen and seen.group(1), expected, console))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accessgraph", required=True)
    parser.add_argument("--artifacts", required=True)
    args = parser.parse_args()
    chromium = find_chromium()
    if not chromium:
        print("SKIPPED: no chromium on this machine (apt-get install chromium; scripts/install-deps.sh)")
        return SKIPPED

    work = tempfile.mkdtemp(prefix="accessgraph-report-browser-")
    try:
        bundle, out, profile = (os.path.join(work, name) for name in ("bundle", "report", "profile"))
        make_hostile_bundle(bundle)
        subprocess.run([args.accessgraph, "report", bundle, "--out", out, "--as-of", "2026-11-01", "-q"], check=True)
        failures = []
        index = os.path.join(out, "index.html")
        dom = check_page(chromium, profile, index, failures, min_charts=3)
        # The hostile name shown as text, as the DOM serialises text: < and > as entities.
        shown = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if shown not in dom:
            failures.append("index.html: the hostile display name is not shown as text")
        check_interaction(chromium, profile, index, failures)
        reviewers = sorted(os.listdir(os.path.join(out, "reviewers")))
        if not reviewers:
            failures.append("no reviewer page")
        else:
            check_page(chromium, profile, os.path.join(out, "reviewers", reviewers[0]), failures, min_charts=0)

        # A state directory with an open campaign: the campaign section and its chart.
        state, campaign, state_report = (os.path.join(work, n) for n in ("state", "campaign", "state-report"))
        ag = args.accessgraph
        subprocess.run([ag, "state", "init", bundle, "--state", state, "--as-of", "2026-11-02", "-q"], check=True)
        subprocess.run([ag, "recert", "--state", state, "--out", campaign, "-q"], check=True, capture_output=True)
        subprocess.run([ag, "report", "--state", state, "--out", state_report, "-q"], check=True)
        state_dom = check_page(chromium, profile, os.path.join(state_report, "index.html"), failures, min_charts=4)
        if "Campaign <code" not in state_dom or "Decided share per reviewer" not in state_dom:
            failures.append("state report: no campaign section")

        # analyze --report writes the same pages beside its files, the previous run as baseline.
        analyzed = os.path.join(work, "analyzed")
        subprocess.run([ag, "analyze", bundle, "--out", analyzed, "--as-of", "2026-11-01", "-q"], check=True)
        subprocess.run([ag, "analyze", bundle, "--out", analyzed, "--as-of", "2026-11-01", "--report",
                        "--baseline", analyzed, "-q"], check=True)
        with open(os.path.join(analyzed, "index.html"), encoding="utf-8") as f:
            page = f.read()
        for wanted in ("findings.csv", "risk.csv", "summary.json", "reviewers"):
            if not os.path.exists(os.path.join(analyzed, wanted)):
                failures.append("analyze --report: no " + wanted)
        if html.escape(HOSTILE) not in page or HOSTILE in page or "<th class=\"num\">Baseline</th>" not in page:
            failures.append("analyze --report: the page lacks the escaped name or the baseline column")

        os.makedirs(args.artifacts, exist_ok=True)
        screenshot = os.path.join(os.path.abspath(args.artifacts), "report.png")
        subprocess.run(chromium_args(chromium, profile) + ["--hide-scrollbars", "--window-size=1280,2000",
                                                           "--screenshot=" + screenshot, "file://" + index],
                       capture_output=True, timeout=120, check=True)
        if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 10_000:
            failures.append("no screenshot at " + screenshot)
        if failures:
            print("\n".join(failures))
            return 1
        print("report opened in %s: charts drew, no console message, hostile name stayed text; screenshot %s"
              % (chromium, screenshot))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
