/* The recorder: the one listener on the memory system's event hook.
 *
 * It keeps, OUTSIDE the objects (as tracemalloc does), a table of live
 * objects: address -> type, block size, size class, allocation file:line,
 * allocation step. Object sizes therefore stay CPython's, and nothing is paid
 * when no view is on (the hook is NULL).
 *
 * The run is cut into steps. A step starts when a line starts (EV_LINE) or
 * when control returns to a caller (EV_FRAME_POP), and ends when the next
 * one starts. During a step the recorder collects what the events say
 * (allocations, frees and why, collections, frames pushed and popped). At
 * the end of a step, when a view needs it, it takes a snapshot of what the
 * program can name: the bindings of every frame, and the objects reachable
 * from them through containers (the "visible graph", capped in size), with
 * their reference counts. The difference from the previous snapshot gives
 * the names bound and rebound, the reference counts before and after and the
 * containers changed. The sinks (trace, page, JSON) receive the step.
 *
 * Everything here lives in system memory (malloc), never in the watched
 * heap, and nothing here allocates objects or runs Python code: the
 * inspectors read and never change what they watch.
 *
 * Ids: objects get short display ids (#1, #2, ...) in order of first mention
 * in an output, stable for the run. Frames get serial numbers the same way.
 */
#ifndef PH_INSPECT_RECORDER_H
#define PH_INSPECT_RECORDER_H

#include "inspect/inspect.h"
#include "mem/mem.h"
#include "vm/state.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- growable arrays (system memory) ------------------------------------------ */

/* Ensures room for `need` elements of esz bytes; aborts when memory is out
 * (the inspector's own bookkeeping has no way to report failure mid-event). */
void *rec_grow(void *v, size_t *cap, size_t need, size_t esz);
#define VEC(T) struct { T *v; size_t n, cap; }
#define VEC_RESERVE(a, k) ((a).v = rec_grow((a).v, &(a).cap, (a).n + (k), sizeof *(a).v))
#define VEC_PUSH(a, x) (VEC_RESERVE(a, 1), (a).v[(a).n++] = (x))
#define VEC_FREE(a) (free((a).v), (a).v = NULL, (a).n = (a).cap = 0)

/* ---- string table ----------------------------------------------------------- */

/* Strings interned by content; sid 0 is "". The page ships this table once,
 * and every record refers to strings by sid. */
typedef struct StrTab {
    char *buf;          /* all strings, NUL-terminated, back to back */
    size_t len, cap;
    uint32_t *off;      /* sid -> offset in buf */
    uint32_t n, offcap;
    uint32_t *slots;    /* hash table of sid+1 (0 = empty) */
    uint32_t nslots;
} StrTab;

uint32_t strtab_add(StrTab *t, const char *s, size_t n);
static inline uint32_t strtab_addz(StrTab *t, const char *s);
static inline const char *strtab_get(const StrTab *t, uint32_t sid) { return t->buf + t->off[sid]; }
void strtab_free(StrTab *t);

/* ---- the live-object table ---------------------------------------------------- */

enum {
    OBJ_PREEXISTING = 1, /* allocated before the recorder started (caches, builtins) */
    OBJ_STATIC = 2,      /* not in the heap: singletons and builtin types in the state */
    OBJ_DEAD = 4,        /* refcount reached 0 but the memory stayed (a freelist) */
    OBJ_FREELIST = 8,    /* came back from a freelist (no heap allocation) */
};

typedef struct ObjRec {
    PhObject *addr;      /* key; NULL = empty slot */
    uint32_t id;         /* display id, 0 until first mentioned */
    uint32_t type_sid;
    uint32_t size;       /* heap bytes of the block (0: static) */
    int16_t size_class;  /* 0..31, -1 large block (system allocator), -2 static */
    uint8_t flags;       /* OBJ_* */
    uint8_t gen_cached;  /* generation as of collection number gen_seq */
    uint32_t gen_seq;
    uint32_t file_sid;   /* allocation site */
    int32_t line;
    uint32_t step;       /* allocation step */
    uint32_t value_sid;  /* last short value described (0: never) */
    int32_t cur_alloc;   /* index in the current step's allocs, or -1 */
} ObjRec;

