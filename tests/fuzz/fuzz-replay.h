/* fuzz-replay.h: runs a libFuzzer target over seed files, for make check */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* replays every file given on the command line (files or directories), or
 * with none, $G_TEST_SRCDIR/fuzz/corpus/CORPUS; prints TAP; returns the
 * exit status */
int mf_fuzz_replay_main (int argc, char **argv, const char *corpus,
                         int (*target) (const uint8_t *data, size_t size));
