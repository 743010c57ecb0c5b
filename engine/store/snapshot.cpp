#include "engine/store/snapshot.hpp"

#include <fcntl.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "core/common/error.hpp"
#include "core/graph/compaction.hpp"
#include "core/io/output_file.hpp"
#include "engine/store/crc32c.hpp"

namespace accessgraph {
namespace {

constexpr char kMagic[6] = {'A', 'G', 'S', 'N', 'A', 'P'};
// 2: the lifecycle history replaced the archive candidates. 3: a last section holds
// the review decisions (decisions.csv); format 2 files, without it, are still read.
constexpr std::uint16_t kFormat = 3;
constexpr std::uint16_t kOldestFormat = 2;
constexpr std::size_t kHeaderBytes = 16;        // magic, format, section count, CRC
constexpr std::size_t kSectionHeaderBytes = 16;  // tag, CRC, payload length

// The fields of each record type, in one place for writing and reading. `f` is
// called with each member (const when writing).
template <class R, class T>
concept RecordOf = std::same_as<std::remove_const_t<R>, T>;

template <RecordOf<IdentityRecord> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.display_name), f(r.kind), f(r.status), f(r.department), f(r.title), f(r.location), f(r.manager), f(r.owner),
      f(r.hire_date), f(r.termination_date);
}
template <RecordOf<SystemRecord> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.name), f(r.kind), f(r.owner);
}
template <RecordOf<AccountRecord> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.system), f(r.identity), f(r.identity_cell), f(r.username), f(r.status), f(r.created), f(r.last_used),
      f(r.privileged), f(r.deleted);
}
template <RecordOf<GroupRecord> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.system), f(r.name), f(r.owner);
}
template <RecordOf<EntitlementRecord> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.system), f(r.name), f(r.resource), f(r.action), f(r.sensitivity), f(r.owner);
}
template <RecordOf<RoleRecord> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.name), f(r.kind), f(r.owner);
}
template <RecordOf<SodRule> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.entitlement_a), f(r.entitlement_b), f(r.severity), f(r.description);
}
template <RecordOf<BirthrightRule> R, class F>
void for_each_field(R& r, F&& f) {
  f(r.role), f(r.kind), f(r.department), f(r.title), f(r.location);
}

// Every part of a graph, in file order; `io` is the writer or the reader. Derived
// data (closures, indexes) is not stored: it is rebuilt at the as-of date of use.
template <class G, class Io>
void for_each_part(G& g, Io& io) {
  io.ids(g.identity_ids), io.ids(g.system_ids), io.ids(g.account_ids), io.ids(g.group_ids);
  io.ids(g.entitlement_ids), io.ids(g.role_ids), io.ids(g.sod_rule_ids), io.ids(g.birthright_rule_ids);
  io.ids(g.attribute_values);
  io.records(g.identities), io.records(g.systems), io.records(g.accounts), io.records(g.groups);
  io.records(g.entitlements), io.records(g.roles), io.records(g.sod_rules), io.records(g.birthright_rules);
  io.relation(g.account_groups), io.relation(g.group_member_accounts), io.relation(g.group_parents);
  io.relation(g.group_member_groups), io.relation(g.group_entitlements), io.relation(g.entitlement_groups);
  io.relation(g.account_entitlements), io.relation(g.account_grant_rows), io.relation(g.entitlement_accounts);
  io.relation(g.role_includes), io.relation(g.role_included_by), io.relation(g.role_entitlements);
  io.relation(g.role_groups), io.relation(g.identity_accounts), io.relation(g.identity_assignments);
  io.relation(g.identity_role_history), io.relation(g.account_usage);
  io.history(g.history);
  io.decisions(g.decisions);  // last: absent from format 2 files
}

// ---- writing ----

struct SectionBytes {
  std::string strings, data;
};

class Encoder {
 public:
  explicit Encoder(SectionBytes& out) : out_(out) {}

  template <class T>
  void pod(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.data.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void field(std::string_view text) {
    pod(std::uint64_t{out_.strings.size()});
    pod(static_cast<std::uint32_t>(text.size()));
    out_.strings.append(text);
  }
  template <class T>
  void field(const T& value) {
    pod(value);
  }
  template <class T>
  void array(std::span<const T> items) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod(std::uint64_t{items.size()});
    out_.data.append(reinterpret_cast<const char*>(items.data()), items.size_bytes());
  }

 private:
  SectionBytes& out_;
};

