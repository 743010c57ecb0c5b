#pragma once
// hr_csv: any HR export as CSV (RFC 4180), its columns mapped onto identities.csv by
// the config. Each row is an identity whose id is the HR id as written. Kind and
// status values go through the config's value tables, then identity_words.hpp; a row
// whose kind or status cannot be mapped is skipped and reported, as is a row without
// an id or a repeated id. Without a status column, a person whose termination date is
// on or before the import date is terminated. Managers and owners are HR ids.
#include "importers/source_context.hpp"

namespace accessgraph::importers {

// Throws InputError for unreadable CSV and for a mapped column missing from the header.
void import_hr_csv(const SourceContext& context);

}  // namespace accessgraph::importers
