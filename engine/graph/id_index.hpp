#pragma once
// The hash index behind IdTable: id text -> dense number.
//
// A point query (check, explain) starts with two of these lookups, and at 1M
// identities each one missed the cache three times in a row: the control bytes, the
// slot (a string_view) and then the text in the arena that the slot points to. Ids
// are short codes in practice (7 to 16 bytes in the generated enterprise), so a slot
// keeps up to 24 bytes of text inline and compares them there; only longer ids are
// compared through the arena. Slots are 32 bytes instead of 24.
#include <absl/container/flat_hash_set.h>
#include <absl/hash/hash.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace accessgraph {

class IdIndex {
 public:
  void reserve(std::size_t n) { entries_.reserve(n); }
  // `text` must outlive the index when it is longer than the inline capacity (it is:
  // the arena's copy). Returns false, changing nothing, when `text` is present.
  bool insert(std::string_view text, std::uint32_t number) { return entries_.insert(Entry(text, number)).second; }
  std::optional<std::uint32_t> find(std::string_view text) const {
    const auto it = entries_.find(text);
    if (it == entries_.end()) return std::nullopt;
    return it->number();
  }
  // Starts fetching what find(text) will read, so that a caller with several ids to
  // look up waits for their cache misses once, together.
  void prefetch(std::string_view text) const { entries_.prefetch(text); }
  std::size_t size() const { return entries_.size(); }

 private:
  class Entry {
   public:
    static constexpr std::size_t kInline = 24;
    Entry(std::string_view text, std::uint32_t number)
        : length_(static_cast<std::uint32_t>(text.size())), number_(number) {
      if (text.size() <= kInline) std::memcpy(bytes_.inline_text, text.data(), text.size());
      else bytes_.external = text.data();
    }
    std::string_view text() const {
      return {length_ <= kInline ? bytes_.inline_text : bytes_.external, length_};
    }
    std::uint32_t number() const { return number_; }

   private:
    std::uint32_t length_;
    std::uint32_t number_;
    union {
      char inline_text[kInline];
      const char* external;
    } bytes_;
  };
  static_assert(sizeof(Entry) == 32);

  // Transparent, so that find() takes a string_view without building an Entry.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return absl::Hash<std::string_view>{}(text); }
    std::size_t operator()(const Entry& entry) const { return (*this)(entry.text()); }
  };
  struct Equal {
    using is_transparent = void;
    static std::string_view text(std::string_view text) { return text; }
    static std::string_view text(const Entry& entry) { return entry.text(); }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return text(a) == text(b);
    }
  };

  absl::flat_hash_set<Entry, Hash, Equal> entries_;
};

}  // namespace accessgraph
