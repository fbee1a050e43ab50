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
	const cg_support *support; /* NULL: the hybrid test host, or every controller of layout */
} golden_case;

/* The project's Debian hosts: v1 controllers but hugetlb, which only cgroup2
 * offers; blkio weights are BFQ's. */
static const cg_support hybrid_host = {
    .v1 =
	CG_BIT(CG_CPU) | CG_BIT(CG_CPUSET) | CG_BIT(CG_MEMORY) | CG_BIT(CG_PIDS) | CG_BIT(CG_BLKIO),
    .v2 = CG_BIT(CG_HUGETLB),
    .features = CG_FEAT_MEMSW | CG_FEAT_KMEM_TCP | CG_FEAT_BLKIO_BFQ | CG_FEAT_HUGETLB_RSVD,
};
/* Their emulated pure v2 mode: the v1-bound controllers do not appear in cgroup2. */
static const cg_support emulated_v2 = {.v2 = CG_BIT(CG_HUGETLB), .features = CG_FEAT_HUGETLB_RSVD};

static const golden_case cases[] = {
    {"default-hybrid", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"default-unified", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"default-relative", CGROUP_LAYOUT_HYBRID, true, "", NULL},
    {"minimal", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"host-namespaces", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"joined-namespaces", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"userns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"timens", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"mounts-recursive", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"mounts-idmap", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"resources-v1", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"resources-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"unified-hybrid", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"mounts", CGROUP_LAYOUT_HYBRID, false, "7", NULL},
    {"sysctl", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"devices", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"devices-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"podman-like", CGROUP_LAYOUT_HYBRID, false, "05", NULL},
    /* errors */
    {"hooks-create", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"hooks-start-only", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-hostname-newline", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-dest-dotdot", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-dest-root", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-proc-bind", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-proc-tmpfs", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-proc-bind-root", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-bind-data-option", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-tmpcopyup-bind", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-recursive-submount", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-idmap-no-userns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-idmap-other-maps", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-idmap-rbind", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-idmap-not-bind", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-lxc-option", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-option-comma", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-no-mount-ns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-join-mount-ns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-userns-no-maps", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-timens-no-ns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-timens-both", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"userns-joined", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-maps-no-userns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-hostname-no-uts", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-sysctl-net-host", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-sysctl-host", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-sysctl-name", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-unified-legacy", CGROUP_LAYOUT_LEGACY, false, "", NULL},
    {"err-unified-key", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-swappiness-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-swap-below-limit-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-two-cgroup-mounts", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-cgroup-mount-v2-hostns", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-mount-no-type", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-device-rule-a-major", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-mount-label", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-cgroup-mount-dest", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    /* every linux.resources field, per layout */
    {"resources-all-v1", CGROUP_LAYOUT_LEGACY, false, "", NULL},
    {"resources-all-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"resources-hybrid", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"resources-zero", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"resources-unlimited-v1", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"resources-unlimited-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-no-memory-controller", CGROUP_LAYOUT_UNIFIED, false, "", &emulated_v2},
    {"err-network-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-network-unmounted", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-rdma-none", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-realtime-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-leaf-weight-bfq", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-leaf-weight-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-use-hierarchy-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    {"err-swap-below-limit-v1", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-oom-v2", CGROUP_LAYOUT_UNIFIED, false, "", NULL},
    /* linux.netDevices (with the addresses of netdev_addrs below) */
    {"netdevices", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-netdevices-no-netns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-netdevices-joined-netns", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-netdevices-same-name", CGROUP_LAYOUT_HYBRID, false, "", NULL},
    {"err-netdevices-lo", CGROUP_LAYOUT_HYBRID, false, "", NULL},
};

/* The host addresses create would have read for the netDevices cases. */
static const lxc_netdev_addr netdev_addrs[] = {
    {"eth1", false, "192.0.2.10/24"},
    {"eth1", true, "2001:db8::10/64"},
    {"eth3", false, "198.51.100.1/32"},
    {"other", false, "203.0.113.1/24"},
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
	    .cgroups = gc->support			    ? *gc->support
		       : gc->layout == CGROUP_LAYOUT_HYBRID ? hybrid_host
							    : cg_support_full(gc->layout),
	    .cgroup_path = gc->relative ? "lxcrun-c1" : "lxcrun/c1",
	    .cgroup_relative = gc->relative,
	    .monitor_cgroup_path =
		gc->relative ? "lxcrun-c1.lxcrun-monitor" : "lxcrun/c1.lxcrun-monitor",
	    .pivot_cgroup_path = gc->relative ? "lxcrun-c1.lxcrun-pivot" : "lxcrun/c1.lxcrun-pivot",
	    .mount_source_is_dir = is_dir,
	    .hook_program = "/usr/libexec/lxcrun/lxcrun-hook",
	    .hook_ready_fd = 4,
	    .netdev_addrs = netdev_addrs,
	    .n_netdev_addrs = sizeof(netdev_addrs) / sizeof(netdev_addrs[0]),
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
			       .cgroups = hybrid_host,
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

/* On hybrid hosts the plan's cgroup2 settings (absent from the lxc config,
 * which liblxc would ignore) are the ones create writes itself. */
static void test_hybrid_v2_plan(void)
{
	char *json = slurp("resources-hybrid", "json");
	spec_config spec = {0};
	lxr_error *err = NULL;
	cg_plan plan = {0};
	strbuf v2 = {0};

	if (json && spec_parse(json, strlen(json), &spec, &err) == 0 &&
	    cg_plan_resources(&spec.linux_.resources, CGROUP_LAYOUT_HYBRID, &hybrid_host, &plan,
			      &err) == 0) {
		for (size_t i = 0; i < plan.n; i++)
			if (plan.v[i].v2)
				sb_addf(&v2, "%s=%s;", plan.v[i].file, plan.v[i].value);
		is_str(v2.buf,
		       "hugetlb.2MB.max=4194304;hugetlb.2MB.rsvd.max=4194304;"
		       "cgroup.max.descendants=5;",
		       "hybrid: hugetlb and unified are the cgroup2 settings");
		ok(plan.n_warnings == 0, "hybrid: no warnings");
	} else
		ok(0, "resources-hybrid plans (%s)", err ? err->msg : "?");
	cg_plan_free(&plan);
	sb_free(&v2);
	lxr_error_free(&err);
	spec_free(&spec);
	free(json);
}

int main(void)
{
	const char *u = getenv("LXCRUN_GOLDEN_UPDATE");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i], u && *u == '1');
	test_deterministic();
	test_hybrid_v2_plan();
	return tap_done();
}
