// The RFC 2849 reader: content records in, change records and broken lines refused with
// the file, line and column.
#include "importers/ldif_reader.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/common/error.hpp"
#include "tests/importers/temp_source.hpp"

namespace accessgraph::importers {
namespace {

struct ReadRecord {
  std::string dn;
  std::uint64_t line;
  std::vector<std::pair<std::string, std::string>> attributes;  // type, value (";options" appended)
  std::vector<bool> urls;
};

std::vector<ReadRecord> parse(const std::string& text, std::uint64_t first_line = 1) {
  std::vector<ReadRecord> records;
  BatchArena arena;
  std::string label = "test.ldif";
  LdifParser().parse(text, first_line, true, label, arena, [&](const LdifRecord& record) {
    ReadRecord& out = records.emplace_back();
    out.dn = record.dn;
    out.line = record.line;
    for (const LdifAttribute& attribute : record.attributes) {
      std::string type(attribute.type);
      if (!attribute.options.empty()) type += ";" + std::string(attribute.options);
      out.attributes.emplace_back(type, std::string(attribute.value));
      out.urls.push_back(attribute.url);
    }
  });
  return records;
}

// The InputError that parsing throws.
InputError refusal(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& error) {
    return error;
  }
  return InputError("", 0, "", "", "no error");
}

TEST(LdifReader, ReadsFoldedBase64AndCommentedRecords) {
  auto records = parse(
      "version: 1\n"
      "# a comment\n"
      "dn: cn=Alice,dc=acme\n"
      "cn: Alice\n"
      "description: folded over\n"
      "  two lines\n"
      "# a comment that is\n"
      " folded too\n"
      "sn:: TcO8bGxlcg==\n"
      "member;range=0-1: cn=Bob,dc=acme\n"
      "\n"
      "\n"
      "dn:: Y249Qm9iLGRjPWFjbWU=\n"
      "changetype: add\n"
      "cn: Bob\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].dn, "cn=Alice,dc=acme");
  EXPECT_EQ(records[0].line, 3u);
  std::vector<std::pair<std::string, std::string>> expected = {{"cn", "Alice"},
                                                               {"description", "folded over two lines"},
                                                               {"sn", "M\xC3\xBCller"},
                                                               {"member;range=0-1", "cn=Bob,dc=acme"}};
  EXPECT_EQ(records[0].attributes, expected);
  EXPECT_EQ(records[1].dn, "cn=Bob,dc=acme");  // base64 dn; "changetype: add" is content
  EXPECT_EQ(records[1].line, 13u);
  EXPECT_EQ(records[1].attributes, (std::vector<std::pair<std::string, std::string>>{{"cn", "Bob"}}));
}

TEST(LdifReader, CrLfLineEndsAndALastLineWithoutOne) {
  auto records = parse("dn: cn=A,dc=x\r\ncn: A\r\n\r\ndn: cn=B,dc=x\r\ncn: B");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].attributes[0].second, "A");
  EXPECT_EQ(records[1].attributes[0].second, "B");
}

TEST(LdifReader, UrlValuesAreFlaggedNotRead) {
  auto records = parse("dn: cn=A,dc=x\njpegPhoto:< file:///photos/a.jpg\n");
  ASSERT_EQ(records[0].urls.size(), 1u);
  EXPECT_TRUE(records[0].urls[0]);
  EXPECT_EQ(records[0].attributes[0].second, "file:///photos/a.jpg");
}

TEST(LdifReader, ChangeRecordsAreRefusedWithTheirLine) {
  InputError modify = refusal("dn: cn=A,dc=x\ncn: A\n\ndn: cn=B,dc=x\nchangetype: modify\nreplace: cn\ncn: C\n-\n");
  EXPECT_EQ(modify.file(), "test.ldif");
  EXPECT_EQ(modify.line(), 5u);
  EXPECT_NE(modify.reason().find("changetype: modify"), std::string::npos) << modify.what();
  EXPECT_NE(modify.reason().find("column 13"), std::string::npos) << modify.what();
  EXPECT_EQ(modify.value(), "changetype: modify");

  InputError dash = refusal("dn: cn=A,dc=x\ncn: A\n-\ncn: B\n");
  EXPECT_EQ(dash.line(), 3u);
  EXPECT_NE(dash.reason().find("\"-\" line"), std::string::npos);
  EXPECT_EQ(dash.value(), "-");
}

