#pragma once
// The C++ client of the query server (`accessgraph serve`, docs/server.md). It answers
// the QueryService interface with the same result types as an Engine, so code written
// against a local Engine works unchanged over the network.
//
// List queries (access, who-has, findings, ...) fetch every page and return the whole
// list; the *_page methods give one page. A whole list comes from one engine version:
// if the server moves to a new version between pages (events applied), the list is
// read again from the start.
//
// Errors: NotFoundError and InputError as the Engine throws them (same messages);
// ServerError for anything else the server refuses (auth, limits, bad request);
// Error when the connection fails. One request at a time per Client (calls from
// several threads are serialised); use one Client per thread for parallel work.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/error.hpp"
#include "accessgraph/lifecycle.hpp"
#include "accessgraph/query_service.hpp"
#include "accessgraph/results.hpp"
#include "accessgraph/risk.hpp"

namespace accessgraph {

// An Error answer from the server. code is the wire ErrorCode's name
// (BadRequest, Unauthenticated, Forbidden, TooLarge, Unavailable, Internal, ...).
class ServerError : public Error {
 public:
  ServerError(std::string code, const std::string& message) : Error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

struct HealthResult {
  std::string status;  // ok, or stopping
  std::uint64_t version = 0, events_applied = 0;
  std::string last_event_id;
  bool durable = false;
  std::string as_of;
  std::uint32_t connections = 0;
};

struct ApplyResult {
  std::uint64_t version = 0, events = 0;
  std::string last_event_id;
  std::uint64_t plan_actions = 0, audit_entries = 0, archived_accounts = 0;
};

enum class FindingsScope { kAll, kIdentity, kAccount, kType };

template <class Item>
struct Page {
  std::vector<Item> items;
  std::uint64_t next_cursor = 0;  // pass as cursor for the next page
  bool has_more = false;
  std::uint64_t total = 0;           // items in the whole list
  std::uint64_t engine_version = 0;  // the version that answered
};

struct ClientOptions {
  std::string token;  // needed when the server runs with --tokens
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};  // connect, and each answer
  std::uint32_t page_limit = 0;  // items per page for whole-list calls; 0: the server's maximum
  std::uint32_t max_response_bytes = 256u << 20;
};

class Client final : public QueryService {
 public:
  // Connects now; throws Error if the server cannot be reached.
  Client(const std::string& host, std::uint16_t port, ClientOptions options = {});
  Client(const std::string& host, std::uint16_t port, std::string token);
  ~Client() override;
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;

  // QueryService: whole lists, from one version.
  CheckResult check(std::string_view identity, std::string_view entitlement) const override;
  AccessResult access(std::string_view identity) const override;
  WhoHasResult who_has(std::string_view entitlement) const override;
  std::vector<WhoHasResult> who_has_resource(std::string_view resource) const override;
  ExplainResult explain(std::string_view identity, std::string_view entitlement) const override;
  GraphStats stats() const override;
  std::vector<Finding> findings_for_identity(std::string_view identity) const override;
  std::vector<Finding> findings_for_account(std::string_view account) const override;
  std::vector<Finding> findings_of_type(std::string_view type) const override;
  std::vector<Finding> all_findings() const override;

  // Beyond QueryService.
  std::vector<RiskItem> risk_queue(std::string_view reviewer, double min_score = 0) const;
  WhatIfResult whatif(std::string_view identity,
                      const std::vector<std::pair<std::string, std::string>>& attributes) const;
  ReorgResult whatif_reorg_csv(const std::string& transfers_csv) const;
  ApplyResult apply_events(const std::string& events_csv, int retention_days = 90) const;  // admin scope
  HealthResult health() const;

  // One page each.
  Page<Holder> who_has_page(std::string_view entitlement, std::uint64_t cursor, std::uint32_t limit) const;
  Page<Finding> findings_page(FindingsScope scope, std::string_view key, std::uint64_t cursor,
                              std::uint32_t limit) const;
  Page<RiskItem> risk_queue_page(std::string_view reviewer, double min_score, std::uint64_t cursor,
                                 std::uint32_t limit) const;

 private:
  struct Connection;
  std::unique_ptr<Connection> connection_;
};

}  // namespace accessgraph
