// Correlation: rules in order, the first that matches decides; several identities make
// an account ambiguous (listed, not linked); machines keep their own identity.
#include "importers/correlation.hpp"

#include <gtest/gtest.h>

namespace accessgraph::importers {
namespace {

class CorrelationTest : public ::testing::Test {
 protected:
  CorrelationTest()
      : rules_{{"employeeID", "id", MatchCase::kSensitive}, {"mail", "email", MatchCase::kInsensitive}},
        estate_(rules_),
        reports_(1) {
    estate_.add_system({"ad", "ad", SystemKind::kDirectory});
  }

  Index identity(std::string_view id, std::string_view email) {
    IdentityRecord record;
    record.id = estate_.store(id);
    record.source = 0;
    Index index = estate_.add_identity(record);
    estate_.add_identity_value(index, "id", id);
    estate_.add_identity_value(index, "email", email);
    return index;
  }
  Index account(std::string_view id, std::string_view employee_id, std::string_view mail) {
    AccountRecord record;
    record.id = estate_.store(id);
    record.system = 0;
    record.source = 0;
    Index index = estate_.add_account(record);
    estate_.add_account_value(index, "EmployeeId", employee_id);  // attribute names ignore case
    estate_.add_account_value(index, "mail", mail);
    return index;
  }
  std::string linked(Index account) const {
    Index identity = estate_.accounts[account].identity;
    return identity == kNoIndex ? "" : std::string(estate_.identities[identity].id);
  }

  std::vector<CorrelationRule> rules_;
  Estate estate_;
  std::vector<SourceReport> reports_;
};

TEST_F(CorrelationTest, FirstMatchingRuleDecides) {
  identity("1001", "alice@acme.example");
  identity("1002", "bob@acme.example");
  identity("1003", "team@acme.example");
  identity("1004", "TEAM@acme.example");
  Index by_id = account("ad:alice", "1001", "someone.else@acme.example");
  Index by_mail = account("ad:bob", "", "Bob@Acme.Example");
  Index id_first = account("ad:bob2", "1001", "bob@acme.example");  // rule 1 matches alice: bob's mail is not looked at
  Index ambiguous = account("ad:team", "", "team@ACME.example");
  Index nothing = account("ad:svc", "9999", "svc@acme.example");
  Index case_matters = account("ad:case", " 1002 ", "");  // blanks trimmed, then equal
  correlate_accounts(estate_, rules_, reports_);

  EXPECT_EQ(linked(by_id), "1001");
  EXPECT_EQ(linked(by_mail), "1002");
  EXPECT_EQ(linked(id_first), "1001");
  EXPECT_EQ(linked(ambiguous), "");
  EXPECT_EQ(linked(nothing), "");
  EXPECT_EQ(linked(case_matters), "1002");
  const SourceReport& report = reports_[0];
  EXPECT_EQ(report.accounts_correlated, 4u);
  EXPECT_EQ(report.accounts_uncorrelated, 1u);
  EXPECT_EQ(report.accounts_ambiguous, 1u);
  EXPECT_EQ(report.correlated_by_rule, (std::vector<std::uint64_t>{3, 1}));
  ASSERT_EQ(report.ambiguous.size(), 1u);
  EXPECT_EQ(report.ambiguous[0].account, "ad:team");
  EXPECT_EQ(report.ambiguous[0].rule, 1u);
  EXPECT_EQ(report.ambiguous[0].identities, (std::vector<std::string>{"1003", "1004"}));
}

TEST_F(CorrelationTest, SensitiveRulesCompareCase) {
  std::vector<CorrelationRule> sensitive = {{"mail", "email", MatchCase::kSensitive}};
  Estate estate(sensitive);
  estate.add_system({"ad", "ad", SystemKind::kDirectory});
  IdentityRecord person;
  person.id = estate.store("1001");
  person.source = 0;
  estate.add_identity_value(estate.add_identity(person), "email", "alice@acme.example");
  AccountRecord upper, lower;
  upper.id = estate.store("ad:upper");
  lower.id = estate.store("ad:lower");
  upper.source = lower.source = 0;
  estate.add_account_value(estate.add_account(upper), "mail", "ALICE@acme.example");
  estate.add_account_value(estate.add_account(lower), "mail", "alice@acme.example");
  std::vector<SourceReport> reports(1);
  correlate_accounts(estate, sensitive, reports);
  EXPECT_EQ(estate.accounts[0].identity, kNoIndex);
  EXPECT_EQ(estate.accounts[1].identity, 0u);
}

TEST_F(CorrelationTest, AccountsWithTheirOwnIdentityAreLeftAlone) {
  Index person = identity("1001", "alice@acme.example");
  Index machine = account("ad:ws01", "1001", "");
  IdentityRecord own;
  own.id = estate_.store("ad:ws01");
  own.kind = IdentityKind::kService;
  own.source = 0;
  Index own_index = estate_.add_identity(own);
  estate_.accounts[machine].identity = own_index;
  estate_.accounts[machine].own_identity = true;
  correlate_accounts(estate_, rules_, reports_);
  EXPECT_EQ(estate_.accounts[machine].identity, own_index);
  EXPECT_NE(estate_.accounts[machine].identity, person);
  EXPECT_EQ(reports_[0].accounts_with_own_identity, 1u);
  EXPECT_EQ(reports_[0].accounts_correlated, 0u);
}

}  // namespace
}  // namespace accessgraph::importers
