#include "server/http/rate_limiter.hpp"

#include <algorithm>
#include <functional>

namespace accessgraph::server::http {

bool RateLimiter::admit(std::string_view key, Clock::time_point now) {
  if (!enabled()) return true;
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto found = shard.buckets.find(std::string(key));
  if (found == shard.buckets.end()) {
    // Addresses without tokens are unbounded in number: forget the buckets that have
    // refilled (they hold nothing a new bucket would not) before growing further.
    if (shard.buckets.size() >= kMaxKeysPerShard)
      std::erase_if(shard.buckets, [&](const auto& entry) {
        const double idle = std::chrono::duration<double>(now - entry.second.refilled).count();
        return entry.second.tokens + idle * per_second_ >= burst_;
      });
    found = shard.buckets.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& bucket = found->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
  bucket.refilled = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace accessgraph::server::http
