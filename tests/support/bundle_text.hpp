#pragma once
// Builds a small bundle row by row for engine tests; unset files stay header-only.
// All systems are "sys"; identities default to active employees.
#include <string>

#include "tests/support/temp_bundle.hpp"

namespace accessgraph::testing {

class BundleText {
 public:
  BundleText& identity(const std::string& id, const std::string& status = "active",
                       const std::string& department = "", const std::string& title = "",
                       const std::string& kind = "employee") {
    identities_ += id + "," + id + "," + kind + "," + status + "," + department + "," + title + ",,,,,\n";
    return *this;
  }
  BundleText& account(const std::string& id, const std::string& identity, const std::string& status = "enabled") {
    accounts_ += id + ",sys," + identity + "," + id + "," + status + ",,,\n";
    return *this;
  }
  BundleText& group(const std::string& id) {
    groups_ += id + ",sys," + id + ",\n";
    return *this;
  }
  BundleText& entitlement(const std::string& id) {
    entitlements_ += id + ",sys," + id + ",res-" + id + ",use,1,\n";
    return *this;
  }
  BundleText& role(const std::string& id) {
    roles_ += id + "," + id + ",business,\n";
    return *this;
  }
  BundleText& member(const std::string& group, const std::string& kind, const std::string& member) {
    members_ += group + "," + kind + "," + member + "\n";
    return *this;
  }
  BundleText& group_grant(const std::string& group, const std::string& entitlement) {
    group_grants_ += group + "," + entitlement + "\n";
    return *this;
  }
  BundleText& account_grant(const std::string& account, const std::string& entitlement) {
    account_grants_ += account + "," + entitlement + ",\n";
    return *this;
  }
  BundleText& include(const std::string& role, const std::string& included) {
    includes_ += role + "," + included + "\n";
    return *this;
  }
  BundleText& role_grant(const std::string& role, const std::string& kind, const std::string& target) {
    role_grants_ += role + "," + kind + "," + target + "\n";
    return *this;
  }
  BundleText& assign(const std::string& identity, const std::string& role, const std::string& granted_at = "",
                     const std::string& expires_at = "", const std::string& source = "request") {
    assignments_ += identity + "," + role + "," + source + "," + granted_at + "," + expires_at + "\n";
    return *this;
  }
  BundleText& birthright(const std::string& id, const std::string& role, const std::string& kind,
                         const std::string& department, const std::string& title, const std::string& location = "") {
    birthright_ += id + "," + role + "," + kind + "," + department + "," + title + "," + location + "\n";
    return *this;
  }

  void write_to(TempBundle& bundle) const {
    bundle.set("identities.csv",
               "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,"
               "termination_date\n" + identities_);
    bundle.set("systems.csv", "id,name,kind,owner_id\nsys,System,directory,\n");
    bundle.set("accounts.csv", "id,system_id,identity_id,username,status,created,last_used,privileged\n" + accounts_);
    bundle.set("groups.csv", "id,system_id,name,owner_id\n" + groups_);
    bundle.set("entitlements.csv", "id,system_id,name,resource,action,sensitivity,owner_id\n" + entitlements_);
    bundle.set("roles.csv", "id,name,kind,owner_id\n" + roles_);
    bundle.set("group_members.csv", "group_id,member_kind,member_id\n" + members_);
    bundle.set("group_grants.csv", "group_id,entitlement_id\n" + group_grants_);
    bundle.set("account_grants.csv", "account_id,entitlement_id,granted_at\n" + account_grants_);
    bundle.set("role_includes.csv", "role_id,included_role_id\n" + includes_);
    bundle.set("role_grants.csv", "role_id,target_kind,target_id\n" + role_grants_);
    bundle.set("role_assignments.csv", "identity_id,role_id,source,granted_at,expires_at\n" + assignments_);
    bundle.set("birthright.csv", "id,role_id,kind,department,title,location\n" + birthright_);
  }

 private:
  std::string identities_, accounts_, groups_, entitlements_, roles_, members_, group_grants_, account_grants_,
      includes_, role_grants_, assignments_, birthright_;
};

}  // namespace accessgraph::testing
