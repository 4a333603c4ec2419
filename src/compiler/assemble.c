/* The assembler: turns a unit's instruction list (with labels and the
 * SETUP_* / POP_BLOCK pseudo-instructions) into a code object.
 *
 *  1. Flow analysis from instruction 0 computes, for every reachable
 *     instruction, the value-stack depth and the stack of active exception
 *     handlers (pushed by SETUP_*, popped by POP_BLOCK). A handler's code is
 *     entered with the exception pushed on top of the depth the SETUP saw.
 *  2. Unreachable instructions and pseudo-instructions are dropped; labels
 *     and jumps are resolved to final instruction indexes.
 *  3. Runs of instructions with the same innermost handler become exception
 *     table entries; deref-family arguments are offset past the locals.
 *  4. line_start marks the first instruction of each line (1), and the
 *     targets of backward jumps (2: a new line when reached by the jump, so
 *     each loop iteration reports the loop's line again).
 */
#include "compiler/compile_internal.h"

#include "objects/str.h"
#include "objects/tuple.h"
#include "vm/errors.h"

#include <string.h>

int stack_effect(int op, int arg, int jump)
{
    switch (op) {
    case OP_NOP: return 0;
    case OP_POP_TOP: return -1;
    case OP_COPY: return 1;
    case OP_SWAP: return 0;
    case OP_PUSH_NULL: return 1;
    case OP_LOAD_CONST:
    case OP_LOAD_FAST:
    case OP_LOAD_DEREF:
    case OP_LOAD_CLASSDEREF:
    case OP_LOAD_CLOSURE:
    case OP_LOAD_GLOBAL:
    case OP_LOAD_NAME: return 1;
    case OP_STORE_FAST:
    case OP_STORE_DEREF:
    case OP_STORE_GLOBAL:
    case OP_STORE_NAME: return -1;
    case OP_DELETE_FAST:
    case OP_DELETE_DEREF:
    case OP_DELETE_GLOBAL:
    case OP_DELETE_NAME: return 0;
    case OP_LOAD_ATTR: return 0;
    case OP_STORE_ATTR: return -2;
    case OP_DELETE_ATTR: return -1;
    case OP_LOAD_METHOD: return 1;
    case OP_BINARY_SUBSCR: return -1;
    case OP_STORE_SUBSCR: return -3;
    case OP_DELETE_SUBSCR: return -2;
    case OP_BUILD_SLICE: return 1 - arg;
    case OP_BINARY_OP:
    case OP_INPLACE_OP: return -1;
    case OP_UNARY_NEGATIVE:
    case OP_UNARY_POSITIVE:
    case OP_UNARY_INVERT:
    case OP_UNARY_NOT: return 0;
    case OP_COMPARE_OP:
    case OP_IS_OP:
    case OP_CONTAINS_OP: return -1;
    case OP_JUMP: return 0;
    case OP_POP_JUMP_IF_FALSE:
    case OP_POP_JUMP_IF_TRUE:
    case OP_POP_JUMP_IF_NONE:
    case OP_POP_JUMP_IF_NOT_NONE: return -1;
    case OP_JUMP_IF_FALSE_OR_POP:
    case OP_JUMP_IF_TRUE_OR_POP: return jump ? 0 : -1;
    case OP_GET_ITER: return 0;
    case OP_FOR_ITER: return jump ? -1 : 1;
    case OP_BUILD_TUPLE:
    case OP_BUILD_LIST:
    case OP_BUILD_SET:
    case OP_BUILD_STRING: return 1 - arg;
    case OP_BUILD_MAP: return 1 - 2 * arg;
    case OP_BUILD_CONST_KEY_MAP: return -arg;
    case OP_LIST_APPEND:
    case OP_SET_ADD: return -1;
    case OP_MAP_ADD: return -2;
    case OP_LIST_EXTEND:
    case OP_SET_UPDATE:
    case OP_DICT_UPDATE:
    case OP_DICT_MERGE: return -1;
    case OP_LIST_TO_TUPLE: return 0;
    case OP_UNPACK_SEQUENCE: return arg - 1;
    case OP_UNPACK_EX: return (arg & 0xff) + (arg >> 8);
    case OP_FORMAT_VALUE: return (arg & FVS_HAVE_SPEC) ? -1 : 0;
    case OP_CALL: return -arg;
    case OP_CALL_KW: return -arg - 1;
    case OP_CALL_METHOD: return -arg - 1;
    case OP_CALL_METHOD_KW: return -arg - 2;
    case OP_CALL_FUNCTION_EX: return (arg & 1) ? -2 : -1;
    case OP_MAKE_FUNCTION:
        return -(((arg & MKFN_DEFAULTS) != 0) + ((arg & MKFN_KWDEFAULTS) != 0) +
                 ((arg & MKFN_ANNOTATIONS) != 0) + ((arg & MKFN_CLOSURE) != 0));
    case OP_RETURN_VALUE: return -1;
    case OP_LOAD_BUILD_CLASS:
    case OP_LOAD_LOCALS: return 1;
    case OP_RAISE_VARARGS: return -arg;
    case OP_RERAISE: return -1;
    case OP_PUSH_EXC_INFO: return 1;
    case OP_POP_EXCEPT: return -1;
    case OP_CHECK_EXC_MATCH: return 0;
    case OP_BEFORE_WITH: return 1;
    case OP_WITH_EXCEPT_START: return 1;
    case OP_LOAD_ASSERTION_ERROR: return 1;
    case OP_SETUP_ANNOTATIONS: return 0;
    case OP_IMPORT_NAME: return -1;
    case OP_IMPORT_FROM: return 1;
    case OP_IMPORT_STAR: return -1;
    case OP_PRINT_EXPR: return -1;
    case OP_GET_YIELD_FROM_ITER: return 0;
    case OP_YIELD_VALUE: return 0;
    case OP_SEND: return jump ? -1 : 0;
    case OP_SETUP_FINALLY:
    case OP_SETUP_CLEANUP:
    case OP_SETUP_WITH:
    case OP_POP_BLOCK: return 0;
    }
    return 0;
}

