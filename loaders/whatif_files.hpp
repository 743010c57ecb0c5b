#pragma once
// Reads the files of `whatif --reorg` (identity_id and any attribute columns of
// identities.csv) and `whatif --rule` (the columns of birthright.csv or sod_rules.csv).
// Checks the columns and the CSV; ids and values are resolved by the engine.
// Throws InputError naming the file, line and column.
#include <filesystem>
#include <string>

#include "core/schema/whatif_input.hpp"

namespace accessgraph::loaders {

TransferFile read_transfers(const std::filesystem::path& path);
TransferFile parse_transfers(std::string csv_text, std::string label);
RuleFile read_rules(const std::filesystem::path& path);

}  // namespace accessgraph::loaders