typedef struct ObjTable {
    ObjRec *slots;
    size_t cap;   /* power of two */
    size_t used;
} ObjTable;

ObjRec *objtab_find(const ObjTable *t, const PhObject *addr);
ObjRec *objtab_insert(ObjTable *t, PhObject *addr); /* zeroed record with addr set */
void objtab_remove(ObjTable *t, ObjRec *r);

/* ---- what a step did ------------------------------------------------------- */

enum { STEP_START = 0, STEP_LINE = 1, STEP_RETURN = 2, STEP_END = 3 };
enum { FREE_REFCOUNT = 0, FREE_GC = 1, FREE_FREELIST = 2 };

typedef struct AllocEnt {
    PhObject *addr;       /* NULL when it was freed in the same step (a temporary) */
    uint32_t id, type_sid, value_sid, size;
    int16_t size_class;
    uint8_t freelist;     /* reused from a freelist, not allocated from the heap */
} AllocEnt;

typedef struct FreeEnt {
    uint32_t id, type_sid, value_sid, size;
    int16_t size_class;
    uint8_t reason;       /* FREE_* */
    int32_t alloc_line;
    uint32_t alloc_step;
} FreeEnt;

typedef struct TempEnt {
    uint32_t type_sid;
    uint32_t count;
} TempEnt;

typedef struct Binding {
    uint32_t frame;       /* frame serial */
    uint32_t name_sid;
    uint32_t id;          /* display id of the value */
    PhObject *obj;
} Binding;

typedef struct FrameEv {
    uint8_t push;         /* 1 push, 0 pop */
    uint32_t frame, func_sid;
    int depth;
    size_t bind_off, nbind; /* pop: the bindings it releases (in StepLog.released) */
} FrameEv;

typedef struct GcEv {
    GcResult r;
    size_t unreach_off, nunreach; /* display ids in StepLog.gc_ids */
    int done;
} GcEv;

/* Accumulated during a step. */
typedef struct StepLog {
    uint32_t step;
    uint8_t kind;         /* STEP_* */
    int line;
    uint32_t file_sid, func_sid;
    uint32_t frame;       /* serial of the frame executing the step */
    int depth;            /* frames on the stack (1 = module level) */
    VEC(AllocEnt) allocs;
    VEC(FreeEnt) frees;
    VEC(TempEnt) temps;
    VEC(FrameEv) frames;
    VEC(Binding) released;
    VEC(GcEv) gcs;
    VEC(uint32_t) gc_ids;
    uint64_t nalloc, nfree; /* every allocation/free event, temporaries included */
    uint8_t ended_by;     /* END_* : what ended the step */
} StepLog;

/* What ended a step: a line starting (in the same frame, or in a callee),
 * a frame popping, or the end of the recording. Temporaries live on the
 * value stack only in the middle of a statement, so objects that "no name
 * reaches" are worth pointing out only at END_LINE in the same frame. */
enum { END_LINE = 0, END_POP = 1, END_FINISH = 2 };

/* ---- snapshots ------------------------------------------------------------------ */

enum { VK_LEAF = 0, VK_LIST = 1, VK_TUPLE = 2, VK_DICT = 3, VK_SET = 4, VK_INST = 5 };
#define GEN_NONE 255 /* not a GC object, or untracked */

typedef struct VisObj {
    PhObject *obj;
    uint32_t id;
    uint32_t type_sid, value_sid;
    int64_t refcnt;
    uint8_t kind;        /* VK_* */
    uint8_t gen;         /* 0..2, 3 permanent, GEN_NONE */
    uint32_t edge_off, nedges;
    uint32_t more;       /* items not shown (container larger than the cap) */
} VisObj;

typedef struct Edge {
    uint32_t label_sid;  /* "0", "'key'", "name", "" */
    uint32_t target;     /* display id */
} Edge;

