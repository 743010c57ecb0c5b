#pragma once
// Links accounts to identities (SPEC section 10). The rules are tried in the config's
// order; for each account not linked already (a machine's or a source-born person's
// own account), the first rule under which any of its values equals the value of some
// identity decides: exactly one identity is linked; several make the account ambiguous,
// listed in the report and left unlinked; none passes to the next rule. An account no
// rule matches keeps an empty identity_id. Values are compared with surrounding blanks
// trimmed, and in ASCII lower case when the rule says "case": "insensitive".
#include <vector>

#include "importers/estate.hpp"
#include "importers/import_config.hpp"
#include "importers/import_report.hpp"

namespace accessgraph::importers {

// `reports` holds one report per source, indexed like AccountRecord::source.
void correlate_accounts(Estate& estate, const std::vector<CorrelationRule>& rules, std::vector<SourceReport>& reports);

}  // namespace accessgraph::importers
