// The JSON event reader: elements of the streamed collections one at a time, every other
// root member whole, and malformed JSON refused with the line, column and JSON path.
#include "importers/json_stream.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/common/error.hpp"
#include "tests/importers/temp_source.hpp"

namespace accessgraph::importers {
namespace {

// "element data[0] {...}", "member meta {...}", "end"
std::vector<std::string> events(const std::string& text, JsonLayout layout) {
  testing::TempSource source("test.json", text);
  JsonEventReader reader(source.file(), std::move(layout));
  std::vector<std::string> out;
  for (;;) {
    const JsonEvent& event = reader.next();
    switch (event.kind) {
      case JsonEvent::Kind::kEnd:
        return out;
      case JsonEvent::Kind::kDocumentEnd:
        out.push_back("end");
        break;
      case JsonEvent::Kind::kMember:
        out.push_back("member " + std::string(event.name) + " " + std::string(event.bytes));
        break;
      case JsonEvent::Kind::kElement:
        out.push_back("element " + reader.site(event).path() + " " + std::string(event.bytes));
        break;
    }
  }
}

InputError refusal(const std::string& text, JsonLayout layout) {
  testing::TempSource source("bad.json", text);
  try {
    JsonEventReader reader(source.file(), std::move(layout));
    simdjson::dom::parser parser;
    for (;;) {
      const JsonEvent& event = reader.next();
      if (event.kind == JsonEvent::Kind::kEnd) break;
      if (event.kind != JsonEvent::Kind::kElement) continue;
      simdjson::padded_string bytes(event.bytes);
      parse_json_value(parser, bytes.data(), bytes.size(), reader.site(event));
    }
  } catch (const InputError& error) {
    return error;
  }
  return InputError("", 0, "", "", "no error");
}

TEST(JsonStream, CollectionsStreamAndOtherMembersComeWhole) {
  auto seen = events(R"({"meta": {"count": 2}, "data": [{"a": "x]}"}, [1, {"b": "\"}"}]], "tail": null})",
                     JsonLayout{{"data"}, false});
  std::vector<std::string> expected = {"member meta {\"count\": 2}", "element $.data[0] {\"a\": \"x]}\"}",
                                       "element $.data[1] [1, {\"b\": \"\\\"}\"}]", "member tail null", "end"};
  EXPECT_EQ(seen, expected);
}

TEST(JsonStream, RootArraysJsonLinesAndWholeRoots) {
  auto seen = events("[{\"id\": 1}, {\"id\": 2}]\n{\"id\": 3}\n{\"Resources\": []}\n", JsonLayout{{"Resources"}, true});
  std::vector<std::string> expected = {"element $[0] {\"id\": 1}",
                                       "element $[1] {\"id\": 2}",
                                       "end",
                                       "member id 3",
                                       "element $ {\"id\": 3}",
                                       "end",
                                       "end"};
  EXPECT_EQ(seen, expected);
}

TEST(JsonStream, ABomIsSkipped) {
  auto seen = events("\xEF\xBB\xBF[true]", JsonLayout{});
  EXPECT_EQ(seen, (std::vector<std::string>{"element $[0] true", "end"}));
}

TEST(JsonStream, AMissingCommaIsRefusedWithItsPosition) {
  InputError error = refusal("{\"data\": [\n  {\"a\": 1}\n  {\"a\": 2}\n]}", JsonLayout{{"data"}, false});
  EXPECT_EQ(error.file(), "bad.json");
  EXPECT_EQ(error.line(), 3u);
  EXPECT_NE(error.reason().find("at $.data[0] (column 3): expected ',' or ']'"), std::string::npos) << error.what();
  EXPECT_EQ(error.value(), "{\"a\": 2}");
}

TEST(JsonStream, ACutFileIsRefused) {
  InputError error = refusal("{\"data\": [\n  {\"a\": 1},\n  {\"a\": [2, 3", JsonLayout{{"data"}, false});
  EXPECT_EQ(error.file(), "bad.json");
  EXPECT_EQ(error.line(), 3u);
  EXPECT_EQ(error.value(), "{\"a\": [2, 3");  // the value that is not closed, from its start
  EXPECT_NE(error.reason().find("unexpected end of file"), std::string::npos) << error.what();
}

TEST(JsonStream, ABadTokenInsideAnElementIsRefusedWhereItIs) {
  InputError error =
      refusal("{\"data\": [\n  {\"a\": 1},\n  {\"b\": [1, 2],\n   \"enabled\": tru}\n]}", JsonLayout{{"data"}, false});
  EXPECT_EQ(error.line(), 4u);
  EXPECT_NE(error.reason().find("in $.data[1] (column 15): malformed JSON"), std::string::npos) << error.what();
  EXPECT_EQ(error.file(), "bad.json");
  EXPECT_EQ(error.value(), "tru}");
}

TEST(JsonStream, TextAfterTheRootValueIsRefused) {
  InputError error = refusal("{\"data\": []} trailing", JsonLayout{{"data"}, false});
  EXPECT_EQ(error.file(), "bad.json");
  EXPECT_EQ(error.line(), 1u);
  EXPECT_EQ(error.value(), "trailing");
  EXPECT_NE(error.reason().find("expected a JSON object or array"), std::string::npos) << error.what();
}

TEST(JsonStream, AnEndOfFileShowsWhatComesLast) {
  InputError error = refusal("{\"data\": [\n  {\"a\": 1},\n  {\"a\": 2}\n", JsonLayout{{"data"}, false});
  EXPECT_EQ(error.file(), "bad.json");
  EXPECT_NE(error.reason().find("unexpected end of file: the array is not closed"), std::string::npos)
      << error.what();
  EXPECT_EQ(error.value(), "{\"a\": 2}");
}

TEST(JsonStream, AnEmptyFileIsRefused) {
  InputError error = refusal("  \n", JsonLayout{});
  EXPECT_EQ(error.file(), "bad.json");
  EXPECT_NE(error.reason().find("no JSON value"), std::string::npos);
  EXPECT_EQ(error.value(), "");  // nothing but blanks: no value to show
}

}  // namespace
}  // namespace accessgraph::importers
