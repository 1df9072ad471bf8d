// News feeds (RSS 2.0, RSS 1.0/RDF and Atom): the articles a feed lists.
// kg ingest reads a feed by fetching each article it links to; the feed's own
// summaries are not ingested (they are usually a sentence or two of the
// article, which would then be stated twice).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct FeedItem {
    std::string link;       // the article's URL (absolute)
    std::string title;      // may be empty
    std::string published;  // as the feed writes it (RFC 822 or ISO 8601); may be empty
};

// True when `bytes` is an XML document whose root element is rss, rdf:RDF
// or feed.
bool looks_like_feed(std::string_view bytes);

// The items of a feed in feed order. A link relative to the feed
// ("/news/1.html") is resolved against `feed_url`; items without a link,
// with a link of another scheme (mailto:, file:), or with a relative one
// when `feed_url` is not an http(s) URL (a feed file), are skipped. Throws
// kg::Error when `bytes` is not a feed.
std::vector<FeedItem> parse_feed(std::string_view bytes, std::string_view feed_url = {});

}  // namespace kg
