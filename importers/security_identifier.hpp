#pragma once
// Windows security identifiers (SIDs): the binary form AD stores in objectSid (an LDIF
// export writes it base64) turned into the "S-1-5-21-..." text BloodHound uses, and
// the relative id (RID) at its end, which names well-known groups in any language.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace accessgraph::importers {

// nullopt when the bytes are not a SID (revision 1, sub-authority count matching the length).
std::optional<std::string> sid_from_bytes(std::string_view bytes);

// The last sub-authority of a SID in text form, also inside BloodHound's
// domain-prefixed ids ("CORP.LOCAL-S-1-5-32-544"); nullopt when it is not a SID.
std::optional<std::uint32_t> sid_rid(std::string_view sid);
// Whether the SID is a built-in local group (S-1-5-32-RID) rather than a domain's.
bool is_builtin_sid(std::string_view sid);

}  // namespace accessgraph::importers
