#pragma once
// How much an IAM policy allows, as an entitlement sensitivity (0 low .. 3 critical).
// From the Allow statements of its document: everything ("*", "*:*", NotAction) or
// any iam: action but reads (iam:Get*, iam:List*: the others can grant everything
// else) is critical (3); a wildcard action
// ("s3:*", "ec2:Describe*") or a "*" resource is high (2); scoped actions on named
// resources are 1; a document that allows nothing is 0. AdministratorAccess is 3 by
// name, and managed policies whose document is not in the export are judged by name.
#include <simdjson.h>

#include <cstdint>
#include <string_view>

namespace accessgraph::importers {

std::uint8_t policy_document_sensitivity(simdjson::dom::element document);
std::uint8_t policy_name_sensitivity(std::string_view policy_name);

}  // namespace accessgraph::importers