typedef struct FrameSnap {
    uint32_t serial, func_sid, file_sid;
    int line;
    size_t bind_off, nbind;
} FrameSnap;

typedef struct Snapshot {
    VEC(FrameSnap) frames;  /* bottom (module) first */
    VEC(Binding) binds;
    VEC(VisObj) objs;
    VEC(Edge) edges;
    uint32_t *index;        /* display id -> index+1 in objs (0: not visible) */
    size_t index_cap;
    uint32_t hidden;        /* reachable objects beyond the visible cap */
    uint32_t hidden_frames; /* frames between the bottom one and the top ones not shown */
} Snapshot;

/* Frames shown at the top of a deep stack (plus the bottom frame). */
#define MAX_VIEW_FRAMES 48

/* ---- deltas given to the sinks ----------------------------------------------------- */

typedef struct BindChange {
    uint32_t frame, name_sid;
    uint32_t old_id, new_id; /* 0: unbound */
} BindChange;

typedef struct Delta {
    VEC(BindChange) binds;
    VEC(uint32_t) added;    /* ids newly visible */
    VEC(uint32_t) changed;  /* ids whose refcount, value, gen or edges changed */
    VEC(uint32_t) removed;  /* ids no longer visible (freed or just unreachable by name) */
} Delta;

/* ---- the shadow frame stack -------------------------------------------------------- */

typedef struct FrameRec {
    void *frame;   /* PhFrame* */
    void *code;    /* its code object, to tell a reused address apart */
    uint32_t serial, func_sid, file_sid;
} FrameRec;

/* ---- source files, read for the views -------------------------------------------------- */

typedef struct SourceFile {
    uint32_t file_sid;
    char *text;      /* NULL when unreadable */
    size_t len;
    size_t *lines;   /* offset of each line's start */
    size_t nlines;
} SourceFile;

/* ---- sinks ---------------------------------------------------------------------------- */

typedef struct Recorder Recorder;
typedef struct Sink {
    void (*on_event)(Recorder *R, const PhEvent *ev, void *ctx); /* raw (JSON) */
    void (*on_step)(Recorder *R, void *ctx);  /* R->log, R->delta, R->now ready */
    int (*finish)(Recorder *R, void *ctx);    /* -1: output failed */
    void (*destroy)(void *ctx);
    void *ctx;
} Sink;

/* ---- the recorder ------------------------------------------------------------------- */

struct Recorder {
    PhState *S;
    InspectOptions opt;
    StrTab strs;
    ObjTable live;
    uint32_t next_id;       /* next display id */
    uint32_t next_frame;    /* next frame serial */
    uint32_t step;          /* the step being recorded (0: start-up, before the first line) */
    bool snapshots;         /* a view needs snapshots (trace, page) */
    bool in_hook;           /* re-entrancy guard */
    bool finished;
    bool in_collection;     /* between EV_GC_START and EV_GC_STOP */
    VEC(FrameRec) frames;   /* shadow stack, bottom first */
    StepLog log;
    Snapshot snap[2];
    Snapshot *now, *prev;
    Delta delta;
    VEC(uint8_t) gen_log;   /* generation of each completed collection */
    VEC(Sink) sinks;
    /* Per-type counts while recording, by type sid (stats for classes, whose
     * PhType may be gone by the end). */
    VEC(uint64_t) type_allocs, type_frees, type_live;
    uint64_t total_allocs, total_frees;
    /* Interesting addresses for descriptions. */
    uint32_t sid_question;  /* "?" */
    /* Scratch for BFS. */
    VEC(PhObject *) queue;
    VEC(void *) chain;      /* scratch: the interpreter's frames, innermost first */
    VEC(SourceFile) sources;
    char *line_buf;
    size_t line_cap;
};

