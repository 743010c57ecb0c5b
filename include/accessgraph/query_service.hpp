#pragma once
// The point queries of SPEC section 7 as one interface, answered either by an engine
// in this process (EngineQueries) or by a server over the network (Client, in
// client.hpp). The CLI renders whichever it is given, so `--server` prints exactly
// what a local bundle or state would.
#include <string_view>
#include <vector>

#include "accessgraph/engine.hpp"
#include "accessgraph/results.hpp"

namespace accessgraph {

class QueryService {
 public:
  virtual ~QueryService() = default;

  // Each throws NotFoundError for an unknown id, InputError for a bad argument.
  virtual CheckResult check(std::string_view identity, std::string_view entitlement) const = 0;
  virtual AccessResult access(std::string_view identity) const = 0;
  virtual WhoHasResult who_has(std::string_view entitlement) const = 0;
  virtual std::vector<WhoHasResult> who_has_resource(std::string_view resource) const = 0;
  virtual ExplainResult explain(std::string_view identity, std::string_view entitlement) const = 0;
  virtual GraphStats stats() const = 0;
  virtual std::vector<Finding> findings_for_identity(std::string_view identity) const = 0;
  virtual std::vector<Finding> findings_for_account(std::string_view account) const = 0;
  virtual std::vector<Finding> findings_of_type(std::string_view type) const = 0;
  virtual std::vector<Finding> all_findings() const = 0;
};

// An Engine version behind the QueryService interface.
class EngineQueries final : public QueryService {
 public:
  explicit EngineQueries(Engine engine) : engine_(std::move(engine)) {}

  CheckResult check(std::string_view identity, std::string_view entitlement) const override {
    return engine_.check(identity, entitlement);
  }
  AccessResult access(std::string_view identity) const override { return engine_.access(identity); }
  WhoHasResult who_has(std::string_view entitlement) const override { return engine_.who_has(entitlement); }
  std::vector<WhoHasResult> who_has_resource(std::string_view resource) const override {
    return engine_.who_has_resource(resource);
  }
  ExplainResult explain(std::string_view identity, std::string_view entitlement) const override {
    return engine_.explain(identity, entitlement);
  }
  GraphStats stats() const override { return engine_.stats(); }
  std::vector<Finding> findings_for_identity(std::string_view identity) const override {
    return engine_.findings_for_identity(identity);
  }
  std::vector<Finding> findings_for_account(std::string_view account) const override {
    return engine_.findings_for_account(account);
  }
  std::vector<Finding> findings_of_type(std::string_view type) const override {
    return engine_.findings_of_type(type);
  }
  std::vector<Finding> all_findings() const override { return engine_.all_findings(); }

  const Engine& engine() const { return engine_; }

 private:
  Engine engine_;
};

}  // namespace accessgraph
