#include "kg/source/fetch.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

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
    if (sink->max_bytes > 0 && sink->body->size() + n > sink->max_bytes) {
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
    page.charset = std::string(declared_value(v.substr(semi), "charset"));
}

bool must_escape(unsigned char c) {
    return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
           c == '`' || c == '{' || c == '|' || c == '}';
}

// RFC 3986's remove_dot_segments for an absolute path.
std::string remove_dot_segments(std::string_view path) {
    std::vector<std::string_view> kept;
    std::size_t i = path.starts_with('/') ? 1 : 0;
    const bool trailing = path.ends_with("/.") || path.ends_with("/..") || path.ends_with("/");
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        const std::string_view seg = path.substr(i, j - i);
        if (seg == "..") {
            if (!kept.empty()) kept.pop_back();
        } else if (seg != ".") {
            kept.push_back(seg);  // empty segments ("a//b") are part of the URL
        }
        i = j + 1;
    }
    std::string out;
    for (std::string_view seg : kept) out += "/" + std::string(seg);
    if (out.empty() || (trailing && !out.ends_with('/'))) out += "/";
    return out;
}

}  // namespace

std::string canonical_url(std::string_view url) {
    if (!is_web_url(url)) return std::string(url);
    const std::size_t colon = url.find("://");
    std::string out = to_lower_ascii(url.substr(0, colon)) + "://";
    std::string_view rest = url.substr(colon + 3);
    rest = rest.substr(0, rest.find('#'));
    const std::size_t auth_end = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, auth_end);
    std::string_view tail = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        out += std::string(authority.substr(0, at + 1));
        authority = authority.substr(at + 1);
    }
    std::string host = to_lower_ascii(authority);
    if ((out.starts_with("http://") && host.ends_with(":80")) ||
        (out.starts_with("https://") && host.ends_with(":443")))
        host.resize(host.rfind(':'));
    out += host;
    const std::size_t q = tail.find('?');
    std::string path = remove_dot_segments(tail.substr(0, q));
    if (q != std::string_view::npos) path += std::string(tail.substr(q));
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (must_escape(c)) {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}

std::string url_without_credentials(std::string_view url) {
    const std::size_t colon = url.find("://");
    if (colon == std::string_view::npos) return std::string(url);
    const std::size_t start = colon + 3;
    const std::size_t auth_end = url.find_first_of("/?#", start);
    const std::size_t at = url.substr(0, auth_end).rfind('@');
    if (at == std::string_view::npos || at < start) return std::string(url);
    return std::string(url.substr(0, start)) + std::string(url.substr(at + 1));
}

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
    // Messages name the URL without credentials, as provenance does.
    const std::string name = url_without_credentials(url);
    if (!is_web_url(url)) throw Error(name + ": only http:// and https:// URLs can be fetched");
    ensure_curl_global();
    Easy easy(curl_easy_init());
    if (!easy) throw Error(name + ": cannot start libcurl");
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
    // A proxy from the environment is used, but never for this machine itself.
    std::string no_proxy = "localhost,127.0.0.1,::1";
    for (const char* name : {"no_proxy", "NO_PROXY"})
        if (const char* v = std::getenv(name); v && *v) {
            // libcurl reads "*" (no proxy at all) only as the whole list.
            no_proxy = std::string_view(v) == "*" ? "*" : std::string(v) + "," + no_proxy;
            break;
        }
    curl_easy_setopt(c, CURLOPT_NOPROXY, no_proxy.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (options.max_bytes > 0)
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));

    const CURLcode rc = curl_easy_perform(c);
    const std::string detail = error[0] ? error : curl_easy_strerror(rc);
    if (sink.too_big || rc == CURLE_FILESIZE_EXCEEDED)
        throw Error(name + ": over " + size_text(options.max_bytes) +
                    ", the limit for one page; not read");
    switch (rc) {
        case CURLE_OK:
            break;
        case CURLE_OPERATION_TIMEDOUT: {
            curl_off_t connected = 0;
            curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connected);
            if (connected == 0)
                throw Error(name + ": could not connect within " +
                            std::to_string(std::min(options.connect_timeout_seconds,
                                                    options.timeout_seconds)) +
                            " s");
            throw Error(name + ": no complete answer within " +
                        std::to_string(options.timeout_seconds) + " s");
        }
        case CURLE_TOO_MANY_REDIRECTS:
            throw Error(name + ": too many redirects");
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
            throw Error(name + ": secure connection failed (" + detail + ")");
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_WRITE_ERROR:
            throw Error(name + ": the server's compressed answer cannot be decoded");
        case CURLE_URL_MALFORMAT:
            throw Error(name + ": not a valid URL");
        default:
            throw Error(name + ": cannot fetch: " + detail);
    }

    char* effective = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
        page.url = effective;
    else
        page.url = url;
    const std::string where =
        page.url == url ? "" : " (redirected to " + url_without_credentials(page.url) + ")";
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 400) throw Error(name + ": HTTP status " + std::to_string(status) + where);
    if (status >= 300)
        throw Error(name + ": HTTP status " + std::to_string(status) +
                    " without a Location to follow" + where);
    if (status == 204 || status == 205)
        throw Error(name + ": HTTP status " + std::to_string(status) + ", no content" + where);
    char* type = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
        split_content_type(type, page);
    return page;
}

}  // namespace kg