// Encodes each part into its own section, in parallel.
class GraphWriter {
 public:
  template <class Id>
  void ids(const IdTable<Id>& table) {
    run([&table](Encoder& out) {
      out.pod(std::uint64_t{table.size()});
      for (std::uint32_t i = 0; i < table.size(); ++i) out.field(table.name(Id(i)));
    });
  }
  template <class R>
  void records(const PersistentVector<R>& records) {
    run([&records](Encoder& out) {
      out.pod(std::uint64_t{records.size()});
      for (const R& record : records) for_each_field(record, [&](const auto& field) { out.field(field); });
    });
  }
  template <class Relation>
  void relation(const Relation& relation) {
    run([&relation](Encoder& out) {
      const auto& csr = plain_csr(relation);
      out.array(csr.offsets());
      out.array(csr.targets());
    });
  }
  void history(const std::shared_ptr<const LifecycleHistory>& history) {
    run([&history](Encoder& out) {
      out.pod(std::uint8_t{history != nullptr});
      if (!history) return;
      out.pod(history->start), out.pod(history->clock), out.pod(std::int32_t{history->retention_days});
      out.pod(std::uint64_t{history->event_count});
      history->for_each_event([&](const LoggedEvent& logged) {
        const HrEvent& e = logged.event;
        out.pod(logged.arrival), out.field(std::string_view(e.event_id)), out.pod(e.effective_date);
        out.pod(e.type), out.field(std::string_view(e.identity_id)), out.pod(std::uint64_t{e.line});
        for (const std::string& attribute : e.attributes) out.field(std::string_view(attribute));
        if (e.type != HrEventType::kReviewRevoke) return;  // only reviews carry more (older files have none)
        const ReviewRevocation empty;
        const ReviewRevocation& review = e.review ? *e.review : empty;
        for (const std::string* text : {&review.campaign_id, &review.item_id, &review.reviewer_id, &review.comment})
          out.field(std::string_view(*text));
        out.pod(std::uint64_t{review.removals.size()});
        for (const AccessRemoval& removal : review.removals)
          out.pod(removal.kind), out.field(std::string_view(removal.account_id)),
              out.field(std::string_view(removal.target_id));
      });
      std::uint64_t origins = 0;
      for (const auto& origin : history->origins) origins += origin != nullptr;
      out.pod(origins);
      for (std::uint32_t i = 0; i < history->origins.size(); ++i) {
        const IdentityOrigin* origin = history->origins[i].get();
        if (!origin) continue;
        out.pod(i), out.pod(std::uint8_t{origin->existed});
        for_each_field(origin->record, [&](const auto& field) { out.field(field); });
        out.array(std::span<const AccountId>(origin->accounts));
        out.array(std::span<const RoleAssignment>(origin->assignments));
        out.pod(std::uint64_t{origin->account_rows.size()});
        for (const AccountOrigin& account : origin->account_rows) {
          out.pod(account.account);
          for_each_field(account.record, [&](const auto& field) { out.field(field); });
          out.array(std::span<const GroupId>(account.groups));
          out.array(std::span<const AccountGrant>(account.grants));
        }
      }
    });
  }

  void decisions(const std::shared_ptr<const std::vector<ReviewDecision>>& decisions) {
    run([&decisions](Encoder& out) {
      const std::uint64_t count = decisions ? decisions->size() : 0;
      out.pod(count);
      if (!decisions) return;
      for (const ReviewDecision& d : *decisions) {
        out.pod(d.identity), out.pod(d.entitlement), out.pod(std::uint8_t{d.revoked}), out.pod(d.decided_at);
        out.field(std::string_view(d.reviewer_id));
      }
    });
  }

  std::deque<SectionBytes>& finish() {
    tasks_.wait();
    return sections_;
  }

 private:
  template <class F, class T>
  static const Csr<F, T>& plain_csr(const Csr<F, T>& csr) {
    return csr;
  }
  template <class F, class T>
  static const Csr<F, T>& plain_csr(const PatchedCsr<F, T>& patched) {
    return patched.base();  // compacted: no overrides left
  }

  template <class Encode>
  void run(Encode encode) {
    SectionBytes& section = sections_.emplace_back();
    tasks_.run([&section, encode] {
      Encoder out(section);
      encode(out);
    });
  }

  std::deque<SectionBytes> sections_;  // stable addresses while tasks fill them
  tbb::task_group tasks_;
};

