#pragma once
// The inputs of the file-driven what-ifs (SPEC section 6, `whatif --reorg` and
// `whatif --rule`) as values: loaders/whatif_files.hpp reads them from CSV, the
// lifecycle resolves them against a graph version. Cells are kept as written, with
// their file and line, so the engine can name them in its errors.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/schema/hr_event.hpp"

namespace accessgraph {

// One row of a reorg file: identity_id and the attribute columns the file has (an
// empty cell means unchanged).
struct TransferRow {
  std::uint64_t line = 0;
  std::string identity_id;
  std::vector<std::pair<HrAttribute, std::string>> changes;
};

struct TransferFile {
  std::string label;  // the file's name, for errors
  std::vector<TransferRow> rows;
};

// One row of a rules file in the columns of birthright.csv or of sod_rules.csv.
struct BirthrightRuleRow {
  std::uint64_t line = 0;
  std::string id, role_id, kind, department, title, location;
};
struct SodRuleRow {
  std::uint64_t line = 0;
  std::string id, entitlement_a, entitlement_b;
};

// One row of role_grants.csv beside a birthright rules file.
struct RoleGrantRow {
  std::uint64_t line = 0;
  std::string role_id, target_kind, target_id;
};

// A rules file holds rules of one kind: birthright or SoD. Birthright rules may name
// roles the bundle lacks when roles.csv and role_grants.csv lie beside the rules file
// (as `roles propose` writes them): those roles and their grants, for the what-if only.
struct RuleFile {
  std::string label;
  std::vector<BirthrightRuleRow> birthright;
  std::vector<SodRuleRow> sod;
  std::string grants_label;            // role_grants.csv beside the file, for errors
  std::vector<std::string> new_roles;  // ids in roles.csv beside the file
  std::vector<RoleGrantRow> new_role_grants;
};

}  // namespace accessgraph
