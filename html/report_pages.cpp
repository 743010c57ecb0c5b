#include "html/report_pages.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>

#include "core/io/output_file.hpp"
#include "html/html_escape.hpp"
#include "html/report_assets.hpp"
#include "html/svg_chart.hpp"

namespace accessgraph::html {
namespace {

constexpr std::string_view kPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'";
// The index lists this many of the riskiest pairs; reviewer pages list all of theirs.
constexpr std::size_t kRiskiestPairsShown = 100;

std::string number(std::uint64_t value) {
  std::string digits = std::to_string(value), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// "Name id": the name, and the id beside it (alone when the name is empty or the id).
std::string named(const NamedId& entity) {
  if (entity.id.empty()) return "<span class=\"note\">(nobody)</span>";
  std::string out;
  if (!entity.name.empty() && entity.name != entity.id) out += "<span class=\"name\">" + escape(entity.name) + "</span> ";
  out += "<code class=\"id\">" + escape(entity.id) + "</code>";
  return out;
}

// A sortable, filterable table, built row by row; cells are HTML already.
class Table {
 public:
  struct Column {
    std::string title;
    bool numeric = false;
  };
  // Element ids are "t-" + id: apart from the sections' ids ("departments", "reviewers").
  Table(std::string_view id, std::vector<Column> columns) : id_("t-" + std::string(id)), columns_(std::move(columns)) {}

  // A cell; `sort_value` orders numeric columns (the shown text has separators).
  Table& cell(std::string html, std::string sort_value = {}) {
    current_.push_back({std::move(html), std::move(sort_value)});
    if (current_.size() == columns_.size()) rows_.push_back(std::move(current_)), current_.clear();
    return *this;
  }
  Table& count(std::uint64_t value) { return cell(number(value), std::to_string(value)); }
  Table& score(double value) { return cell(fmt::format("{:.2f}", value), fmt::format("{:.2f}", value)); }
  Table& text(std::string_view value) { return cell(escape(value)); }
  std::size_t rows() const { return rows_.size(); }

  std::string html(std::string_view empty_note = "None.") const {
    if (rows_.empty()) return fmt::format("<p class=\"note\">{}</p>", escape(empty_note));
    std::string out;
    if (rows_.size() > 5)
      out += fmt::format("<input class=\"filter\" type=\"search\" placeholder=\"Filter rows\" data-table=\"{}\" "
                         "aria-label=\"Filter the table\">",
                         id_);
    out += fmt::format("<table class=\"data\" id=\"{}\"><thead><tr>", id_);
    for (const Column& c : columns_) out += fmt::format("<th{}>{}</th>", c.numeric ? " class=\"num\"" : "", escape(c.title));
    out += "</tr></thead><tbody>";
    for (const auto& row : rows_) {
      out += "<tr>";
      for (std::size_t c = 0; c < row.size(); ++c) {
        out += "<td";
        if (columns_[c].numeric) out += " class=\"num\"";
        if (!row[c].sort_value.empty()) out += " data-v=\"" + escape(row[c].sort_value) + "\"";
        out += ">" + row[c].html + "</td>";
      }
      out += "</tr>";
    }
    out += "</tbody></table>";
    return out;
  }

 private:
  struct Cell {
    std::string html, sort_value;
  };
  std::string id_;
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
  std::vector<Cell> current_;
};

std::string page_start(std::string_view title, std::string_view subtitle, std::string_view nav) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>{}</title><style>{}</style><script>{}</script></head><body>"
      "<header class=\"top\"><h1>{}</h1><p>{}</p></header>{}<main>",
      kPolicy, escape(title), kReportCss, kReportScript, escape(title), escape(subtitle), nav);
}

// The page's data for scripts and tools: the headline counts, as escaped JSON.
std::string page_end(const nlohmann::json& data) {
  return "</main><output id=\"selfcheck\"></output><script type=\"application/json\" id=\"report-data\">" +
         escape_script_json(data.dump()) + "</script></body></html>\n";
}

std::string reviewer_link(const NamedId& reviewer, std::string_view prefix) {
  if (reviewer.id.empty()) return named(reviewer);
  return fmt::format("<a href=\"{}{}.html\">{}</a>", prefix, file_name_for(reviewer.id), named(reviewer));
}

std::string recommendation(const std::string& value) {
  return fmt::format("<span class=\"rec-{0}\">{0}</span>", escape(value));
}

// What lies between the identity and the entitlement on the pair's access path:
// "account x on AD → group Finance (grp-1) → ...".
std::string path_between(const ReportPair& pair) {
  std::string out;
  for (std::size_t i = 0; i < pair.path.size(); ++i) {
    const ReportPathNode& step = pair.path[i];
    if ((i == 0 && step.kind == "identity") || (i + 1 == pair.path.size() && step.kind == "entitlement")) continue;
    if (!out.empty()) out += " → ";
    out += "<span class=\"step\"><span class=\"note\">" + escape(step.kind) + "</span> " + named(step.node) + "</span>";
  }
  return out;
}

std::string pairs_table(std::string id, const std::vector<const ReportPair*>& pairs, std::string_view reviewer_prefix,
                        bool with_reviewer) {
  std::vector<Table::Column> columns = {{"Score", true}, {"Identity"}, {"Entitlement"}, {"Recommendation"}};
  if (with_reviewer) columns.push_back({"Reviewer"});
  columns.push_back({"Through"});
  Table table(id, columns);
  for (const ReportPair* p : pairs) {
    table.score(p->score).cell(named(p->identity)).cell(named(p->entitlement)).cell(recommendation(p->recommendation));
    if (with_reviewer) table.cell(reviewer_link(p->reviewer, reviewer_prefix));
    table.cell(path_between(*p));
  }
  return table.html();
}

std::string cards(const ReportData& d) {
  auto card = [](std::string value, std::string_view label) {
    return fmt::format("<div class=\"card\"><b>{}</b><span>{}</span></div>", value, escape(label));
  };
  std::uint64_t findings = 0;
  for (const auto& f : d.findings) findings += f.count;
  return "<div class=\"cards\">" + card(number(d.identities), "identities") + card(number(d.accounts), "accounts") +
         card(number(d.systems), "systems") + card(number(d.entitlements), "entitlements") +
         card(number(d.access_pairs), "access pairs") + card(percent(d.justified_pairs, d.access_pairs), "justified") +
         card(number(findings), "findings") + "</div>";
}

std::string overview(const ReportData& d) {
  std::string out = "<section id=\"overview\"><h2>Overview</h2>" + cards(d) + "<div class=\"grid\">";
  for (const auto& [title, counts, id] : {std::tuple{"Identities by kind", &d.identities_by_kind, "kinds"},
                                          std::tuple{"Identities by status", &d.identities_by_status, "statuses"}}) {
    Table table(id, {{title}, {"Identities", true}, {"Share", true}});
    for (const NamedCount& c : *counts)
      table.text(c.name).count(c.count).cell(percent(c.count, d.identities), std::to_string(c.count));
    out += "<div><h3>" + escape(title) + "</h3>" + table.html() + "</div>";
  }
  out += "</div><h3>Findings by type</h3><div class=\"grid\">";
  std::vector<Bar> bars;
  for (const NamedCount& f : d.findings) bars.push_back({f.name, static_cast<double>(f.count), number(f.count)});
  out += "<div>" + row_chart("Findings by type", bars) + "</div>";
  std::map<std::string, std::uint64_t> before;
  if (d.baseline_findings)
    for (const NamedCount& f : *d.baseline_findings) before[f.name] = f.count;
  std::vector<Table::Column> columns = {{"Type"}, {"Findings", true}};
  if (d.baseline_findings) columns.insert(columns.end(), {{"Baseline", true}, {"Change", true}});
  Table table("findings", columns);
  for (const NamedCount& f : d.findings) {
    table.text(f.name).count(f.count);
    if (!d.baseline_findings) continue;
    const std::uint64_t was = before.count(f.name) ? before[f.name] : 0;
    const auto change = static_cast<std::int64_t>(f.count) - static_cast<std::int64_t>(was);
    table.count(was).cell(fmt::format("<span class=\"{}\">{}{}</span>", change > 0 ? "up" : change < 0 ? "down" : "",
                                      change > 0 ? "+" : "", change),
                          std::to_string(change));
  }
  out += "<div>" + table.html();
  if (d.baseline_findings)
    out += "<p class=\"note\">Baseline: a previous analyze" +
           (d.baseline_as_of.empty() ? std::string() : " as of " + escape(d.baseline_as_of)) + ".</p>";
  out += "</div></div></section>";
  return out;
}

std::string finding_list(const ReportFindingList& list, std::string_view title) {
  Table table("list-" + list.type, {{"Subject"}, {"Kind"}, {"Related"}, {"Detail"}});
  for (const ReportFinding& f : list.rows) table.cell(named(f.subject)).text(f.subject_kind).text(f.related).text(f.detail);
  std::string out = fmt::format("<h3>{} <span class=\"note\">({})</span></h3>", escape(title), number(list.total));
  if (list.total > list.rows.size())
    out += fmt::format("<p class=\"note\">The first {} of {} (every one is in findings.csv).</p>", number(list.rows.size()),
                       number(list.total));
  return out + table.html();
}

std::string risk(const ReportData& d) {
  std::string out = "<section id=\"risk\"><h2>Risk</h2>";
  if (!d.scored) {
    out += "<p class=\"note\">Access was not scored (--skip-risk): no score histogram nor riskiest access.</p>";
  } else {
    std::vector<Bar> bins;
    for (std::size_t b = 0; b < d.score_histogram.size(); ++b)
      bins.push_back({std::to_string(5 * b), static_cast<double>(d.score_histogram[b]), number(d.score_histogram[b])});
    out += column_chart("Access pairs by risk score (bins of 5 points)", bins);
    Table identities("riskiest-identities", {{"Identity"}, {"Department"}, {"Kind"}, {"Status"}, {"Top score", true},
                                             {"Pairs from 70", true}, {"Pairs", true}});
    for (const ReportIdentity& r : d.riskiest_identities)
      identities.cell(named(r.identity)).text(r.department).text(r.kind).text(r.status).score(r.max_score)
          .count(r.high_pairs).count(r.pairs);
    out += "<h3>Riskiest identities</h3>" + identities.html();
    Table entitlements("riskiest-entitlements", {{"Entitlement"}, {"System"}, {"Holders from 70", true},
                                                 {"Holders", true}, {"Share from 70", true}, {"Mean score", true}});
    for (const ReportEntitlement& e : d.riskiest_entitlements)
      entitlements.cell(named(e.entitlement)).text(e.system).count(e.high_pairs).count(e.holders)
          .cell(percent(e.high_pairs, e.holders), fmt::format("{:.6f}", double(e.high_pairs) / double(e.holders)))
          .score(e.mean_score);
    out += "<h3>Riskiest entitlements</h3>" + entitlements.html();
    std::vector<const ReportPair*> top;
    for (const ReportPair& p : d.riskiest_pairs)
      if (top.size() < kRiskiestPairsShown) top.push_back(&p);
    out += "<h3>Riskiest access</h3><p class=\"note\">\"Through\": the shortest chain that gives the access "
           "(accessgraph explain prints it whole).</p>" +
           pairs_table("riskiest-pairs", top, "reviewers/", true);
  }
  const char* titles[] = {"Separation-of-duties violations", "Leavers with live access", "Orphan accounts",
                          "Non-human identities without an owner"};
  for (std::size_t i = 0; i < d.finding_lists.size() && i < std::size(titles); ++i)
    out += finding_list(d.finding_lists[i], titles[i]);
  return out + "</section>";
}

std::string departments(const ReportData& d) {
  std::string out = "<section id=\"departments\"><h2>Departments</h2>";
  std::vector<const ReportDepartment*> by_share;
  for (const ReportDepartment& dep : d.departments) by_share.push_back(&dep);
  auto share = [](const ReportDepartment* x) { return x->pairs ? double(x->unjustified) / double(x->pairs) : 0.0; };
  std::stable_sort(by_share.begin(), by_share.end(), [&](auto* a, auto* b) { return share(a) > share(b); });
  std::vector<Bar> bars;
  for (std::size_t i = 0; i < by_share.size() && i < 25; ++i)
    bars.push_back({by_share[i]->name.empty() ? "(none)" : by_share[i]->name, 100 * share(by_share[i]),
                    percent(by_share[i]->unjustified, by_share[i]->pairs)});
  out += row_chart(by_share.size() > 25 ? "Unjustified share of access (the 25 highest)" : "Unjustified share of access",
                   bars);
  Table table("departments", {{"Department"}, {"Identities", true}, {"Access pairs", true}, {"Unjustified", true},
                              {"Unjustified share", true}, {"Peer outliers", true}});
  for (const ReportDepartment& dep : d.departments)
    table.text(dep.name.empty() ? "(none)" : dep.name).count(dep.identities).count(dep.pairs).count(dep.unjustified)
        .cell(percent(dep.unjustified, dep.pairs), fmt::format("{:.6f}", share(&dep))).count(dep.peer_outliers);
  out += table.html();
  Table outliers("peer-outliers", {{"Identity"}, {"Department"}, {"Peer-outlier access", true}, {"Unjustified access", true}});
  for (const ReportOutlier& o : d.peer_outliers)
    outliers.cell(named(o.identity)).text(o.department).count(o.outliers).count(o.unjustified);
  out += "<h3>Peer outliers</h3><p class=\"note\">Identities holding the most unjustified access that fewer than the "
         "outlier threshold of their peers hold.</p>" +
         outliers.html();
  return out + "</section>";
}

std::map<std::string, NamedId> reviewer_names(const ReportInput& input) {
  std::map<std::string, NamedId> names;
  for (const NamedId& n : input.data.named) names[n.id] = n;
  for (const ReportPair& p : input.data.riskiest_pairs)
    if (!p.reviewer.id.empty()) names[p.reviewer.id] = p.reviewer;
  for (const CampaignProgress& c : input.campaigns)
    for (const ReviewerProgress& r : c.reviewers)
      if (!r.reviewer_id.empty() && !names.count(r.reviewer_id)) names[r.reviewer_id] = {r.reviewer_id, ""};
  return names;
}

std::string progress_bar(std::uint64_t done, std::uint64_t all) {
  const int width = all ? static_cast<int>(60.0 * double(done) / double(all)) : 0;
  return fmt::format("<span class=\"bar-cell\" style=\"width:{}px\"></span>{}", width, percent(done, all));
}

std::string campaign_table(const CampaignProgress& c, const std::map<std::string, NamedId>& names,
                           std::string_view prefix, std::string_view only_reviewer = {}) {
  Table table("campaign-" + file_name_for(c.campaign_id) + (only_reviewer.empty() ? "" : "-mine"),
              {{"Reviewer"}, {"Items", true}, {"Progress", true}, {"Decided", true}, {"Certified", true},
               {"Revoked", true}, {"Reassigned away", true}, {"Pending", true}});
  for (const ReviewerProgress& r : c.reviewers) {
    if (!only_reviewer.empty() && r.reviewer_id != only_reviewer) continue;
    auto it = names.find(r.reviewer_id);
    const NamedId who = it != names.end() ? it->second : NamedId{r.reviewer_id, ""};
    table.cell(r.reviewer_id.empty() ? "<span class=\"note\">(unrouted)</span>" : reviewer_link(who, prefix))
        .count(r.items)
        .cell(progress_bar(r.decided, r.items), fmt::format("{:.6f}", r.items ? double(r.decided) / double(r.items) : 0.0))
        .count(r.decided).count(r.certified).count(r.revoked).count(r.reassigned_away).count(r.pending);
  }
  return table.html();
}

std::string campaign_heading(const CampaignProgress& c) {
  return fmt::format("<h3>Campaign <code class=\"id\">{}</code> <span class=\"note\">opened {}{}{}</span></h3>",
                     escape(c.campaign_id), escape(c.opened_on), c.since.empty() ? "" : ", since " + escape(c.since),
                     c.closed ? ", closed " + escape(c.closed_on) : ", open");
}

std::string campaigns(const ReportInput& input, const std::map<std::string, NamedId>& names) {
  std::string out = "<section id=\"campaigns\"><h2>Campaigns</h2>";
  if (input.campaigns.empty())
    return out + "<p class=\"note\">No campaign: the report was made from a bundle, or the state directory has none "
                 "(accessgraph recert open).</p></section>";
  for (const CampaignProgress& c : input.campaigns) {
    out += campaign_heading(c);
    out += "<div class=\"cards\">";
    const std::pair<std::uint64_t, const char*> counts[] = {{c.items, "items"},         {c.decided, "decided"},
                                                            {c.certified, "certified"}, {c.revoked, "revoked"},
                                                            {c.reassigned, "reassigned"}, {c.pending, "pending"}};
    for (const auto& [value, label] : counts)
      out += fmt::format("<div class=\"card\"><b>{}</b><span>{}</span></div>", number(value), label);
    out += "</div>";
    out += row_chart("Decided share per reviewer", [&] {
      std::vector<Bar> bars;
      for (const ReviewerProgress& r : c.reviewers) {
        auto it = names.find(r.reviewer_id);
        std::string label = r.reviewer_id.empty() ? "(unrouted)"
                            : it != names.end() && !it->second.name.empty() ? it->second.name : r.reviewer_id;
        bars.push_back({label, r.items ? 100.0 * double(r.decided) / double(r.items) : 0.0, percent(r.decided, r.items)});
      }
      return bars;
    }());
    out += campaign_table(c, names, "reviewers/");
  }
  return out + "</section>";
}

std::string reviewers_index(const std::map<std::string, NamedId>& names) {
  std::string out = "<section id=\"reviewers\"><h2>Reviewers</h2>";
  Table table("reviewers", {{"Reviewer"}});
  for (const auto& [id, who] : names) table.cell(reviewer_link(who, "reviewers/"));
  out += "<p class=\"note\">A page per reviewer: their share of the riskiest access and their campaign progress.</p>";
  return out + table.html("No reviewer.") + "</section>";
}

nlohmann::json headline(const ReportData& d) {
  nlohmann::json counts = {{"as_of", d.as_of},         {"identities", d.identities},
                           {"accounts", d.accounts},   {"systems", d.systems},
                           {"entitlements", d.entitlements}, {"access_pairs", d.access_pairs},
                           {"justified_pairs", d.justified_pairs}};
  for (const NamedCount& f : d.findings) counts["findings"][f.name] = f.count;
  counts["score_histogram"] = d.score_histogram;
  return counts;
}

std::string reviewer_page(const ReportInput& input, const NamedId& reviewer, const std::map<std::string, NamedId>& names) {
  const std::string title = "Reviewer " + (reviewer.name.empty() ? reviewer.id : reviewer.name + " (" + reviewer.id + ")");
  std::string out = page_start(title, "accessgraph report, as of " + input.data.as_of,
                               "<nav class=\"sections\"><a href=\"../index.html\">← Report</a></nav>");
  std::vector<const ReportPair*> mine;
  for (const ReportPair& p : input.data.riskiest_pairs)
    if (p.reviewer.id == reviewer.id) mine.push_back(&p);
  std::vector<Bar> bars;
  for (const char* rec : {"revoke", "review", "approve"}) {
    const auto n = std::count_if(mine.begin(), mine.end(), [&](const ReportPair* p) { return p->recommendation == rec; });
    bars.push_back({rec, static_cast<double>(n), number(static_cast<std::uint64_t>(n))});
  }
  out += "<section><h2>Riskiest access to review</h2>";
  out += fmt::format("<p class=\"note\">{} of the report's {} riskiest access pairs are routed to this reviewer.</p>",
                     number(mine.size()), number(input.data.riskiest_pairs.size()));
  if (!mine.empty()) out += row_chart("Recommendations", bars);
  out += pairs_table("my-pairs", mine, "", false) + "</section>";
  bool any = false;
  std::string campaigns_html;
  for (const CampaignProgress& c : input.campaigns)
    for (const ReviewerProgress& r : c.reviewers)
      if (r.reviewer_id == reviewer.id) {
        any = true;
        campaigns_html += campaign_heading(c) + campaign_table(c, names, "", reviewer.id);
      }
  out += "<section><h2>Campaigns</h2>" + (any ? campaigns_html : "<p class=\"note\">No campaign items.</p>") + "</section>";
  nlohmann::json data = {{"reviewer", reviewer.id}, {"pairs", mine.size()}};
  return out + page_end(data);
}

}  // namespace

