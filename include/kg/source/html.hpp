// HTML to article text. Parses with gumbo (the HTML5 algorithm, so broken
// markup is handled the way browsers handle it) and keeps only what a reader
// would see as the page's text: scripts, styles, navigation, footers, asides,
// forms and the like are dropped; every block element starts a new line;
// whitespace inside a line is collapsed; entities are decoded. The page's
// title and publication date are read from the head on the way.
#pragma once

#include <string>
#include <string_view>

namespace kg {

struct HtmlContent {
    std::string text;       // one paragraph per line, each ending in '\n'
    std::string title;      // <title>, else og:title, else the first <h1>; may be empty
    std::string published;  // YYYY-MM-DD from article:published_time, date metas or <time>
};

// `html` should be valid UTF-8 (see repair_utf8); the result is. Never
// throws on malformed markup. Documents too large, too deeply nested or with
// too many tags for gumbo to parse in reasonable time and memory (over
// 8 MiB, 200,000 tags or 1,000 levels) go through a linear tag-stripping
// pass instead, which drops the same elements and reads the title but not
// the date.
HtmlContent parse_html(std::string_view html);

}  // namespace kg
