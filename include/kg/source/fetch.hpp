// Fetching articles over HTTP(S) with libcurl. Only http:// and https://
// URLs are fetched (redirects too), at most 5 redirects are followed, and a
// time limit and a size limit keep a slow or endless response from stalling
// an ingest. Every failure is a kg::Error of one line naming the URL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kg {

struct FetchOptions {
    long timeout_seconds = 60;          // whole transfer
    long connect_timeout_seconds = 15;  // connecting, resolving included
    std::size_t max_bytes = 32u << 20;  // after decompression; 0 = no limit
};

struct FetchedPage {
    std::string url;           // the URL that answered, after redirects
    std::string content_type;  // lower case, without parameters ("text/html"); may be empty
    std::string charset;       // lower case ("utf-8", "iso-8859-1"); empty when not given
    std::string body;
};

// True for an input that names an http:// or https:// URL (any case).
bool is_web_url(std::string_view input);

// True for an input that looks like a URL of any scheme ("ftp://x").
bool looks_like_url(std::string_view input);

// The form of an http(s) URL that kg fetches and names sources by: scheme
// and host in lower case, default port dropped, "." and ".." segments
// resolved, the #fragment dropped, spaces, quotes and non-ASCII bytes
// percent-encoded ("HTTP://Example.org:80/a/../b c#top" ->
// "http://example.org/b%20c"). Other inputs are returned unchanged.
std::string canonical_url(std::string_view url);

// `url` without "user:password@": how a source is named in provenance.
std::string url_without_credentials(std::string_view url);

// Fetches `url`. Throws kg::Error "URL: ..." for connection and TLS
// failures, time-outs, HTTP status 400 and above (and answers with nothing
// to read: 204, a redirect without a Location), and bodies over the limit.
// Safe to call from several threads at once.
FetchedPage fetch(const std::string& url, const FetchOptions& options = {});

}  // namespace kg
