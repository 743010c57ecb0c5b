#pragma once
// LDAP distinguished names compared as a directory compares them (RFC 4514, with the
// case-insensitive matching of cn, ou, dc, uid): "CN=Domain Admins, CN=Users,DC=corp"
// and "cn=domain admins,cn=users,dc=corp" name the same entry. A group's member values
// are matched against entries' DNs through this form.
#include <string>
#include <string_view>

namespace accessgraph::importers {

// The canonical form: attribute types and values in lower case, spaces around ',', '+'
// and '=' and runs of spaces inside values dropped, escapes (\, \2C) and quoted values
// decoded and re-escaped one way, the values of a multi-valued RDN in sorted order.
// Appends to `out` after clearing it (no allocation once `out` has grown).
void normalise_dn(std::string_view dn, std::string& out);
std::string normalise_dn(std::string_view dn);

// The decoded value of the first RDN ("Domain Admins" of "CN=Domain Admins,CN=Users,...").
std::string first_rdn_value(std::string_view dn);

}  // namespace accessgraph::importers
