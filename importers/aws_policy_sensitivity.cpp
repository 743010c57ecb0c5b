#include "importers/aws_policy_sensitivity.hpp"

#include <algorithm>

#include "importers/estate.hpp"

namespace accessgraph::importers {
namespace {

namespace dom = simdjson::dom;

// Calls `visit` for the string or each string of an array.
template <class Visit>
void for_each_text(dom::element value, Visit visit) {
  std::string_view text;
  if (!value.get_string().get(text)) {
    visit(text);
    return;
  }
  dom::array items;
  if (value.get_array().get(items)) return;
  for (dom::element item : items)
    if (!item.get_string().get(text)) visit(text);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equals_ignoring_case(text.substr(0, prefix.size()), prefix);
}

// IAM actions that only read (iam:GetUser, iam:List*) grant nothing further.
bool reads_only(std::string_view iam_verb) {
  for (std::string_view verb : {"Get", "List", "Generate", "Simulate"})
    if (starts_with_ignoring_case(iam_verb, verb)) return true;
  return false;
}

std::uint8_t action_sensitivity(std::string_view action) {
  if (action == "*" || action == "*:*") return 3;
  if (starts_with_ignoring_case(action, "iam:") && !reads_only(action.substr(4))) return 3;
  if (action.find('*') != std::string_view::npos) return 2;
  return 1;
}

std::uint8_t statement_sensitivity(dom::element statement) {
  dom::object fields;
  if (statement.get_object().get(fields)) return 0;
  std::string_view effect;
  if (fields["Effect"].get_string().get(effect) || !equals_ignoring_case(effect, "Allow")) return 0;
  if (fields["NotAction"].error() == simdjson::SUCCESS) return 3;  // everything but a few actions
  std::uint8_t level = 0;
  dom::element actions;
  if (!fields["Action"].get(actions))
    for_each_text(actions, [&](std::string_view action) { level = std::max(level, action_sensitivity(action)); });
  dom::element resources;
  if (level > 0 && level < 2 && !fields["Resource"].get(resources))
    for_each_text(resources, [&](std::string_view resource) {
      if (resource == "*") level = 2;
    });
  return level;
}

}  // namespace

std::uint8_t policy_document_sensitivity(dom::element document) {
  dom::element statements;
  if (document["Statement"].get(statements)) return 0;
  dom::array list;
  if (statements.get_array().get(list)) return statement_sensitivity(statements);
  std::uint8_t level = 0;
  for (dom::element statement : list) level = std::max(level, statement_sensitivity(statement));
  return level;
}

std::uint8_t policy_name_sensitivity(std::string_view name) {
  auto has = [&](std::string_view part) {
    return std::search(name.begin(), name.end(), part.begin(), part.end(),
                       [](char a, char b) { return (a | 0x20) == (b | 0x20); }) != name.end();
  };
  if (equals_ignoring_case(name, "AdministratorAccess") || has("PowerUser") || has("IAMFullAccess")) return 3;
  if (has("FullAccess") || has("Admin")) return 2;
  return 1;
}

}  // namespace accessgraph::importers