static bool is_jump(int op)
{
    switch (op) {
    case OP_JUMP:
    case OP_POP_JUMP_IF_FALSE:
    case OP_POP_JUMP_IF_TRUE:
    case OP_POP_JUMP_IF_NONE:
    case OP_POP_JUMP_IF_NOT_NONE:
    case OP_JUMP_IF_FALSE_OR_POP:
    case OP_JUMP_IF_TRUE_OR_POP:
    case OP_FOR_ITER:
    case OP_SEND: return true;
    default: return false;
    }
}

static bool is_terminator(int op)
{
    return op == OP_JUMP || op == OP_RETURN_VALUE || op == OP_RAISE_VARARGS || op == OP_RERAISE;
}

static bool is_setup(int op)
{
    return op == OP_SETUP_FINALLY || op == OP_SETUP_CLEANUP || op == OP_SETUP_WITH;
}

static bool is_deref(int op)
{
    return op == OP_LOAD_DEREF || op == OP_STORE_DEREF || op == OP_DELETE_DEREF ||
           op == OP_LOAD_CLOSURE || op == OP_LOAD_CLASSDEREF;
}

/* A node of a handler stack. Stacks are immutable and share tails, so each
 * instruction can keep a pointer to the stack active when it runs. */
typedef struct HNode {
    int label; /* handler label */
    int depth; /* stack depth to unwind to */
    struct HNode *next;
} HNode;

typedef struct Flow {
    PhState *S;
    Unit *u;
    int *depth;       /* per instruction; -1: not reached */
    HNode **hstack;   /* per instruction */
    int *work;        /* worklist of instruction indexes */
    int nwork;
    HNode *pool;      /* HNode storage: at most one per SETUP instruction */
    int npool;
    int maxdepth;
} Flow;

