#include "accessgraph/client.hpp"

#include <mutex>
#include <optional>

#include "server/client/frame_socket.hpp"
#include "server/client/response_decoding.hpp"

namespace accessgraph {
namespace {

using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;
using Body = std::pair<wire::RequestBody, Offset<void>>;

template <class T>
Body body(wire::RequestBody type, Offset<T> offset) {
  return {type, offset.Union()};
}

// A list is re-read from the start at most this many times when versions change under it.
constexpr int kMaxListAttempts = 5;

}  // namespace

struct Client::Connection {
  Connection(const std::string& host, std::uint16_t port, ClientOptions client_options)
      : socket(host, port, client_options.timeout), options(std::move(client_options)) {}

  // A verified Response and the bytes it lives in.
  struct Answer {
    std::vector<std::uint8_t> bytes;
    const wire::Response* response = nullptr;
  };

  template <class Build>
  Answer call(Build&& build) {
    std::lock_guard lock(mutex);
    FlatBufferBuilder fbb(256);
    const Body request_body = build(fbb);
    const std::uint64_t id = next_id++;
    fbb.FinishSizePrefixed(wire::CreateRequest(fbb, id, wire::kProtocolVersion,
                                               options.token.empty() ? 0 : fbb.CreateString(options.token),
                                               request_body.first, request_body.second));
    socket.send(fbb.GetBufferPointer(), fbb.GetSize());
    Answer answer;
    answer.bytes = socket.receive(options.max_response_bytes);
    answer.response = wire::verified_response(answer.bytes);
    if (!answer.response) throw Error("the server sent a malformed answer");
    if (answer.response->body_type() == wire::ResponseBody::Error)
      client::throw_error(*answer.response->body_as_Error());
    if (answer.response->id() != id) throw Error("the server answered another request");
    return answer;
  }

  template <class Wire, class Build>
  std::pair<Answer, const Wire*> call_expecting(wire::ResponseBody type, Build&& build) {
    Answer answer = call(std::forward<Build>(build));
    if (answer.response->body_type() != type) throw Error("the server answered with the wrong type");
    const Wire* table = static_cast<const Wire*>(answer.response->body());
    return {std::move(answer), table};
  }

  // Every page of a list, all from one engine version.
  template <class Result, class Wire, class MakeBody>
  Result all_pages(wire::ResponseBody type, MakeBody&& make_body) {
    for (int attempt = 0; attempt < kMaxListAttempts; ++attempt) {
      Result result{};
      std::uint64_t cursor = 0;
      std::optional<std::uint64_t> version;
      for (;;) {
        auto [answer, page] = call_expecting<Wire>(type, [&](FlatBufferBuilder& fbb) {
          return make_body(fbb, wire::CreatePageRequest(fbb, cursor, options.page_limit));
        });
        if (version && *version != answer.response->engine_version()) break;  // changed: start again
        version = answer.response->engine_version();
        client::append(result, *page);
        if (!page->page() || !page->page()->has_more()) return result;
        if (page->page()->next_cursor() <= cursor) throw Error("the server's cursor did not advance");
        cursor = page->page()->next_cursor();
      }
    }
    throw Error("the list kept changing while it was read (events applied between pages)");
  }

