#include "server/dispatch/dated_versions.hpp"

namespace accessgraph::server {

DatedVersion DatedVersions::at(std::optional<Date> day) const {
  std::shared_ptr<const PublishedVersion> published = engine_.published();
  const Date wanted = day ? *day : default_date();
  if (published->engine.as_of() == wanted) return {published, published->engine};  // the common case: no lock
  if (!day) {
    const std::shared_ptr<const DatedVersion> latest = latest_default_.load();
    if (latest && latest->published == published && latest->engine.as_of() == wanted) return *latest;
  }

  const std::uint64_t version = published->status.version;
  std::promise<Engine> promise;
  std::shared_future<Engine> evaluated;
  bool evaluate = false;
  {
    std::lock_guard lock(mutex_);
    auto found = std::find_if(kept_.begin(), kept_.end(),
                              [&](const Entry& entry) { return entry.version == version && entry.day == wanted; });
    if (found != kept_.end()) {
      kept_.splice(kept_.begin(), kept_, found);
      evaluated = found->engine;
    } else {
      evaluated = promise.get_future().share();
      kept_.push_front({version, wanted, evaluated});
      if (kept_.size() > kKept) kept_.pop_back();
      evaluate = true;
    }
  }
  if (evaluate) {
    try {
      Engine engine = published->engine.evaluated_at(wanted);
      if (wanted == default_date()) engine.prepare_point_queries();  // answered all day long
      promise.set_value(std::move(engine));
    } catch (...) {
      promise.set_exception(std::current_exception());
      std::lock_guard lock(mutex_);  // not kept: the next request tries again
      std::erase_if(kept_, [&](const Entry& entry) { return entry.version == version && entry.day == wanted; });
    }
  }
  DatedVersion answer{published, evaluated.get()};
  if (!day) latest_default_.store(std::make_shared<const DatedVersion>(answer));
  return answer;
}

}  // namespace accessgraph::server
