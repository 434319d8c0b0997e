#include "csift_http.h"
#include <curl/curl.h>
#include "csift_lazy_library.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

// libcurl is opened on the first http(s) input, not linked (csift_lazy_library.h says why).
// Headers come from Debian's libcurl4-openssl-dev, the library from libcurl4 at run time.
static struct {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_strerror) *easy_strerror;
} curl;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static char curl_load_error[512];

static void load_curl(void) {
    const csift_symbol symbols[] = {
        {"curl_global_init", (void **)&curl.global_init},
        {"curl_easy_init", (void **)&curl.easy_init},
        {"curl_easy_setopt", (void **)&curl.easy_setopt},
        {"curl_easy_perform", (void **)&curl.easy_perform},
        {"curl_easy_getinfo", (void **)&curl.easy_getinfo},
        {"curl_easy_cleanup", (void **)&curl.easy_cleanup},
        {"curl_easy_strerror", (void **)&curl.easy_strerror},
    };
    if (csift_lazy_open("libcurl.so.4", "http(s) inputs", "libcurl4", symbols, sizeof symbols / sizeof symbols[0],
                        curl_load_error, sizeof curl_load_error) != 0) return;
    // Once per process, before any other thread can use libcurl (it is not thread-safe).
    curl.global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct { uint8_t *buf; size_t len, cap, max; int overflow; int (*stop)(void); } sink_t;

static size_t on_data(char *ptr, size_t size, size_t n, void *user) {
    sink_t *s = user;
    size_t add = size * n;
    if (s->len + add > s->max) { s->overflow = 1; return 0; }
    if (s->len + add > s->cap) {
        size_t c = s->cap ? s->cap : 65536;
        while (c < s->len + add) c *= 2;
        uint8_t *nb = realloc(s->buf, c);
        if (!nb) return 0;
        s->buf = nb; s->cap = c;
    }
    memcpy(s->buf + s->len, ptr, add);
    s->len += add;
    return add;
}

static int on_progress(void *user, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d) {
    (void)a; (void)b; (void)c; (void)d;
    sink_t *s = user;
    return s->stop && s->stop() ? 1 : 0;
}

void csift_http_free(void *p) { free(p); }

int csift_http_get(const char *url, long connect_timeout_s, long total_timeout_s, size_t max_bytes,
                   uint8_t **body, size_t *body_len, long *status, char *error, size_t error_len,
                   int (*should_stop)(void)) {
    *body = NULL; *body_len = 0; *status = 0;
    if (error_len) error[0] = 0;
    pthread_once(&curl_once, load_curl);
    if (curl_load_error[0]) { snprintf(error, error_len, "%s", curl_load_error); return 100 + CURLE_FAILED_INIT; }
    CURL *c = curl.easy_init();
    if (!c) { snprintf(error, error_len, "cannot start the HTTP client"); return 100 + CURLE_FAILED_INIT; }
    sink_t s = { NULL, 0, 0, max_bytes, 0, should_stop };
    char curl_err[CURL_ERROR_SIZE]; curl_err[0] = 0;
    curl.easy_setopt(c, CURLOPT_URL, url);
    curl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#endif
    curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect_timeout_s);
    curl.easy_setopt(c, CURLOPT_TIMEOUT, total_timeout_s);
    curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(c, CURLOPT_USERAGENT, "sift");
    curl.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl.easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl.easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl.easy_setopt(c, CURLOPT_XFERINFODATA, &s);
    curl.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl.easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
    CURLcode r = curl.easy_perform(c);
    curl.easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl.easy_cleanup(c);
    if (s.overflow) { free(s.buf); return 1; }
    if (r == CURLE_ABORTED_BY_CALLBACK) { free(s.buf); return 2; }
    if (r != CURLE_OK) {
        snprintf(error, error_len, "%s", curl_err[0] ? curl_err : curl.easy_strerror(r));
        free(s.buf);
        return 100 + (int)r;
    }
    *body = s.buf; *body_len = s.len;
    return 0;
}
