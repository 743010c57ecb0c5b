// OutputFile: every byte lands in order whatever the piece sizes, through O_DIRECT or
// the page cache; a file appears only on commit; a failed write names the file.
#include "core/io/output_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <csignal>
#include <random>

#include "core/common/error.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::TestWithParam<OutputFile::Caching> {
 protected:
  OutputFileTest() {
    char pattern[] = "/tmp/accessgraph-output-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  ~OutputFileTest() override { fs::remove_all(dir_); }

  // Bytes that tell their own position: a shifted or dropped piece changes them.
  static std::string pattern_bytes(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    return bytes;
  }

  // Writes `content` in random pieces of up to `max_piece` bytes.
  fs::path write_in_pieces(const std::string& content, std::size_t max_piece, unsigned seed) {
    const fs::path path = dir_ / "out.csv";
    fs::remove(path);
    OutputFile file(path, OutputFile::Durability::kNoFsync, GetParam());
    std::mt19937 random(seed);
    for (std::size_t at = 0; at < content.size();) {
      const std::size_t n = std::min(content.size() - at, std::size_t{1} + random() % max_piece);
      file.write(std::string_view(content).substr(at, n));
      at += n;
    }
    if (GetParam() == OutputFile::Caching::kPageCache) {
      EXPECT_FALSE(file.bypasses_page_cache());
    }
    EXPECT_FALSE(fs::exists(path)) << "visible before commit";
    file.commit();
    return path;
  }

  fs::path dir_;
};

TEST_P(OutputFileTest, EveryByteInOrderWhateverThePieceSizes) {
  constexpr std::size_t kBlock = std::size_t{8} << 20;  // the writer's block size
  const std::size_t sizes[] = {0, 1, 4095, 4096, 4097, kBlock - 1, kBlock, kBlock + 1, 3 * kBlock + 12345};
  unsigned seed = 1;
  for (std::size_t size : sizes) {
    const std::string content = pattern_bytes(size);
    for (std::size_t max_piece : {std::size_t{100}, std::size_t{3} << 20}) {
      const fs::path path = write_in_pieces(content, max_piece, seed++);
      ASSERT_EQ(fs::file_size(path), size) << "size " << size << ", pieces up to " << max_piece;
      ASSERT_TRUE(testing::read_file(path) == content) << "size " << size << ", pieces up to " << max_piece;
    }
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1) << "a temporary file was left";
}

TEST_P(OutputFileTest, NothingAppearsWithoutCommit) {
  {
    OutputFile file(dir_ / "out.csv", OutputFile::Durability::kNoFsync, GetParam());
    file.write(pattern_bytes(20 << 20));
  }
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_P(OutputFileTest, FailedWriteNamesTheFileAndLeavesNothing) {
  // A file size limit makes write() fail with EFBIG after 1 MiB.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
  rlimit limited = before;
  limited.rlim_cur = 1 << 20;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  std::string message;
  try {
    OutputFile file(dir_ / "out.csv", OutputFile::Durability::kFsync, GetParam());
    const std::string piece = pattern_bytes(1 << 20);
    for (int i = 0; i < 40; ++i) file.write(piece);
    file.commit();
  } catch (const Error& error) {
    message = error.what();
  }
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &before), 0);
  EXPECT_NE(message.find("cannot write"), std::string::npos) << message;
  EXPECT_NE(message.find(".out.csv.tmp"), std::string::npos) << message;
  EXPECT_TRUE(fs::is_empty(dir_));
}

INSTANTIATE_TEST_SUITE_P(Caching, OutputFileTest,
                         ::testing::Values(OutputFile::Caching::kBypass, OutputFile::Caching::kPageCache),
                         [](const auto& info) {
                           return info.param == OutputFile::Caching::kBypass ? "Bypass" : "PageCache";
                         });

TEST(OutputFile, BypassesThePageCacheWhereTheFileSystemAllows) {
  // Either way the bytes must be right; on ext4, which takes O_DIRECT, the blocks
  // must have gone around the cache.
  char pattern[] = "/tmp/accessgraph-output-XXXXXX";
  const fs::path dir = ::mkdtemp(pattern);
  struct statfs file_system {};
  ASSERT_EQ(::statfs(dir.c_str(), &file_system), 0);
  constexpr long kExt4Magic = 0xEF53;
  OutputFile file(dir / "big.csv", OutputFile::Durability::kNoFsync);
  const std::string block(std::size_t{9} << 20, 'x');
  file.write(block);
  const bool direct = file.bypasses_page_cache();
  file.commit();
  EXPECT_EQ(fs::file_size(dir / "big.csv"), block.size());
  fs::remove_all(dir);
  if (file_system.f_type != kExt4Magic) GTEST_SKIP() << "/tmp is not ext4; O_DIRECT may be refused there";
  EXPECT_TRUE(direct);
}

}  // namespace
}  // namespace accessgraph
