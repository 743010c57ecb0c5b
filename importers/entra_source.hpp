#pragma once
// entra: Microsoft Graph JSON as exported from Entra ID (Azure AD): collection responses
// ({"@odata.context": ..., "value": [...]}), single objects, arrays or JSON Lines.
// Objects are told apart by "@odata.type", else by the response's context, else by
// shape. Users become accounts (accountEnabled, signInActivity, employeeId, manager),
// groups become groups with their members (users and nested groups), and app role
// assignments become entitlements ("APP / ROLE") granted to the user or group they
// name; service principals in the export give the app roles their names.
#include "importers/source_context.hpp"

namespace accessgraph::importers {

void import_entra(const SourceContext& context);

}  // namespace accessgraph::importers
