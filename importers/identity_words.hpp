#pragma once
// What HR systems and directories write for a person's kind and status ("Full-Time",
// "Contingent Worker", "On Leave") mapped onto SPEC section 1's spellings. A config's
// own value table (docs/importers.md) is consulted first; these words are the fallback.
#include <optional>
#include <string>
#include <string_view>

#include "core/schema/enums.hpp"

namespace accessgraph::importers {

// Lower case, surrounding blanks trimmed, runs of ' ', '-' and '_' as one space:
// "Full_Time", "full-time" and " FULL TIME " are all "full time".
std::string normalise_word(std::string_view text);

// nullopt when the word is not known.
std::optional<IdentityKind> kind_from_word(std::string_view text);
std::optional<IdentityStatus> status_from_word(std::string_view text);

}  // namespace accessgraph::importers
