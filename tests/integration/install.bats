#!/usr/bin/env bats
# make install / make uninstall: the files land where the prefix says, and the
# installed lxcrun runs containers with its installed helpers. The helpers'
# path is compiled in (LIBEXECDIR), so a DESTDIR staging copy cannot run: this
# configures a second build with a prefix inside the test dir instead.

load helpers

# a configure, build and install of the whole tree: minutes on a busy machine
BATS_TEST_TIMEOUT=900

setup() {
	lxrt_setup
	[ -x "$LXCRUN_SRC_DIR/configure" ] || skip "no configure in $LXCRUN_SRC_DIR (run ./autogen.sh)"
	# minutes of building: once per suite run is enough
	[ "${LXCRUN_TEST_CGROUP_MODE:-}" != v2 ] ||
		skip "installing does not depend on the cgroup layout: the host pass covers it"
	# automake refuses a second (VPATH) build of a tree configured in-tree
	[ ! -f "$LXCRUN_SRC_DIR/config.status" ] ||
		skip "the source tree is configured in-tree: a build with another prefix needs a clean tree"
}

@test "make install puts lxcrun, its helpers, man pages and completion under the prefix; the installed lxcrun runs a container; make uninstall removes them" {
	local prefix=$TEST_DIR/prefix build=$TEST_DIR/build pages installed id
	mkdir "$build"
	(cd "$build" && "$LXCRUN_SRC_DIR/configure" --prefix="$prefix" --disable-integration-tests \
		>"$TEST_DIR/configure.log" 2>&1) ||
		{ tail -20 "$TEST_DIR/configure.log" >&2; false; }
	make -C "$build" -j2 install >"$TEST_DIR/install.log" 2>&1 ||
		{ tail -30 "$TEST_DIR/install.log" >&2; false; }

	[ -x "$prefix/bin/lxcrun" ]
	for h in lxcrun-start lxcrun-init lxcrun-hook; do
		[ -x "$prefix/libexec/lxcrun/$h" ] || { echo "no $prefix/libexec/lxcrun/$h" >&2; false; }
	done
	# every page of the source tree, and the completion
	pages=$(cd "$LXCRUN_SRC_DIR/doc/man" && ls ./*.8 | sort)
	installed=$(cd "$prefix/share/man/man8" && ls ./*.8 | sort)
	assert_equal "$installed" "$pages" "installed man pages"
	[ -f "$prefix/share/bash-completion/completions/lxcrun" ]

	# --version: version, commit, liblxc, spec
	run "$prefix/bin/lxcrun" --version
	assert_status 0
	assert_match "${lines[0]}" '^lxcrun version [0-9]+\.[0-9]+\.[0-9]+' "version line"
	if [ -e "$LXCRUN_SRC_DIR/.git" ]; then
		assert_equal "${lines[1]}" "commit: $(git -C "$LXCRUN_SRC_DIR" rev-parse --short HEAD)" "commit line"
	else
		assert_match "${lines[1]}" '^commit: ([0-9a-f]{7,}|unknown)$' "commit line"
	fi
	assert_equal "${lines[2]}" "liblxc: $(pkg-config --modversion lxc)" "liblxc line"
	assert_equal "${lines[3]}" "spec: 1.2.0" "spec line"

	# the installed binary finds its installed helpers (no LXCRUN_LIBEXEC_DIR):
	# lxcrun-start and lxcrun-init for every container, lxcrun-hook for a prestart hook
	id=$(new_id inst)
	set_args echo from-installed
	update_config --arg out "$TEST_DIR/prestart.out" \
		'.hooks.prestart = [{path: "/bin/sh", args: ["sh", "-c", "echo ran > \($out)"]}]'
	run env -u LXCRUN_LIBEXEC_DIR "$prefix/bin/lxcrun" --root "$ROOT" run -b "$BUNDLE" "$id" </dev/null
	assert_status 0
	assert_equal "$output" from-installed "the container's output"
	assert_equal "$(cat "$TEST_DIR/prestart.out")" ran "the prestart hook"

	make -C "$build" uninstall >"$TEST_DIR/uninstall.log" 2>&1 ||
		{ tail -20 "$TEST_DIR/uninstall.log" >&2; false; }
	assert_equal "$(find "$prefix" -type f -o -type l)" "" "files left after uninstall"
	assert_nothing_left
}
