# pyheap build. `make` builds build/pyheap and build/libpyheap.a;
# `make test` runs every test; `make sanitize` and `make stress` run them all
# again under ASan+UBSan and with a collection at every container allocation.

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2
EXTRA   ?=
CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter \
           -fno-strict-aliasing -g $(OPT) $(EXTRA) -Iinclude -Isrc
LDLIBS  := -lm

LIB_SRC  := $(sort $(wildcard src/mem/*.c src/objects/*.c src/compiler/*.c src/vm/*.c \
                              src/modules/*.c src/inspect/*.c src/api/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test sanitize stress bench clean unit-bins regen
all: $(BUILD)/pyheap $(BUILD)/libpyheap.a

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libpyheap.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/pyheap: $(CLI_OBJ) $(BUILD)/libpyheap.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libpyheap.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/libpyheap.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libpyheap.a $(LDLIBS)

unit-bins: $(UNIT_BIN)

test: all unit-bins
	@tests/run_all.sh $(BUILD)

SAN_FLAGS := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
sanitize:
	$(MAKE) BUILD=build/asan OPT="$(SAN_FLAGS)" all unit-bins
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  tests/run_all.sh build/asan

stress:
	$(MAKE) BUILD=build/debug OPT="-O1 -DPH_DEBUG" all unit-bins
	PYHEAP_GC_STRESS=1 tests/run_all.sh build/debug

bench: all
	@bench/run.sh $(BUILD)

regen:
	tools/regen_expected.sh

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
