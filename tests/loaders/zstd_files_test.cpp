// zstd files in and out (core/io/zstd_stream.hpp): an OutputFile named "*.zst" holds
// exactly the bytes written, as `zstd -d` and the loaders read them; a bundle file
// stored as "x.csv.zst" is read as x.csv; both at once, or a corrupt .zst, are refused
// naming the file.
#include <gtest/gtest.h>

#include "core/common/error.hpp"
#include "core/io/input_file.hpp"
#include "core/io/output_file.hpp"
#include "core/io/zstd_stream.hpp"
#include "loaders/csv_reader.hpp"
#include "tests/support/run_command.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;
using testing::shell_quote;

// CSV rows that tell their own position, long enough to span several zstd
// compression jobs (about 6 MB).
std::string many_rows() {
  std::string text = "id,name\n";
  for (int i = 0; i < 150'000; ++i) text += "row" + std::to_string(i) + ",\"name, with \"\"quotes\"\" " + std::to_string(i * 7) + "\"\n";
  return text;
}

fs::path write_compressed(const fs::path& path, const std::string& text, std::size_t piece) {
  OutputFile file(path, OutputFile::Durability::kNoFsync);
  for (std::size_t at = 0; at < text.size(); at += piece) file.write(std::string_view(text).substr(at, piece));
  file.commit();
  return path;
}

TEST(ZstdFiles, AnOutputFileNamedZstIsWhatZstdDecompresses) {
  testing::TempBundle dir;
  const std::string text = many_rows();
  const fs::path path = write_compressed(dir.path() / "rows.csv.zst", text, 100'003);
  EXPECT_LT(fs::file_size(path), text.size() / 4);
  const auto decompressed = run_command("zstd -dc " + shell_quote(path.string()));
  ASSERT_EQ(decompressed.exit_code, 0) << decompressed.err;
  EXPECT_TRUE(decompressed.out == text);
  EXPECT_TRUE(read_zstd_file(InputFile::open(path, "rows.csv.zst")) == text);
}

TEST(ZstdFiles, TheLoaderReadsAZstdBundleFileAsItsCsv) {
  testing::TempBundle dir;
  write_compressed(dir.path() / "rows.csv.zst", "id,name\na,\"x\ny\"\nb,c\n", 5);
  const loaders::CsvFile file = loaders::CsvFile::open(dir.path() / "rows.csv", "rows.csv");
  EXPECT_EQ(file.label(), "rows.csv.zst");
  std::vector<std::vector<std::string>> rows;
  for (const loaders::CsvChunk& chunk : file.split(1))
    file.parse(
        chunk, [&](const loaders::CsvRecord& record) { rows.emplace_back(record.fields.begin(), record.fields.end()); },
        [](const loaders::CsvSyntaxError& error) { FAIL() << error.reason; });
  const std::vector<std::vector<std::string>> expected = {{"a", "x\ny"}, {"b", "c"}};
  EXPECT_EQ(rows, expected);
}

TEST(ZstdFiles, BothThePlainAndTheZstdFileAreRefused) {
  testing::TempBundle dir;
  dir.set("rows.csv", "id\n");
  write_compressed(dir.path() / "rows.csv.zst", "id\n", 3);
  try {
    loaders::CsvFile::open(dir.path() / "rows.csv", "rows.csv");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("both rows.csv and rows.csv.zst"), std::string::npos) << error.what();
  }
}

TEST(ZstdFiles, ACorruptOrCutShortZstdFileIsRefusedNamingIt) {
  testing::TempBundle dir;
  const std::string compressed = read_file(write_compressed(dir.path() / "good.csv.zst", many_rows(), 1 << 20));
  dir.set("cut.csv.zst", compressed.substr(0, compressed.size() / 2));
  std::string flipped = compressed;
  flipped[flipped.size() / 2] ^= 0x5a;
  dir.set("flipped.csv.zst", flipped);
  dir.set("text.csv.zst", "id,name\na,b\n");
  for (const std::string name : {"cut.csv", "flipped.csv", "text.csv"}) {
    try {
      loaders::CsvFile::open(dir.path() / name, name);
      FAIL() << name << ": expected an InputError";
    } catch (const InputError& error) {
      EXPECT_EQ(error.file(), name + ".zst");
      EXPECT_NE(std::string(error.what()).find("not a valid zstd file"), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace accessgraph
