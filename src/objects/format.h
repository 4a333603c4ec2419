/* Formatting: the format-spec mini-language (format(), f-strings,
 * str.format) for str, int and float, str.format itself, and %-formatting.
 *
 *   [[fill]align][sign][z][#][0][width][grouping][.precision][type]
 */
#ifndef PH_OBJECTS_FORMAT_H
#define PH_OBJECTS_FORMAT_H

#include "mem/object.h"

/* format(s, spec) for a str s; spec is a str. */
PhObject *format_str(PhState *S, PhObject *s, PhObject *spec);
/* format(v, spec) for an int (or bool: pass it; bool's __format__ with an
 * empty spec is str(v), handled by the caller). */
PhObject *format_int(PhState *S, PhObject *v, PhObject *spec);
/* format(v, spec) for a float value. */
PhObject *format_float(PhState *S, double v, PhObject *spec);
/* repr(float) in Python's shortest round-tripping form ('1.0', '1e+16',
 * 'inf', 'nan'), for code that needs it before float.c has it. */
PhObject *format_float_repr(PhState *S, double v);
/* fmt % args for a str fmt (args: a tuple, a mapping, or a single value). */
PhObject *format_percent(PhState *S, PhObject *fmt, PhObject *args);
/* fmt % args for a bytes or bytearray fmt (PEP 461); the result is bytes. */
PhObject *format_bytes_percent(PhState *S, PhObject *fmt, PhObject *args);
/* fmt.format(*args, **kwargs): args a tuple, kwargs a dict or NULL. */
PhObject *format_str_format(PhState *S, PhObject *fmt, PhObject *args, PhObject *kwargs);

#endif
