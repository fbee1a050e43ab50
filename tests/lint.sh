#!/bin/bash
# tests/lint.sh: the code habits as a TAP test (run by `make check`):
#   1. every C file is formatted with the committed .clang-format
#   2. cppcheck finds nothing (warning, performance, portability)
#   3. clang-tidy finds nothing (checks in .clang-tidy, warnings are errors)
# A tool that is not installed is a skip with the reason, not a failure.
set -u
src=${LXCRUN_SRC_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${LXCRUN_BUILD_DIR:-$src}
cd "$src" || exit 1
files=$(ls src/*.c src/*.h libexec/*.c hooks/*.c tests/unit/*.c tests/unit/*.h tests/helpers/*.c tests/fuzz/*.c 2>/dev/null)
cfiles=$(ls src/*.c libexec/*.c hooks/*.c tests/helpers/*.c)
echo "1..3"

if command -v clang-format >/dev/null; then
	bad=$(for f in $files; do clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
	if [ -z "$bad" ]; then echo "ok 1 - clang-format"; else
		echo "not ok 1 - clang-format: $(echo $bad)"
	fi
else
	echo "ok 1 - clang-format # SKIP clang-format not installed"
fi

if command -v cppcheck >/dev/null; then
	out=$(cppcheck --enable=warning,performance,portability --inline-suppr --quiet \
		--std=c11 -I src -I "$build" $cfiles 2>&1)
	if [ -z "$out" ]; then echo "ok 2 - cppcheck"; else
		echo "not ok 2 - cppcheck"
		echo "$out" | sed 's/^/# /'
	fi
else
	echo "ok 2 - cppcheck # SKIP cppcheck not installed"
fi

if command -v clang-tidy >/dev/null && [ -f "$build/config.h" ]; then
	out=$(for f in $cfiles; do
		clang-tidy --quiet "$f" -- -std=gnu11 -I"$build" -Isrc -DLIBEXECDIR='"x"' 2>&1 |
			grep -E "(warning|error):"
	done)
	if [ -z "$out" ]; then echo "ok 3 - clang-tidy"; else
		echo "not ok 3 - clang-tidy"
		echo "$out" | sed 's/^/# /'
	fi
else
	echo "ok 3 - clang-tidy # SKIP clang-tidy not installed (or no config.h in $build)"
fi
