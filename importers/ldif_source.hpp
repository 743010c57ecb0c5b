#pragma once
// ldif: a directory export in LDIF (RFC 2849), from OpenLDAP (slapcat, ldapsearch) or
// Active Directory (ldifde). Users (inetOrgPerson, posixAccount, AD user) become
// accounts, computers and managed service accounts machine accounts with their own
// non-human identity, groups (groupOfNames/member, groupOfUniqueNames/uniqueMember,
// posixGroup/memberUid, AD group/member) groups whose membership is an entitlement.
// DNs are compared normalised. AD's userAccountControl bit 2 disables an account,
// lastLogonTimestamp is its last use, adminCount marks it and its groups privileged.
// docs/importers.md has the full mapping.
#include "importers/source_context.hpp"

namespace accessgraph::importers {

// Throws InputError for a malformed file (file, line, column, value).
void import_ldif(const SourceContext& context);

}  // namespace accessgraph::importers
