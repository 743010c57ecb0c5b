#pragma once
// A JSON source read on every core (ordered_pipeline.hpp). The event reader cuts the
// file into batches of elements (serial); each batch's elements are parsed with
// simdjson and extracted into the format's plain records (in parallel); the records are
// applied to the estate in file order (serial).
//
// A Format provides:
//   struct Context;  // what a document's root members tell its elements (copyable)
//   struct Record;   // what one element yields, its text in the batch's arena
//   JsonLayout layout() const;
//   void note_member(std::string_view key, dom::element value, const JsonSite&, Context&) const;   // serial
//   void extract(std::string_view collection, dom::element value, const JsonSite&, const Context&,
//                JsonExtraction<Record>&) const;                                                // any thread
//   void apply(const Record&);                                                                  // serial, in order
//   void end_document(const Context&, std::uint64_t elements, const std::string& file);        // serial, in order
#include <simdjson.h>
#include <tbb/enumerable_thread_specific.h>

#include <memory>
#include <string>
#include <vector>

#include "importers/batch_arena.hpp"
#include "importers/json_stream.hpp"
#include "importers/ordered_pipeline.hpp"

namespace accessgraph::importers {

// Where extraction puts its records; their text lives in the arena, with the batch.
template <class Record>
struct JsonExtraction {
  BatchArena arena;
  std::vector<Record> records;
  std::string_view keep(std::string_view text) { return arena.store(text); }
};

template <class Format>
void read_json_source(const SourceFile& file, Format& format) {
  using Context = typename Format::Context;
  using Record = typename Format::Record;
  struct Item {
    JsonEvent::Kind kind;
    std::string_view collection;
    std::uint64_t index = 0, offset = 0;
    std::size_t begin = 0, size = 0;  // the element's bytes in the batch buffer
    std::size_t first_record = 0, end_record = 0;
    std::shared_ptr<const Context> context;
  };
  struct Batch {
    std::string buffer;
    std::vector<Item> items;
    JsonExtraction<Record> extraction;
    std::exception_ptr error, produce_error;

    void clear() {
      buffer.clear();
      items.clear();
      extraction.records.clear();
      extraction.arena.reset();
      error = produce_error = nullptr;
    }
  };

  JsonEventReader reader(file, format.layout());
  simdjson::dom::parser member_parser;
  auto context = std::make_shared<const Context>();
  tbb::enumerable_thread_specific<simdjson::dom::parser> parsers;
  std::uint64_t elements_in_document = 0;
  auto padded = [](Batch& batch) { batch.buffer.append(simdjson::SIMDJSON_PADDING, ' '); };

  run_ordered_pipeline<Batch>(
      kBatchesInFlight,
      [&](Batch& batch) {
        for (;;) {
          const JsonEvent& event = reader.next();
          switch (event.kind) {
            case JsonEvent::Kind::kEnd:
              padded(batch);
              return false;
            case JsonEvent::Kind::kDocumentEnd:
              batch.items.push_back({event.kind, {}, 0, event.offset, 0, 0, 0, 0, context});
              context = std::make_shared<const Context>();
              break;
            case JsonEvent::Kind::kMember: {
              JsonSite site = reader.site(event);
              simdjson::padded_string bytes(event.bytes);
              auto value = parse_json_value(member_parser, bytes.data(), bytes.size(), site);
              Context noted = *context;
              format.note_member(event.name, value, site, noted);
              context = std::make_shared<const Context>(std::move(noted));
              break;
            }
            case JsonEvent::Kind::kElement:
              batch.items.push_back({event.kind, event.name, event.index, event.offset, batch.buffer.size(),
                                     event.bytes.size(), 0, 0, context});
              batch.buffer.append(event.bytes);
              break;
          }
          if (batch.buffer.size() >= kBatchBytes) {
            padded(batch);
            return true;
          }
        }
      },
      [&](Batch& batch) {
        simdjson::dom::parser& parser = parsers.local();
        for (Item& item : batch.items) {
          if (item.kind != JsonEvent::Kind::kElement) continue;
          JsonSite site(file, item.collection, item.index, item.offset);
          auto value = parse_json_value(parser, batch.buffer.data() + item.begin, item.size, site);
          item.first_record = batch.extraction.records.size();
          format.extract(item.collection, value, site, *item.context, batch.extraction);
          item.end_record = batch.extraction.records.size();
        }
      },
      [&](Batch& batch) {
        for (const Item& item : batch.items) {
          if (item.kind == JsonEvent::Kind::kDocumentEnd) {
            format.end_document(*item.context, elements_in_document, file.label);
            elements_in_document = 0;
            continue;
          }
          if (!item.collection.empty()) ++elements_in_document;
          for (std::size_t record = item.first_record; record < item.end_record; ++record)
            format.apply(batch.extraction.records[record]);
        }
      });
}

}  // namespace accessgraph::importers
