#pragma once
// A reviewers' decisions file (SPEC section 9): `item_id, decision, reviewer_id,
// comment`, decision `certify`, `revoke` or `reassign:<identity id>`. Other columns are
// allowed, so a queue file with its decision column filled in is a decisions file;
// rows with an empty decision are not decided yet and are skipped. Cells a queue
// guarded against formula injection (a leading ') are read back without the quote.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/review/review_records.hpp"

namespace accessgraph {

struct DecisionRow {
  std::uint64_t line = 0;
  std::string item_id;
  DecisionKind kind = DecisionKind::kCertify;
  std::string decision;     // as written
  std::string reassign_to;  // kReassign
  std::string reviewer_id, comment;
};

// Throws InputError naming the file, line, column and value for a missing column, a
// bad decision word, an empty item or reviewer, or an item that appears twice.
std::vector<DecisionRow> read_decision_rows(const std::string& csv_text, const std::string& label);

}  // namespace accessgraph
