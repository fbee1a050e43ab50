/* Unit tests of the standalone lxc translation (lxc-export): golden cases in
 * tests/unit/golden, export-<case>.json rendered into export-<case>.lxc, or
 * failing with the message start in export-<case>.err.
 * LXCRUN_GOLDEN_UPDATE=1 rewrites the .lxc files from the current output. */
#include "config.h"
#include "lxc_export.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#ifndef GOLDEN_DIR
#error GOLDEN_DIR must name tests/unit/golden
#endif

static const char *const cases[] = {
    "export-default",
    "export-user",
    "export-err-seccomp",
    "export-err-hook",
    "export-err-args-blank",
    "export-err-umask",
    "export-err-caps-effective",
    "export-err-caps-inheritable",
    "export-err-nonroot-caps",
    "export-err-bind-nosuid",
    "export-err-propagation",
    "export-err-devices",
    "export-err-masked-dotdot",
    "export-err-scheduler",
    "export-err-readonly-image",
};

/* Reads GOLDEN_DIR/name.ext; NULL when it does not exist. */
static char *slurp(const char *name, const char *ext)
{
	char *path = NULL, *text;
	lxr_error *err = NULL;
	size_t len;

	if (asprintf(&path, "%s/%s.%s", GOLDEN_DIR, name, ext) < 0)
		abort();
	text = read_file(path, &len, &err);
	lxr_error_free(&err);
	free(path);
	return text;
}

static void update(const char *name, const char *text)
{
	char *path = NULL;
	FILE *f;

	if (asprintf(&path, "%s/%s.lxc", GOLDEN_DIR, name) < 0)
		abort();
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static void run_case(const char *name, bool upd)
{
	char *json = slurp(name, "json"), *want = slurp(name, "lxc"),
	     *want_err = slurp(name, "err"), *got = NULL;
	spec_config spec = {0};
	lxr_error *err = NULL;
	bool is_dir[64];
	lxc_config_input in = {
	    .id = "web",
	    .rootfs = "/srv/bundle/rootfs",
	    .state_dir = "/var/lib/lxc/web",
	    .layout = CGROUP_LAYOUT_HYBRID,
	    .cgroups = cg_support_full(CGROUP_LAYOUT_HYBRID),
	    .mount_source_is_dir = is_dir,
	    .hook_ready_fd = -1,
	    .standalone = true,
	};

	for (size_t i = 0; i < 64; i++)
		is_dir[i] = true;
	if (!ok(json != NULL, "%s: golden json exists", name) ||
	    !ok(spec_parse(json, strlen(json), &spec, &err) == 0, "%s: parses (%s)", name,
		err ? err->msg : ""))
		goto out;
	if (spec.linux_.cgroups_path) {
		/* what the command passes for an absolute cgroupsPath */
		in.cgroup_path = spec.linux_.cgroups_path + 1;
		in.monitor_cgroup_path = "exported/c1.lxc-monitor";
	}
	got = lxc_export_render(&spec, &in, "/var/lib/lxc/web/rootfs.mnt", &err);
	if (want_err != NULL) {
		want_err[strcspn(want_err, "\n")] = '\0';
		ok(got == NULL && err && strncmp(err->msg, want_err, strlen(want_err)) == 0,
		   "%s: fails with \"%s\" (got: %s)", name, want_err, err ? err->msg : "success");
		goto out;
	}
	if (upd && got) {
		update(name, got);
		free(want);
		want = xstrdup(got);
	}
	if (ok(got != NULL, "%s: renders (%s)", name, err ? err->msg : ""))
		is_str(got, want, "%s: matches %s.lxc", name, name);
out:
	lxr_error_free(&err);
	spec_free(&spec);
	free(json);
	free(want);
	free(want_err);
	free(got);
}

/* lxcrun's own configs keep their runtime keys; only the export drops them. */
static void test_lxcrun_mode_refused(void)
{
	char *json = slurp("export-default", "json"), *got = NULL;
	spec_config spec = {0};
	lxr_error *err = NULL;
	lxc_config_input in = {.rootfs = "/r", .state_dir = "/s"};

	if (json && spec_parse(json, strlen(json), &spec, &err) == 0)
		got = lxc_export_render(&spec, &in, "/m", &err);
	ok(got == NULL && err != NULL, "export needs a standalone input");
	lxr_error_free(&err);
	spec_free(&spec);
	free(json);
	free(got);
}

int main(void)
{
	const char *u = getenv("LXCRUN_GOLDEN_UPDATE");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(cases[i], u && *u == '1');
	test_lxcrun_mode_refused();
	return tap_done();
}
