#ifndef CSIFT_HTTP_H
#define CSIFT_HTTP_H
#include <stddef.h>
#include <stdint.h>

/* One blocking GET through Debian's libcurl. Follows up to 5 redirects, only http and https.
 * Returns 0 when the transfer completed (whatever the status), 1 when the body passed max_bytes,
 * 2 when a progress check asked to stop, or curl's error code + 100 otherwise with a sentence in
 * error (NUL-terminated). The body is malloc'd into *body (free with csift_http_free). */
int csift_http_get(const char *url, long connect_timeout_s, long total_timeout_s, size_t max_bytes,
                   uint8_t **body, size_t *body_len, long *status, char *error, size_t error_len,
                   int (*should_stop)(void));
void csift_http_free(void *p);
#endif
