#pragma once
// A bundle of access requests with review outcomes, for the tests of learning from
// decisions: `people` identities in 8 departments and 4 titles, 6 managers, each
// granted a few of 30 entitlements directly (one account each). Whether a pair was
// revoked is planted: likely when (department, entitlement) is in a fixed set of
// "foreign" combinations, unlikely otherwise. The decisions of pairs whose hash
// falls below `given` go into decisions.csv; the rest are returned as held out.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tests/support/temp_bundle.hpp"

namespace accessgraph::testing {

struct DecidedPair {
  std::string identity, entitlement;
  bool revoked;
};

inline bool foreign(int department, int entitlement) { return (department * 7 + entitlement * 3) % 5 == 0; }

// Writes the bundle into `bundle`; returns the held-out decisions.
inline std::vector<DecidedPair> write_decisions_world(TempBundle& bundle, int people = 600, double given = 0.7,
                                                      std::uint64_t seed = 5) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::string identities =
      "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date\n";
  for (int m = 0; m < 6; ++m) identities += "m" + std::to_string(m) + ",Manager,employee,active,,,,,,,\n";
  std::string accounts = "id,system_id,identity_id,username,status,created,last_used,privileged\n";
  std::string grants = "account_id,entitlement_id,granted_at\n";
  std::string decisions = "identity_id,entitlement_id,decision,decided_at,reviewer_id\n";
  std::vector<DecidedPair> held_out;
  for (int p = 0; p < people; ++p) {
    const int department = p % 8;
    const std::string id = "u" + std::to_string(p);
    identities += id + ",Person,employee,active,d" + std::to_string(department) + ",t" + std::to_string(p % 4) +
                  ",loc" + std::to_string(p % 3) + ",m" + std::to_string(p % 6) + ",,,\n";
    accounts += "a" + std::to_string(p) + ",sys," + id + "," + id + ",enabled,,,false\n";
    std::vector<bool> chosen(30, false);
    for (int k = 0; k < 5; ++k) {
      const int e = static_cast<int>(random() % 30);
      if (chosen[e]) continue;
      chosen[e] = true;
      const std::string entitlement = "e" + std::to_string(e);
      grants += "a" + std::to_string(p) + "," + entitlement + ",\n";
      const bool revoked = unit(random) < (foreign(department, e) ? 0.8 : 0.05);
      if (unit(random) < given)
        decisions += id + "," + entitlement + "," + (revoked ? "revoke" : "certify") + ",2026-01-15,m" +
                     std::to_string(p % 6) + "\n";
      else
        held_out.push_back({id, entitlement, revoked});
    }
  }
  std::string entitlements = "id,system_id,name,resource,action,sensitivity,owner_id\n";
  for (int e = 0; e < 30; ++e) entitlements += "e" + std::to_string(e) + ",sys,E,r,use,1,\n";
  bundle.set("identities.csv", identities);
  bundle.set("systems.csv", "id,name,kind,owner_id\nsys,System,other,\n");
  bundle.set("accounts.csv", accounts);
  bundle.set("entitlements.csv", entitlements);
  bundle.set("account_grants.csv", grants);
  bundle.set("decisions.csv", decisions);
  return held_out;
}

}  // namespace accessgraph::testing
