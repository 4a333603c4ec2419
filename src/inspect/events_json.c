/* --events FILE: the complete event stream as JSON lines (docs/events.md).
 *
 * One object per line, written as the events happen (buffered by stdio).
 * Every line has "ev" (the kind) and "step" (the step in progress). Objects
 * are named by their display id, the same ids the trace and the page use.
 */
#include "inspect/recorder.h"

#include "pyheap.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct JsonSink {
    FILE *f;
    char *path;
    uint64_t lines;
} JsonSink;

static void obj_fields(Recorder *R, FILE *f, PhObject *o)
{
    uint32_t id = rec_id_of(R, o);
    ObjRec *r = rec_lookup(R, o);
    fprintf(f, ",\"id\":%u,\"type\":", id);
    json_write_str(f, strtab_get(&R->strs, r->type_sid));
    fprintf(f, ",\"addr\":\"%p\"", (void *)o);
}

static void size_fields(FILE *f, uint32_t size, int cls)
{
    fprintf(f, ",\"size\":%u,\"class\":%d", size, cls);
}

static void json_on_event(Recorder *R, const PhEvent *ev, void *ctx)
{
    JsonSink *J = ctx;
    FILE *f = J->f;
    fprintf(f, "{\"ev\":");
    switch (ev->kind) {
    case EV_ALLOC: {
        fprintf(f, "\"alloc\",\"step\":%u", R->step);
        obj_fields(R, f, ev->obj);
        ObjRec *r = rec_lookup(R, ev->obj);
        size_fields(f, r->size, r->size_class);
        fputs(",\"file\":", f);
        json_write_str(f, strtab_get(&R->strs, r->file_sid));
        fprintf(f, ",\"line\":%d", r->line);
        break;
    }
    case EV_FREE: {
        fprintf(f, "\"free\",\"step\":%u", R->step);
        obj_fields(R, f, ev->obj);
        ObjRec *r = rec_lookup(R, ev->obj);
        size_fields(f, (uint32_t)ev->size, r->size_class);
        fprintf(f, ",\"reason\":\"%s\"", rec_free_by_gc(R, ev) ? "gc" : "refcount");
        break;
    }
    case EV_LINE:
        fprintf(f, "\"line\",\"step\":%u,\"file\":", R->step);
        json_write_str(f, strtab_get(&R->strs, R->log.file_sid));
        fprintf(f, ",\"line\":%d,\"func\":", ev->line);
        json_write_str(f, strtab_get(&R->strs, R->log.func_sid));
        fprintf(f, ",\"frame\":%u,\"depth\":%d", R->log.frame, R->log.depth);
        break;
    case EV_FRAME_PUSH:
    case EV_FRAME_POP: {
        const FrameEv *fe = R->log.frames.n ? &R->log.frames.v[R->log.frames.n - 1] : NULL;
        fprintf(f, "\"%s\",\"step\":%u", ev->kind == EV_FRAME_PUSH ? "frame_push" : "frame_pop",
                R->step);
        if (fe) {
            fprintf(f, ",\"frame\":%u,\"func\":", fe->frame);
            json_write_str(f, strtab_get(&R->strs, fe->func_sid));
            fprintf(f, ",\"depth\":%d", fe->depth);
        }
        break;
    }
    case EV_GC_START:
        fprintf(f, "\"gc_start\",\"step\":%u,\"generation\":%d", R->step, ev->gc->generation);
        break;
    case EV_GC_UNREACHABLE:
    case EV_GC_FINALIZE:
        fprintf(f, "\"%s\",\"step\":%u",
                ev->kind == EV_GC_UNREACHABLE ? "gc_unreachable" : "gc_finalize", R->step);
        obj_fields(R, f, ev->obj);
        break;
    case EV_GC_STOP: {
        const GcResult *g = ev->gc;
        fprintf(f,
                "\"gc_stop\",\"step\":%u,\"generation\":%d,\"examined\":%zd,\"collected\":%zd,"
                "\"uncollectable\":%zd,\"finalized\":%zd,\"duration_ns\":%" PRIu64,
                R->step, g->generation, g->examined, g->collected, g->uncollectable,
                g->finalized, g->duration_ns);
        break;
    }
    default:
        fprintf(f, "\"unknown\",\"step\":%u,\"kind\":%d", R->step, (int)ev->kind);
        break;
    }
    fputs("}\n", f);
    J->lines++;
}

static int json_finish(Recorder *R, void *ctx)
{
    JsonSink *J = ctx;
    fprintf(J->f, "{\"ev\":\"end\",\"step\":%u,\"steps\":%u,\"allocs\":%" PRIu64
                  ",\"frees\":%" PRIu64 ",\"live\":%zu}\n",
            R->step, R->step, R->total_allocs, R->total_frees, R->live.used);
    int rc = 0;
    if (fflush(J->f) != 0 || ferror(J->f)) {
        fprintf(stderr, "pyheap: could not write %s: %s\n", J->path, strerror(errno));
        rc = -1;
    }
    if (J->f != stdout && J->f != stderr) fclose(J->f);
    J->f = NULL;
    return rc;
}

static void json_destroy(void *ctx)
{
    JsonSink *J = ctx;
    if (J->f && J->f != stdout && J->f != stderr) fclose(J->f);
    free(J->path);
    free(J);
}

int json_sink_new(Recorder *R, const char *path, Sink *out)
{
    JsonSink *J = calloc(1, sizeof *J);
    if (!J) return -1;
    J->path = strdup(path);
    J->f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (!J->f || !J->path) {
        fprintf(stderr, "pyheap: cannot open %s: %s\n", path, strerror(errno));
        json_destroy(J);
        return -1;
    }
    setvbuf(J->f, NULL, _IOFBF, 1 << 16);
    fprintf(J->f,
            "{\"ev\":\"start\",\"step\":0,\"schema\":1,\"pyheap\":\"%s\",\"model\":\"CPython 3.11\","
            "\"arena_size\":%zu,\"pool_size\":%zu,\"size_classes\":%d}\n",
            PYHEAP_VERSION, (size_t)HEAP_ARENA_SIZE, (size_t)HEAP_POOL_SIZE, HEAP_NUM_CLASSES);
    *out = (Sink){.on_event = json_on_event, .finish = json_finish, .destroy = json_destroy,
                  .ctx = J};
    return 0;
}
