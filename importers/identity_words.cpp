#include "importers/identity_words.hpp"

#include <array>
#include <utility>

namespace accessgraph::importers {
namespace {

// Beyond SPEC's own spellings: the worker types of common HR exports (Workday,
// SuccessFactors, BambooHR) and Entra's employeeType / SCIM's userType values.
// clang-format off
constexpr std::array<std::pair<std::string_view, IdentityKind>, 27> kKindWords = {{
    {"employee", IdentityKind::kEmployee},       {"regular", IdentityKind::kEmployee},
    {"permanent", IdentityKind::kEmployee},      {"full time", IdentityKind::kEmployee},
    {"fulltime", IdentityKind::kEmployee},       {"part time", IdentityKind::kEmployee},
    {"parttime", IdentityKind::kEmployee},       {"fte", IdentityKind::kEmployee},
    {"staff", IdentityKind::kEmployee},          {"intern", IdentityKind::kEmployee},
    {"contractor", IdentityKind::kContractor},   {"contract", IdentityKind::kContractor},
    {"contingent", IdentityKind::kContractor},   {"contingent worker", IdentityKind::kContractor},
    {"temp", IdentityKind::kContractor},         {"temporary", IdentityKind::kContractor},
    {"consultant", IdentityKind::kContractor},   {"vendor", IdentityKind::kContractor},
    {"freelancer", IdentityKind::kContractor},   {"external", IdentityKind::kContractor},
    {"partner", IdentityKind::kPartner},         {"guest", IdentityKind::kPartner},
    {"service", IdentityKind::kService},         {"service account", IdentityKind::kService},
    {"bot", IdentityKind::kBot},                 {"api key", IdentityKind::kApiKey},  // SPEC's api_key
    {"apikey", IdentityKind::kApiKey},
}};

constexpr std::array<std::pair<std::string_view, IdentityStatus>, 14> kStatusWords = {{
    {"active", IdentityStatus::kActive},          {"a", IdentityStatus::kActive},
    {"employed", IdentityStatus::kActive},        {"current", IdentityStatus::kActive},
    {"leave", IdentityStatus::kLeave},            {"on leave", IdentityStatus::kLeave},
    {"loa", IdentityStatus::kLeave},              {"leave of absence", IdentityStatus::kLeave},
    {"terminated", IdentityStatus::kTerminated},  {"t", IdentityStatus::kTerminated},
    {"term", IdentityStatus::kTerminated},        {"separated", IdentityStatus::kTerminated},
    {"former", IdentityStatus::kTerminated},      {"inactive", IdentityStatus::kTerminated},
}};
// clang-format on

bool is_separator(char c) { return c == ' ' || c == '-' || c == '_' || c == '\t'; }

}  // namespace

std::string normalise_word(std::string_view text) {
  std::string word;
  word.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_separator(c)) {
      pending_space = !word.empty();
      continue;
    }
    if (pending_space) word.push_back(' ');
    pending_space = false;
    word.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c);
  }
  return word;
}

std::optional<IdentityKind> kind_from_word(std::string_view text) {
  std::string word = normalise_word(text);
  for (const auto& [name, kind] : kKindWords)
    if (name == word) return kind;
  return std::nullopt;
}

std::optional<IdentityStatus> status_from_word(std::string_view text) {
  std::string word = normalise_word(text);
  for (const auto& [name, status] : kStatusWords)
    if (name == word) return status;
  return std::nullopt;
}

}  // namespace accessgraph::importers
