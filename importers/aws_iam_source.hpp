#pragma once
// aws_iam: the JSON of `aws iam get-account-authorization-details` (one file, or a
// folder of its pages). Users are accounts, groups are groups (members from each
// user's GroupList), roles are non-human identities with their own account. Every
// attached managed policy and every inline policy is an entitlement, granted to the
// user or role directly or to the group (so its members hold it through membership),
// with its sensitivity from what its document allows (aws_policy_sensitivity.hpp).
#include "importers/source_context.hpp"

namespace accessgraph::importers {

void import_aws_iam(const SourceContext& context);

}  // namespace accessgraph::importers