static void reach(Flow *f, int i, int depth, HNode *h)
{
    if (f->depth[i] >= 0) return;
    f->depth[i] = depth;
    f->hstack[i] = h;
    f->work[f->nwork++] = i;
    if (depth > f->maxdepth) f->maxdepth = depth;
}

static int analyze_flow(Flow *f)
{
    Unit *u = f->u;
    reach(f, 0, 0, NULL);
    while (f->nwork > 0) {
        int i = f->work[--f->nwork];
        int d = f->depth[i];
        HNode *h = f->hstack[i];
        for (;;) {
            Instr *ins = &u->instrs[i];
            int op = ins->op;
            if (is_setup(op)) {
                /* SETUP_WITH comes right after BEFORE_WITH: the handler
                 * runs without __enter__'s result, so one less. */
                int hd = op == OP_SETUP_WITH ? d - 1 : d;
                HNode *n = &f->pool[f->npool++];
                n->label = ins->arg;
                n->depth = hd;
                n->next = h;
                reach(f, u->labels[ins->arg], hd + 1, h);
                h = n;
            } else if (op == OP_POP_BLOCK) {
                if (!h) {
                    err_format(f->S, &f->S->exc.SystemError, "compiler: POP_BLOCK without block");
                    return -1;
                }
                h = h->next;
            } else {
                if (is_jump(op)) {
                    int td = d + stack_effect(op, ins->arg, 1);
                    reach(f, u->labels[ins->arg], td, h);
                }
                if (is_terminator(op)) break;
                d += stack_effect(op, ins->arg, 0);
                if (d < 0) {
                    err_format(f->S, &f->S->exc.SystemError,
                               "compiler: stack underflow at %d in %s", i, u->name);
                    return -1;
                }
                if (d > f->maxdepth) f->maxdepth = d;
            }
            if (++i >= u->ninstrs) {
                err_format(f->S, &f->S->exc.SystemError, "compiler: fell off the end of %s",
                           u->name);
                return -1;
            }
            if (f->depth[i] >= 0) break;
            f->depth[i] = d;
            f->hstack[i] = h;
        }
    }
    return 0;
}