  client::FrameSocket socket;
  ClientOptions options;
  std::mutex mutex;
  std::uint64_t next_id = 1;
};

Client::Client(const std::string& host, std::uint16_t port, ClientOptions options)
    : connection_(std::make_unique<Connection>(host, port, std::move(options))) {}
Client::Client(const std::string& host, std::uint16_t port, std::string token)
    : Client(host, port, ClientOptions{std::move(token)}) {}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

CheckResult Client::check(std::string_view identity, std::string_view entitlement) const {
  auto [answer, result] = connection_->call_expecting<wire::CheckResponse>(
      wire::ResponseBody::CheckResponse, [&](FlatBufferBuilder& fbb) {
        return body(wire::RequestBody::CheckRequest,
                    wire::CreateCheckRequest(fbb, fbb.CreateString(identity), fbb.CreateString(entitlement)));
      });
  return client::decode(*result);
}

AccessResult Client::access(std::string_view identity) const {
  return connection_->all_pages<AccessResult, wire::AccessResponse>(
      wire::ResponseBody::AccessResponse, [&](FlatBufferBuilder& fbb, Offset<wire::PageRequest> page) {
        return body(wire::RequestBody::AccessRequest, wire::CreateAccessRequest(fbb, fbb.CreateString(identity), page));
      });
}

WhoHasResult Client::who_has(std::string_view entitlement) const {
  return connection_->all_pages<WhoHasResult, wire::WhoHasResponse>(
      wire::ResponseBody::WhoHasResponse, [&](FlatBufferBuilder& fbb, Offset<wire::PageRequest> page) {
        return body(wire::RequestBody::WhoHasRequest,
                    wire::CreateWhoHasRequest(fbb, fbb.CreateString(entitlement), page));
      });
}

std::vector<WhoHasResult> Client::who_has_resource(std::string_view resource) const {
  return connection_->all_pages<std::vector<WhoHasResult>, wire::WhoHasResourceResponse>(
      wire::ResponseBody::WhoHasResourceResponse, [&](FlatBufferBuilder& fbb, Offset<wire::PageRequest> page) {
        return body(wire::RequestBody::WhoHasResourceRequest,
                    wire::CreateWhoHasResourceRequest(fbb, fbb.CreateString(resource), page));
      });
}

ExplainResult Client::explain(std::string_view identity, std::string_view entitlement) const {
  auto [answer, result] = connection_->call_expecting<wire::ExplainResponse>(
      wire::ResponseBody::ExplainResponse, [&](FlatBufferBuilder& fbb) {
        return body(wire::RequestBody::ExplainRequest,
                    wire::CreateExplainRequest(fbb, fbb.CreateString(identity), fbb.CreateString(entitlement)));
      });
  return client::decode(*result);
}

GraphStats Client::stats() const {
  auto [answer, result] = connection_->call_expecting<wire::StatsResponse>(
      wire::ResponseBody::StatsResponse,
      [&](FlatBufferBuilder& fbb) { return body(wire::RequestBody::StatsRequest, wire::CreateStatsRequest(fbb)); });
  return client::decode(*result);
}

namespace {

wire::FindingsScope wire_scope(FindingsScope scope) {
  switch (scope) {
    case FindingsScope::kIdentity: return wire::FindingsScope::Identity;
    case FindingsScope::kAccount: return wire::FindingsScope::Account;
    case FindingsScope::kType: return wire::FindingsScope::Type;
    case FindingsScope::kAll: break;
  }
  return wire::FindingsScope::All;
}

}  // namespace

namespace {

// Connection is Client's private type; a template reaches it without naming it.
template <class Connection>
std::vector<Finding> findings_of(Connection& connection, FindingsScope scope, std::string_view key) {
  return connection.template all_pages<std::vector<Finding>, wire::FindingsResponse>(
      wire::ResponseBody::FindingsResponse, [&](FlatBufferBuilder& fbb, Offset<wire::PageRequest> page) {
        return body(wire::RequestBody::FindingsRequest,
                    wire::CreateFindingsRequest(fbb, wire_scope(scope), fbb.CreateString(key), page));
      });
}

}  // namespace

std::vector<Finding> Client::findings_for_identity(std::string_view identity) const {
  return findings_of(*connection_, FindingsScope::kIdentity, identity);
}
std::vector<Finding> Client::findings_for_account(std::string_view account) const {
  return findings_of(*connection_, FindingsScope::kAccount, account);
}
std::vector<Finding> Client::findings_of_type(std::string_view type) const {
  return findings_of(*connection_, FindingsScope::kType, type);
}
std::vector<Finding> Client::all_findings() const { return findings_of(*connection_, FindingsScope::kAll, {}); }

std::vector<RiskItem> Client::risk_queue(std::string_view reviewer, double min_score) const {
  return connection_->all_pages<std::vector<RiskItem>, wire::RiskQueueResponse>(
      wire::ResponseBody::RiskQueueResponse, [&](FlatBufferBuilder& fbb, Offset<wire::PageRequest> page) {
        return body(wire::RequestBody::RiskQueueRequest,
                    wire::CreateRiskQueueRequest(fbb, fbb.CreateString(reviewer), min_score, page));
      });
}

WhatIfResult Client::whatif(std::string_view identity,
                            const std::vector<std::pair<std::string, std::string>>& attributes) const {
  auto [answer, result] = connection_->call_expecting<wire::WhatIfResponse>(
      wire::ResponseBody::WhatIfResponse, [&](FlatBufferBuilder& fbb) {
        std::vector<Offset<wire::Attribute>> wire_attributes;
        for (const auto& [name, value] : attributes)
          wire_attributes.push_back(wire::CreateAttributeDirect(fbb, name.c_str(), value.c_str()));
        return body(wire::RequestBody::WhatIfRequest,
                    wire::CreateWhatIfRequest(fbb, fbb.CreateString(identity), fbb.CreateVector(wire_attributes)));
      });
  return client::decode(*result);
}

ReorgResult Client::whatif_reorg_csv(const std::string& transfers_csv) const {
  return connection_->all_pages<ReorgResult, wire::ReorgResponse>(
      wire::ResponseBody::ReorgResponse, [&](FlatBufferBuilder& fbb, Offset<wire::PageRequest> page) {
        return body(wire::RequestBody::ReorgRequest,
                    wire::CreateReorgRequest(fbb, fbb.CreateString(transfers_csv), page));
      });
}

ApplyResult Client::apply_events(const std::string& events_csv, int retention_days) const {
  auto [answer, result] = connection_->call_expecting<wire::ApplyEventsResponse>(
      wire::ResponseBody::ApplyEventsResponse, [&](FlatBufferBuilder& fbb) {
        return body(wire::RequestBody::ApplyEventsRequest,
                    wire::CreateApplyEventsRequest(fbb, fbb.CreateString(events_csv), retention_days));
      });
  return client::decode(*result);
}

HealthResult Client::health() const {
  auto [answer, result] = connection_->call_expecting<wire::HealthResponse>(
      wire::ResponseBody::HealthResponse,
      [&](FlatBufferBuilder& fbb) { return body(wire::RequestBody::HealthRequest, wire::CreateHealthRequest(fbb)); });
  return client::decode(*result);
}

namespace {

template <class Item, class Wire, class ItemsOf>
Page<Item> one_page(const wire::Response& response, const Wire& table,
                    ItemsOf&& items_of) {
  Page<Item> page;
  page.items = items_of(table);
  if (table.page()) {
    page.next_cursor = table.page()->next_cursor();
    page.has_more = table.page()->has_more();
    page.total = table.page()->total();
  }
  page.engine_version = response.engine_version();
  return page;
}

}  // namespace

Page<Holder> Client::who_has_page(std::string_view entitlement, std::uint64_t cursor, std::uint32_t limit) const {
  auto [answer, table] = connection_->call_expecting<wire::WhoHasResponse>(
      wire::ResponseBody::WhoHasResponse, [&](FlatBufferBuilder& fbb) {
        return body(wire::RequestBody::WhoHasRequest,
                    wire::CreateWhoHasRequest(fbb, fbb.CreateString(entitlement),
                                              wire::CreatePageRequest(fbb, cursor, limit)));
      });
  return one_page<Holder>(*answer.response, *table, [](const wire::WhoHasResponse& t) {
    WhoHasResult result;
    client::append(result, t);
    return result.identities;
  });
}

Page<Finding> Client::findings_page(FindingsScope scope, std::string_view key, std::uint64_t cursor,
                                    std::uint32_t limit) const {
  auto [answer, table] = connection_->call_expecting<wire::FindingsResponse>(
      wire::ResponseBody::FindingsResponse, [&](FlatBufferBuilder& fbb) {
        return body(wire::RequestBody::FindingsRequest,
                    wire::CreateFindingsRequest(fbb, wire_scope(scope), fbb.CreateString(key),
                                                wire::CreatePageRequest(fbb, cursor, limit)));
      });
  return one_page<Finding>(*answer.response, *table, [](const wire::FindingsResponse& t) {
    std::vector<Finding> findings;
    client::append(findings, t);
    return findings;
  });
}

Page<RiskItem> Client::risk_queue_page(std::string_view reviewer, double min_score, std::uint64_t cursor,
                                       std::uint32_t limit) const {
  auto [answer, table] = connection_->call_expecting<wire::RiskQueueResponse>(
      wire::ResponseBody::RiskQueueResponse, [&](FlatBufferBuilder& fbb) {
        return body(wire::RequestBody::RiskQueueRequest,
                    wire::CreateRiskQueueRequest(fbb, fbb.CreateString(reviewer), min_score,
                                                 wire::CreatePageRequest(fbb, cursor, limit)));
      });
  return one_page<RiskItem>(*answer.response, *table, [](const wire::RiskQueueResponse& t) {
    std::vector<RiskItem> items;
    client::append(items, t);
    return items;
  });
}

}  // namespace accessgraph
