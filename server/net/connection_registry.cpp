#include "server/net/connection_registry.hpp"

namespace accessgraph::server {

asio::ip::address client_address(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  return address;
}

const void* ConnectionRegistry::oldest_unauthenticated(const asio::ip::address* address) const {
  for (const auto& [arrival, key] : unauthenticated_)
    if (!address || entries_.at(key).address == *address) return key;
  return nullptr;
}

const void* ConnectionRegistry::longest_idle(const asio::ip::address& address) const {
  const void* found = nullptr;
  std::int64_t earliest = 0;
  for (const auto& [key, entry] : entries_) {
    if (entry.evicted || !entry.authenticated || entry.address != address || !entry.idle_since) continue;
    const std::int64_t since = entry.idle_since->load(std::memory_order_relaxed);
    if (since != 0 && (!found || since < earliest)) found = key, earliest = since;
  }
  return found;
}

void ConnectionRegistry::evict(const void* key, Admission& admission) {
  Entry& entry = entries_.at(key);
  if (!entry.authenticated) unauthenticated_.erase(entry.arrival);
  entry.evicted = true;
  --counted_;
  if (--per_address_[entry.address] == 0) per_address_.erase(entry.address);
  if (auto connection = entry.connection.lock()) admission.evicted.push_back(std::move(connection));
}

ConnectionRegistry::Admission ConnectionRegistry::admit(const void* key, std::weak_ptr<Connection> connection,
                                                        const asio::ip::address& remote,
                                                        const std::atomic<std::int64_t>* idle_since) {
  const asio::ip::address address = client_address(remote);
  Admission admission;
  std::lock_guard lock(mutex_);
  auto make_room = [&](bool full, const void* candidate, const std::string& refusal) {
    if (!full) return true;
    if (candidate) {
      evict(candidate, admission);
      return true;
    }
    admission.refusal = refusal;
    return false;
  };
  const auto at_address = [&] {
    const auto found = per_address_.find(address);
    return found == per_address_.end() ? 0u : found->second;
  };
  if (at_address() >= limits_.max_connections_per_address) {
    const void* candidate = oldest_unauthenticated(&address);
    if (!make_room(true, candidate ? candidate : longest_idle(address),
                   "too many busy connections from " + address.to_string() + " (limit " +
                       std::to_string(limits_.max_connections_per_address) + " per address)"))
      return admission;
  }
  if (!make_room(counted_ >= limits_.max_connections, oldest_unauthenticated(nullptr),
                 "too many connections (limit " + std::to_string(limits_.max_connections) + ")"))
    return admission;
  // Every connection in the way has authenticated, or there was room: the newcomer
  // itself has not authenticated yet, and that count has a limit of its own.
  make_room(unauthenticated_.size() >= limits_.max_unauthenticated, oldest_unauthenticated(nullptr), "");
  admission.refusal.reset();
  const std::uint64_t arrival = next_arrival_++;
  entries_.emplace(key, Entry{std::move(connection), address, arrival, false, false, idle_since});
  unauthenticated_.emplace(arrival, key);
  ++per_address_[address];
  ++counted_;
  return admission;
}

void ConnectionRegistry::authenticated(const void* key) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(key);
  if (found == entries_.end() || found->second.authenticated || found->second.evicted) return;
  found->second.authenticated = true;
  unauthenticated_.erase(found->second.arrival);
}

void ConnectionRegistry::closed(const void* key) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(key);
  if (found == entries_.end()) return;
  Entry& entry = found->second;
  if (!entry.evicted) {
    if (!entry.authenticated) unauthenticated_.erase(entry.arrival);
    --counted_;
    if (--per_address_[entry.address] == 0) per_address_.erase(entry.address);
  }
  entries_.erase(found);
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t ConnectionRegistry::unauthenticated() const {
  std::lock_guard lock(mutex_);
  return unauthenticated_.size();
}

std::vector<std::shared_ptr<Connection>> ConnectionRegistry::connections() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Connection>> alive;
  for (const auto& [key, entry] : entries_)
    if (auto connection = entry.connection.lock()) alive.push_back(std::move(connection));
  return alive;
}

}  // namespace accessgraph::server
