#include "csift_lazy_library.h"
#include <dlfcn.h>
#include <stdio.h>

int csift_lazy_open(const char *soname, const char *feature, const char *package,
                    const csift_symbol *symbols, size_t count, char *error, size_t error_len) {
    // RTLD_LOCAL: the library's symbols stay out of the global namespace, so the shims'
    // own functions of the same names (libpq_lazy.c) are never confused with the real ones.
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(error, error_len, "%s needs %s (install it: apt-get install %s): %s", feature, soname, package, dlerror());
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        void *address = dlsym(lib, symbols[i].name);
        if (!address) {
            snprintf(error, error_len, "%s: the installed %s has no %s (install a newer %s)", feature, soname,
                     symbols[i].name, package);
            return -1;
        }
        *symbols[i].slot = address;
    }
    return 0;
}
