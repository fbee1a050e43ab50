# Loaded by the client suites (`load clients` after `load helpers`), which run
# under tests/integration/bats-env like the integration tests.
#
# A real client (podman, containerd, dockerd) finds the runtime by path and
# passes it only part of our environment, so each suite drives lxcrun through
# $CLIENT_RUNTIME: a script named `lxcrun` (clients decide by basename, e.g.
# podman's runtime_supports_json) that sets LXCRUN_LIBEXEC_DIR for the
# uninstalled helpers and execs the build's binary.

# The wrapper, made once per file under the run dir.
CLIENT_BIN=$LXCRUN_TEST_RUN/client-bin
CLIENT_RUNTIME=$CLIENT_BIN/lxcrun
if [ ! -x "$CLIENT_RUNTIME" ]; then
	mkdir -p "$CLIENT_BIN"
	printf '#!/bin/sh\nLXCRUN_LIBEXEC_DIR=%s exec %s "$@"\n' \
		"$LXCRUN_LIBEXEC_DIR" "$LXCRUN" >"$CLIENT_RUNTIME.tmp"
	chmod 755 "$CLIENT_RUNTIME.tmp"
	mv "$CLIENT_RUNTIME.tmp" "$CLIENT_RUNTIME"
fi

# require_client CMD PACKAGE: skips the test (saying why) unless CMD is installed.
require_client() {
	command -v "$1" >/dev/null || skip "$1 is not installed (apt-get install $2)"
}

# rootfs_tar FILE: a tar of the run's busybox rootfs (for `podman import`,
# `docker import` and image building).
rootfs_tar() {
	tar -C "$LXCRUN_TEST_RUN/template/rootfs" -cf "$1" .
}
