#include "importers/dn.hpp"

#include <algorithm>
#include <vector>

namespace accessgraph::importers {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool needs_escape(char c) {
  return c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';' || c == '=';
}

// Reads one attribute value starting at `pos` (after '=' and any spaces), decoded
// (escapes, a quoted value), surrounding unescaped spaces trimmed and inner runs of
// spaces as one, in lower case when `fold_case`. Stops at an unescaped ',', ';' or '+'.
std::size_t read_value(std::string_view dn, std::size_t pos, std::string& value, bool fold_case) {
  value.clear();
  auto keep = [&](char c) { value.push_back(fold_case ? lower(c) : c); };
  if (pos < dn.size() && dn[pos] == '"') {  // a quoted value (RFC 1779): everything up to the closing quote
    for (++pos; pos < dn.size() && dn[pos] != '"'; ++pos) {
      if (dn[pos] == '\\' && pos + 1 < dn.size()) ++pos;
      keep(dn[pos]);
    }
    while (pos < dn.size() && dn[pos] != ',' && dn[pos] != ';' && dn[pos] != '+') ++pos;
    return pos;
  }
  std::size_t significant = 0;  // length up to the last character that must stay
  bool pending_space = false;
  for (; pos < dn.size(); ++pos) {
    char c = dn[pos];
    if (c == ',' || c == ';' || c == '+') break;
    if (c == ' ') {
      pending_space = !value.empty();
      continue;
    }
    if (pending_space) value.push_back(' ');
    pending_space = false;
    if (c == '\\' && pos + 1 < dn.size()) {
      int high = hex_value(dn[pos + 1]);
      int low = pos + 2 < dn.size() ? hex_value(dn[pos + 2]) : -1;
      if (high >= 0 && low >= 0) {
        c = static_cast<char>(high * 16 + low);
        pos += 2;
      } else {
        c = dn[++pos];
      }
    }
    keep(c);
    significant = value.size();
  }
  value.resize(significant);
  return pos;
}

void append_escaped(std::string& out, std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (needs_escape(c) || (c == ' ' && (i == 0 || i + 1 == value.size())) || (c == '#' && i == 0)) out.push_back('\\');
    out.push_back(c);
  }
}

// Whether lower-casing alone gives the canonical form: no escapes, quotes or
// multi-valued RDNs, and no space next to a separator. Nearly every DN of an export.
bool plain(std::string_view dn) {
  auto separator = [](char c) { return c == ' ' || c == ',' || c == '='; };
  int equals_in_rdn = 0;
  for (std::size_t i = 0; i < dn.size(); ++i) {
    char c = dn[i];
    if (c == '\\' || c == '"' || c == '+' || c == ';' || c == '<' || c == '>' || c == '#') return false;
    if (c == ',') equals_in_rdn = 0;
    if (c == '=' && ++equals_in_rdn > 1) return false;  // an '=' inside a value is escaped in the canonical form
    if (c == ' ' && (i == 0 || i + 1 == dn.size() || separator(dn[i - 1]) || separator(dn[i + 1]))) return false;
  }
  return true;
}

}  // namespace

void normalise_dn(std::string_view dn, std::string& out) {
  out.clear();
  if (plain(dn)) {
    out.resize(dn.size());
    for (std::size_t i = 0; i < dn.size(); ++i) out[i] = lower(dn[i]);
    return;
  }
  std::string value;
  std::vector<std::string> multi;  // the attribute-value pairs of a multi-valued RDN
  std::string pair;
  std::size_t pos = 0;
  bool first_rdn = true;
  while (pos < dn.size()) {
    // One RDN: type=value[+type=value...]
    multi.clear();
    for (;;) {
      while (pos < dn.size() && dn[pos] == ' ') ++pos;
      std::size_t type_begin = pos;
      while (pos < dn.size() && dn[pos] != '=' && dn[pos] != ',' && dn[pos] != ';' && dn[pos] != '+') ++pos;
      std::size_t type_end = pos;
      while (type_end > type_begin && dn[type_end - 1] == ' ') --type_end;
      pair.clear();
      for (std::size_t i = type_begin; i < type_end; ++i) pair.push_back(lower(dn[i]));
      if (pos < dn.size() && dn[pos] == '=') {
        ++pos;
        while (pos < dn.size() && dn[pos] == ' ') ++pos;
        pos = read_value(dn, pos, value, true);
        pair.push_back('=');
        append_escaped(pair, value);
      }
      bool more = pos < dn.size() && dn[pos] == '+';
      if (more || !multi.empty()) multi.push_back(pair);
      if (more) {
        ++pos;
        continue;
      }
      break;
    }
    if (!first_rdn) out.push_back(',');
    first_rdn = false;
    if (multi.empty()) {
      out += pair;
    } else {
      std::sort(multi.begin(), multi.end());
      for (std::size_t i = 0; i < multi.size(); ++i) {
        if (i > 0) out.push_back('+');
        out += multi[i];
      }
    }
    if (pos < dn.size()) ++pos;  // ',' or ';'
  }
}

std::string normalise_dn(std::string_view dn) {
  std::string out;
  normalise_dn(dn, out);
  return out;
}

std::string first_rdn_value(std::string_view dn) {
  std::size_t equals = dn.find('=');
  if (equals == std::string_view::npos) return std::string(dn);
  std::size_t pos = equals + 1;
  while (pos < dn.size() && dn[pos] == ' ') ++pos;
  std::string value;
  read_value(dn, pos, value, false);
  return value;
}

}  // namespace accessgraph::importers
