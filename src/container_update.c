/* update: new resource limits for a live container, written straight into its
 * cgroup directories with the same plan create renders (src/cgroup_plan.c). */
#include "config.h"
#include "cgroup.h"
#include "container.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cgroup v2's cpu.max takes the period only together with a quota: a request
 * with a period alone keeps the current quota (runc does the same). */
static void keep_v2_quota(spec_resources *r, const cg_support *s, const char *unified)
{
	_cleanup_free_ char *path = NULL, *cur = NULL;

	if (!(r->has_cpu_period && r->cpu_period != 0) || (r->has_cpu_quota && r->cpu_quota != 0) ||
	    (s->v1 & CG_BIT(CG_CPU)) || unified == NULL)
		return;
	if (asprintf(&path, "%s/cpu.max", unified) < 0)
		abort();
	cur = read_file(path, NULL, NULL);
	if (cur == NULL)
		return;
	r->has_cpu_quota = true;
	r->cpu_quota = strncmp(cur, "max", 3) == 0 ? -1 : strtoll(cur, NULL, 10);
}

int container_update(const char *root, const char *id, const spec_resources *req, lxr_error **err)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int lock = -1;
	spec_resources r = *req; /* shallow: only scalars are changed below */
	enum cgroup_layout layout = cgroup_detect_layout();
	cg_support support = cgroup_detect_support();
	container_state st;
	const char *status;
	cg_plan plan = {0};
	int ret = -1;

	if (container_open_locked(root, id, &st, &dir, &lock, err) < 0)
		return -1;
	status = state_status(dir, &st);
	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0) {
		lxr_error_set(err, EINVAL, "cannot update container \"%s\": it is %s", id, status);
		goto out;
	}
	/* device rules live in liblxc's eBPF program or devices.* lists */
	if (r.n_devices > 0) {
		lxr_error_set(err, ENOTSUP,
			      "linux.resources.devices: update cannot change "
			      "device rules");
		goto out;
	}
	keep_v2_quota(&r, &support, st.cgroup_unified);
	if (cg_plan_resources(&r, layout, &support, &plan, err) < 0)
		goto out;
	for (size_t i = 0; i < plan.n_warnings; i++)
		lxr_log(LXR_LOG_WARN, "%s", plan.warnings[i]);
	ret = cgroup_apply_plan(&plan, false, true, st.cgroup_dirs, st.cgroup_unified, err);
	cg_plan_free(&plan);
out:
	if (ret < 0)
		lxr_error_wrap(err, "update container \"%s\"", id);
	state_free(&st);
	return ret;
}
