#pragma once
// Who is connected, and whether one more may come in. A server has three limits:
//
//   max_connections              connections at once (every kind)
//   max_connections_per_address  connections at once from one client address
//   max_unauthenticated          connections at once that have not yet sent a request
//                                the server accepted (with --tokens: a valid token)
//
// A connection that has not authenticated costs an attacker nothing, so it must never
// keep anyone else out: when a limit is reached, the oldest connection that has not
// authenticated (from the same address, for the per-address limit) is evicted to make
// room for the newcomer. At the per-address limit, an address's authenticated
// connections that are idle (nothing being answered, nothing unsent) come next, the
// longest idle first: they are the newcomer's own kind. Only when every connection in
// the way is authenticated (and, per address, busy) is the newcomer refused. Silent
// floods therefore hold at most max_unauthenticated connections, each for at most the
// auth timeout, and a client that sends its request at once is served however many
// silent ones are open.
//
// Thread-safe: admit() runs on the accepting strand, the rest on connections' strands.
#include <asio/ip/address.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace accessgraph::server {

class Connection;

struct AdmissionLimits {
  std::uint32_t max_connections = 1024;
  std::uint32_t max_connections_per_address = 64;
  std::uint32_t max_unauthenticated = 256;
};

class ConnectionRegistry {
 public:
  explicit ConnectionRegistry(AdmissionLimits limits) : limits_(limits) {}

  struct Admission {
    std::optional<std::string> refusal;                 // set: refuse the newcomer with this message
    std::vector<std::shared_ptr<Connection>> evicted;  // close these (outside the registry's lock)
  };
  // Decides on a newcomer from `address`; when admitted, registers it under `key`.
  // `idle_since` (steady_clock nanoseconds; 0 while busy) is the connection's, kept up to
  // date by it and readable until closed(key).
  Admission admit(const void* key, std::weak_ptr<Connection> connection, const asio::ip::address& address,
                  const std::atomic<std::int64_t>* idle_since);
  // The connection sent a request the server accepted: it no longer counts as unauthenticated.
  void authenticated(const void* key);
  // The connection has closed (evicted ones too): forget it.
  void closed(const void* key);

  std::size_t size() const;  // connections not yet closed, evicted ones included
  std::size_t unauthenticated() const;
  // Every connection not yet closed.
  std::vector<std::shared_ptr<Connection>> connections() const;

 private:
  struct Entry {
    std::weak_ptr<Connection> connection;
    asio::ip::address address;
    std::uint64_t arrival = 0;
    bool authenticated = false;
    bool evicted = false;  // closing: no longer counted against any limit
    const std::atomic<std::int64_t>* idle_since = nullptr;
  };
  void evict(const void* key, Admission& admission);  // under lock
  // The oldest connection that has not authenticated, from `address` when given.
  const void* oldest_unauthenticated(const asio::ip::address* address) const;
  // The authenticated connection from `address` idle the longest.
  const void* longest_idle(const asio::ip::address& address) const;

  AdmissionLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<const void*, Entry> entries_;
  std::map<std::uint64_t, const void*> unauthenticated_;  // by arrival: the oldest first
  std::map<asio::ip::address, std::uint32_t> per_address_;  // counted connections per address
  std::uint32_t counted_ = 0;                              // connections not evicted
  std::uint64_t next_arrival_ = 0;
};

// The address a limit counts: an IPv4 client seen through an IPv6 socket is that IPv4 address.
asio::ip::address client_address(const asio::ip::address& address);

}  // namespace accessgraph::server
