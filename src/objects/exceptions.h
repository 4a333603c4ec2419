/* Exception objects. Every builtin exception type shares one layout. */
#ifndef PH_OBJECTS_EXCEPTIONS_H
#define PH_OBJECTS_EXCEPTIONS_H

#include "mem/object.h"

typedef struct PhBaseException {
    PhObject ob;
    PhObject *dict, *args, *notes, *traceback, *context, *cause;
    char suppress_context;
} PhBaseException;

/* Creates the builtin exception types in S->exc; -1 if memory ran out. */
int exceptions_init(PhState *S);
void exceptions_fini(PhState *S);

#endif
