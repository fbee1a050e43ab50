/* linux.resources -> (cgroup file, value) pairs, with the conversions runc uses
 * where the spec speaks in cgroup v1 terms and the host is v2. Pure. */
#include "config.h"
#include "cgroup_plan.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define RES "linux.resources."

static const char *const v1_names[CG_N_CONTROLLERS] = {
    [CG_CPU] = "cpu",	      [CG_CPUSET] = "cpuset",	  [CG_MEMORY] = "memory",
    [CG_PIDS] = "pids",	      [CG_BLKIO] = "blkio",	  [CG_HUGETLB] = "hugetlb",
    [CG_NET_CLS] = "net_cls", [CG_NET_PRIO] = "net_prio", [CG_RDMA] = "rdma",
};

const char *cg_controller_name(enum cg_controller c, bool v2)
{
	if ((unsigned)c >= CG_N_CONTROLLERS)
		return "unknown";
	return v2 && c == CG_BLKIO ? "io" : v1_names[c];
}

int cg_controller_from_name(const char *name)
{
	if (strcmp(name, "io") == 0)
		return CG_BLKIO;
	for (int i = 0; i < CG_N_CONTROLLERS; i++)
		if (strcmp(name, v1_names[i]) == 0)
			return i;
	return -1;
}

cg_support cg_support_full(enum cgroup_layout layout)
{
	unsigned all = (1u << CG_N_CONTROLLERS) - 1;
	cg_support s = {.features = CG_FEAT_MEMSW | CG_FEAT_KMEM_TCP | CG_FEAT_HUGETLB_RSVD};

	if (layout == CGROUP_LAYOUT_UNIFIED)
		s.v2 = all & ~(CG_BIT(CG_NET_CLS) | CG_BIT(CG_NET_PRIO));
	else
		s.v1 = all;
	return s;
}

typedef struct {
	const cg_support *s;
	cg_plan *p;
	lxr_error **err;
} plan_ctx;

/* Appends one setting; values come from numbers or checked strings, but a line
 * break would still inject lxc config, so it is refused here for every caller. */
