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
#include <variant>
#include <vector>

#include "kg/error.hpp"
#include "kg/source/document.hpp"
#include "kg/source/feed.hpp"
#include "kg/source/fetch.hpp"

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
// directories) and anything that is not a regular file; "-" (stdin), http(s)
// URLs and other non-directories stay as given. A path that does not exist
// adds "no such file or directory: PATH" to `errors` (a URL of another
// scheme, that it cannot be fetched) and the rest still go on.
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

// A news feed read where an article was expected: the articles it lists.
struct FeedSource {
    std::string uri;
    std::vector<FeedItem> items;
};

// Reads the file at `path` ("-" = stdin) or fetches the http(s) URL (the
// server's content type and charset, else the page's <meta charset>, are
// used; ISO-8859-1 and Windows-1252 become UTF-8) and builds its Document, or its FeedSource when
// it is an RSS or Atom feed. Throws kg::Error ("PATH: No such file or directory", or fetch's
// errors) when it cannot be read, and BinaryInput when it is not text. An empty file gives an empty
// Document.
std::variant<Document, FeedSource> read_source(
    const std::string& path, const std::vector<std::string>& leftover_patterns = {},
    const FetchOptions& fetch_options = {});

// read_source for commands that read articles one by one: a feed is an
// error that says kg ingest reads it.
Document read_document(const std::string& path,
                       const std::vector<std::string>& leftover_patterns = {},
                       const FetchOptions& fetch_options = {});

}  // namespace kg
