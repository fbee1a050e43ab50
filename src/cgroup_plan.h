/* Pure: the cgroup files (and values) that linux.resources asks for on a host
 * with given controllers. create renders them into the lxc config (and writes
 * the ones liblxc ignores), update writes them, so both set the same pairs.
 * No I/O: what the host offers comes in a cg_support, found by cgroup.c. */
#ifndef LXCRUN_CGROUP_PLAN_H
#define LXCRUN_CGROUP_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "spec.h"

enum cgroup_layout {
	CGROUP_LAYOUT_LEGACY,  /* v1 controllers only */
	CGROUP_LAYOUT_HYBRID,  /* v1 controllers plus a cgroup2 mount at /sys/fs/cgroup/unified */
	CGROUP_LAYOUT_UNIFIED, /* pure cgroup v2 at /sys/fs/cgroup */
};

enum cg_controller {
	CG_CPU,
	CG_CPUSET,
	CG_MEMORY,
	CG_PIDS,
	CG_BLKIO, /* "io" on cgroup v2 */
	CG_HUGETLB,
	CG_NET_CLS,
	CG_NET_PRIO,
	CG_RDMA,
	CG_N_CONTROLLERS
};
#define CG_BIT(c) (1u << (c))

/* Files some kernels or configurations lack, which change what is written. */
enum {
	CG_FEAT_MEMSW = 1u << 0,	/* v1 memory.memsw.* (swap accounting) */
	CG_FEAT_KMEM_TCP = 1u << 1,	/* v1 memory.kmem.tcp.limit_in_bytes */
	CG_FEAT_BLKIO_BFQ = 1u << 2,	/* v1 weights live in blkio.bfq.* (no CFQ blkio.weight) */
	CG_FEAT_HUGETLB_RSVD = 1u << 3, /* hugetlb.<size>.rsvd.* (Linux 5.7+) */
};

typedef struct {
	unsigned v1;	   /* CG_BIT()s of controllers with a mounted v1 hierarchy */
	unsigned v2;	   /* CG_BIT()s of controllers the cgroup2 hierarchy offers */
	unsigned features; /* CG_FEAT_* */
} cg_support;

typedef struct {
	enum cg_controller ctrl;
	bool v2;	  /* a file of the cgroup2 directory, else of ctrl's v1 directory */
	char *field;	  /* the JSON field it comes from ("linux.resources.memory.limit") */
	char *file;	  /* "memory.limit_in_bytes" */
	char *value;	  /* what is written */
	bool check_usage; /* checkBeforeUpdate: update refuses a limit below the usage */
} cg_setting;

typedef struct {
	cg_setting *v;
	size_t n;
	char **warnings; /* fields accepted but ignored (deprecated), for the log */
	size_t n_warnings;
} cg_plan;

/* Computes the settings of r in write order. A field the host cannot apply (no
 * controller, a v1-only knob on v2) is an error naming it; nothing is dropped
 * silently (deprecated kernel memory limits become warnings, as in runc). */
int cg_plan_resources(const spec_resources *r, enum cgroup_layout layout, const cg_support *s,
		      cg_plan *out, lxr_error **err);

/* Frees the contents of p. */
void cg_plan_free(cg_plan *p);

/* The controller's name in cgroup v1 ("blkio") or v2 ("io"). */
const char *cg_controller_name(enum cg_controller c, bool v2);

/* The controller named name in v1 or v2 terms; -1 when lxcrun does not use it. */
int cg_controller_from_name(const char *name);

/* The support of a typical host of that layout (every controller), for tests and tools. */
cg_support cg_support_full(enum cgroup_layout layout);

#endif
