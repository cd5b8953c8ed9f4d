/*
 * dynlib.h - load a shared library when a run first needs it.
 *
 * libxml2 (and the ICU and C++ libraries it pulls in) and libxlsxwriter
 * (with minizip and libcrypto) serve HTML pages and -f xlsx only, yet
 * linked in they cost every run their loading and relocation: 2 ms of a
 * 20 ms start-up.  html.c and xlsx.c load them with dynlib_open() on first
 * use instead.
 */
/* SPDX-License-Identifier: MIT */
#ifndef DYNLIB_H
#define DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* dlopen() the library 'soname' and look up names[0..n): fns[i] gets the
 * address of names[i] (a function pointer's bytes, see dynlib_fn()).  On
 * failure return false, with *err saying why (a static or dlerror()
 * string); fns is then untouched.  The library stays loaded to exit. */
bool dynlib_open(const char *soname, const char *const *names, void **fns,
                 size_t n, const char **err);

/* Copy the address p (from dynlib_open()) into the function pointer at
 * 'fn' of size 'size': ISO C has no cast from void * to a function
 * pointer, POSIX guarantees the representation is the same. */
void dynlib_fn(void *fn, size_t size, void *p);

#endif
