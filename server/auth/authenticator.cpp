#include "server/auth/authenticator.hpp"

namespace accessgraph::server {

bool needs_admin(wire::RequestBody body) { return body == wire::RequestBody::ApplyEventsRequest; }

AuthDecision Authenticator::authorize(std::string_view token, wire::RequestBody body, bool loopback_client) const {
  if (!tokens_) {
    if (loopback_client) return {true};
    return {false, wire::ErrorCode::Unauthenticated, "this server serves only loopback clients (no --tokens)"};
  }
  const std::optional<Scope> scope = tokens_->scope_of(token);
  if (!scope) return {false, wire::ErrorCode::Unauthenticated, token.empty() ? "a token is required" : "unknown token"};
  if (needs_admin(body) && *scope != Scope::kAdmin)
    return {false, wire::ErrorCode::Forbidden, "applying events needs a token with the admin scope"};
  return {true};
}

}  // namespace accessgraph::server