static int add(plan_ctx *c, enum cg_controller ctrl, bool v2, const char *field, const char *file,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static int add(plan_ctx *c, enum cg_controller ctrl, bool v2, const char *field, const char *file,
	       const char *fmt, ...)
{
	cg_setting *st;
	char *value = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (strpbrk(value, "\n\r") != NULL || strpbrk(file, "\n\r/") != NULL) {
		free(value);
		return lxr_error_set(c->err, EINVAL, "%s: must not contain a newline", field);
	}
	c->p->v = realloc(c->p->v, (c->p->n + 1) * sizeof(*c->p->v));
	if (c->p->v == NULL)
		abort();
	st = &c->p->v[c->p->n++];
	*st = (cg_setting){
	    .ctrl = ctrl, .v2 = v2, .field = xstrdup(field), .file = xstrdup(file), .value = value};
	return 0;
}

static void warn(plan_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(plan_ctx *c, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	c->p->warnings = realloc(c->p->warnings, (c->p->n_warnings + 1) * sizeof(char *));
	if (c->p->warnings == NULL)
		abort();
	c->p->warnings[c->p->n_warnings++] = msg;
}

/* Where ctrl lives: its v1 hierarchy if mounted, else cgroup2; an error naming
 * field when the host has neither. */
static int locate(plan_ctx *c, enum cg_controller ctrl, const char *field, bool *v2)
{
	if (c->s->v1 & CG_BIT(ctrl)) {
		*v2 = false;
		return 0;
	}
	if (c->s->v2 & CG_BIT(ctrl)) {
		*v2 = true;
		return 0;
	}
	return lxr_error_set(c->err, ENOTSUP,
			     "%s: this host has no %s controller (no cgroup v1 hierarchy for it, "
			     "and cgroup2 does not offer it)",
			     field, v1_names[ctrl]);
}

/* "max" for the negative (unlimited) values, else the number. */
static int add_max(plan_ctx *c, enum cg_controller ctrl, const char *field, const char *file,
		   int64_t v)
{
	if (v < 0)
		return add(c, ctrl, true, field, file, "max");
	return add(c, ctrl, true, field, file, "%" PRId64, v);
}

/* ---- memory ---- */

static const char *memory_first(const spec_resources *r)
{
	if (r->has_memory_limit && r->memory_limit != 0)
		return RES "memory.limit";
	if (r->has_memory_reservation && r->memory_reservation != 0)
		return RES "memory.reservation";
	if (r->has_memory_swap && r->memory_swap != 0)
		return RES "memory.swap";
	if (r->has_memory_swappiness)
		return RES "memory.swappiness";
	if (r->has_disable_oom_killer && r->disable_oom_killer)
		return RES "memory.disableOOMKiller";
	if (r->has_memory_kernel_tcp && r->memory_kernel_tcp != 0)
		return RES "memory.kernelTCP";
	if (r->has_memory_use_hierarchy)
		return RES "memory.useHierarchy";
	return NULL;
}

/* The spec's swap is memory+swap (v1's memsw); it cannot be below the limit. */
static int check_swap(plan_ctx *c, const spec_resources *r)
{
	int64_t limit = r->has_memory_limit ? r->memory_limit : 0;

	if (r->has_memory_swap && r->memory_swap > 0 && limit > 0 && r->memory_swap < limit)
		return lxr_error_set(c->err, EINVAL,
				     RES "memory.swap: %" PRId64 " is below memory.limit %" PRId64,
				     r->memory_swap, limit);
	return 0;
}

static int memory_v1(plan_ctx *c, const spec_resources *r)
{
	bool memsw = c->s->features & CG_FEAT_MEMSW;
	size_t first = c->p->n;

	if (r->has_memory_limit && r->memory_limit != 0 &&
	    add(c, CG_MEMORY, false, RES "memory.limit", "memory.limit_in_bytes", "%" PRId64,
		r->memory_limit) < 0)
		return -1;
	if (r->check_before_update && c->p->n > first)
		c->p->v[first].check_usage = true;
	if (r->has_memory_reservation && r->memory_reservation != 0 &&
	    add(c, CG_MEMORY, false, RES "memory.reservation", "memory.soft_limit_in_bytes",
		"%" PRId64, r->memory_reservation) < 0)
		return -1;
	if (r->has_memory_swap && r->memory_swap != 0) {
		if (!memsw)
			return lxr_error_set(c->err, ENOTSUP,
					     RES "memory.swap: this host has no swap accounting "
						 "(memory.memsw.limit_in_bytes)");
		if (add(c, CG_MEMORY, false, RES "memory.swap", "memory.memsw.limit_in_bytes",
			"%" PRId64, r->memory_swap) < 0)
			return -1;
	} else if (memsw && r->has_memory_limit && r->memory_limit == -1) {
		/* unlimited memory means unlimited memory+swap too (runc does the same) */
		if (add(c, CG_MEMORY, false, RES "memory.limit", "memory.memsw.limit_in_bytes",
			"-1") < 0)
			return -1;
	}
	if (r->has_memory_swappiness &&
	    add(c, CG_MEMORY, false, RES "memory.swappiness", "memory.swappiness", "%" PRIu64,
		r->memory_swappiness) < 0)
		return -1;
	if (r->has_disable_oom_killer && r->disable_oom_killer &&
	    add(c, CG_MEMORY, false, RES "memory.disableOOMKiller", "memory.oom_control", "1") < 0)
		return -1;
	if (r->has_memory_kernel_tcp && r->memory_kernel_tcp != 0) {
		if (!(c->s->features & CG_FEAT_KMEM_TCP))
			warn(c, RES "memory.kernelTCP: ignored, this kernel has no "
				    "memory.kmem.tcp.limit_in_bytes (deprecated)");
		else if (add(c, CG_MEMORY, false, RES "memory.kernelTCP",
			     "memory.kmem.tcp.limit_in_bytes", "%" PRId64,
			     r->memory_kernel_tcp) < 0)
			return -1;
	}
	if (r->has_memory_use_hierarchy &&
	    add(c, CG_MEMORY, false, RES "memory.useHierarchy", "memory.use_hierarchy", "%d",
		r->memory_use_hierarchy ? 1 : 0) < 0)
		return -1;
	return 0;
}

/* The spec's memory+swap as v2's memory.swap.max (swap alone), runc's rules:
 * 0 leaves it alone (unless the limit is unlimited: then swap is too), -1 is max. */
static int memory_v2_swap(plan_ctx *c, const spec_resources *r)
{
	int64_t limit = r->has_memory_limit ? r->memory_limit : 0;
	int64_t swap = r->has_memory_swap ? r->memory_swap : 0;

	if (swap == 0 && limit == -1)
		return add(c, CG_MEMORY, true, RES "memory.limit", "memory.swap.max", "max");
	if (swap == 0)
		return 0;
	if (swap == -1)
		return add(c, CG_MEMORY, true, RES "memory.swap", "memory.swap.max", "max");
	if (limit <= 0)
		return lxr_error_set(c->err, EINVAL,
				     RES "memory.swap: needs a memory limit on cgroup v2");
	return add(c, CG_MEMORY, true, RES "memory.swap", "memory.swap.max", "%" PRId64,
		   swap - limit);
}

static int memory_v2(plan_ctx *c, const spec_resources *r)
{
	if (r->has_memory_swappiness)
		return lxr_error_set(c->err, ENOTSUP,
				     RES "memory.swappiness: cgroup v2 has no swappiness");
	if (r->has_disable_oom_killer && r->disable_oom_killer)
		return lxr_error_set(c->err, ENOTSUP,
				     RES "memory.disableOOMKiller: not available on cgroup v2");
	if (r->has_memory_use_hierarchy && !r->memory_use_hierarchy)
		return lxr_error_set(c->err, ENOTSUP,
				     RES "memory.useHierarchy: cgroup v2 is always hierarchical");
	if (r->has_memory_limit && r->memory_limit != 0) {
		if (add_max(c, CG_MEMORY, RES "memory.limit", "memory.max", r->memory_limit) < 0)
			return -1;
		c->p->v[c->p->n - 1].check_usage = r->check_before_update;
	}
	if (r->has_memory_reservation && r->memory_reservation != 0 &&
	    add_max(c, CG_MEMORY, RES "memory.reservation", "memory.low", r->memory_reservation) <
		0)
		return -1;
	if (memory_v2_swap(c, r) < 0)
		return -1;
	if (r->has_memory_kernel_tcp && r->memory_kernel_tcp != 0)
		warn(c, RES "memory.kernelTCP: ignored, cgroup v2 has no TCP memory limit "
			    "(deprecated)");
	return 0;
}

static int plan_memory(plan_ctx *c, const spec_resources *r)
{
	const char *first = memory_first(r);
	bool v2 = false;

	/* as runc: kernel memory limits are gone from current kernels */
	if (r->has_memory_kernel && r->memory_kernel != 0)
		warn(c, RES "memory.kernel: ignored, kernel memory limits are deprecated");
	if (first == NULL)
		return 0;
	if (check_swap(c, r) < 0 || locate(c, CG_MEMORY, first, &v2) < 0)
		return -1;
	return v2 ? memory_v2(c, r) : memory_v1(c, r);
}

/* ---- cpu, cpuset ---- */

static const char *cpu_first(const spec_resources *r)
{
	if (r->has_cpu_shares && r->cpu_shares != 0)
		return RES "cpu.shares";
	if (r->has_cpu_quota && r->cpu_quota != 0)
		return RES "cpu.quota";
	if (r->has_cpu_period && r->cpu_period != 0)
		return RES "cpu.period";
	if (r->has_cpu_rt_runtime && r->cpu_rt_runtime != 0)
		return RES "cpu.realtimeRuntime";
	if (r->has_cpu_rt_period && r->cpu_rt_period != 0)
		return RES "cpu.realtimePeriod";
	if (r->has_cpu_burst)
		return RES "cpu.burst";
	if (r->has_cpu_idle)
		return RES "cpu.idle";
	return NULL;
}

static int cpu_v1(plan_ctx *c, const spec_resources *r)
{
	if (r->has_cpu_shares && r->cpu_shares != 0 &&
	    add(c, CG_CPU, false, RES "cpu.shares", "cpu.shares", "%" PRIu64, r->cpu_shares) < 0)
		return -1;
	/* the period first: the kernel checks the quota against it */
	if (r->has_cpu_period && r->cpu_period != 0 &&
	    add(c, CG_CPU, false, RES "cpu.period", "cpu.cfs_period_us", "%" PRIu64,
		r->cpu_period) < 0)
		return -1;
	if (r->has_cpu_quota && r->cpu_quota != 0 &&
	    add(c, CG_CPU, false, RES "cpu.quota", "cpu.cfs_quota_us", "%" PRId64, r->cpu_quota) <
		0)
		return -1;
	if (r->has_cpu_burst && add(c, CG_CPU, false, RES "cpu.burst", "cpu.cfs_burst_us",
				    "%" PRIu64, r->cpu_burst) < 0)
		return -1;
	if (r->has_cpu_rt_period && r->cpu_rt_period != 0 &&
	    add(c, CG_CPU, false, RES "cpu.realtimePeriod", "cpu.rt_period_us", "%" PRIu64,
		r->cpu_rt_period) < 0)
		return -1;
	if (r->has_cpu_rt_runtime && r->cpu_rt_runtime != 0 &&
	    add(c, CG_CPU, false, RES "cpu.realtimeRuntime", "cpu.rt_runtime_us", "%" PRId64,
		r->cpu_rt_runtime) < 0)
		return -1;
	if (r->has_cpu_idle &&
	    add(c, CG_CPU, false, RES "cpu.idle", "cpu.idle", "%" PRId64, r->cpu_idle) < 0)
		return -1;
	return 0;
}

/* runc's mapping of shares (2..262144) onto cpu.weight (1..10000). */
static uint64_t shares_to_weight(uint64_t shares)
{
	uint64_t s = shares < 2 ? 2 : shares > 262144 ? 262144 : shares;

	return 1 + ((s - 2) * 9999) / 262142;
}

static int cpu_v2(plan_ctx *c, const spec_resources *r)
{
	bool quota = r->has_cpu_quota && r->cpu_quota != 0;
	bool period = r->has_cpu_period && r->cpu_period != 0;

	if ((r->has_cpu_rt_runtime && r->cpu_rt_runtime != 0) ||
	    (r->has_cpu_rt_period && r->cpu_rt_period != 0))
		return lxr_error_set(
		    c->err, ENOTSUP, RES "cpu.%s: cgroup v2 has no realtime CPU limits",
		    r->has_cpu_rt_runtime && r->cpu_rt_runtime != 0 ? "realtimeRuntime"
								    : "realtimePeriod");
	if (r->has_cpu_shares && r->cpu_shares != 0 &&
	    add(c, CG_CPU, true, RES "cpu.shares", "cpu.weight", "%" PRIu64,
		shares_to_weight(r->cpu_shares)) < 0)
		return -1;
	/* cpu.max is "QUOTA [PERIOD]": a quota alone keeps the period; a period
	 * alone needs a quota word, "max" on a new cgroup (update fills in the
	 * current quota before planning) */
	if (quota || period) {
		char q[32] = "max";

		if (quota && r->cpu_quota > 0)
			snprintf(q, sizeof(q), "%" PRId64, r->cpu_quota);
		if (period ? add(c, CG_CPU, true, quota ? RES "cpu.quota" : RES "cpu.period",
				 "cpu.max", "%s %" PRIu64, q, r->cpu_period) < 0
			   : add(c, CG_CPU, true, RES "cpu.quota", "cpu.max", "%s", q) < 0)
			return -1;
	}
	if (r->has_cpu_burst &&
	    add(c, CG_CPU, true, RES "cpu.burst", "cpu.max.burst", "%" PRIu64, r->cpu_burst) < 0)
		return -1;
	if (r->has_cpu_idle &&
	    add(c, CG_CPU, true, RES "cpu.idle", "cpu.idle", "%" PRId64, r->cpu_idle) < 0)
		return -1;
	return 0;
}

static int plan_cpu(plan_ctx *c, const spec_resources *r)
{
	const char *first = cpu_first(r);
	bool v2 = false;

	if (first != NULL) {
		if (locate(c, CG_CPU, first, &v2) < 0 || (v2 ? cpu_v2(c, r) : cpu_v1(c, r)) < 0)
			return -1;
	}
	/* "" is what clients send for "leave it": an empty cpuset would starve the container */
	if (r->cpu_cpus && *r->cpu_cpus &&
	    (locate(c, CG_CPUSET, RES "cpu.cpus", &v2) < 0 ||
	     add(c, CG_CPUSET, v2, RES "cpu.cpus", "cpuset.cpus", "%s", r->cpu_cpus) < 0))
		return -1;
	if (r->cpu_mems && *r->cpu_mems &&
	    (locate(c, CG_CPUSET, RES "cpu.mems", &v2) < 0 ||
	     add(c, CG_CPUSET, v2, RES "cpu.mems", "cpuset.mems", "%s", r->cpu_mems) < 0))
		return -1;
	return 0;
}

static int plan_pids(plan_ctx *c, const spec_resources *r)
{
	bool v2 = false;

	/* 0 is "unset" for runc and docker; negative is unlimited */
	if (!r->has_pids_limit || r->pids_limit == 0)
		return 0;
	if (locate(c, CG_PIDS, RES "pids.limit", &v2) < 0)
		return -1;
	if (r->pids_limit < 0)
		return add(c, CG_PIDS, v2, RES "pids.limit", "pids.max", "max");
	return add(c, CG_PIDS, v2, RES "pids.limit", "pids.max", "%" PRId64, r->pids_limit);
}

/* ---- blockIO ---- */

/* runc's mapping of blkio weights (10..1000) onto io.weight (1..10000). */
static unsigned blkio_to_io_weight(uint32_t w)
{
	return 1 + (unsigned)((w - 10) * 9999 / 990);
}

static bool blkio_wanted(const spec_resources *r)
{
	return (r->has_blkio_weight && r->blkio_weight != 0) ||
	       (r->has_blkio_leaf_weight && r->blkio_leaf_weight != 0) ||
	       r->n_blkio_weight_device || r->n_throttle_read_bps || r->n_throttle_write_bps ||
	       r->n_throttle_read_iops || r->n_throttle_write_iops;
}

static int leaf_weight_error(plan_ctx *c, const char *field, bool v2)
{
	return lxr_error_set(c->err, ENOTSUP, "%s: %s", field,
			     v2 ? "cgroup v2 has no leaf weights"
				: "the host's blkio weights are BFQ's, which has no leaf weights");
}

static int blkio_weights(plan_ctx *c, const spec_resources *r, bool v2)
{
	bool bfq = c->s->features & CG_FEAT_BLKIO_BFQ;
	const char *wfile = v2 ? "io.weight" : bfq ? "blkio.bfq.weight" : "blkio.weight";
	const char *wdev = v2	 ? "io.weight"
			   : bfq ? "blkio.bfq.weight_device"
				 : "blkio.weight_device";
	char field[96];

	if (r->has_blkio_weight && r->blkio_weight != 0 &&
	    (v2 ? add(c, CG_BLKIO, v2, RES "blockIO.weight", wfile, "default %u",
		      blkio_to_io_weight(r->blkio_weight))
		: add(c, CG_BLKIO, v2, RES "blockIO.weight", wfile, "%" PRIu32, r->blkio_weight)) <
		0)
		return -1;
	if (r->has_blkio_leaf_weight && r->blkio_leaf_weight != 0) {
		if (v2 || bfq)
			return leaf_weight_error(c, RES "blockIO.leafWeight", v2);
		if (add(c, CG_BLKIO, v2, RES "blockIO.leafWeight", "blkio.leaf_weight", "%" PRIu32,
			r->blkio_leaf_weight) < 0)
			return -1;
	}
	for (size_t i = 0; i < r->n_blkio_weight_device; i++) {
		const spec_weight_device *d = &r->blkio_weight_device[i];

		snprintf(field, sizeof(field), RES "blockIO.weightDevice[%zu]", i);
		if (d->has_weight && d->weight != 0 &&
		    add(c, CG_BLKIO, v2, field, wdev, "%" PRId64 ":%" PRId64 " %u", d->major,
			d->minor, v2 ? blkio_to_io_weight(d->weight) : d->weight) < 0)
			return -1;
		if (d->has_leaf_weight && d->leaf_weight != 0) {
			if (v2 || bfq)
				return leaf_weight_error(c, field, v2);
			if (add(c, CG_BLKIO, v2, field, "blkio.leaf_weight_device",
				"%" PRId64 ":%" PRId64 " %" PRIu32, d->major, d->minor,
				d->leaf_weight) < 0)
				return -1;
		}
	}
	return 0;
}

static int blkio_throttle(plan_ctx *c, const spec_resources *r, bool v2)
{
	const struct {
		const char *json, *v1_file, *v2_key;
		const spec_throttle_device *v;
		size_t n;
	} lists[] = {
	    {"throttleReadBpsDevice", "blkio.throttle.read_bps_device", "rbps",
	     r->throttle_read_bps, r->n_throttle_read_bps},
	    {"throttleWriteBpsDevice", "blkio.throttle.write_bps_device", "wbps",
	     r->throttle_write_bps, r->n_throttle_write_bps},
	    {"throttleReadIOPSDevice", "blkio.throttle.read_iops_device", "riops",
	     r->throttle_read_iops, r->n_throttle_read_iops},
	    {"throttleWriteIOPSDevice", "blkio.throttle.write_iops_device", "wiops",
	     r->throttle_write_iops, r->n_throttle_write_iops},
	};
	char field[96];

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (size_t i = 0; i < lists[l].n; i++) {
			const spec_throttle_device *d = &lists[l].v[i];
			int ret;

			snprintf(field, sizeof(field), RES "blockIO.%s[%zu]", lists[l].json, i);
			if (!v2)
				ret = add(c, CG_BLKIO, v2, field, lists[l].v1_file,
					  "%" PRId64 ":%" PRId64 " %" PRIu64, d->major, d->minor,
					  d->rate);
			else if (d->rate == 0) /* v1's 0 removes the limit: v2's "max" */
				ret = add(c, CG_BLKIO, v2, field, "io.max",
					  "%" PRId64 ":%" PRId64 " %s=max", d->major, d->minor,
					  lists[l].v2_key);
			else
				ret = add(c, CG_BLKIO, v2, field, "io.max",
					  "%" PRId64 ":%" PRId64 " %s=%" PRIu64, d->major, d->minor,
					  lists[l].v2_key, d->rate);
			if (ret < 0)
				return -1;
		}
	return 0;
}

static int plan_blkio(plan_ctx *c, const spec_resources *r)
{
	bool v2 = false;

	if (!blkio_wanted(r))
		return 0;
	if (locate(c, CG_BLKIO, RES "blockIO", &v2) < 0)
		return -1;
	return blkio_weights(c, r, v2) < 0 ? -1 : blkio_throttle(c, r, v2);
}

/* ---- hugetlb, network, rdma ---- */

static int plan_hugetlb(plan_ctx *c, const spec_resources *r)
{
	bool rsvd = c->s->features & CG_FEAT_HUGETLB_RSVD, v2 = false;
	char field[96], file[96];

	for (size_t i = 0; i < r->n_hugepage_limits; i++) {
		const spec_hugepage_limit *h = &r->hugepage_limits[i];

		snprintf(field, sizeof(field), RES "hugepageLimits[%zu]", i);
		if (locate(c, CG_HUGETLB, field, &v2) < 0)
			return -1;
		snprintf(file, sizeof(file), "hugetlb.%s.%s", h->page_size,
			 v2 ? "max" : "limit_in_bytes");
		if (add(c, CG_HUGETLB, v2, field, file, "%" PRIu64, h->limit) < 0)
			return -1;
		/* the reservation limit too, so pages reserved but not faulted yet
		 * cannot exceed it either (as runc) */
		snprintf(file, sizeof(file), "hugetlb.%s.rsvd.%s", h->page_size,
			 v2 ? "max" : "limit_in_bytes");
		if (rsvd && add(c, CG_HUGETLB, v2, field, file, "%" PRIu64, h->limit) < 0)
			return -1;
	}
	return 0;
}

static int plan_network(plan_ctx *c, const spec_resources *r)
{
	char field[96];
	bool v2 = false;

	if (r->has_net_class_id && (locate(c, CG_NET_CLS, RES "network.classID", &v2) < 0 ||
				    add(c, CG_NET_CLS, v2, RES "network.classID", "net_cls.classid",
					"%" PRIu32, r->net_class_id) < 0))
		return -1;
	for (size_t i = 0; i < r->n_net_priorities; i++) {
		snprintf(field, sizeof(field), RES "network.priorities[%zu]", i);
		if (locate(c, CG_NET_PRIO, field, &v2) < 0 ||
		    add(c, CG_NET_PRIO, v2, field, "net_prio.ifpriomap", "%s %" PRIu32,
			r->net_priorities[i].name, r->net_priorities[i].priority) < 0)
			return -1;
	}
	return 0;
}

static int plan_rdma(plan_ctx *c, const spec_resources *r)
{
	char field[320], handles[16], objects[16];
	bool v2 = false;

	for (size_t i = 0; i < r->n_rdma; i++) {
		const spec_rdma *d = &r->rdma[i];

		snprintf(field, sizeof(field), RES "rdma.%s", d->key);
		if (!d->has_hca_handles && !d->has_hca_objects)
			continue; /* nothing limited: rdma.max starts at max */
		if (locate(c, CG_RDMA, field, &v2) < 0)
			return -1;
		snprintf(handles, sizeof(handles), "%" PRIu32, d->hca_handles);
		snprintf(objects, sizeof(objects), "%" PRIu32, d->hca_objects);
		if (add(c, CG_RDMA, v2, field, "rdma.max", "%s hca_handle=%s hca_object=%s", d->key,
			d->has_hca_handles ? handles : "max",
			d->has_hca_objects ? objects : "max") < 0)
			return -1;
	}
	return 0;
}

/* linux.resources.unified: cgroup v2 files written verbatim. */
static int plan_unified(plan_ctx *c, const spec_resources *r, enum cgroup_layout layout)
{
	if (r->n_unified > 0 && layout == CGROUP_LAYOUT_LEGACY)
		return lxr_error_set(c->err, ENOTSUP,
				     RES "unified: this host has no cgroup v2 hierarchy");
	for (size_t i = 0; i < r->n_unified; i++) {
		const char *k = r->unified[i].key;
		char field[320];
		int ctrl;

		snprintf(field, sizeof(field), RES "unified.%s", k);
		/* a key names one file in the container's own cgroup */
		if (*k == '\0' || strlen(k) > 255 || strpbrk(k, "/ \t\n\r=") != NULL ||
		    strchr(k, '.') == NULL)
			return lxr_error_set(c->err, EINVAL, "%s: not a cgroup v2 file name",
					     field);
		/* cgroup.* and unknown prefixes need no controller of ours */
		*strchr(field + strlen(RES "unified."), '.') = '\0';
		ctrl = cg_controller_from_name(field + strlen(RES "unified."));
		snprintf(field, sizeof(field), RES "unified.%s", k);
		if (add(c, ctrl < 0 ? CG_N_CONTROLLERS : (enum cg_controller)ctrl, true, field, k,
			"%s", r->unified[i].value) < 0)
			return -1;
	}
	return 0;
}

int cg_plan_resources(const spec_resources *r, enum cgroup_layout layout, const cg_support *s,
		      cg_plan *out, lxr_error **err)
{
	plan_ctx c = {.s = s, .p = out, .err = err};

	memset(out, 0, sizeof(*out));
	if (plan_memory(&c, r) < 0 || plan_cpu(&c, r) < 0 || plan_pids(&c, r) < 0 ||
	    plan_blkio(&c, r) < 0 || plan_hugetlb(&c, r) < 0 || plan_network(&c, r) < 0 ||
	    plan_rdma(&c, r) < 0 || plan_unified(&c, r, layout) < 0) {
		cg_plan_free(out);
		return -1;
	}
	return 0;
}

void cg_plan_free(cg_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].field);
		free(p->v[i].file);
		free(p->v[i].value);
	}
	free(p->v);
	for (size_t i = 0; i < p->n_warnings; i++)
		free(p->warnings[i]);
	free(p->warnings);
	memset(p, 0, sizeof(*p));
}
