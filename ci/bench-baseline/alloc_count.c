// Counts heap allocations per thread for pexspec-bench and the libtorrent baseline alike.
// Built as a shared object by ci/bench and loaded with LD_PRELOAD; each side finds
// pexspec_alloc_count with dlsym and reads the difference around one decode pass.
// glibc's __libc_* entry points do the real work, so there is no dlsym recursion at start-up.
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static __thread unsigned long long count __attribute__((tls_model("initial-exec")));

void *malloc(size_t n) { count++; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { count++; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { count++; return __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }
void *memalign(size_t a, size_t n) { count++; return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { count++; return __libc_memalign(a, n); }
int posix_memalign(void **out, size_t a, size_t n) {
    count++;
    void *p = __libc_memalign(a, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

unsigned long long pexspec_alloc_count(void) { return count; }
