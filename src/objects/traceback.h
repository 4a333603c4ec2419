/* Traceback objects: one per frame an exception passed through, newest
 * (innermost) last: exc.__traceback__ is the outermost entry, tb_next
 * leads inwards, as in CPython. */
#ifndef PH_OBJECTS_TRACEBACK_H
#define PH_OBJECTS_TRACEBACK_H

#include "mem/object.h"

typedef struct PhTraceback {
    PhObject ob;
    struct PhTraceback *next; /* tb_next */
    PhObject *frame;          /* tb_frame: a frame object, or NULL */
    int lasti;                /* tb_lasti: byte offset (instr_index * 2) */
    int lineno;               /* tb_lineno */
    PhObject *code;           /* code object of the frame (owned) */
    int instr_index;          /* instruction that raised, for positions */
} PhTraceback;

/* Records that exc passed through the frame running `code` at instr_index:
 * prepends a traceback entry to exc.__traceback__. 0, or -1 if memory ran out
 * (the exception stays set). `frame` may be NULL. */
int traceback_add(PhState *S, PhObject *exc, PhObject *code, int instr_index);
int traceback_add_frame(PhState *S, PhObject *exc, PhObject *frame, PhObject *code,
                        int instr_index);
/* A growable byte buffer in the private heap, for building messages and
 * tracebacks. Out of memory is sticky (oom set, later appends ignored) so
 * callers check once at the end. */
struct PhBuf {
    PhState *S;
    char *data;
    size_t len, cap;
    int oom;
};
typedef struct PhBuf PhBuf;
void buf_init(PhBuf *b, PhState *S);
void buf_free(PhBuf *b);
void buf_putn(PhBuf *b, const char *s, size_t n);
void buf_puts(PhBuf *b, const char *s);
void buf_putc(PhBuf *b, char c);
void buf_printf(PhBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a str object's text as UTF-8. */
void buf_put_str(PhBuf *b, PhObject *str);
/* New str from the buffer's contents (NULL + MemoryError if oom). */
PhObject *buf_to_str(PhBuf *b);

/* Appends "Traceback (most recent call last):" and the formatted entries of
 * tb, in CPython 3.11's format with position markers, to buf. */
int traceback_format(PhState *S, PhObject *tb, PhBuf *buf);

#endif
