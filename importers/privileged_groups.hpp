#pragma once
// Groups whose membership is administrative power over a directory: Active Directory's
// protected groups (the ones adminCount marks, and BloodHound's tier zero). They are
// recognised by well-known SID where the source has one (names differ by language)
// and by their English names otherwise. Their membership entitlement is sensitivity 3.
#include <string_view>

namespace accessgraph::importers {

// `sid` may be empty. `name` may carry a BloodHound domain suffix ("DOMAIN ADMINS@CORP.LOCAL").
bool is_privileged_group(std::string_view name, std::string_view sid);

}  // namespace accessgraph::importers
