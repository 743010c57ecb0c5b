#pragma once
// A small bundle for risk tests, with the cells risk depends on (sensitivity, owners,
// managers, privileged accounts, usage, SoD rules) under the test's control. One
// system "sys"; its owner is set with system_owner().
#include <memory>
#include <string>
#include <vector>

#include "accessgraph/engine.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph::testing {

class RiskWorld {
 public:
  RiskWorld& person(const std::string& id, const std::string& status = "active", const std::string& kind = "employee",
                    const std::string& department = "Ops", const std::string& title = "Eng",
                    const std::string& manager = "", const std::string& owner = "",
                    const std::string& termination_date = "") {
    identities_ += q(id) + "," + q(id) + "," + kind + "," + status + "," + department + "," + title + ",," + manager + "," +
                   owner + ",," + termination_date + "\n";
    return *this;
  }
  RiskWorld& account(const std::string& id, const std::string& identity, bool privileged = false,
                     const std::string& status = "enabled", const std::string& last_used = "2026-02-27",
                     const std::string& created = "2020-01-01") {
    accounts_ += q(id) + ",sys," + q(identity) + "," + q(id) + "," + status + "," + created + "," + last_used + "," +
                 (privileged ? "true" : "false") + "\n";
    return *this;
  }
  RiskWorld& entitlement(const std::string& id, int sensitivity, const std::string& owner = "") {
    entitlements_ += id + ",sys," + id + ",res-" + id + ",use," + std::to_string(sensitivity) + "," + owner + "\n";
    return *this;
  }
  RiskWorld& system_owner(const std::string& owner) {
    system_owner_ = owner;
    return *this;
  }
  RiskWorld& grant(const std::string& account, const std::string& entitlement) {
    account_grants_ += q(account) + "," + entitlement + ",\n";
    return *this;
  }
  // Group `group` holds the entitlement; the account is a member.
  RiskWorld& via_group(const std::string& group, const std::string& account, const std::string& entitlement) {
    groups_ += group + ",sys," + group + ",\n";
    members_ += group + ",account," + account + "\n";
    group_grants_ += group + "," + entitlement + "\n";
    return *this;
  }
  // The identity is expected to have the entitlement through a role of its own.
  RiskWorld& expect(const std::string& identity, const std::string& entitlement, const std::string& expires = "") {
    const std::string role = "role-" + identity + "-" + entitlement;
    roles_ += role + "," + role + ",business,\n";
    role_grants_ += role + ",entitlement," + entitlement + "\n";
    assignments_ += identity + "," + role + ",request,," + expires + "\n";
    return *this;
  }
  RiskWorld& used(const std::string& account, const std::string& entitlement, const std::string& date) {
    usage_ += account + "," + entitlement + "," + date + "\n";
    return *this;
  }
  RiskWorld& sod(const std::string& id, const std::string& a, const std::string& b, const std::string& severity = "high") {
    sod_ += id + "," + a + "," + b + "," + severity + ",\n";
    return *this;
  }

  const TempBundle& write() {
    bundle_ = std::make_shared<TempBundle>();
    bundle_->set("identities.csv",
                 "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,"
                 "termination_date\n" + identities_);
    bundle_->set("systems.csv", "id,name,kind,owner_id\nsys,System,directory," + system_owner_ + "\n");
    bundle_->set("accounts.csv", "id,system_id,identity_id,username,status,created,last_used,privileged\n" + accounts_);
    bundle_->set("groups.csv", "id,system_id,name,owner_id\n" + groups_);
    bundle_->set("entitlements.csv", "id,system_id,name,resource,action,sensitivity,owner_id\n" + entitlements_);
    bundle_->set("roles.csv", "id,name,kind,owner_id\n" + roles_);
    bundle_->set("group_members.csv", "group_id,member_kind,member_id\n" + members_);
    bundle_->set("group_grants.csv", "group_id,entitlement_id\n" + group_grants_);
    bundle_->set("account_grants.csv", "account_id,entitlement_id,granted_at\n" + account_grants_);
    bundle_->set("role_grants.csv", "role_id,target_kind,target_id\n" + role_grants_);
    bundle_->set("role_assignments.csv", "identity_id,role_id,source,granted_at,expires_at\n" + assignments_);
    bundle_->set("usage.csv", "account_id,entitlement_id,last_used\n" + usage_);
    bundle_->set("sod_rules.csv", "id,entitlement_a,entitlement_b,severity,description\n" + sod_);
    return *bundle_;
  }

  // Writes the bundle and opens it at 2026-03-01.
  Engine open() {
    OpenOptions options;
    options.as_of = *Date::parse("2026-03-01");
    return Engine::open_bundle(write().path(), options);
  }

 private:
  // A CSV field: quoted when it holds a comma or a quote.
  static std::string q(const std::string& id) {
    if (id.find_first_of(",\"") == std::string::npos) return id;
    std::string out = "\"";
    for (char c : id) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }

  std::shared_ptr<TempBundle> bundle_;  // copies of a world write bundles of their own
  std::string identities_, accounts_, entitlements_, system_owner_, account_grants_, groups_, members_,
      group_grants_, roles_, role_grants_, assignments_, usage_, sod_;
};

}  // namespace accessgraph::testing
