#include "core/io/zstd_stream.hpp"

#include <sys/mman.h>
#include <tbb/global_control.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/common/error.hpp"
#include "core/io/input_file.hpp"

namespace accessgraph {
namespace {

void check(std::size_t code, const char* what) {
  if (ZSTD_isError(code)) throw Error(std::string("zstd ") + what + ": " + ZSTD_getErrorName(code));
}

}  // namespace

bool is_zstd_path(const std::filesystem::path& path) { return path.extension() == ".zst"; }

std::filesystem::path with_zst_suffix(const std::filesystem::path& path) {
  std::filesystem::path compressed = path;
  compressed += ".zst";
  return compressed;
}

std::optional<std::filesystem::path> plain_or_zstd_file(const std::filesystem::path& plain, const std::string& label) {
  std::error_code error;
  const std::filesystem::path compressed = with_zst_suffix(plain);
  const bool has_plain = std::filesystem::exists(std::filesystem::symlink_status(plain, error));
  const bool has_compressed = std::filesystem::exists(std::filesystem::symlink_status(compressed, error));
  if (has_plain && has_compressed)
    throw InputError(label, 0, "", "",
                     "both " + plain.filename().string() + " and " + compressed.filename().string() +
                         " are present: keep one");
  if (has_compressed) return compressed;
  if (has_plain) return plain;
  return std::nullopt;
}

struct ZstdCompressor::Stream {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  std::string out = std::string(ZSTD_CStreamOutSize(), '\0');
  Sink sink;
  ~Stream() { ZSTD_freeCCtx(context); }

  // Feeds `bytes` (all of them) and hands every compressed byte produced to the sink.
  void pump(std::string_view bytes, ZSTD_EndDirective mode) {
    ZSTD_inBuffer input{bytes.data(), bytes.size(), 0};
    for (;;) {
      ZSTD_outBuffer output{out.data(), out.size(), 0};
      const std::size_t remaining = ZSTD_compressStream2(context, &output, &input, mode);
      check(remaining, "compression failed");
      if (output.pos > 0) sink({out.data(), output.pos});
      const bool done = mode == ZSTD_e_continue ? input.pos == input.size : remaining == 0;
      if (done) return;
    }
  }
};

ZstdCompressor::ZstdCompressor(Sink sink, int level, unsigned workers) : stream_(std::make_unique<Stream>()) {
  if (!stream_->context) throw std::bad_alloc();
  stream_->sink = std::move(sink);
  check(ZSTD_CCtx_setParameter(stream_->context, ZSTD_c_compressionLevel, level), "level");
  check(ZSTD_CCtx_setParameter(stream_->context, ZSTD_c_checksumFlag, 1), "checksum");
  // A libzstd built without threads refuses nbWorkers > 0: it then compresses inline.
  if (workers > 0) ZSTD_CCtx_setParameter(stream_->context, ZSTD_c_nbWorkers, static_cast<int>(workers));
}

ZstdCompressor::~ZstdCompressor() = default;

void ZstdCompressor::write(std::string_view bytes) {
  if (!bytes.empty()) stream_->pump(bytes, ZSTD_e_continue);
}

void ZstdCompressor::finish() { stream_->pump({}, ZSTD_e_end); }

unsigned ZstdCompressor::default_workers() {
  return static_cast<unsigned>(
      std::max<std::size_t>(1, tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism)));
}

std::string read_zstd_file(const InputFile& file) {
  auto corrupt = [&](const std::string& why) { return InputError(file.label(), 0, "", "", "not a valid zstd file: " + why); };
  const std::size_t size = static_cast<std::size_t>(file.size());
  if (size == 0) throw corrupt("empty");
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, file.descriptor(), 0);
  if (mapped == MAP_FAILED) throw InputError(file.label(), 0, "", "", std::string("cannot map: ") + std::strerror(errno));
  struct Unmap {
    void* at;
    std::size_t size;
    ~Unmap() { ::munmap(at, size); }
  } unmap{mapped, size};
  ::madvise(mapped, size, MADV_SEQUENTIAL);

  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  if (!context) throw std::bad_alloc();
  // A streamed frame does not record its size: grow from a guess (CSV compresses ~10x).
  const unsigned long long declared = ZSTD_getFrameContentSize(mapped, size);
  std::string text;
  text.resize(declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR
                  ? static_cast<std::size_t>(declared) + 1
                  : std::max<std::size_t>(size * 8, 1 << 16));
  ZSTD_inBuffer input{mapped, size, 0};
  std::size_t filled = 0, pending = 0;
  while (input.pos < input.size) {
    if (filled == text.size()) text.resize(text.size() * 2);
    ZSTD_outBuffer output{text.data() + filled, text.size() - filled, 0};
    pending = ZSTD_decompressStream(context.get(), &output, &input);
    if (ZSTD_isError(pending)) throw corrupt(ZSTD_getErrorName(pending));
    filled += output.pos;
  }
  // The input is used up but the decoder may still hold bytes of the last block.
  while (pending != 0) {
    if (filled == text.size()) text.resize(text.size() * 2);
    ZSTD_outBuffer output{text.data() + filled, text.size() - filled, 0};
    pending = ZSTD_decompressStream(context.get(), &output, &input);
    if (ZSTD_isError(pending)) throw corrupt(ZSTD_getErrorName(pending));
    if (output.pos == 0 && pending != 0) throw corrupt("cut short (the last frame is incomplete)");
    filled += output.pos;
  }
  text.resize(filled);
  return text;
}

}  // namespace accessgraph
