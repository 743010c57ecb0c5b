// DNs compare as a directory compares them: the same entry however its DN is written.
#include "importers/dn.hpp"

#include <gtest/gtest.h>

namespace accessgraph::importers {
namespace {

TEST(Dn, CaseAndSpacesAroundSeparatorsDoNotMatter) {
  std::string canonical = normalise_dn("CN=Alice Adams,OU=People,DC=acme,DC=example");
  EXPECT_EQ(canonical, "cn=alice adams,ou=people,dc=acme,dc=example");
  EXPECT_EQ(normalise_dn("cn=alice adams, ou=People, dc=acme, dc=example"), canonical);
  EXPECT_EQ(normalise_dn(" CN = Alice  Adams ,OU=People ,DC=acme,DC=example "), canonical);
}

TEST(Dn, EscapesAndQuotedValuesAreDecoded) {
  std::string canonical = normalise_dn("CN=Smith\\, John,OU=People,DC=acme");
  EXPECT_EQ(normalise_dn("cn=smith\\2C john,ou=people,dc=acme"), canonical);
  EXPECT_EQ(normalise_dn("CN=\"Smith, John\",OU=People,DC=acme"), canonical);
  // The comma inside the value stays escaped: it is not a separator.
  EXPECT_EQ(canonical, "cn=smith\\, john,ou=people,dc=acme");
  EXPECT_NE(canonical, normalise_dn("CN=Smith,CN=John,OU=People,DC=acme"));
}

TEST(Dn, AnEscapedTrailingSpaceIsKept) {
  EXPECT_NE(normalise_dn("CN=Space\\ ,DC=acme"), normalise_dn("CN=Space,DC=acme"));
  EXPECT_EQ(normalise_dn("CN=Space\\20,DC=acme"), normalise_dn("CN=Space\\ ,DC=acme"));
}

TEST(Dn, MultiValuedRdnsCompareInAnyOrder) {
  EXPECT_EQ(normalise_dn("CN=Alice+UID=alice,DC=acme"), normalise_dn("uid=alice + cn=alice,dc=acme"));
}

TEST(Dn, PlainAndEscapedSpellingsOfOneDnAgree) {
  // The first goes through the lower-casing fast path, the second through the parser.
  EXPECT_EQ(normalise_dn("cn=a=b,dc=x"), normalise_dn("cn=a\\=b, dc=x"));
  EXPECT_EQ(normalise_dn("CN=R&D,DC=x"), normalise_dn("cn = r&d , dc = x"));
}

TEST(Dn, DifferentEntriesStayDifferent) {
  EXPECT_NE(normalise_dn("CN=Alice,OU=People,DC=acme"), normalise_dn("CN=Alice,OU=Admins,DC=acme"));
  EXPECT_NE(normalise_dn("CN=Alice,DC=acme"), normalise_dn("UID=Alice,DC=acme"));
}

TEST(Dn, FirstRdnValueIsDecodedWithItsCase) {
  EXPECT_EQ(first_rdn_value("CN=Domain Admins,CN=Users,DC=acme"), "Domain Admins");
  EXPECT_EQ(first_rdn_value("CN=Smith\\, John,OU=People"), "Smith, John");
  EXPECT_EQ(first_rdn_value("cn=\"R+D\",ou=x"), "R+D");
}

}  // namespace
}  // namespace accessgraph::importers
