#pragma once
// Rendering query results: JSON for machines (SPEC section 7 keys), text for people.
#include <string>
#include <vector>

#include "accessgraph/history.hpp"
#include "accessgraph/lifecycle.hpp"
#include "accessgraph/results.hpp"
#include "accessgraph/results_json.hpp"

namespace accessgraph::cli {

// The JSON shapes live beside the results (include/accessgraph/results_json.hpp).
using accessgraph::to_json;

std::string to_text(const HoldersBetween& result);
std::string to_text(const AccessHistory& result);
std::string to_text(const ReorgResult& result);
std::string to_text(const std::vector<RuleImpact>& impacts);

std::string to_text(const CheckResult& result);
std::string to_text(const AccessResult& result);
std::string to_text(const WhoHasResult& result);
std::string to_text(const ExplainResult& result);
std::string to_text(const GraphStats& stats);
std::string to_text(const std::vector<Finding>& findings);

// A result as the CLI prints it: indented JSON, or its text form.
template <class Result>
std::string rendered(const Result& result, bool json) {
  return json ? to_json(result).dump(2) + "\n" : to_text(result);
}

}  // namespace accessgraph::cli
