#include "kg/source/fetch.hpp"

#include <curl/curl.h>

#include <memory>

#include "kg/error.hpp"
#include "kg/strings.hpp"

namespace kg {
namespace {

// libcurl wants curl_global_init before any handle exists and once per
// process; a function-local static does that on first use, thread-safely.
struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
};

void ensure_curl_global() {
    static const CurlGlobal global;
}

struct EasyCleanup {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using Easy = std::unique_ptr<CURL, EasyCleanup>;

struct Sink {
    std::string* body;
    std::size_t max_bytes;
    bool too_big = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body->size() + n > sink->max_bytes) {
        sink->too_big = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    sink->body->append(data, n);
    return n;
}

std::string size_text(std::size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MB";
    if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KB";
    return std::to_string(bytes) + " bytes";
}

// "text/html; charset=ISO-8859-1" -> type "text/html", charset "iso-8859-1".
void split_content_type(std::string_view header, FetchedPage& page) {
    const std::string lower = to_lower_ascii(header);
    std::string_view v(lower);
    const std::size_t semi = v.find(';');
    page.content_type = std::string(trim(v.substr(0, semi)));
    if (semi == std::string_view::npos) return;
    const std::size_t at = v.find("charset=", semi);
    if (at == std::string_view::npos) return;
    std::string_view cs = v.substr(at + 8);
    cs = cs.substr(0, cs.find(';'));
    cs = trim(cs);
    if (cs.size() >= 2 && cs.front() == '"' && cs.back() == '"') cs = cs.substr(1, cs.size() - 2);
    page.charset = std::string(cs);
}

}  // namespace

bool is_web_url(std::string_view input) {
    return istarts_with(input, "http://") || istarts_with(input, "https://");
}

bool looks_like_url(std::string_view input) {
    const std::size_t colon = input.find("://");
    if (colon == std::string_view::npos || colon == 0) return false;
    for (char c : input.substr(0, colon))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.'))
            return false;
    return true;
}

FetchedPage fetch(const std::string& url, const FetchOptions& options) {
    if (!is_web_url(url)) throw Error(url + ": only http:// and https:// URLs can be fetched");
    ensure_curl_global();
    Easy easy(curl_easy_init());
    if (!easy) throw Error(url + ": cannot start libcurl");
    CURL* c = easy.get();
    FetchedPage page;
    Sink sink{&page.body, options.max_bytes};
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, options.timeout_seconds);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);         // time-outs without signals: threads fetch
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kg/" KG_VERSION " (knowledge-graph builder)");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (options.max_bytes > 0)
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));

    const CURLcode rc = curl_easy_perform(c);
    if (sink.too_big || rc == CURLE_FILESIZE_EXCEEDED)
        throw Error(url + ": larger than " + size_text(options.max_bytes) + ", not fetched");
    if (rc == CURLE_OPERATION_TIMEDOUT)
        throw Error(url + ": no complete answer within " + std::to_string(options.timeout_seconds) +
                    " s");
    if (rc == CURLE_TOO_MANY_REDIRECTS) throw Error(url + ": too many redirects");
    if (rc != CURLE_OK)
        throw Error(url + ": cannot fetch: " + (error[0] ? error : curl_easy_strerror(rc)));

    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 400) throw Error(url + ": HTTP status " + std::to_string(status));
    char* effective = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
        page.url = effective;
    else
        page.url = url;
    char* type = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
        split_content_type(type, page);
    return page;
}

}  // namespace kg
