// Plain-text and Markdown articles to "one paragraph per line" text, the
// shape the HTML path and the leftovers cleaner produce and expect.
// Hard-wrapped files (short lines, blank lines between paragraphs) are
// unwrapped; files that already hold one paragraph per line are left as
// they are. Linear time; no regular expressions.
#pragma once

#include <string>
#include <string_view>

namespace kg {

// `text` must use '\n' line ends. Returns trimmed non-empty paragraphs, each
// ending in '\n'.
std::string text_paragraphs(std::string_view text);

// As text_paragraphs, after removing Markdown syntax: heading marks, list
// bullets, block quotes, emphasis, code fences (with their code), images,
// link targets (the link text stays), reference definitions and rules.
// Headings and list items always stay lines of their own.
std::string markdown_paragraphs(std::string_view markdown);

}  // namespace kg
