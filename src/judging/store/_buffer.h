/* A growing byte buffer for the compiled loops (`_chain.c`, `_copy.c`). */
#ifndef JUDGING_BUFFER_H
#define JUDGING_BUFFER_H

#include <Python.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len, cap;
} Buffer;

/* Room for `more` bytes past `len` (a MemoryError set on failure). */
static int
reserve(Buffer *b, size_t more)
{
    if (b->len + more <= b->cap) {
        return 0;
    }
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more) {
        cap *= 2;
    }
    char *data = PyMem_Realloc(b->data, cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

/* `n` bytes, in room already reserved. */
static inline void
put(Buffer *b, const char *s, size_t n)
{
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

#endif