void append_header(std::string& out, std::uint32_t section_count) {
  out.append(kMagic, sizeof(kMagic));
  out.append(reinterpret_cast<const char*>(&kFormat), sizeof(kFormat));
  out.append(reinterpret_cast<const char*>(&section_count), 4);
  const std::uint32_t crc = crc32c({std::string_view(out.data() + out.size() - 12, 12)});
  out.append(reinterpret_cast<const char*>(&crc), 4);
}

std::string section_header(std::uint32_t tag, const SectionBytes& section) {
  const std::uint64_t strings_length = section.strings.size();
  const std::string_view length_bytes(reinterpret_cast<const char*>(&strings_length), 8);
  const std::uint32_t crc = crc32c({length_bytes, section.strings, section.data});
  const std::uint64_t payload = 8 + section.strings.size() + section.data.size();
  std::string header;
  header.append(reinterpret_cast<const char*>(&tag), 4);
  header.append(reinterpret_cast<const char*>(&crc), 4);
  header.append(reinterpret_cast<const char*>(&payload), 8);
  header.append(length_bytes);
  return header;
}

// ---- reading ----

class SnapshotFile {
 public:
  explicit SnapshotFile(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw StateError("snapshot " + path_.string() + ": cannot open: " + std::strerror(errno));
    size_ = std::filesystem::file_size(path_);
  }
  ~SnapshotFile() { ::close(fd_); }
  SnapshotFile(const SnapshotFile&) = delete;
  SnapshotFile& operator=(const SnapshotFile&) = delete;

