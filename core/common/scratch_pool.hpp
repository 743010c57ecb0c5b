#pragma once
// Per-thread reuse of the working sets that point queries need. A MarkedUnion over
// the entitlements is megabytes at 1M-identity scale: allocating and zeroing one per
// query would cost more than the query. Leases nest: each takes its own object.
#include <tbb/enumerable_thread_specific.h>

#include <functional>
#include <memory>
#include <vector>

namespace accessgraph {

template <class T>
class ScratchPool {
 public:
  explicit ScratchPool(std::function<T()> make) : make_(std::move(make)) {}

  class Lease {
   public:
    Lease(std::vector<std::unique_ptr<T>>& free, std::unique_ptr<T> item) : free_(free), item_(std::move(item)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { free_.push_back(std::move(item_)); }
    T& operator*() const { return *item_; }
    T* operator->() const { return item_.get(); }

   private:
    std::vector<std::unique_ptr<T>>& free_;  // this thread's free list
    std::unique_ptr<T> item_;
  };

  // The object is returned to the calling thread's free list when the lease ends, so
  // a lease must end on the thread that took it (true for a query's stack frame).
  Lease lease() const {
    auto& free = free_.local();
    if (free.empty()) return Lease(free, std::make_unique<T>(make_()));
    std::unique_ptr<T> item = std::move(free.back());
    free.pop_back();
    return Lease(free, std::move(item));
  }

 private:
  std::function<T()> make_;
  mutable tbb::enumerable_thread_specific<std::vector<std::unique_ptr<T>>> free_;
};

}  // namespace accessgraph