/* Recorder life cycle (inspect.c drives it). */
Recorder *recorder_new(PhState *S, const InspectOptions *opt);
void recorder_attach(Recorder *R);   /* installs the hook */
void recorder_detach(Recorder *R);   /* ends the last step, removes the hook */
void recorder_free(Recorder *R);
void recorder_add_sink(Recorder *R, Sink s);
Recorder *recorder_of(PhState *S);   /* the attached recorder, or NULL */

/* Was this free done by the collector? (EV_FREE's during_gc is also set
 * while gc callbacks run, outside the collection proper.) */
static inline bool rec_free_by_gc(const Recorder *R, const PhEvent *ev)
{
    return ev->during_gc && R->in_collection;
}

/* Display id of a live object (assigned on first call). */
uint32_t rec_id_of(Recorder *R, PhObject *o);
/* The record of a live object, created for objects never seen allocated. */
ObjRec *rec_lookup(Recorder *R, PhObject *o);
/* Generation of a GC object by the recorder's bookkeeping (GEN_NONE if untracked). */
uint8_t rec_generation(Recorder *R, PhObject *o);

/* Is the frame with this serial in the snapshot? (O(log depth)) */
bool snap_has_frame(const Snapshot *s, uint32_t serial);
/* A visible object of the current/previous snapshot by display id, or NULL. */
const VisObj *snap_find(const Snapshot *s, uint32_t id);

/* ---- descriptions (describe.c): never allocate objects, never run Python ---- */

/* Short value text of o into buf (cap >= 16), at most `width` characters of
 * text, elided with "…". Returns the length. */
size_t describe_value(PhState *S, PhObject *o, char *buf, size_t cap, size_t width);
/* The type's name as Python shows it ("int", "Foo"). */
const char *describe_type_name(PhState *S, PhObject *o);
/* Is o one of the cached small ints / an interned string / a static singleton? */
bool describe_is_small_int(PhState *S, PhObject *o);
bool describe_is_interned(PhState *S, PhObject *o);
/* Name of a function, code or class object for frames ("<module>", "f"). */
size_t describe_str(PhObject *str, char *buf, size_t cap); /* a str's text, UTF-8 */
/* Does o's type keep a freelist (float, tuple, list, dict)? */
bool describe_has_freelist(PhState *S, PhObject *o);
/* Calls fn for each attribute of an instance (its __dict__, or the inline
 * values of 3.11's managed dict), in order, without materialising anything.
 * Stops when fn returns non-zero and returns that; 0 otherwise. */
typedef int (*AttrVisitor)(void *ctx, PhObject *name, PhObject *value);
int inst_attrs(PhState *S, PhObject *o, AttrVisitor fn, void *ctx);

/* ---- sinks ---------------------------------------------------------------------------- */
int trace_sink_new(Recorder *R, Sink *out);
int html_sink_new(Recorder *R, const char *path, Sink *out);
int json_sink_new(Recorder *R, const char *path, Sink *out);
/* Statistics at exit, printed to out. */
void stats_print(Recorder *R, FILE *out);

/* ---- why alive (whyalive.c) ---------------------------------------------------------- */

/* One hop of a reference path: "global 'x'", "[2]", "['key']", ".attr". */
typedef struct PathHop {
    PhObject *from;       /* NULL for the root hop */
    char text[160];
} PathHop;
/* Finds a shortest chain of references from a root to target. Returns the
 * number of hops written to out (at most cap; the first is the root), 0 when
 * target is not reachable from any root, -1 when memory ran out. */
int whyalive_path(PhState *S, PhObject *target, PathHop *out, int cap);

/* ---- small helpers shared by the sinks ---------------------------------------------- */

/* Writes s as a JSON string literal (with quotes). */
void json_write_str(FILE *f, const char *s);
/* The source line `line` of file (without newline), or "" (cached per file). */
const char *source_line(Recorder *R, uint32_t file_sid, int line);
/* Whole source text of a file, or NULL. */
const char *source_text(Recorder *R, uint32_t file_sid, size_t *len);

static inline uint32_t strtab_addz(StrTab *t, const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return strtab_add(t, s, n);
}

#endif
