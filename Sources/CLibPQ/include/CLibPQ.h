// libpq, PostgreSQL's own client library (Debian's libpq-dev for the headers, libpq5 at run
// time): it speaks the wire protocol, TLS, SCRAM and reads PGPASSWORD / ~/.pgpass itself, so
// Sift never handles a password.
//
// Sift does not link libpq: libpq_lazy.c opens it the first time a PostgreSQL URL is used
// (csift_lazy_library.h says why).
#include <postgresql/libpq-fe.h>
#include <stddef.h>

/// Opens libpq once per process. 0 when it is ready; otherwise writes why (and what to
/// install) into `error` and returns -1. Every PQ function below is safe to call only after a 0.
int csift_libpq_load(char *error, size_t error_len);
