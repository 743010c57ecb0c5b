#pragma once
// scim: SCIM 2.0 (RFC 7643, RFC 7644) exports of an application's Users and Groups, as
// ListResponse pages ({"Resources": [...]}), single resources, arrays or JSON Lines.
// Users become accounts (userName; active false = disabled; the enterprise extension's
// employeeNumber, department and manager), groups become groups whose members are
// Users or Groups (nested); a user's own "groups" back-links count too (direct ones).
// totalResults that disagrees with the resources found is reported.
#include "importers/source_context.hpp"

namespace accessgraph::importers {

void import_scim(const SourceContext& context);

}  // namespace accessgraph::importers
