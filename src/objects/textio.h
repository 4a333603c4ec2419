/* Text streams: sys.stdout, sys.stderr, sys.stdin, and files opened by open().
 * A textio wraps a C FILE*; writes go through it unbuffered at the Python
 * level (the C stream buffers), reads decode UTF-8 into str objects. */
#ifndef PH_OBJECTS_TEXTIO_H
#define PH_OBJECTS_TEXTIO_H

#include "mem/object.h"

#include <stdio.h>

/* Wraps fp; name is the repr name ('<stdout>' or the path), mode "r"/"w"/"a".
 * owns_fp: close fp when the object is closed or freed. New reference. */
PhObject *textio_new(PhState *S, FILE *fp, PhObject *name, const char *mode, int owns_fp);
/* A write-only stream that accepts everything and outputs nothing: stands in
 * for sys.stderr once shut-down has set it to None. */
PhObject *textio_new_sink(PhState *S);
/* open(file, mode='r', buffering=-1, encoding=None, ...): vectorcall form. */
PhObject *textio_open(PhState *S, PhObject *callable, PhObject *const *args, size_t nargs,
                      PhObject *kwnames);
/* Writes a str (a bytes object in binary mode): the number of characters
 * written, or -1 with an exception (closed, wrong type, I/O error). */
ssize_t textio_write_obj(PhState *S, PhObject *self, PhObject *s);
/* Flushes the C stream; -1 with an exception when closed or on error. */
int textio_flush(PhState *S, PhObject *self);
/* The FILE* behind a textio (NULL when closed, or not a textio). */
FILE *textio_file(PhState *S, PhObject *o);

#endif
