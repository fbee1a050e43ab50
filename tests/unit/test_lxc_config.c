/* Golden tests of the spec -> lxc config translation.
 *
 * Each case is tests/unit/golden/<name>.json (a config.json) rendered with the
 * inputs given in the table below. A case either has <name>.lxc, the exact
 * expected config text, or <name>.err, a substring the error must contain.
 * LXCRUN_GOLDEN_UPDATE=1 rewrites the .lxc files (review the diff!). */
#include "config.h"
#include "lxc_config.h"
#include "spec.h"
#include "tap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GOLDEN_DIR
#error GOLDEN_DIR must name tests/unit/golden
#endif

typedef struct {
	const char *name;
	enum cgroup_layout layout;
	bool relative;
	const char *file_mounts; /* indices (as characters) of bind mounts whose source is a file */
} golden_case;

static const golden_case cases[] = {
    {"default-hybrid", CGROUP_LAYOUT_HYBRID, false, ""},
    {"default-unified", CGROUP_LAYOUT_UNIFIED, false, ""},
    {"default-relative", CGROUP_LAYOUT_HYBRID, true, ""},
    {"minimal", CGROUP_LAYOUT_HYBRID, false, ""},
    {"host-namespaces", CGROUP_LAYOUT_HYBRID, false, ""},
    {"joined-namespaces", CGROUP_LAYOUT_HYBRID, false, ""},
    {"userns", CGROUP_LAYOUT_HYBRID, false, ""},
    {"resources-v1", CGROUP_LAYOUT_HYBRID, false, ""},
    {"resources-v2", CGROUP_LAYOUT_UNIFIED, false, ""},
    {"unified-hybrid", CGROUP_LAYOUT_HYBRID, false, ""},
    {"mounts", CGROUP_LAYOUT_HYBRID, false, "7"},
    {"sysctl", CGROUP_LAYOUT_HYBRID, false, ""},
    {"devices", CGROUP_LAYOUT_HYBRID, false, ""},
    {"devices-v2", CGROUP_LAYOUT_UNIFIED, false, ""},
    {"podman-like", CGROUP_LAYOUT_HYBRID, false, "05"},
    /* errors */
    {"hooks-create", CGROUP_LAYOUT_HYBRID, false, ""},
    {"hooks-start-only", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-hostname-newline", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-dest-dotdot", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-dest-root", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-bind-data-option", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-recursive-option", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-lxc-option", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-option-comma", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-no-mount-ns", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-join-mount-ns", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-userns-no-maps", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-maps-no-userns", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-hostname-no-uts", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-sysctl-net-host", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-sysctl-host", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-sysctl-name", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-unified-legacy", CGROUP_LAYOUT_LEGACY, false, ""},
    {"err-unified-key", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-swappiness-v2", CGROUP_LAYOUT_UNIFIED, false, ""},
    {"err-swap-below-limit-v2", CGROUP_LAYOUT_UNIFIED, false, ""},
    {"err-two-cgroup-mounts", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-cgroup-mount-v2-hostns", CGROUP_LAYOUT_UNIFIED, false, ""},
    {"err-mount-no-type", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-device-rule-a-major", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-mount-label", CGROUP_LAYOUT_HYBRID, false, ""},
    {"err-cgroup-mount-dest", CGROUP_LAYOUT_HYBRID, false, ""},
};

static char *golden_path(const char *name, const char *ext)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s.%s", GOLDEN_DIR, name, ext) < 0)
		abort();
	return p;
}

/* Reads a golden file; NULL when it does not exist. */
static char *slurp(const char *name, const char *ext)
{
	char *path = golden_path(name, ext), *text;
	lxr_error *err = NULL;
	size_t len;

	text = read_file(path, &len, &err);
	lxr_error_free(&err);
	free(path);
	return text;
}

static void run_case(const golden_case *gc, bool update)
{
	char *json = slurp(gc->name, "json"), *want = slurp(gc->name, "lxc"),
	     *want_err = slurp(gc->name, "err"), *got = NULL;
	spec_config spec = {0};
	lxr_error *err = NULL;
	bool is_dir[64];
	lxc_config_input in = {
	    .id = "c1",
	    .rootfs = "/bundles/c1/rootfs",
	    .state_dir = "/run/lxcrun/c1",
	    .layout = gc->layout,
	    .cgroup_path = gc->relative ? "lxcrun-c1" : "lxcrun/c1",
	    .cgroup_relative = gc->relative,
	    .monitor_cgroup_path =
		gc->relative ? "lxcrun-c1.lxcrun-monitor" : "lxcrun/c1.lxcrun-monitor",
	    .pivot_cgroup_path = gc->relative ? "lxcrun-c1.lxcrun-pivot" : "lxcrun/c1.lxcrun-pivot",
	    .mount_source_is_dir = is_dir,
	    .hook_program = "/usr/libexec/lxcrun/lxcrun-hook",
	    .hook_ready_fd = 4,
	};

	for (size_t i = 0; i < 64; i++)
		is_dir[i] = strchr(gc->file_mounts, (int)('0' + i)) == NULL;
	if (!ok(json != NULL, "%s: golden json exists", gc->name))
		goto out;
	if (!ok(spec_parse(json, strlen(json), &spec, &err) == 0, "%s: parses (%s)", gc->name,
		err ? err->msg : ""))
		goto out;
	got = lxc_config_render(&spec, &in, &err);
	if (want_err != NULL) {
		want_err[strcspn(want_err, "\n")] = '\0';
		ok(got == NULL && err && strstr(err->msg, want_err),
		   "%s: fails with \"%s\" (got: %s)", gc->name, want_err,
		   err ? err->msg : "success");
		goto out;
	}
	if (update && got) {
		char *path = golden_path(gc->name, "lxc");
		FILE *f = fopen(path, "w");

		if (f) {
			fputs(got, f);
			fclose(f);
		}
		free(path);
		free(want);
		want = xstrdup(got);
	}
	if (!ok(got != NULL, "%s: renders (%s)", gc->name, err ? err->msg : ""))
		goto out;
	is_str(got, want, "%s: matches %s.lxc", gc->name, gc->name);
out:
	lxr_error_free(&err);
	spec_free(&spec);
	free(json);
	free(want);
	free(want_err);
	free(got);
}

/* The same input must give the same text (nothing depends on hidden state). */
static void test_deterministic(void)
{
	char *json = slurp("default-hybrid", "json"), *a = NULL, *b = NULL;
	spec_config spec = {0};
	lxr_error *err = NULL;
	bool is_dir[64] = {0};
	lxc_config_input in = {.id = "x",
			       .rootfs = "/r",
			       .state_dir = "/s",
			       .layout = CGROUP_LAYOUT_HYBRID,
			       .cgroup_path = "a",
			       .monitor_cgroup_path = "a.m",
			       .mount_source_is_dir = is_dir};

	if (json && spec_parse(json, strlen(json), &spec, &err) == 0) {
		a = lxc_config_render(&spec, &in, &err);
		b = lxc_config_render(&spec, &in, &err);
	}
	ok(a && b && strcmp(a, b) == 0, "rendering twice gives the same text");
	lxr_error_free(&err);
	spec_free(&spec);
	free(json);
	free(a);
	free(b);
}

int main(void)
{
	const char *u = getenv("LXCRUN_GOLDEN_UPDATE");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i], u && *u == '1');
	test_deterministic();
	return tap_done();
}
