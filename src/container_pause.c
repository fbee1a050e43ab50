/* pause/resume and ps: operations on the processes of a running container,
 * through its cgroup2 directory wherever there is one (on hybrid hosts too:
 * cgroup.freeze and cgroup.events are core cgroup2 files that need no
 * controller), else through the v1 freezer. */
#include "config.h"
#include "cgroup.h"
#include "container.h"
#include "util.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define FREEZE_TIMEOUT_MS 10000

int container_pause(const char *root, const char *id, bool pause, lxr_error **err)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int lock = -1;
	container_state st;
	const char *status, *want = pause ? "running" : "paused";
	int ret;

	if (container_open_locked(root, id, &st, &dir, &lock, err) < 0)
		return -1;
	status = state_status(dir, &st);
	if (strcmp(status, want) != 0 &&
	    !(pause && strcmp(status, "created") == 0)) /* runc pauses a created one too */
		ret = lxr_error_set(err, EINVAL, "cannot %s container \"%s\": it is %s, not %s",
				    pause ? "pause" : "resume", id, status, want);
	else if (state_freezer_cgroup(&st) == NULL)
		ret = lxr_error_set(err, ENOTSUP,
				    "cannot %s container \"%s\": this host has neither a cgroup2 "
				    "hierarchy nor the v1 freezer controller",
				    pause ? "pause" : "resume", id);
	else
		ret = cgroup_freeze(state_freezer_cgroup(&st), pause, FREEZE_TIMEOUT_MS, err);
	if (ret < 0)
		lxr_error_wrap(err, "%s", pause ? "pause" : "resume");
	state_free(&st);
	return ret;
}

pid_t *container_pids(const char *root, const char *id, lxr_error **err)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int lock = -1;
	container_state st;
	pid_t *pids = NULL;
	const char *status;

	if (container_open_locked(root, id, &st, &dir, &lock, err) < 0)
		return NULL;
	status = state_status(dir, &st);
	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0)
		lxr_error_set(err, ESRCH, "container \"%s\" is not running", id);
	else if (state_main_cgroup(&st))
		pids = cgroup_pids(state_main_cgroup(&st), err);
	else
		lxr_error_set(err, ENOENT, "container \"%s\" has no cgroup", id);
	state_free(&st);
	return pids;
}