  // Reads [offset, offset + length) into `out`, or fails naming what was cut short.
  void read(std::uint64_t offset, std::uint64_t length, char* out, const std::string& what) const {
    if (offset > size_ || size_ - offset < length) corrupt(what + " is cut short (file truncated)");
    while (length > 0) {
      const ssize_t n = ::pread(fd_, out, length, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw StateError("snapshot " + path_.string() + ": cannot read: " + std::strerror(errno));
      out += n, offset += static_cast<std::uint64_t>(n), length -= static_cast<std::uint64_t>(n);
    }
  }
  [[noreturn]] void corrupt(const std::string& what) const {
    throw StateError("snapshot " + path_.string() + ": " + what + "; the snapshot is damaged");
  }
  std::uint64_t size() const { return size_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

struct SectionLocation {
  std::uint32_t tag = 0, crc = 0;
  std::uint64_t offset = 0, payload_length = 0;  // offset of the payload
};

// Reads one section's strings into an arena the graph keeps, and its data.
class Decoder {
 public:
  Decoder(const SnapshotFile& file, const SectionLocation& where, StringArena& arena) : file_(file) {
    const std::string what = "section " + std::to_string(where.tag);
    std::uint64_t strings_length = 0;
    if (where.payload_length < 8) file.corrupt(what + " is too short");
    file.read(where.offset, 8, reinterpret_cast<char*>(&strings_length), what);
    if (strings_length > where.payload_length - 8) file.corrupt(what + " has a bad strings length");
    auto strings = std::make_unique<char[]>(strings_length + 1);
    file.read(where.offset + 8, strings_length, strings.get(), what);
    data_.resize(where.payload_length - 8 - strings_length);
    file.read(where.offset + 8 + strings_length, data_.size(), data_.data(), what);
    const std::string_view length_bytes(reinterpret_cast<const char*>(&strings_length), 8);
    if (crc32c({length_bytes, std::string_view(strings.get(), strings_length), data_}) != where.crc)
      file.corrupt(what + " fails its checksum");
    strings_size_ = strings_length;
    strings_ = arena.adopt(std::move(strings), strings_length);
    what_ = what;
  }

  template <class T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    if (data_.size() - position_ < sizeof(T)) file_.corrupt(what_ + " ends early");
    T value;
    std::memcpy(&value, data_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return value;
  }
  void field(std::string_view& text) {
    const auto offset = pod<std::uint64_t>();
    const auto length = pod<std::uint32_t>();
    if (offset > strings_size_ || strings_size_ - offset < length) file_.corrupt(what_ + " has a bad string");
    text = length == 0 ? std::string_view() : std::string_view(strings_ + offset, length);
  }
  template <class T>
  void field(T& value) {
    value = pod<T>();
  }
  template <class T>
  std::vector<T> array() {
    const auto count = pod<std::uint64_t>();
    if ((data_.size() - position_) / sizeof(T) < count) file_.corrupt(what_ + " has a bad array length");
    std::vector<T> items(count);
    std::memcpy(static_cast<void*>(items.data()), data_.data() + position_, count * sizeof(T));
    position_ += count * sizeof(T);
    return items;
  }
  std::uint64_t count(std::uint64_t bytes_per_item) {
    const auto n = pod<std::uint64_t>();
    if ((data_.size() - position_) / bytes_per_item < n) file_.corrupt(what_ + " has a bad count");
    return n;
  }
  std::string_view rest() {
    std::string_view bytes(data_.data() + position_, data_.size() - position_);
    position_ = data_.size();
    return bytes;
  }
  void expect_end() const {
    if (position_ != data_.size()) file_.corrupt(what_ + " has trailing bytes");
  }

 private:
  const SnapshotFile& file_;
  std::string data_;
  std::size_t position_ = 0;
  const char* strings_ = nullptr;
  std::uint64_t strings_size_ = 0;
  std::string what_;
};

// Decodes each section into its part of the graph, in parallel: every part is a
// different member, and every section has its own arena.
class GraphReader {
 public:
  GraphReader(const SnapshotFile& file, std::vector<SectionLocation> sections, Graph& graph)
      : file_(file), sections_(std::move(sections)), graph_(graph) {}

  template <class Id>
  void ids(IdTable<Id>& table) {
    run([&table](Decoder& in) {
      std::vector<std::string_view> names(in.count(12));
      for (auto& name : names) in.field(name);
      table = IdTable<Id>::from_names(std::move(names));
    });
  }
  template <class R>
  void records(PersistentVector<R>& records) {
    run([&records](Decoder& in) {
      std::vector<R> items(in.count(1));
      for (R& record : items) for_each_field(record, [&](auto& field) { in.field(field); });
      records = PersistentVector<R>(items);
    });
  }
  template <class F, class T>
  void relation(Csr<F, T>& relation) {
    run([this, &relation](Decoder& in) { relation = read_csr<F, T>(in); });
  }
  template <class F, class T>
  void relation(PatchedCsr<F, T>& relation) {
    run([this, &relation](Decoder& in) { relation = PatchedCsr<F, T>(read_csr<F, T>(in)); });
  }
  void history(std::shared_ptr<const LifecycleHistory>& out) {
    run([this, &out](Decoder& in) {
      if (in.pod<std::uint8_t>() == 0) return;
      auto history = std::make_shared<LifecycleHistory>();
      history->start = in.pod<Date>(), history->clock = in.pod<Date>();
      history->retention_days = in.pod<std::int32_t>();
      const std::uint64_t events = in.count(8);
      auto batch = std::make_shared<std::vector<LoggedEvent>>(events);
      auto text = [&in] {
        std::string_view view;
        in.field(view);
        return std::string(view);
      };
      for (LoggedEvent& logged : *batch) {
        HrEvent& e = logged.event;
        logged.arrival = in.pod<std::uint64_t>(), e.event_id = text(), e.effective_date = in.pod<Date>();
        e.type = in.pod<HrEventType>(), e.identity_id = text(), e.line = in.pod<std::uint64_t>();
        for (std::string& attribute : e.attributes) attribute = text();
        if (static_cast<std::size_t>(e.type) >= kHrEventTypeNames.size()) file_.corrupt("an event has a bad type");
        if (e.type == HrEventType::kReviewRevoke) {
          auto review = std::make_shared<ReviewRevocation>();
          for (std::string* field : {&review->campaign_id, &review->item_id, &review->reviewer_id, &review->comment})
            *field = text();
          review->removals.resize(in.count(3));
          for (AccessRemoval& removal : review->removals) {
            removal.kind = in.pod<AccessRemoval::Kind>();
            if (static_cast<int>(removal.kind) > static_cast<int>(AccessRemoval::Kind::kAccount))
              file_.corrupt("a review removal has a bad kind");
            removal.account_id = text(), removal.target_id = text();
          }
          e.review = std::move(review);
        }
      }
      history->event_count = events;
      history->batches.push_back(std::move(batch));
      std::vector<std::shared_ptr<const IdentityOrigin>> origins;
      for (std::uint64_t n = in.count(1); n > 0; --n) {
        const auto identity = in.pod<std::uint32_t>();
        auto origin = std::make_shared<IdentityOrigin>();
        origin->existed = in.pod<std::uint8_t>() != 0;
        for_each_field(origin->record, [&](auto& field) { in.field(field); });
        origin->accounts = in.array<AccountId>();
        origin->assignments = in.array<RoleAssignment>();
        origin->account_rows.resize(in.count(1));
        for (AccountOrigin& account : origin->account_rows) {
          account.account = in.pod<AccountId>();
          for_each_field(account.record, [&](auto& field) { in.field(field); });
          account.groups = in.array<GroupId>();
          account.grants = in.array<AccountGrant>();
        }
        if (origins.size() <= identity) origins.resize(identity + 1);
        origins[identity] = std::move(origin);
      }
      history->origins = PersistentVector<std::shared_ptr<const IdentityOrigin>>(origins);
      out = std::move(history);
    });
  }

  void decisions(std::shared_ptr<const std::vector<ReviewDecision>>& out) {
    if (next_ == sections_.size()) return;  // a format 2 snapshot: no decisions
    run([this, &out](Decoder& in) {
      const std::uint64_t count = in.count(4 + 4 + 1 + sizeof(Date) + 12);
      if (count == 0) return;
      auto decisions = std::make_shared<std::vector<ReviewDecision>>(count);
      for (ReviewDecision& d : *decisions) {
        d.identity = in.pod<IdentityId>(), d.entitlement = in.pod<EntitlementId>();
        d.revoked = in.pod<std::uint8_t>() != 0, d.decided_at = in.pod<Date>();
        std::string_view reviewer;
        in.field(reviewer);
        d.reviewer_id = std::string(reviewer);
      }
      out = std::move(decisions);
    });
  }

  void finish() {
    tasks_.wait();
    if (next_ != sections_.size()) file_.corrupt("it has more sections than this version of accessgraph reads");
  }

 private:
  template <class F, class T>
  Csr<F, T> read_csr(Decoder& in) {
    auto offsets = in.array<std::uint64_t>();
    auto targets = in.array<T>();
    auto csr = Csr<F, T>::from_arrays(std::move(offsets), std::move(targets));
    if (!csr) file_.corrupt("a relation has inconsistent offsets");
    return *csr;
  }

  template <class Decode>
  void run(Decode decode) {
    if (next_ >= sections_.size()) file_.corrupt("it has fewer sections than expected");
    const SectionLocation where = sections_[next_];
    if (where.tag != next_ + 1) file_.corrupt("section " + std::to_string(next_ + 1) + " is missing");
    ++next_;
    auto arena = std::make_shared<StringArena>();
    graph_.text_strings.push_back(arena);
    tasks_.run([this, where, arena, decode] {
      Decoder in(file_, where, *arena);
      decode(in);
      in.expect_end();
    });
  }

  const SnapshotFile& file_;
  std::vector<SectionLocation> sections_;
  Graph& graph_;
  std::size_t next_ = 0;
  tbb::task_group tasks_;
};

nlohmann::json info_json(const SnapshotInfo& info) {
  nlohmann::json pending = nlohmann::json::array();
  for (const PendingEvent& event : info.pending) pending.push_back({event.event_id, event.effective_date});
  return {{"version", info.version},         {"log_records", info.log_records},
          {"events_applied", info.events_applied}, {"last_event_id", info.last_event_id},
          {"clock", info.clock},             {"pending", pending}};
}

}  // namespace

void write_snapshot(const Graph& graph, const SnapshotInfo& info, const std::filesystem::path& path) {
  const Graph compact = compacted(graph);
  GraphWriter writer;
  for_each_part(compact, writer);
  std::deque<SectionBytes>& parts = writer.finish();
  SectionBytes meta;
  meta.data = info_json(info).dump();

  std::string header;
  append_header(header, static_cast<std::uint32_t>(parts.size() + 1));
  // Through the page cache: the next start reads the snapshot right back (written
  // around the cache, the first read of 784 MB at 1M identities came from the disk).
  OutputFile out(path, OutputFile::Durability::kFsync, OutputFile::Caching::kPageCache);
  out.write(header);
  auto write_section = [&](std::uint32_t tag, const SectionBytes& section) {
    out.write(section_header(tag, section));
    out.write(section.strings);
    out.write(section.data);
  };
  write_section(0, meta);
  for (std::uint32_t tag = 1; tag <= parts.size(); ++tag) write_section(tag, parts[tag - 1]);
  out.commit();  // fsync, rename, fsync of the folder
}

namespace {

std::vector<SectionLocation> locate_sections(const SnapshotFile& file, const std::filesystem::path& path) {
  char header[kHeaderBytes];
  file.read(0, kHeaderBytes, header, "the header");
  std::uint16_t format = 0;
  std::uint32_t section_count = 0, header_crc = 0;
  std::memcpy(&format, header + 6, 2);
  std::memcpy(&section_count, header + 8, 4);
  std::memcpy(&header_crc, header + 12, 4);
  if (std::memcmp(header, kMagic, sizeof(kMagic)) != 0) file.corrupt("it is not an accessgraph snapshot");
  if (crc32c({std::string_view(header, 12)}) != header_crc) file.corrupt("the header fails its checksum");
  if (format < kOldestFormat || format > kFormat)
    throw StateError("snapshot " + path.string() + ": format " + std::to_string(format) + ", this accessgraph reads " +
                std::to_string(kOldestFormat) + " to " + std::to_string(kFormat));

  std::vector<SectionLocation> sections;
  std::uint64_t offset = kHeaderBytes;
  for (std::uint32_t i = 0; i < section_count; ++i) {
    char bytes[kSectionHeaderBytes];
    file.read(offset, kSectionHeaderBytes, bytes, "section " + std::to_string(i) + " header");
    SectionLocation where;
    std::memcpy(&where.tag, bytes, 4);
    std::memcpy(&where.crc, bytes + 4, 4);
    std::memcpy(&where.payload_length, bytes + 8, 8);
    where.offset = offset + kSectionHeaderBytes;
    if (where.tag != i) file.corrupt("section " + std::to_string(i) + " has tag " + std::to_string(where.tag));
    if (where.payload_length > file.size() - where.offset) file.corrupt("section " + std::to_string(i) + " is cut short");
    sections.push_back(where);
    offset = where.offset + where.payload_length;
  }
  if (offset != file.size()) file.corrupt("it has bytes after its last section");
  if (sections.empty()) file.corrupt("it has no sections");
  return sections;
}

SnapshotInfo read_info(const SnapshotFile& file, const SectionLocation& meta_section) {
  StringArena unused;
  Decoder meta(file, meta_section, unused);  // checks the CRC
  const nlohmann::json info = nlohmann::json::parse(meta.rest(), nullptr, false);
  if (info.is_discarded() || !info.is_object()) file.corrupt("section 0 is not JSON");
  SnapshotInfo out;
  out.version = info.value("version", std::uint64_t{0});
  out.log_records = info.value("log_records", std::uint64_t{0});
  out.events_applied = info.value("events_applied", std::uint64_t{0});
  out.last_event_id = info.value("last_event_id", std::string());
  out.clock = info.value("clock", std::string());
  if (info.contains("pending") && info["pending"].is_array())
    for (const auto& event : info["pending"])
      if (event.is_array() && event.size() == 2 && event[0].is_string() && event[1].is_string())
        out.pending.push_back({event[0].get<std::string>(), event[1].get<std::string>()});
  return out;
}

}  // namespace

SnapshotInfo read_snapshot_info(const std::filesystem::path& path) {
  SnapshotFile file(path);
  return read_info(file, locate_sections(file, path).front());
}

SnapshotInfo verify_snapshot(const std::filesystem::path& path) {
  SnapshotFile file(path);
  const std::vector<SectionLocation> sections = locate_sections(file, path);
  tbb::parallel_for(std::size_t{1}, sections.size(), [&](std::size_t i) {
    const SectionLocation& where = sections[i];
    constexpr std::uint64_t kChunk = 8u << 20;
    std::string chunk(std::min(kChunk, where.payload_length), '\0');
    std::uint32_t crc = 0;
    for (std::uint64_t done = 0; done < where.payload_length;) {
      const std::uint64_t n = std::min(kChunk, where.payload_length - done);
      file.read(where.offset + done, n, chunk.data(), "section " + std::to_string(where.tag));
      crc = crc32c_extend(crc, std::string_view(chunk.data(), n));
      done += n;
    }
    if (crc != where.crc) file.corrupt("section " + std::to_string(where.tag) + " fails its checksum");
  });
  return read_info(file, sections.front());
}

Snapshot read_snapshot(const std::filesystem::path& path) {
  SnapshotFile file(path);
  std::vector<SectionLocation> sections = locate_sections(file, path);
  Snapshot snapshot;
  snapshot.info = read_info(file, sections.front());
  sections.erase(sections.begin());
  GraphReader reader(file, std::move(sections), snapshot.graph);
  for_each_part(snapshot.graph, reader);
  reader.finish();
  return snapshot;
}

}  // namespace accessgraph
