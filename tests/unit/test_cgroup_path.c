/* cgroup_resolve_path: linux.cgroupsPath in all its forms (pure, no cgroupfs). */
#include "config.h"
#include "cgroup.h"
#include "tap.h"

#include <stdlib.h>

/* Resolves and compares; want NULL means an error containing want_err. */
static void check(const char *in, bool systemd, const char *want, bool want_rel,
		  const char *want_err)
{
	char *path = NULL;
	bool rel = false;
	lxr_error *err = NULL;
	int r = cgroup_resolve_path(in, "c1", systemd, &path, &rel, &err);

	if (want) {
		if (ok(r == 0, "\"%s\"%s resolves (%s)", in ? in : "(null)",
		       systemd ? " (systemd)" : "", err ? err->msg : ""))
			is_str(path, want, "\"%s\" -> %s", in ? in : "(null)", want);
		ok(rel == want_rel, "\"%s\" is %s", in ? in : "(null)",
		   want_rel ? "relative" : "absolute");
	} else {
		ok(r < 0 && err && strstr(err->msg, want_err), "\"%s\" fails with \"%s\" (%s)", in,
		   want_err, err ? err->msg : "success");
	}
	free(path);
	lxr_error_free(&err);
}

int main(void)
{
	check(NULL, false, "lxcrun-c1", true, NULL);
	check("", false, "lxcrun-c1", true, NULL);
	check("/a/b", false, "a/b", false, NULL);
	check("/a/b/", false, "a/b", false, NULL);
	check("a/b", false, "a/b", true, NULL);
	check("//x", false, "x", false, NULL);
	check("/", false, NULL, false, "root cgroup");
	check("/a/../b", false, NULL, false, "..");
	check("system.slice:libpod:abc", true, "system.slice/libpod-abc.scope", false, NULL);
	check("machine-x.slice:p:n", true, "machine.slice/machine-x.slice/p-n.scope", false, NULL);
	check(":p:n", true, "system.slice/p-n.scope", false, NULL);
	check("-.slice:p:n", true, "system.slice/p-n.scope", false, NULL);
	check("a.slice::n.slice", true, "a.slice/n.slice", false, NULL);
	check("a.slice:n", true, NULL, false, "slice:prefix:name");
	check("/abs/with/systemd", true, "abs/with/systemd", false, NULL);
	return tap_done();
}
