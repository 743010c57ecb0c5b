#pragma once
// Requests per second per client key (a token, or the client address when the server
// runs without tokens): a token bucket of `burst` requests refilled at `per_second`.
// Sharded by key hash so that I/O threads rarely wait for one another.
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace accessgraph::server::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // per_second 0: no limit.
  RateLimiter(double per_second, double burst) : per_second_(per_second), burst_(burst) {}

  bool enabled() const { return per_second_ > 0; }
  // Takes one request from the key's bucket; false when it is empty (answer 429).
  bool admit(std::string_view key, Clock::time_point now = Clock::now());
  // Seconds until the key's bucket holds a request again (Retry-After).
  double seconds_per_request() const { return per_second_ > 0 ? 1.0 / per_second_ : 0; }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point refilled;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kMaxKeysPerShard = 4096;  // idle full buckets are dropped beyond it
  double per_second_, burst_;
  std::array<Shard, kShards> shards_;
};

}  // namespace accessgraph::server::http
