// Reading articles. expand_inputs turns the paths a user typed into the list
// of inputs to read (directories expanded, deterministic order); read_document
// and document_from_bytes turn one input into a Document: valid UTF-8, '\n'
// line ends, one paragraph per line, page leftovers removed, with title,
// date and content hash filled in when they can be found.
//
// Pipeline: raw bytes -> binary check -> BOM, UTF-8 repair, newlines ->
// HTML/Markdown/text to paragraphs -> date line -> unescape and page
// leftovers (see leftovers.hpp) -> title.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kg/error.hpp"
#include "kg/source/document.hpp"

namespace kg {

enum class Format { Auto, Text, Html, Markdown };

// Thrown instead of kg::Error when the input is not text at all (NUL bytes,
// or mostly control bytes, in its first 8 KiB), so callers can warn and skip
// it rather than fail.
class BinaryInput : public Error {
  public:
    using Error::Error;
};

// Expands `paths` into inputs: a directory becomes every regular file below
// it, sorted, skipping names starting with '.' (hidden files and whole hidden
// directories) and anything that is not a regular file; "-" (stdin) and other
// non-directories stay as given. A path that does not exist adds
// "no such file or directory: PATH" to `errors` and the rest still go on.
std::vector<std::string> expand_inputs(const std::vector<std::string>& paths,
                                       std::vector<std::string>& errors);

// True when `bytes` does not look like text (see BinaryInput).
bool looks_binary(std::string_view bytes);

// The format of an input named `name` (a path or URL): .html/.htm/.xhtml are
// HTML, .md/.markdown Markdown; anything else is HTML when `bytes` start
// with "<!DOCTYPE html" or "<html" (after blanks), else text. Never Auto.
Format detect_format(std::string_view name, std::string_view bytes);

// Builds the Document for `bytes` read from `uri` ("-" for stdin, a path or a
// URL). `leftover_patterns` extends the built-in page-leftover patterns (lines
// of a lexicon file, see leftovers.hpp). Throws BinaryInput for binary data.
Document document_from_bytes(std::string uri, std::string_view bytes, Format format = Format::Auto,
                             const std::vector<std::string>& leftover_patterns = {});

// Reads the file at `path` ("-" = stdin) and builds its Document. Throws
// kg::Error ("PATH: No such file or directory") when it cannot be read, and
// BinaryInput when it is not text. An empty file gives an empty Document.
Document read_document(const std::string& path,
                       const std::vector<std::string>& leftover_patterns = {});

}  // namespace kg
