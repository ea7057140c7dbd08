/* fuzz-replay.h: runs a libFuzzer target over seed files, for make check */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* replays every file given on the command line (files or directories), or
 * with none, $G_TEST_SRCDIR/fuzz/corpus/CORPUS; prints TAP; returns the
 * exit status */
int mf_fuzz_replay_main (int argc, char **argv, const char *corpus,
                         int (*target) (const uint8_t *data, size_t size));

/* reports a broken property of target and aborts, so the fuzzer keeps the
 * input; detail may be NULL */
void mf_fuzz_fail (const char *target, const char *what, const char *detail) G_GNUC_NORETURN;

/* a refused input must have set a GError of MF_ERROR, in UTF-8, whose
 * message names the file (name) */
void mf_fuzz_check_refusal (const char *target, const GError *error, const char *name);

/* writes an input to the file a reader is given, failing the target when
 * the file cannot be written */
void mf_fuzz_write_file (const char *target, const char *path, const char *data, size_t size);
