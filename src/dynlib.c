/*
 * dynlib.c - load a shared library when a run first needs it (dynlib.h).
 */
/* SPDX-License-Identifier: MIT */
#include "dynlib.h"

#include <dlfcn.h>
#include <string.h>

bool dynlib_open(const char *soname, const char *const *names, void **fns,
                 size_t n, const char **err)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        *err = e ? e : "dlopen failed";
        return false;
    }
    /* Every name first, so that a failure leaves fns untouched (h stays
     * open then: harmless, and rare). */
    for (size_t i = 0; i < n; i++)
        if (!dlsym(h, names[i])) {
            const char *e = dlerror();
            *err = e ? e : "symbol not found";
            return false;
        }
    for (size_t i = 0; i < n; i++)
        fns[i] = dlsym(h, names[i]);
    return true;
}

void dynlib_fn(void *fn, size_t size, void *p)
{
    memcpy(fn, &p, size < sizeof p ? size : sizeof p);
}
