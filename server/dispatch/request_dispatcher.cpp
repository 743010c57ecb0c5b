#include "server/dispatch/request_dispatcher.hpp"


#include "server/dispatch/response_encoding.hpp"

namespace accessgraph::server {
namespace {

using Body = wire::RequestBody;
using Answer = std::pair<wire::ResponseBody, Offset<void>>;

std::string text(const flatbuffers::String* s) { return s ? s->str() : std::string(); }

// A required id argument: absent or empty is the client's mistake, not "unknown id".
std::string required(const flatbuffers::String* s, const char* what) {
  if (!s || s->size() == 0) throw InputError("request", 0, what, "", "missing");
  return s->str();
}

template <class T>
Answer as(wire::ResponseBody type, Offset<T> offset) {
  return {type, offset.Union()};
}

std::vector<Finding> findings_for(const Engine& engine, const wire::FindingsRequest& request) {
  switch (request.scope()) {
    case wire::FindingsScope::Identity: return engine.findings_for_identity(required(request.key(), "identity"));
    case wire::FindingsScope::Account: return engine.findings_for_account(required(request.key(), "account"));
    case wire::FindingsScope::Type: return engine.findings_of_type(required(request.key(), "type"));
    case wire::FindingsScope::All: return engine.all_findings();
  }
  throw InputError("request", 0, "scope", std::to_string(static_cast<int>(request.scope())), "unknown findings scope");
}

Answer health(FlatBufferBuilder& fbb, const DatedVersion& served, const ServerCounters& counters) {
  const StateStatus& status = served.published->status;
  return as(wire::ResponseBody::HealthResponse,
            wire::CreateHealthResponseDirect(fbb, counters.stopping ? "stopping" : "ok", status.version,
                                             status.events_applied, status.last_event_id.c_str(), status.durable,
                                             served.engine.as_of().to_string().c_str(), counters.connections.load()));
}

}  // namespace

bool RequestDispatcher::is_light(wire::RequestBody body) {
  return body == Body::CheckRequest || body == Body::HealthRequest || body == Body::ExplainRequest ||
         body == Body::AccessRequest;
}

ResponseFrame RequestDispatcher::error(std::uint64_t id, wire::ErrorCode code, const std::string& message,
                                       std::uint64_t engine_version) {
  FlatBufferBuilder fbb(256 + message.size());
  auto body = encode_error(fbb, code, message);
  fbb.FinishSizePrefixed(wire::CreateResponse(fbb, id, wire::kProtocolVersion, engine_version,
                                              wire::ResponseBody::Error, body.Union()));
  return fbb.Release();
}

ResponseFrame RequestDispatcher::answer(const wire::Request& request) const {
  // One version per request, evaluated today (or at the pinned date).
  std::optional<DatedVersion> dated;
  try {
    dated = versions_.at();
  } catch (const std::exception& e) {
    return error(request.id(), wire::ErrorCode::Internal, std::string("cannot evaluate at today's date: ") + e.what());
  }
  const DatedVersion& served = *dated;
  const Engine& engine = served.engine;
  std::uint64_t version = served.published->status.version;
  const std::uint32_t max_items = limits_.max_page_items;
  // A union tag without its table passes the Verifier (the offset is optional): every
  // body_as_X() below would be null. Found by the fuzzer.
  if (request.body() == nullptr && request.body_type() != Body::NONE)
    return error(request.id(), wire::ErrorCode::BadRequest, "request body type given but the body is missing",
                 version);
  FlatBufferBuilder fbb(1024);
  Answer answer;
  try {
    switch (request.body_type()) {
      case Body::CheckRequest: {
        const auto* q = request.body_as_CheckRequest();
        answer = as(wire::ResponseBody::CheckResponse,
                    encode_check(fbb, engine.check(required(q->identity(), "identity"),
                                                   required(q->entitlement(), "entitlement"))));
        break;
      }
      case Body::AccessRequest: {
        const auto* q = request.body_as_AccessRequest();
        const AccessResult result = engine.access(required(q->identity(), "identity"));
        const auto slice = page_slice(result.entitlements.size() + result.missing.size(), q->page(), max_items);
        answer = as(wire::ResponseBody::AccessResponse, encode_access(fbb, result, slice));
        break;
      }
      case Body::WhoHasRequest: {
        const auto* q = request.body_as_WhoHasRequest();
        const WhoHasResult result = engine.who_has(required(q->entitlement(), "entitlement"));
        answer = as(wire::ResponseBody::WhoHasResponse,
                    encode_who_has(fbb, result, page_slice(result.identities.size(), q->page(), max_items)));
        break;
      }
      case Body::WhoHasResourceRequest: {
        const auto* q = request.body_as_WhoHasResourceRequest();
        const std::string resource = required(q->resource(), "resource");
        const auto results = engine.who_has_resource(resource);
        const auto slice = page_slice(who_has_resource_rows(results), q->page(), max_items);
        answer = as(wire::ResponseBody::WhoHasResourceResponse, encode_who_has_resource(fbb, resource, results, slice));
        break;
      }
      case Body::ExplainRequest: {
        const auto* q = request.body_as_ExplainRequest();
        answer = as(wire::ResponseBody::ExplainResponse,
                    encode_explain(fbb, engine.explain(required(q->identity(), "identity"),
                                                       required(q->entitlement(), "entitlement"))));
        break;
      }
      case Body::FindingsRequest: {
        const auto* q = request.body_as_FindingsRequest();
        const auto findings = findings_for(engine, *q);
        answer = as(wire::ResponseBody::FindingsResponse,
                    encode_findings(fbb, findings, page_slice(findings.size(), q->page(), max_items)));
        break;
      }
      case Body::RiskQueueRequest: {
        const auto* q = request.body_as_RiskQueueRequest();
        const std::string reviewer = required(q->reviewer(), "reviewer");
        if (!(q->min_score() >= 0 && q->min_score() <= 100))
          throw ArgumentError("min_score", std::to_string(q->min_score()), "expected a score from 0 to 100");
        std::vector<RiskItem> items = engine.risk_queue_for_reviewer(reviewer);
        std::erase_if(items, [&](const RiskItem& item) { return item.score < q->min_score(); });
        answer = as(wire::ResponseBody::RiskQueueResponse,
                    encode_risk_queue(fbb, reviewer, items, page_slice(items.size(), q->page(), max_items)));
        break;
      }
      case Body::WhatIfRequest: {
        const auto* q = request.body_as_WhatIfRequest();
        std::vector<std::pair<std::string, std::string>> attributes;
        if (q->attributes())
          for (const wire::Attribute* attribute : *q->attributes())
            attributes.emplace_back(required(attribute->name(), "attribute name"), text(attribute->value()));
        answer = as(wire::ResponseBody::WhatIfResponse,
                    encode_whatif(fbb, engine.whatif(required(q->identity(), "identity"), attributes)));
        break;
      }
      case Body::ReorgRequest: {
        const auto* q = request.body_as_ReorgRequest();
        const ReorgResult result = engine.whatif_reorg_csv(text(q->transfers_csv()), "request");
        answer = as(wire::ResponseBody::ReorgResponse,
                    encode_reorg(fbb, result, page_slice(result.identities.size(), q->page(), max_items)));
        break;
      }
      case Body::ApplyEventsRequest: {
        const auto* q = request.body_as_ApplyEventsRequest();
        LifecycleOptions options;
        options.retention_days = q->retention_days();
        options.as_of = std::max(versions_.default_date(), served.published->engine.as_of());  // the clock follows the calendar
        const ApplyReceipt receipt = versions_.versions().apply_events_csv(text(q->events_csv()), options);
        version = receipt.version;
        answer = as(wire::ResponseBody::ApplyEventsResponse, encode_apply(fbb, receipt));
        break;
      }
      case Body::StatsRequest:
        answer = as(wire::ResponseBody::StatsResponse, encode_stats(fbb, engine.stats()));
        break;
      case Body::HealthRequest:
        answer = health(fbb, served, counters_);
        break;
      default:
        return error(request.id(), wire::ErrorCode::BadRequest,
                     "unknown or missing request body (type " +
                         std::to_string(static_cast<unsigned>(request.body_type())) + ")",
                     version);
    }
  } catch (const NotFoundError& e) {
    return error(request.id(), wire::ErrorCode::NotFound, e.what(), version);
  } catch (const InputError& e) {
    fbb.Clear();
    auto body = encode_error(fbb, wire::ErrorCode::InvalidInput, e.what(), &e);
    fbb.FinishSizePrefixed(wire::CreateResponse(fbb, request.id(), wire::kProtocolVersion, version,
                                                wire::ResponseBody::Error, body.Union()));
    return fbb.Release();
  } catch (const std::bad_alloc&) {
    return error(request.id(), wire::ErrorCode::TooLarge, "the answer does not fit in memory", version);
  } catch (const std::exception& e) {
    return error(request.id(), wire::ErrorCode::Internal, e.what(), version);
  }
  fbb.FinishSizePrefixed(
      wire::CreateResponse(fbb, request.id(), wire::kProtocolVersion, version, answer.first, answer.second));
  if (fbb.GetSize() > limits_.max_response_bytes)
    return error(request.id(), wire::ErrorCode::TooLarge,
                 "the answer is " + std::to_string(fbb.GetSize()) + " bytes, over the server's limit of " +
                     std::to_string(limits_.max_response_bytes) + ": ask for a smaller page",
                 version);
  return fbb.Release();
}

}  // namespace accessgraph::server