TEST(LdifReader, BrokenLinesAreRefusedWithLineColumnAndValue) {
  InputError no_colon = refusal("dn: cn=A,dc=x\ncn: A\nthis line has no colon\n");
  EXPECT_EQ(no_colon.line(), 3u);
  EXPECT_EQ(no_colon.value(), "this line has no colon");
  EXPECT_NE(no_colon.reason().find("(column 1)"), std::string::npos);

  InputError bad_type = refusal("dn: cn=A,dc=x\nc n: A\n");
  EXPECT_EQ(bad_type.line(), 2u);
  EXPECT_NE(bad_type.reason().find("(column 2)"), std::string::npos) << bad_type.what();
  EXPECT_EQ(bad_type.value(), "c n: A");

  InputError base64 = refusal("dn: cn=A,dc=x\nsn:: not*base64\n");
  EXPECT_EQ(base64.line(), 2u);
  EXPECT_NE(base64.reason().find("invalid base64 value (column 6)"), std::string::npos) << base64.what();
  EXPECT_EQ(base64.value(), "not*base64");

  InputError no_dn = refusal("cn: A\n");
  EXPECT_EQ(no_dn.line(), 1u);
  EXPECT_NE(no_dn.reason().find("dn:"), std::string::npos);
  EXPECT_NE(no_dn.reason().find("(column 1)"), std::string::npos);
  EXPECT_EQ(no_dn.value(), "cn: A");
  EXPECT_EQ(no_dn.file(), "test.ldif");
}

TEST(LdifReader, LineNumbersCountFromTheChunkStart) {
  try {
    std::vector<ReadRecord> unused = parse("dn: cn=A,dc=x\nbroken\n", 101);
    FAIL();
  } catch (const InputError& refused) {
    EXPECT_EQ(refused.line(), 102u);
  }
}

TEST(LdifChunker, ChunksEndOnRecordBoundariesAndCoverTheFile) {
  std::string text = "version: 1\n\n";
  for (int i = 0; i < 500; ++i)
    text += "dn: cn=User " + std::to_string(i) + ",dc=acme\ncn: User " + std::to_string(i) +
            "\ndescription: a value\n" + " folded\n\n";
  testing::TempSource source("big.ldif", text);
  LdifChunker chunker(source.file());
  ChunkBuffer chunk;
  std::string joined;
  std::vector<std::uint64_t> first_lines;
  std::size_t records = 0;
  for (;;) {
    std::uint64_t first_line = chunker.next_line();
    if (!chunker.next(chunk, 1000)) break;
    std::string_view text = chunk.view();
    EXPECT_TRUE(text.size() >= 2 && text.substr(text.size() - 2) == "\n\n") << "a chunk ends inside a record";
    first_lines.push_back(first_line);
    BatchArena arena;
    std::string label = "big.ldif";
    LdifParser().parse(text, first_line, joined.empty(), label, arena, [&](const LdifRecord& record) {
      ++records;
      // Line numbers stay those of the whole file: record i starts on line 3 + 5i.
      EXPECT_EQ(record.line, 3 + 5 * std::stoul(std::string(record.dn.substr(8))));
    });
    joined += text;
  }
  EXPECT_EQ(joined, text);
  EXPECT_GT(first_lines.size(), 10u);
  EXPECT_EQ(records, 500u);
}

TEST(Base64, DecodesWithAndWithoutPadding) {
  std::string out;
  EXPECT_TRUE(decode_base64("TcO8bGxlcg==", out));
  EXPECT_EQ(out, "M\xC3\xBCller");
  out.clear();
  EXPECT_TRUE(decode_base64("TcO8bGxlcg", out));
  EXPECT_EQ(out, "M\xC3\xBCller");
  out.clear();
  EXPECT_FALSE(decode_base64("ab=c", out));
  EXPECT_FALSE(decode_base64("a b", out));
}

}  // namespace
}  // namespace accessgraph::importers