std::string index_page(const ReportInput& input) {
  const ReportData& d = input.data;
  const auto names = reviewer_names(input);
  std::string out = page_start("accessgraph report", input.source + " — as of " + d.as_of,
                               "<nav class=\"sections\"><a href=\"#overview\">Overview</a><a href=\"#risk\">Risk</a>"
                               "<a href=\"#departments\">Departments</a><a href=\"#campaigns\">Campaigns</a>"
                               "<a href=\"#reviewers\">Reviewers</a></nav>");
  out += overview(d) + risk(d) + departments(d) + campaigns(input, names) + reviewers_index(names);
  return out + page_end(headline(d));
}

ReportFiles write_report(const ReportInput& input, const std::filesystem::path& dir) {
  ReportFiles files;
  auto write = [&](const std::filesystem::path& path, const std::string& text) {
    OutputFile file(path, OutputFile::Durability::kNoFsync);  // recomputable from the bundle
    file.write(text);
    file.commit();
    ++files.pages;
    files.bytes += text.size();
  };
  std::filesystem::create_directories(dir / "reviewers");
  write(dir / "index.html", index_page(input));
  const auto names = reviewer_names(input);
  for (const auto& [id, who] : names) write(dir / "reviewers" / (file_name_for(id) + ".html"), reviewer_page(input, who, names));
  return files;
}

}  // namespace accessgraph::html
