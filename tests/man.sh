#!/bin/bash
# tests/man.sh: the man pages and the bash completion against the code, as a
# TAP test (run by `make check`):
#   - every command of src/main.c's table has doc/man/lxcrun-<cmd>.8, listed in lxcrun.8
#   - every page renders without a warning (groff, else man-db's man; a skip without either)
#   - every long option in a command's usage string (and, for create and run, in
#     create_opts.c's table) is in its page; the global options are in lxcrun.8
#   - doc/bash-completion/lxcrun parses, completes `lxcrun ex` to `exec` and offers every command
set -u
src=${LXCRUN_SRC_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src" || exit 1
man_dir=doc/man
completion=doc/bash-completion/lxcrun
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() { # check DESCRIPTION DETAIL: ok when DETAIL is empty
	if [ -z "$2" ]; then ok "$1"; else
		not_ok "$1"
		printf '%s\n' "$2" | sed 's/^/# /'
	fi
}

# "name fn" for each entry of the command table
table=$(sed -n '/commands\[\] = {/,/^};/p' src/main.c |
	sed -n 's/^[[:space:]]*{"\([a-z-]*\)", *\(cmd_[a-z_]*\),.*/\1 \2/p' | sort -u)
commands=$(echo "$table" | cut -d' ' -f1)
if [ -z "$commands" ]; then
	not_ok "found no command table in src/main.c"
	echo "1..$n"
	exit 0
fi

# The page's text with troff's \- read as -, so options can be grepped.
page_text() { sed 's/\\-/-/g' "$1"; }
has_option() { page_text "$1" | grep -qE -- "$2([^a-z-]|\$)"; }
# The long options in the usage string(s) of a C file.
usage_options() {
	awk '/usage\[\] *=/ { on = 1 } on { print } on && /;[[:space:]]*$/ { on = 0 }' "$1" |
		grep -oE -- '--[a-z][a-z-]*' | sort -u
}

# 1. a page per command, listed in lxcrun.8
for cmd in $commands; do
	problems=
	[ -f "$man_dir/lxcrun-$cmd.8" ] || problems="no $man_dir/lxcrun-$cmd.8"
	grep -q "^\.B $cmd\$" "$man_dir/lxcrun.8" ||
		problems="$problems${problems:+; }not in lxcrun.8's COMMANDS"
	grep -q "lxcrun\\\\-$cmd (8)" "$man_dir/lxcrun.8" ||
		problems="$problems${problems:+; }lxcrun-$cmd(8) not referenced in lxcrun.8"
	check "$cmd: page exists and lxcrun.8 lists it" "$problems"
done

# 2. rendering without warnings
if command -v groff >/dev/null; then
	render() { groff -man -Tutf8 -ww -z "$1" 2>&1; }
	how=groff
elif command -v man >/dev/null && man --help 2>&1 | grep -q -- --warnings; then
	render() { MANWIDTH=80 man --warnings -l "$1" 2>&1 >/dev/null; }
	how=man
else
	render=
	how=
fi
for page in "$man_dir"/lxcrun.8 $(for c in $commands; do echo "$man_dir/lxcrun-$c.8"; done); do
	[ -f "$page" ] || continue
	if [ -z "$how" ]; then
		ok "$(basename "$page") renders # SKIP neither groff nor man-db's man is installed"
		continue
	fi
	check "$(basename "$page") renders without warnings ($how)" "$(render "$page")"
done

# 3. options
missing=
for o in $(sed -n '/^static void usage/,/^}/p' src/main.c | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
	has_option "$man_dir/lxcrun.8" "$o" || missing="$missing $o"
done
check "lxcrun.8 documents the global options" "${missing:+missing:$missing}"
echo "$table" | while read -r cmd fn; do
	page=$man_dir/lxcrun-$cmd.8
	file=src/${fn}.c
	[ -f "$page" ] || continue
	opts=$(usage_options "$file")
	case $cmd in create | run)
		opts="$opts $(sed -n 's/^[[:space:]]*{"\([a-z-]*\)", *[a-z_]*_argument.*/--\1/p' src/create_opts.c)"
		;;
	esac
	missing=
	for o in $opts; do
		has_option "$page" "$o" || missing="$missing $o"
	done
	echo "$cmd|${missing}"
done >"${TMPDIR:-/tmp}/lxcrun-man.$$"
while IFS='|' read -r cmd missing; do
	check "lxcrun-$cmd.8 documents every option of $cmd's usage" "${missing:+missing:$missing}"
done <"${TMPDIR:-/tmp}/lxcrun-man.$$"
rm -f "${TMPDIR:-/tmp}/lxcrun-man.$$"

# 4. bash completion
check "bash -n $completion" "$(bash -n "$completion" 2>&1)"
complete_words() { # complete_words WORD...: what the completion offers for the last word
	bash -c '. "$1" || exit 1; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_lxcrun && printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@" 2>&1
}
got=$(complete_words lxcrun ex)
check "completion: lxcrun ex<TAB> gives exec" "$([ "$got" = exec ] || echo "got: $got")"
got=$(complete_words lxcrun "")
missing=
for cmd in $commands; do
	echo "$got" | grep -qx -- "$cmd" || missing="$missing $cmd"
done
check "completion offers every command of src/main.c" "${missing:+missing:$missing}"

echo "1..$n"
