// Cleaning of scraped article text, so that what a web page leaves around a
// story (section markers, ads, share buttons, teasers of other stories)
// reaches no later stage and produces no facts. Works line by line on text
// with one paragraph per line, in linear time.
//
// Rules, in order, for each non-empty line:
//  - a line matching a "block" pattern ("Related Stories", "More from ...")
//    is dropped and opens a related block;
//  - a line matching a "drop" pattern ("Advertisement", "Top Tech Deals on
//    Amazon...") is dropped;
//  - a truncated line (ending in "..." or "…") is dropped;
//  - inside a related block, every line is dropped until one is clearly story
//    prose (at least 25 words, ending in . ! or ?), which closes the block.
// The first kept line is the article's headline and is never taken for a
// teaser: prefix patterns do not apply to it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

// Patterns, in the syntax of lexicons/leftovers.txt (see its header):
// "block: TEXT" or "drop: TEXT", TEXT matched against the whole line
// ignoring ASCII case, surrounding whitespace and a trailing ':'; a TEXT
// ending in '*' matches lines that start with the rest and are not story
// prose. Blank lines and '#' comments are allowed, so the lines of a lexicon
// file can be passed unchanged.
std::span<const std::string_view> default_leftover_patterns();

// The lines of lexicons/leftovers.txt (found through find_data_file), to pass
// as extra patterns; empty when the file is not installed, since the
// defaults above already cover the common leftovers.
std::vector<std::string> read_leftover_lexicon();

// Undoes escaping that scrapers leave in text: \' and \" become the quote,
// \uXXXX (and surrogate pairs of them) become the UTF-8 character. A doubled
// backslash is left as it is, and so is anything it escapes.
std::string unescape_text(std::string_view text);

// Unescapes `text` (see unescape_text), then removes page leftovers using the
// default patterns plus `extra_patterns`. Returns the kept lines, trimmed,
// each ending in '\n'; blank lines are removed.
std::string remove_page_leftovers(std::string_view text,
                                  const std::vector<std::string>& extra_patterns = {});

}  // namespace kg