/* Builds the names tuple of a unit's cell and free variables. */
PhObject *assemble(Compiler *c, Unit *u)
{
    PhState *S = c->S;
    Heap *heap = mem_of(S)->heap;
    int n = u->ninstrs;
    PhObject *code = NULL;
    Flow f;
    memset(&f, 0, sizeof f);
    f.S = S;
    f.u = u;
    int nsetup = 0;
    for (int i = 0; i < n; i++) nsetup += is_setup(u->instrs[i].op);
    f.depth = heap_alloc(heap, sizeof(int) * (size_t)n);
    f.hstack = heap_alloc(heap, sizeof(HNode *) * (size_t)n);
    f.work = heap_alloc(heap, sizeof(int) * (size_t)(n + 1));
    f.pool = heap_alloc(heap, sizeof(HNode) * (size_t)(nsetup + 1));
    int *newidx = heap_alloc(heap, sizeof(int) * (size_t)(n + 1));
    PhInstr *out = heap_alloc(heap, sizeof(PhInstr) * (size_t)n);
    PhCodePos *pos = heap_alloc(heap, sizeof(PhCodePos) * (size_t)n);
    uint8_t *lstart = heap_alloc(heap, (size_t)n);
    HNode **handler = heap_alloc(heap, sizeof(HNode *) * (size_t)n);
    PhExcEntry *exc = heap_alloc(heap, sizeof(PhExcEntry) * (size_t)n);
    PhObject *consts = NULL, *names = NULL, *varnames = NULL;
    if (!f.depth || !f.hstack || !f.work || !f.pool || !newidx || !out || !pos || !lstart ||
        !handler || !exc) {
        err_no_memory(S);
        goto done;
    }
    for (int i = 0; i < n; i++) f.depth[i] = -1;
    if (analyze_flow(&f) < 0) goto done;

    /* Keep reachable real instructions; newidx[i] = final index of the first
     * kept instruction at or after i (what a label placed at i resolves to). */
    int nout = 0;
    for (int i = 0; i < n; i++) {
        Instr *ins = &u->instrs[i];
        newidx[i] = nout;
        if (f.depth[i] < 0 || ins->op >= OP_FIRST_PSEUDO) continue;
        nout++;
    }
    newidx[n] = nout;
    int nlocals = u->varnames.n;
    int k = 0;
    for (int i = 0; i < n; i++) {
        Instr *ins = &u->instrs[i];
        if (f.depth[i] < 0 || ins->op >= OP_FIRST_PSEUDO) continue;
        int arg = ins->arg;
        if (is_jump(ins->op)) arg = newidx[u->labels[arg]];
        else if (is_deref(ins->op)) arg += nlocals;
        if (arg < 0 || arg > INSTR_ARG_MAX) {
            err_format(S, &S->exc.SystemError, "code object too large");
            goto done;
        }
        out[k] = INSTR_MAKE(ins->op, arg);
        pos[k] = ins->pos;
        HNode *h = f.hstack[i];
        handler[k] = h;
        lstart[k] = !ins->artificial && ins->pos.line > 0 &&
                    (k == 0 || ins->pos.line != pos[k - 1].line);
        k++;
    }
    /* A backward jump re-enters a line: report it again. */
    for (int j = 0; j < nout; j++) {
        int op = INSTR_OP(out[j]);
        if (!is_jump(op)) continue;
        int t = INSTR_ARG(out[j]);
        if (t <= j && t < nout && pos[t].line > 0 && !lstart[t]) lstart[t] = 2;
    }
    /* Exception table: runs of one handler. */
    int nexc = 0;
    for (int j = 0; j < nout;) {
        HNode *h = handler[j];
        int s = j;
        while (j < nout && handler[j] == h) j++;
        if (!h) continue;
        if (nexc > 0 && exc[nexc - 1].end == s && exc[nexc - 1].handler == newidx[u->labels[h->label]] &&
            exc[nexc - 1].depth == h->depth) {
            exc[nexc - 1].end = j;
            continue;
        }
        exc[nexc].start = s;
        exc[nexc].end = j;
        exc[nexc].handler = newidx[u->labels[h->label]];
        exc[nexc].depth = h->depth;
        nexc++;
    }

    consts = objtab_to_tuple(S, &u->consts);
    names = objtab_to_tuple(S, &u->names);
    varnames = objtab_to_tuple(S, &u->varnames);
    if (!consts || !names || !varnames) goto done;
    PhObject *fname = intern_name(S, u->name);
    if (!fname) goto done;
    PhCodeSpec spec = {
        .argcount = u->argcount,
        .posonlyargcount = u->posonlyargcount,
        .kwonlyargcount = u->kwonlyargcount,
        .stacksize = f.maxdepth + 1,
        .flags = u->flags,
        .firstlineno = u->firstlineno,
        .ninstrs = nout,
        .nexc = nexc,
        .instrs = out,
        .positions = pos,
        .line_start = lstart,
        .exctable = exc,
        .consts = consts,
        .names = names,
        .varnames = varnames,
        .cellvars = u->cellvars,
        .freevars = u->freevars,
        .name = fname,
        .qualname = u->qualname,
        .filename = c->filename_obj,
    };
    code = code_new(S, &spec);
    DECREF(S, fname);

done:
    XDECREF(S, consts);
    XDECREF(S, names);
    XDECREF(S, varnames);
    if (f.depth) heap_free(heap, f.depth);
    if (f.hstack) heap_free(heap, f.hstack);
    if (f.work) heap_free(heap, f.work);
    if (f.pool) heap_free(heap, f.pool);
    if (newidx) heap_free(heap, newidx);
    if (out) heap_free(heap, out);
    if (pos) heap_free(heap, pos);
    if (lstart) heap_free(heap, lstart);
    if (handler) heap_free(heap, handler);
    if (exc) heap_free(heap, exc);
    return code;
}
