// A Document is one article as the rest of kg sees it: clean UTF-8 text plus
// what is known about where it came from. Every later stage reads Documents
// and never touches files, sockets or HTML itself.
#pragma once

#include <string>
#include <vector>

namespace kg {

struct Document {
    std::string uri;           // path, URL or "-" for stdin; shown to the user as the source name
    std::string title;         // first headline or <title>; may be empty
    std::string published;     // ISO 8601 date when known (YYYY-MM-DD), else empty
    std::string text;          // valid UTF-8, page leftovers removed, paragraphs separated by '\n'
    std::string content_hash;  // hex SHA-256 of the raw bytes read
    std::vector<std::string> warnings;  // e.g. "invalid UTF-8 repaired"; one line each
};

}  // namespace kg
