#pragma once
// Readable ids: u000123, acct-dir-000123, grp-dir-000042, ent-sap-001234, role-job-000007.
// Numbers are zero-padded to six digits (more when they need more), so ids of one kind
// sort by number up to a million.
#include <cstdint>
#include <string>
#include <string_view>

namespace accessgraph::datasets {

inline constexpr std::uint32_t kNone = UINT32_MAX;

// Identity numbers: 0..N-1 are in identities.csv; hires in hr_events.csv take numbers
// from N on; orphan accounts point at numbers from N + kReservedHireNumbers on, which
// name nobody.
inline constexpr std::uint64_t kReservedHireNumbers = 10'000;
constexpr std::uint64_t orphan_identity_number(std::uint64_t identities, std::uint64_t index) {
  return identities + kReservedHireNumbers + index;
}

void append_number(std::string& out, std::uint64_t number, int width = 6);

inline void append_identity_id(std::string& out, std::uint64_t number) {
  out.push_back('u');
  append_number(out, number);
}

inline std::string identity_id(std::uint64_t number) {
  std::string id;
  append_identity_id(id, number);
  return id;
}

// acct-<system code>-<identity number><suffix>
inline void append_account_id(std::string& out, std::string_view system_code,
                              std::uint64_t identity_number, std::string_view suffix = {}) {
  out.append("acct-").append(system_code).push_back('-');
  append_number(out, identity_number);
  out.append(suffix);
}

// <prefix>-<tag>-<number>: grp-dir-000042, ent-sap-001234, role-job-000007, sod-0003...
inline std::string tagged_id(std::string_view prefix, std::string_view tag, std::uint64_t number,
                             int width = 6) {
  std::string id(prefix);
  if (!tag.empty()) {
    id.push_back('-');
    id.append(tag);
  }
  id.push_back('-');
  append_number(id, number, width);
  return id;
}

}  // namespace accessgraph::datasets
