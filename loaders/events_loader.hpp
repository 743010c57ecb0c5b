#pragma once
// Reads hr_events.csv (SPEC section 6). Checks what can be checked without the graph
// (columns, event ids, types, dates); lifecycle checks the rest as events apply.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/schema/hr_event.hpp"

namespace accessgraph::loaders {

// Parses CSV text or a file; throws InputError naming the event id (and line).
// `with_reviews`: the file is a bundle's history/hr_events.csv, which also holds the
// review_revoke events of `recert decide` (their removals are in
// history/review_revocations.csv); no HR file may hold them.
std::vector<HrEvent> load_events(const std::filesystem::path& path, bool with_reviews = false);
std::vector<HrEvent> parse_events(const std::string& csv_text, const std::string& label = "hr_events.csv");

}  // namespace accessgraph::loaders
