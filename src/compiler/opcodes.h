/* pyheap's bytecode.
 *
 * Every instruction is one 32-bit word: the low 8 bits are the opcode, the
 * high 24 bits the argument (0..16777215). There is no EXTENDED_ARG: the
 * compiler refuses code objects that would need a larger argument. Jump
 * targets are absolute instruction indexes.
 *
 * Stack effects are written [before] -> [after], top of stack on the right.
 * "callable" slots follow the vectorcall convention of src/mem/object.h.
 * docs/vm.md describes the instruction set, the exception table and how the
 * compiler uses them.
 */
#ifndef PH_COMPILER_OPCODES_H
#define PH_COMPILER_OPCODES_H

#include <stdint.h>

typedef uint32_t PhInstr;

#define INSTR_OP(w) ((int)((w)&0xffu))
#define INSTR_ARG(w) ((int)((w) >> 8))
#define INSTR_MAKE(op, arg) ((PhInstr)(op) | ((PhInstr)(arg) << 8))
#define INSTR_ARG_MAX 0xffffff

/* X(name): the comment after each gives its stack effect; the compiler's
 * stack_effect() in compile.c is the authority. */
#define PH_OPCODES(X)                                                              \
    X(NOP)                                                                         \
    X(POP_TOP)              /* [v] -> [] */                                        \
    X(COPY)                 /* arg n>=1: [.. v(n) ..] -> [.. v(n) .. v(n)] */      \
    X(SWAP)                 /* arg n>=2: swaps TOS and the n-th item */            \
    X(PUSH_NULL)            /* [] -> [NULL] */                                     \
    X(LOAD_CONST)           /* arg: co_consts index */                             \
    X(LOAD_FAST)            /* arg: local slot; UnboundLocalError when empty */    \
    X(STORE_FAST)                                                                  \
    X(DELETE_FAST)                                                                 \
    X(LOAD_DEREF)           /* arg: slot of a cell or free variable */            \
    X(LOAD_CLASSDEREF)      /* class body: locals mapping first, then the cell */ \
    X(STORE_DEREF)                                                                 \
    X(DELETE_DEREF)                                                                \
    X(LOAD_CLOSURE)         /* pushes the cell object itself */                   \
    X(LOAD_GLOBAL)          /* arg: co_names index (cached per name) */            \
    X(STORE_GLOBAL)                                                                \
    X(DELETE_GLOBAL)                                                               \
    X(LOAD_NAME)            /* locals mapping, globals, builtins */                \
    X(STORE_NAME)                                                                  \
    X(DELETE_NAME)                                                                 \
    X(LOAD_ATTR)            /* [o] -> [o.name] */                                  \
    X(STORE_ATTR)           /* [v, o] -> [] */                                     \
    X(DELETE_ATTR)          /* [o] -> [] */                                        \
    X(LOAD_METHOD)          /* [o] -> [meth, o] or [NULL, o.name] */               \
    X(BINARY_SUBSCR)        /* [o, k] -> [o[k]] */                                 \
    X(STORE_SUBSCR)         /* [v, o, k] -> [] */                                  \
    X(DELETE_SUBSCR)        /* [o, k] -> [] */                                     \
    X(BUILD_SLICE)          /* arg 2 or 3 */                                       \
    X(BINARY_OP)            /* arg: BinOp (abstract.h) */                          \
    X(INPLACE_OP)           /* arg: BinOp, in-place form */                        \
    X(UNARY_NEGATIVE)                                                              \
    X(UNARY_POSITIVE)                                                              \
    X(UNARY_INVERT)                                                                \
    X(UNARY_NOT)                                                                   \
    X(COMPARE_OP)           /* arg: CMP_LT..CMP_GE */                              \
    X(IS_OP)                /* arg 1: `is not` */                                  \
    X(CONTAINS_OP)          /* arg 1: `not in` */                                  \
    X(JUMP)                 /* arg: target */                                      \
    X(POP_JUMP_IF_FALSE)                                                           \
    X(POP_JUMP_IF_TRUE)                                                            \
    X(POP_JUMP_IF_NONE)                                                            \
    X(POP_JUMP_IF_NOT_NONE)                                                        \
    X(JUMP_IF_FALSE_OR_POP)                                                        \
    X(JUMP_IF_TRUE_OR_POP)                                                         \
    X(GET_ITER)                                                                    \
    X(FOR_ITER)             /* [it] -> [it, v]; exhausted: pops it, jumps */       \
    X(BUILD_TUPLE)                                                                 \
    X(BUILD_LIST)                                                                  \
    X(BUILD_SET)                                                                   \
    X(BUILD_MAP)            /* arg n: [k1, v1, .. kn, vn] -> [d] */                \
    X(BUILD_CONST_KEY_MAP)  /* arg n: [v1..vn, keys tuple] -> [d] */               \
    X(BUILD_STRING)         /* arg n: concatenates n str */                        \
    X(LIST_APPEND)          /* arg i: [.. list(i) .., v] -> list.append(v) */      \
    X(SET_ADD)                                                                     \
    X(MAP_ADD)              /* [.. d(i) .., k, v] */                               \
    X(LIST_EXTEND)                                                                 \
    X(SET_UPDATE)                                                                  \
    X(DICT_UPDATE)          /* {**a} */                                            \
    X(DICT_MERGE)           /* f(**a): duplicate keys are an error */              \
    X(LIST_TO_TUPLE)                                                               \
    X(UNPACK_SEQUENCE)      /* arg n: [seq] -> [vn .. v1] (v1 on top) */           \
    X(UNPACK_EX)            /* arg before | after << 8 */                          \
    X(FORMAT_VALUE)         /* arg: conversion (0 none, 1 s, 2 r, 3 a) | 4 spec */ \
    X(CALL)                 /* arg n: [f, a1..an] -> [r] */                        \
    X(CALL_KW)              /* arg n: [f, a1..an, kwnames] -> [r] */               \
    X(CALL_METHOD)          /* arg n: [m|NULL, self|f, a1..an] -> [r] */           \
    X(CALL_METHOD_KW)       /* arg n: [m|NULL, self|f, a1..an, kwnames] */        \
    X(CALL_FUNCTION_EX)     /* arg 1: [f, args, kwargs] else [f, args] */          \
    X(MAKE_FUNCTION)        /* arg flags: [defaults][kwdefaults][annots][closure] code */ \
    X(RETURN_VALUE)                                                                \
    X(LOAD_BUILD_CLASS)                                                            \
    X(LOAD_LOCALS)                                                                 \
    X(RAISE_VARARGS)        /* arg 0: re-raise, 1: raise exc, 2: raise exc from c */ \
    X(RERAISE)              /* [exc] -> raises exc again (no new traceback entry) */ \
    X(PUSH_EXC_INFO)        /* [exc] -> [prev_handled, exc]; handled = exc */      \
    X(POP_EXCEPT)           /* [prev] -> []; handled = prev */                     \
    X(CHECK_EXC_MATCH)      /* [exc, type] -> [exc, bool] */                       \
    X(BEFORE_WITH)          /* [mgr] -> [exit, mgr.__enter__()] */                 \
    X(WITH_EXCEPT_START)    /* [exit, prev, exc] -> [.., exit(type, exc, tb)] */   \
    X(LOAD_ASSERTION_ERROR)                                                        \
    X(SETUP_ANNOTATIONS)                                                           \
    X(IMPORT_NAME)          /* [level, fromlist] -> [module] */                    \
    X(IMPORT_FROM)          /* [module] -> [module, module.name] */                \
    X(IMPORT_STAR)          /* [module] -> [] */                                   \
    X(PRINT_EXPR)           /* interactive mode: sys.displayhook semantics */     \
    X(GET_YIELD_FROM_ITER)                                                         \
    X(YIELD_VALUE)          /* [v] -> [sent] */                                    \
    X(SEND)                 /* [sub, v] -> [sub, yielded]; done: [result], jump */ \
    /* pseudo-instructions: only inside the compiler, never in code objects */     \
    X(SETUP_FINALLY)        /* arg: handler label */                               \
    X(SETUP_CLEANUP)                                                               \
    X(SETUP_WITH)                                                                  \
    X(POP_BLOCK)                                                                   \
    /* superinstructions: code_new rewrites the first of some pairs of           \
     * instructions into one that runs both (eval_quicken in eval.c); the        \
     * second keeps its own opcode and argument. Never made by the compiler. */  \
    X(LOAD_FAST__LOAD_FAST)                                                        \
    X(LOAD_FAST__LOAD_CONST)                                                       \
    X(LOAD_CONST__LOAD_FAST)                                                       \
    X(STORE_FAST__LOAD_FAST)                                                       \
    X(STORE_FAST__STORE_FAST)                                                      \
    X(COMPARE_OP__POP_JUMP_IF_FALSE)                                               \
    X(COMPARE_OP__POP_JUMP_IF_TRUE)                                                \
    X(IS_OP__POP_JUMP_IF_FALSE)                                                    \
    X(IS_OP__POP_JUMP_IF_TRUE)

typedef enum PhOpcode {
#define PH_OPCODE_ENUM(name) OP_##name,
    PH_OPCODES(PH_OPCODE_ENUM)
#undef PH_OPCODE_ENUM
    OP__COUNT
} PhOpcode;

#define OP_FIRST_PSEUDO OP_SETUP_FINALLY
#define OP_FIRST_SUPER OP_LOAD_FAST__LOAD_FAST

/* FORMAT_VALUE argument. */
#define FVC_MASK 3
#define FVC_NONE 0
#define FVC_STR 1
#define FVC_REPR 2
#define FVC_ASCII 3
#define FVS_HAVE_SPEC 4

/* MAKE_FUNCTION argument. */
#define MKFN_DEFAULTS 1
#define MKFN_KWDEFAULTS 2
#define MKFN_ANNOTATIONS 4
#define MKFN_CLOSURE 8

/* Name of an opcode ("LOAD_FAST"), for dumps. */
const char *opcode_name(int op);

#endif
