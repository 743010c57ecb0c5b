#include "loaders/csv_reader.hpp"

#include <gtest/gtest.h>

#include "core/common/error.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph::loaders {
namespace {

struct Parsed {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::uint64_t> lines;
  std::vector<CsvSyntaxError> errors;
};

Parsed parse_all(const std::string& content, std::size_t chunk_bytes = SIZE_MAX) {
  testing::TempBundle dir;
  dir.set("t.csv", content);
  CsvFile file = CsvFile::open(dir.path() / "t.csv", "t.csv");
  Parsed parsed;
  for (const CsvChunk& chunk : file.split(chunk_bytes)) {
    file.parse(
        chunk,
        [&](const CsvRecord& record) {
          parsed.rows.emplace_back(record.fields.begin(), record.fields.end());
          parsed.lines.push_back(record.line);
        },
        [&](const CsvSyntaxError& error) { parsed.errors.push_back(error); });
  }
  return parsed;
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto parsed = parse_all("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row\n");
  ASSERT_TRUE(parsed.errors.empty());
  ASSERT_EQ(parsed.rows.size(), 3u);
  EXPECT_EQ(parsed.rows[0], (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ(parsed.rows[1], (std::vector<std::string>{"multi\nline", "z"}));
  // A record spanning lines is reported at its first line; the next starts after it.
  EXPECT_EQ(parsed.lines, (std::vector<std::uint64_t>{2, 3, 5}));
}

TEST(CsvReader, CrlfBomEmptyFieldsAndNoFinalNewline) {
  auto parsed = parse_all("\xEF\xBB\xBF" "a,b,c\r\n1,,3\r\n,,\r\n\"\",x,\"\"");
  ASSERT_TRUE(parsed.errors.empty());
  ASSERT_EQ(parsed.rows.size(), 3u);
  EXPECT_EQ(parsed.rows[0], (std::vector<std::string>{"1", "", "3"}));
  EXPECT_EQ(parsed.rows[1], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(parsed.rows[2], (std::vector<std::string>{"", "x", ""}));
}

TEST(CsvReader, HeaderSkipsBomAndFindsColumnsByName) {
  testing::TempBundle dir;
  dir.set("t.csv", "\xEF\xBB\xBF" "b,a\n");
  CsvFile file = CsvFile::open(dir.path() / "t.csv", "t.csv");
  EXPECT_EQ(file.column("a"), 1u);
  EXPECT_EQ(file.column("b"), 0u);
  EXPECT_FALSE(file.column("c").has_value());
}

TEST(CsvReader, EmptyLinesAreSkippedButCounted) {
  auto parsed = parse_all("a,b\n\n1,2\n\r\n3,4\n");
  ASSERT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.lines, (std::vector<std::uint64_t>{3, 5}));
}

TEST(CsvReader, MalformedRecordsAreReportedAtTheirLineAndReadingResumes) {
  auto parsed = parse_all("a,b\nok,1\nb\"ad,2\n\"x\"y,3\nfine,4\nshort\n\"never closed,5\n");
  ASSERT_EQ(parsed.errors.size(), 4u);
  EXPECT_EQ(parsed.errors[0].line, 3u);  // quote inside an unquoted field
  EXPECT_EQ(parsed.errors[1].line, 4u);  // text after a closing quote
  EXPECT_EQ(parsed.errors[2].line, 6u);  // wrong field count
  EXPECT_EQ(parsed.errors[3].line, 7u);  // unterminated quote
  EXPECT_NE(parsed.errors[3].reason.find("never closed"), std::string::npos);
  EXPECT_EQ(parsed.lines, (std::vector<std::uint64_t>{2, 5}));
}

TEST(CsvReader, InvalidUtf8IsAnError) {
  auto parsed = parse_all("a,b\nok,\xC3\xA9\nbad,\xC3\x28\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 3u);
  EXPECT_EQ(parsed.rows.size(), 1u);
}

TEST(CsvReader, ParallelChunksGiveTheSameRecordsAsOneChunk) {
  std::string content = "id,text\n";
  for (int i = 0; i < 2000; ++i) {
    content += std::to_string(i) + ",";
    content += i % 7 == 0 ? "\"quoted\nwith \"\"line\"\" break, and comma\"" : "plain";
    content += i % 3 == 0 ? "\r\n" : "\n";
  }
  auto whole = parse_all(content);
  auto chunked = parse_all(content, 512);
  ASSERT_TRUE(whole.errors.empty());
  ASSERT_TRUE(chunked.errors.empty());
  EXPECT_EQ(whole.rows, chunked.rows);
  EXPECT_EQ(whole.lines, chunked.lines);
  EXPECT_EQ(whole.rows.size(), 2000u);
}

TEST(CsvReader, MissingFileAndMissingHeaderAreFileLevelErrors) {
  testing::TempBundle dir;
  EXPECT_THROW(CsvFile::open(dir.path() / "absent.csv", "absent.csv"), InputError);
  dir.set("empty.csv", "");
  try {
    CsvFile::open(dir.path() / "empty.csv", "empty.csv");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "empty.csv");
    EXPECT_EQ(error.line(), 1u);  // the header row is line 1, and it is missing
  }
  dir.set("twice.csv", "a,b,a\n");  // the bundle loader decides which names may repeat
  EXPECT_EQ(CsvFile::open(dir.path() / "twice.csv", "twice.csv").column_count("a"), 2u);
}

TEST(CsvReader, EmptyLinesBeforeTheHeaderAreSkipped) {
  auto parsed = parse_all("\n\r\na,b\n1,2\n");
  ASSERT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.lines, (std::vector<std::uint64_t>{4}));
}

TEST(Utf8, AcceptsValidAndRejectsOverlongSurrogatesAndTruncated) {
  EXPECT_FALSE(find_invalid_utf8("plain ascii text that is long enough").has_value());
  EXPECT_FALSE(find_invalid_utf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80").has_value());
  EXPECT_EQ(find_invalid_utf8("ab\xC0\x80"), 2u);          // overlong NUL
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);        // surrogate
  EXPECT_EQ(find_invalid_utf8("abc\xE2\x82"), 3u);         // truncated
  EXPECT_EQ(find_invalid_utf8("\xFF"), 0u);
}

}  // namespace
}  // namespace accessgraph::loaders
