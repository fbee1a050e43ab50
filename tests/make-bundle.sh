#!/bin/bash
# make-bundle.sh DIR [ARG...]
#
# Builds an OCI bundle in DIR from Debian's busybox-static (/bin/busybox):
#   DIR/rootfs       bin/busybox, one symlink per applet, /etc/passwd and
#                    /etc/group (root, nobody, user 1000), empty proc sys dev tmp
#   DIR/config.json  `lxcrun spec` with process.terminal false and process.args
#                    set to ARG... (default: true)
# Idempotent: running it again over an existing DIR leaves the same bundle.
# Needs: busybox-static, jq, and an lxcrun binary, found as $LXCRUN, else
# $LXCRUN_BUILD_DIR/src/lxcrun, else an in-tree or tests/tmp/build build, else PATH.
set -euo pipefail

usage() {
	echo "usage: $0 DIR [ARG...]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
case $1 in -h | --help) usage ;; esac
dir=$1
shift
[ $# -gt 0 ] || set -- true

busybox=${BUSYBOX:-/bin/busybox}
if [ ! -x "$busybox" ]; then
	echo "$0: $busybox not found: apt-get install busybox-static" >&2
	exit 1
fi
if ! command -v jq >/dev/null; then
	echo "$0: jq not found: apt-get install jq" >&2
	exit 1
fi

find_lxcrun() {
	local src
	src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	for c in "${LXCRUN:-}" "${LXCRUN_BUILD_DIR:+$LXCRUN_BUILD_DIR/src/lxcrun}" \
		"$src/src/lxcrun" "$src/tests/tmp/build/src/lxcrun" "$src/_build/src/lxcrun"; do
		if [ -n "$c" ] && [ -x "$c" ]; then
			echo "$c"
			return
		fi
	done
	command -v lxcrun || {
		echo "$0: no lxcrun binary: build it first or set LXCRUN" >&2
		exit 1
	}
}
lxcrun=$(find_lxcrun)

rootfs=$dir/rootfs
mkdir -p "$rootfs"/{bin,etc,proc,sys,dev,tmp}
chmod 1777 "$rootfs/tmp"
if ! cmp -s "$busybox" "$rootfs/bin/busybox"; then
	cp -f "$busybox" "$rootfs/bin/busybox.new"
	mv -f "$rootfs/bin/busybox.new" "$rootfs/bin/busybox"
fi
if [ "$(id -u)" = 0 ]; then
	# busybox creates every applet link itself (one process instead of one ln per
	# applet); in the chroot the link target is /bin/busybox, the image's own path
	chroot "$rootfs" /bin/busybox --install -s /bin
else
	for a in $("$busybox" --list); do
		[ -e "$rootfs/bin/$a" ] || ln -s busybox "$rootfs/bin/$a"
	done
fi

cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
user:x:1000:1000:user:/home/user:/bin/sh
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
tty:x:5:
users:x:100:user
user:x:1000:
nogroup:x:65534:
EOF

# `lxcrun spec` refuses to overwrite: generate in a scratch dir, edit, then rename
tmp=$(mktemp -d "$dir/.spec.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$lxcrun" spec --bundle "$tmp"
# each ARG as --arg aN: jq 1.6 would take an ARG such as -c for its own option
jqargs=()
for ((i = 1; i <= $#; i++)); do
	jqargs+=(--arg "a$i" "${!i}")
done
jq "${jqargs[@]}" --argjson n $# \
	'.process.terminal = false | .process.args = [range(1; $n + 1) as $i | $ARGS.named["a\($i)"]]' \
	<"$tmp/config.json" >"$tmp/config.json.new"
mv -f "$tmp/config.json.new" "$dir/config.json"
