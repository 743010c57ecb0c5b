#pragma once
// The report's style sheet and script, inlined into every page (the pages load
// nothing). The script sorts and filters tables and checks the page: it records
// script errors (window.onerror, console.error) and whether every chart drew into
// <output id="selfcheck">, which tests/html/report_browser_test.py reads back from
// headless Chromium.
#include <string_view>

namespace accessgraph::html {

inline constexpr std::string_view kReportCss = R"css(
:root{--ink:#1d2733;--muted:#5b6876;--line:#d7dde4;--accent:#2d6cdf;--bad:#c0392b;--warn:#d68910;--ok:#1e8449;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fff}
header.top{background:var(--ink);color:#fff;padding:14px 24px}
header.top h1{margin:0;font-size:20px}
header.top p{margin:2px 0 0;color:#c9d3dd}
nav.sections{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:6px 24px;z-index:2}
nav.sections a{margin-right:16px;color:var(--accent);text-decoration:none;font-weight:600}
main{padding:8px 24px 40px;max-width:1280px}
section{margin-top:22px}
h2{border-bottom:2px solid var(--ink);padding-bottom:4px;font-size:18px}
h3{font-size:15px;margin:18px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:140px;background:var(--bg)}
.card b{display:block;font-size:22px}
.card span{color:var(--muted)}
.grid{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
figure.chart{margin:6px 0}
figure.chart figcaption{font-weight:600;margin-bottom:4px}
svg.chart rect.bar{fill:var(--accent)}
svg.chart text{font-size:11px;fill:var(--ink)}
svg.chart text.value{fill:var(--muted)}
svg.chart line.axis{stroke:var(--muted)}
table.data{border-collapse:collapse;margin:4px 0 10px;min-width:420px}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
table.data th{background:var(--bg);cursor:pointer;user-select:none;white-space:nowrap}
table.data th[aria-sort=ascending]::after{content:" ▲"}
table.data th[aria-sort=descending]::after{content:" ▼"}
table.data td.num,table.data th.num{text-align:right;font-variant-numeric:tabular-nums}
code.id{color:var(--muted);font-size:12px}
.step{white-space:nowrap}
.up{color:var(--bad)}.down{color:var(--ok)}
.note{color:var(--muted)}
input.filter{margin:4px 0;padding:3px 6px;border:1px solid var(--line);border-radius:4px;width:260px}
.bar-cell{display:inline-block;height:9px;background:var(--accent);vertical-align:middle;margin-right:6px}
.rec-revoke{color:var(--bad);font-weight:600}.rec-review{color:var(--warn)}.rec-approve{color:var(--ok)}
output#selfcheck{display:none}
@media print{
  nav.sections,input.filter{display:none}
  header.top{background:#fff;color:#000;border-bottom:2px solid #000}
  header.top p{color:#000}
  main{max-width:none;padding:0}
  section{break-inside:auto}
  h2,h3{break-after:avoid}
  table.data tr{break-inside:avoid}
  table.data tr[hidden]{display:table-row}
  a{color:inherit;text-decoration:none}
}
)css";

inline constexpr std::string_view kReportScript = R"js(
(function () {
  "use strict";
  var errors = [];
  var originalError = console.error;
  console.error = function () {
    errors.push(Array.prototype.join.call(arguments, " "));
    return originalError.apply(console, arguments);
  };
  // Capture phase: also failed loads of images or scripts, which do not bubble.
  window.addEventListener("error", function (event) {
    errors.push(event.message || ("failed to load " + (event.target && (event.target.src || event.target.href) || event.type)));
  }, true);
  window.addEventListener("securitypolicyviolation", function (event) {
    errors.push("blocked by the content security policy: " + event.violatedDirective);
  });

  function cellValue(cell) {
    var v = cell.getAttribute("data-v");
    return v !== null ? v : cell.textContent.trim();
  }
  function compare(a, b, numeric) {
    if (numeric) return (parseFloat(a) || 0) - (parseFloat(b) || 0);
    return a.localeCompare(b);
  }
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, column) {
      th.tabIndex = 0;
      th.title = "Sort";
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.classList.contains("num");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(cellValue(r1.cells[column]), cellValue(r2.cells[column]), numeric);
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter") sort(); });
    });
  }
  function makeFilterable(input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table) return;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }
  function check() {
    var charts = document.querySelectorAll("svg.chart");
    var drawn = 0;
    Array.prototype.forEach.call(charts, function (svg) {
      var box = svg.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && svg.querySelectorAll("rect.bar").length > 0) drawn++;
    });
    var out = document.getElementById("selfcheck");
    out.setAttribute("data-charts", String(charts.length));
    out.setAttribute("data-drawn", String(drawn));
    out.setAttribute("data-tables", String(document.querySelectorAll("table.data").length));
    out.setAttribute("data-errors", String(errors.length));
    out.setAttribute("data-pwned", typeof window.__pwned);
    out.textContent = errors.join("\n");
    out.setAttribute("data-status", errors.length === 0 && drawn === charts.length ? "ok" : "failed");
  }
  document.addEventListener("DOMContentLoaded", function () {
    try {
      JSON.parse(document.getElementById("report-data").textContent);
      Array.prototype.forEach.call(document.querySelectorAll("table.data"), makeSortable);
      Array.prototype.forEach.call(document.querySelectorAll("input.filter"), makeFilterable);
    } catch (e) {
      errors.push(String(e));
    }
    check();
    window.setTimeout(check, 300);  // after late errors (an image that failed to load)
  });
})();
)js";

}  // namespace accessgraph::html
