#pragma once
// bloodhound: SharpHound / BloodHound CE collection files ({"data": [...], "meta":
// {"type", "count", "version"}}), one per object type and domain, several domains in
// one folder. SIDs are the ids. Users become accounts (enabled, lastlogontimestamp in
// Unix seconds, admincount), computers machine accounts with their own non-human
// identity, groups groups whose Members are users, groups and computers (other member
// types are skipped and counted). A meta.count that disagrees with the data is reported.
#include "importers/source_context.hpp"

namespace accessgraph::importers {

void import_bloodhound(const SourceContext& context);

}  // namespace accessgraph::importers
