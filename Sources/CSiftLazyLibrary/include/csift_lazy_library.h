// Optional system libraries opened on first use instead of linked.
//
// Why: a linked library and everything it depends on are mapped into every `sift` process at
// start, whether or not the run uses it. libpq (PostgreSQL) and libcurl (http inputs) bring
// OpenSSL, Kerberos, LDAP and GnuTLS, ~5 MB resident, for features most runs never touch. Their
// C shims resolve the functions they call through this on the first call instead.
#ifndef CSIFT_LAZY_LIBRARY_H
#define CSIFT_LAZY_LIBRARY_H
#include <stddef.h>

/// One function to resolve: its name in the library and where to store its address.
typedef struct {
    const char *name;
    void **slot;
} csift_symbol;

/// Opens `soname` (the runtime name, e.g. "libpq.so.5": the unversioned link only exists with
/// the -dev package) and stores each symbol's address in its slot. 0 on success; otherwise -1
/// with a one-line reason in `error` that names the `feature` and the Debian `package` to install.
int csift_lazy_open(const char *soname, const char *feature, const char *package,
                    const csift_symbol *symbols, size_t count, char *error, size_t error_len);

#endif
