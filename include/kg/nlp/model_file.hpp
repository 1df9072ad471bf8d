// The binary container every nlp model is stored in:
//   "KGMODEL\0"  magic (8 bytes)
//   u32          format version (kModelFormatVersion)
//   u32 + bytes  kind ("tagger", "parser", "lemmatizer")
//   u32 + bytes  header: UTF-8 "key: value" lines (feature configuration,
//                training data, licenses) so `head -c 2000 file` explains it
//   u64 + bytes  payload (model-specific, little-endian)
//   u64          FNV-1a 64 checksum of everything before it
// Readers check all of it and throw a one-line kg::Error naming the file.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

inline constexpr std::uint32_t kModelFormatVersion = 1;

// Accumulates a payload in memory; save() writes the whole file at once.
class ModelWriter {
  public:
    void put_u8(std::uint8_t v) { bytes_.push_back(v); }
    void put_u16(std::uint16_t v) { put_raw(&v, sizeof v); }
    void put_u32(std::uint32_t v) { put_raw(&v, sizeof v); }
    void put_u64(std::uint64_t v) { put_raw(&v, sizeof v); }
    void put_f32(float v) { put_raw(&v, sizeof v); }
    void put_string(std::string_view s);
    void put_raw(const void* data, std::size_t n);

    // Throws kg::Error when the file cannot be written.
    void save(const std::filesystem::path& path, std::string_view kind,
              std::string_view header) const;

  private:
    std::vector<std::uint8_t> bytes_;
};

// Reads and verifies a whole model file, then hands out the payload.
class ModelReader {
  public:
    // Throws kg::Error "<path>: ..." for a missing, truncated, corrupt or
    // wrong-kind/version file.
    ModelReader(const std::filesystem::path& path, std::string_view expected_kind);

    const std::string& header() const { return header_; }
    const std::string& name() const { return name_; }

    std::uint8_t get_u8();
    std::uint16_t get_u16();
    std::uint32_t get_u32();
    std::uint64_t get_u64();
    float get_f32();
    std::string get_string();
    void get_raw(void* out, std::size_t n);
    // Throws unless the whole payload was consumed (catches format drift).
    void expect_end() const;
    // The one-line error for a payload that does not make sense.
    [[noreturn]] void fail(std::string_view what) const;

  private:
    std::string name_;
    std::string header_;
    std::vector<std::uint8_t> data_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
};

std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes);

}  // namespace kg
