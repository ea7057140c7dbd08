#!/bin/sh
# run-fuzz.sh: builds every fuzz target with clang's libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer, and runs each on a copy of its seed corpus.
# Started by `make fuzz` (tests/Makefile.am), which hands over the compiler
# and the flags configure found:
#
#   run-fuzz.sh TOP_SRCDIR TOP_BUILDDIR WORKDIR TARGET...
#
#   FUZZ_CC        clang
#   FUZZ_SECONDS   how long each target runs (default 60)
#   FUZZ_CPPFLAGS  the library's own -I and -D flags
#   FUZZ_CFLAGS    the dependencies' compiler flags (pkg-config)
#   FUZZ_LIBS      the dependencies' linker flags
#
# The library is compiled again here, from lib/*.c, rather than taken from
# the configured build: libFuzzer needs the code it explores instrumented
# by clang, whatever compiler configure chose. Objects are rebuilt only
# when a source, a header or the configuration is newer.
set -eu

top_srcdir=$1
top_builddir=$2
work=$3
shift 3

cc=${FUZZ_CC:-clang}
seconds=${FUZZ_SECONDS:-60}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-std=gnu11 -g -O1 $san ${FUZZ_CPPFLAGS:-} ${FUZZ_CFLAGS:-}"
jobs=2

case $seconds in
  ''|*[!0-9]*) echo "make fuzz: FUZZ_SECONDS must be a number of seconds, not \"$seconds\"" >&2; exit 2 ;;
esac

mkdir -p "$work/lib" "$work/bin" "$work/corpus" "$work/findings" "$work/logs"

# ---- a clang that can build libFuzzer targets ----
probe="$work/probe.c"
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
  'int LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { (void) d; (void) n; return 0; }' > "$probe"
if ! command -v "$cc" >/dev/null 2>&1 ||
   ! "$cc" -fsanitize=fuzzer,address,undefined "$probe" -o "$work/probe" >"$work/probe.log" 2>&1; then
  major=$("$cc" -dumpversion 2>/dev/null | cut -d. -f1) || major=""
  echo "make fuzz: $cc cannot build libFuzzer targets (see $work/probe.log)." >&2
  echo "On Debian, install clang and its sanitizer runtimes:" >&2
  echo "  apt-get install clang libclang-rt-${major:-14}-dev    (or: scripts/install-deps.sh --fuzz)" >&2
  exit 1
fi

# ---- the library, instrumented ----
newest_input=$(ls -t "$top_srcdir"/lib/*.h "$top_builddir/config.h" "$top_builddir/lib/mf-version.h" \
               "$0" 2>/dev/null | head -n 1)
stale=""
for src in "$top_srcdir"/lib/*.c; do
  obj="$work/lib/$(basename "$src" .c).o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_input" -nt "$obj" ]; then
    stale="$stale $src"
  fi
done
# a source removed since leaves its object behind
for obj in "$work"/lib/*.o; do
  [ -f "$obj" ] || continue
  [ -f "$top_srcdir/lib/$(basename "$obj" .o).c" ] || rm -f "$obj"
done
if [ -n "$stale" ]; then
  echo "make fuzz: compiling the library with $cc ($(echo $stale | wc -w) files)"
  export cc cflags work
  # shellcheck disable=SC2086
  printf '%s\n' $stale | xargs -P "$jobs" -I '{}' sh -c '
    src=$1
    obj="$work/lib/$(basename "$src" .c).o"
    # shellcheck disable=SC2086
    $cc $cflags -fsanitize=fuzzer-no-link -DG_LOG_DOMAIN=\"mailfix\" -DMF_UNIT_TEST \
      -c "$src" -o "$obj" || { rm -f "$obj"; exit 255; }
  ' sh '{}'
fi

# ---- the targets ----
for t in "$@"; do
  bin="$work/bin/fuzz-$t"
  src="$top_srcdir/tests/fuzz/fuzz-$t.c"
  if [ ! -f "$bin" ] || [ "$src" -nt "$bin" ] || [ -n "$stale" ] ||
     [ "$top_srcdir/tests/fuzz/fuzz-replay.c" -nt "$bin" ]; then
    echo "make fuzz: building fuzz-$t"
    # shellcheck disable=SC2086
    "$cc" $cflags -fsanitize=fuzzer -DMF_LIBFUZZER -DMF_UNIT_TEST -DG_LOG_DOMAIN=\"mailfix-fuzz\" \
      -I"$top_srcdir/tests" -I"$top_srcdir/tests/fuzz" \
      "$src" "$top_srcdir/tests/fuzz/fuzz-replay.c" "$work"/lib/*.o \
      ${FUZZ_LIBS:-} -o "$bin"
  fi
done

# ---- the runs ----
export G_DEBUG=fatal-criticals G_SLICE=always-malloc
export MAILFIX_PROVIDERS_DIR="$top_srcdir/data/providers"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$top_srcdir/tests/lsan.supp:fast_unwind_on_malloc=0"
unset LANGUAGE

failed=""
printf '\n%-28s %10s %8s %6s %6s  %s\n' "target" "runs" "seconds" "cov" "corpus" "result"
for t in "$@"; do
  corpus="$work/corpus/$t"
  findings="$work/findings/$t"
  log="$work/logs/fuzz-$t.log"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$findings"
  cp "$top_srcdir/tests/fuzz/corpus/$t"/* "$corpus"/
  start=$(date +%s)
  status=0
  "$work/bin/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  done_line=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(printf '%s\n' "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  corp=$(printf '%s\n' "$done_line" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  artifact=$(sed -n "s/.*Test unit written to \(.*\)/\1/p" "$log" | tail -n 1)
  if [ "$status" -eq 0 ] && [ -z "$artifact" ]; then
    result="nothing found"
  else
    result="FOUND (exit $status): ${artifact:-see the log}"
    failed="$failed $t"
  fi
  printf '%-28s %10s %8s %6s %6s  %s\n' "fuzz-$t" "${runs:-?}" "$elapsed" "${cov:-?}" "${corp:-?}" "$result"
done

echo
echo "logs: $work/logs/; findings: $work/findings/"
if [ -n "$failed" ]; then
  echo "make fuzz: found something in:$failed" >&2
  echo "Reproduce with $work/bin/fuzz-TARGET FILE (or the make check replay: tests/fuzz/fuzz-TARGET FILE);" >&2
  echo "once fixed, add FILE to tests/fuzz/corpus/TARGET/ so make check replays it." >&2
  exit 1
fi
