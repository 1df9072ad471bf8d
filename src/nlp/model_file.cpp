#include "kg/nlp/model_file.hpp"

#include <fstream>
#include <iterator>

#include "kg/error.hpp"

namespace kg {
namespace {

constexpr char kMagic[8] = {'K', 'G', 'M', 'O', 'D', 'E', 'L', '\0'};

void append(std::vector<std::uint8_t>& out, const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    out.insert(out.end(), p, p + n);
}

}  // namespace

std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes) {
    // Four interleaved lanes keep the checksum of a 50 MB model well under the
    // load-time budget; a single FNV chain is latency-bound.
    std::uint64_t lane[4] = {0xcbf29ce484222325ull, 0x84222325cbf29ce4ull, 0x9ce484222325cbf2ull,
                             0x2325cbf29ce48422ull};
    constexpr std::uint64_t kPrime = 0x100000001b3ull;
    std::size_t i = 0;
    const std::size_t n = bytes.size();
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; ++k) lane[k] = (lane[k] ^ bytes[i + k]) * kPrime;
    for (; i < n; ++i) lane[0] = (lane[0] ^ bytes[i]) * kPrime;
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (std::uint64_t v : lane) h = (h ^ v) * kPrime;
    return h ^ n;
}

void ModelWriter::put_string(std::string_view s) {
    put_u32(static_cast<std::uint32_t>(s.size()));
    put_raw(s.data(), s.size());
}

void ModelWriter::put_raw(const void* data, std::size_t n) {
    append(bytes_, data, n);
}

void ModelWriter::save(const std::filesystem::path& path, std::string_view kind,
                       std::string_view header) const {
    std::vector<std::uint8_t> out;
    out.reserve(bytes_.size() + header.size() + 64);
    append(out, kMagic, sizeof kMagic);
    const std::uint32_t version = kModelFormatVersion;
    append(out, &version, sizeof version);
    const auto kind_len = static_cast<std::uint32_t>(kind.size());
    append(out, &kind_len, sizeof kind_len);
    append(out, kind.data(), kind.size());
    const auto header_len = static_cast<std::uint32_t>(header.size());
    append(out, &header_len, sizeof header_len);
    append(out, header.data(), header.size());
    const std::uint64_t payload_len = bytes_.size();
    append(out, &payload_len, sizeof payload_len);
    out.insert(out.end(), bytes_.begin(), bytes_.end());
    const std::uint64_t sum = fnv1a64(out);
    append(out, &sum, sizeof sum);

    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw Error(path.string() + ": cannot open model file for writing");
    f.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
    if (!f) throw Error(path.string() + ": cannot write model file");
}

ModelReader::ModelReader(const std::filesystem::path& path, std::string_view expected_kind)
    : name_(path.string()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) fail("no such model file");
    const auto size = static_cast<std::size_t>(std::filesystem::file_size(path, ec));
    if (ec) fail("cannot read model file size");
    std::ifstream f(path, std::ios::binary);
    if (!f) fail("cannot open model file");
    data_.resize(size);
    f.read(reinterpret_cast<char*>(data_.data()), static_cast<std::streamsize>(size));
    if (!f) fail("cannot read model file");

    if (size < sizeof kMagic + 4 + 4 + 4 + 8 + 8 ||
        std::memcmp(data_.data(), kMagic, sizeof kMagic) != 0)
        fail("not a kg model file (bad magic)");
    std::uint64_t stored = 0;
    std::memcpy(&stored, data_.data() + size - 8, 8);
    if (fnv1a64(std::span(data_.data(), size - 8)) != stored)
        fail("checksum mismatch (corrupt or truncated model file)");

    end_ = size - 8;
    pos_ = sizeof kMagic;
    const std::uint32_t version = get_u32();
    if (version != kModelFormatVersion)
        fail("model format version " + std::to_string(version) + ", this kg reads version " +
             std::to_string(kModelFormatVersion) + " (retrain with tools/train-models)");
    const std::string kind = get_string();
    if (kind != expected_kind)
        fail("is a '" + kind + "' model, expected '" + std::string(expected_kind) + "'");
    header_ = get_string();
    const std::uint64_t payload_len = get_u64();
    if (payload_len != end_ - pos_) fail("payload length does not match the file size");
}

void ModelReader::get_raw(void* out, std::size_t n) {
    if (n > end_ - pos_) fail("payload ends early (corrupt model file)");
    std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
}

std::uint8_t ModelReader::get_u8() {
    std::uint8_t v;
    get_raw(&v, sizeof v);
    return v;
}
std::uint16_t ModelReader::get_u16() {
    std::uint16_t v;
    get_raw(&v, sizeof v);
    return v;
}
std::uint32_t ModelReader::get_u32() {
    std::uint32_t v;
    get_raw(&v, sizeof v);
    return v;
}
std::uint64_t ModelReader::get_u64() {
    std::uint64_t v;
    get_raw(&v, sizeof v);
    return v;
}
float ModelReader::get_f32() {
    float v;
    get_raw(&v, sizeof v);
    return v;
}

std::string ModelReader::get_string() {
    const std::uint32_t n = get_u32();
    if (n > end_ - pos_) fail("string runs past the payload (corrupt model file)");
    std::string s(reinterpret_cast<const char*>(data_.data() + pos_), n);
    pos_ += n;
    return s;
}

void ModelReader::expect_end() const {
    if (pos_ != end_) fail("unexpected trailing data in payload (model/code mismatch)");
}

void ModelReader::fail(std::string_view what) const {
    throw Error(name_ + ": " + std::string(what));
}

}  // namespace kg
