/* The operations on an existing container: start, kill, delete, and the
 * locked state read they share. */
#include "config.h"
#include "container.h"
#include "cgroup.h"
#include "fault.h"
#include "hooks.h"
#include "init_build.h"
#include "log.h"
#include "seccomp_notify.h"
#include "lxc_config.h"
#include "spec.h"
#include "start_hooks.h"
#include "state.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int container_open_locked(const char *root, const char *id, container_state *st, char **dir,
			  int *lock, lxr_error **err)
{
	*lock = -1;
	if (state_validate_id(id, err) < 0 || state_read(root, id, st, err) < 0)
		return -1;
	*dir = state_dir(root, id);
	*lock = state_lock(*dir, err);
	if (*lock < 0) {
		state_free(st);
		free(*dir);
		*dir = NULL;
		return -1;
	}
	/* re-read under the lock: another command may have changed it meanwhile */
	state_free(st);
	if (state_read(root, id, st, err) < 0) {
		close(*lock);
		free(*dir);
		*dir = NULL;
		return -1;
	}
	return 0;
}

/* After `start` wrote its byte: the init either execs (its fifo fd closes on exec,
 * leaving the fifo without readers: POLLERR on our end) or writes "E<message>". */
static int wait_exec(int wfd, const char *fifo, long long timeout_ms, lxr_error **err)
{
	struct pollfd pfd = {.fd = wfd, .events = 0};
	_cleanup_close_ int rfd = -1;
	char buf[4096];
	ssize_t n;
	int r;

	do
		r = poll(&pfd, 1, (int)timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return lxr_error_set(err, ETIMEDOUT,
				     "the container's process did not start within %lld s",
				     timeout_ms / 1000);
	rfd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (rfd < 0)
		return lxr_error_sys(err, "open `%s`", fifo);
	n = read(rfd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0; /* nothing written back: the exec succeeded */
	buf[n] = '\0';
	if (buf[0] == 'E')
		return lxr_error_set(err, EIO, "%s", buf + 1);
	return lxr_error_set(err, EIO, "the container's init exited before starting the process");
}

/* The spec's poststart hooks, once the process runs (runtime-spec 1.2: a failure is
 * a warning, and the remaining hooks still run). */
static void run_poststart(const hook_set *hs, const container_state *st)
{
	_cleanup_free_ char *state = NULL;

	if (hs->n[HOOK_POSTSTART] == 0)
		return;
	state = hooks_state_json(st, "running", st->pid);
	hooks_run_warn(hs, HOOK_POSTSTART, state, st->bundle);
}

int container_start(const char *root, const char *id, lxr_error **err)
{
	_cleanup_free_ char *dir = NULL, *fifo = NULL, *state = NULL;
	_cleanup_close_ int lock = -1, wfd = -1, notify = -1;
	container_state st;
	hook_set hs = {0};
	long long budget;
	const char *status;
	int ret = -1;

	if (container_open_locked(root, id, &st, &dir, &lock, err) < 0)
		return -1;
	status = state_status(dir, &st);
	if (strcmp(status, "created") != 0) {
		lxr_error_set(err, EINVAL, "cannot start container \"%s\": it is %s, not created",
			      id, status);
		goto out;
	}
	if (hooks_load(dir, &hs, err) < 0)
		goto out;
	fault_point("start.locked");
	if (asprintf(&fifo, "%s/exec.fifo", dir) < 0)
		abort();
	/* O_NONBLOCK: fails with ENXIO instead of blocking forever if no init waits */
	wfd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (wfd < 0) {
		if (errno == ENXIO)
			lxr_error_set(err, ESRCH,
				      "cannot start container \"%s\": its init is not waiting", id);
		else
			lxr_error_sys(err, "open `%s`", fifo);
		goto out;
	}
	state = hooks_state_json(&st, "created", st.pid);
	fault_point("start.fifo-opened");
	/* before the release: the init accepts this connection when it loads the filter */
	if (seccomp_notify_connect(dir, &notify, err) < 0 ||
	    start_hooks_release(wfd, &hs, state, err) < 0) {
		lxr_error_wrap(err, "start container \"%s\"", id);
		goto out;
	}
	fault_point("start.released");
	budget = START_TIMEOUT_MS + start_hooks_budget_ms(&hs);
	if (notify >= 0 &&
	    seccomp_notify_forward(notify, dir, state, st.pid, now_ms() + budget, err) < 0) {
		/* the init exits on our "fail"; its own message is not the news */
		wait_exec(wfd, fifo, budget, NULL);
		unlink(fifo);
		lxr_error_wrap(err, "start container \"%s\"", id);
		goto out;
	}
	ret = wait_exec(wfd, fifo, budget, err);
	fault_point("start.exec-waited");
	unlink(fifo);
	if (ret < 0) {
		lxr_error_wrap(err, "start container \"%s\"", id);
		goto out;
	}
	run_poststart(&hs, &st);
out:
	hook_set_free(&hs);
	state_free(&st);
	return ret;
}

/* Signals the init through a pidfd opened after checking its identity, so a
 * recycled pid can never receive our signal. */
static int signal_init(const container_state *st, int sig, lxr_error **err)
{
	_cleanup_close_ int pidfd = (int)syscall(SYS_pidfd_open, st->pid, 0);

	if (pidfd < 0 || !proc_alive(st->pid, st->start_time))
		return lxr_error_set(err, ESRCH, "container \"%s\" is not running", st->id);
	if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		return lxr_error_sys(err, "signal container \"%s\"", st->id);
	return 0;
}

int container_kill(const char *root, const char *id, int sig, bool all, lxr_error **err)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int lock = -1;
	container_state st;
	const char *status;
	int ret;

	if (container_open_locked(root, id, &st, &dir, &lock, err) < 0)
		return -1;
	status = state_status(dir, &st);
	if (strcmp(status, "stopped") == 0 || strcmp(status, "creating") == 0) {
		/* runc lets `kill --all` through for a stopped container with leftovers */
		ret = all && state_main_cgroup(&st)
			  ? cgroup_signal_all(state_main_cgroup(&st), sig, err)
			  : lxr_error_set(err, ESRCH, "container \"%s\" is not running", id);
	} else if (all && state_main_cgroup(&st)) {
		ret = cgroup_signal_all(state_main_cgroup(&st), sig, err);
	} else {
		ret = signal_init(&st, sig, err);
	}
	state_free(&st);
	return ret;
}

/* A create that was killed recorded every cgroup it may have made (its monitor's
 * first) but no init: kill what runs in each, in that order, and wait until each
 * is empty. */
static int empty_cgroups_of_creation(const container_state *st, lxr_error **err)
{
	for (size_t i = 0; st->cgroup_dirs && st->cgroup_dirs[i]; i++)
		if (cgroup_kill_and_wait(st->cgroup_dirs[i], DELETE_TIMEOUT_MS, err) < 0)
			return -1;
	return 0;
}

/* Kills every process of the container and waits until none is left. */
static int empty_cgroups(const container_state *st, lxr_error **err)
{
	const char *main = state_main_cgroup(st), *freezer = state_freezer_cgroup(st);

	if (st->pid == 0)
		return empty_cgroups_of_creation(st, err);

	if (main == NULL)
		return 0;
	/* A task frozen by the v1 freezer does not die of SIGKILL until thawed
	 * (cgroup2 lets fatal signals through): queue the kill first, so that no
	 * process runs its own code again once thawed. */
	if (freezer && !cgroup_is_v2_dir(freezer) && cgroup_is_frozen(freezer) &&
	    (cgroup_signal_all(main, SIGKILL, err) < 0 ||
	     cgroup_freeze(freezer, false, DELETE_TIMEOUT_MS, err) < 0))
		return -1;
	return cgroup_kill_and_wait(main, DELETE_TIMEOUT_MS, err);
}

int container_delete(const char *root, const char *id, bool force, lxr_error **err)
{
	_cleanup_free_ char *dir = NULL;
	_cleanup_close_ int lock = -1;
	_cleanup_error_ lxr_error *herr = NULL;
	container_state st;
	hook_set hs = {0};
	const char *status;
	int ret = -1;

	if (container_open_locked(root, id, &st, &dir, &lock, err) < 0)
		return -1;
	status = state_status(dir, &st);
	if ((strcmp(status, "running") == 0 || strcmp(status, "paused") == 0) && !force) {
		lxr_error_set(
		    err, EBUSY,
		    "cannot delete container \"%s\" that is not stopped: %s (use --force)", id,
		    status);
		goto out;
	}
	if (strcmp(status, "creating") == 0 && !force) {
		lxr_error_set(err, EBUSY, "container \"%s\" is being created (use --force)", id);
		goto out;
	}
	/* read before the state dir goes: poststop runs once the container is deleted */
	if (hooks_load(dir, &hs, &herr) < 0)
		lxr_log(LXR_LOG_WARN, "poststop hooks not run: %s", herr->msg);
	fault_point("delete.locked");
	if (empty_cgroups(&st, err) < 0) {
		lxr_error_wrap(err, "delete container \"%s\"", id);
		goto out;
	}
	fault_point("delete.emptied");
	if (cgroup_remove_dirs(st.cgroup_dirs, err) < 0) {
		lxr_error_wrap(err, "delete container \"%s\"", id);
		goto out;
	}
	cgroup_remove_monitor_dirs(st.cgroup_dirs, MONITOR_SUFFIX, PIVOT_SUFFIX);
	fault_point("delete.cgroups-removed");
	ret = rm_rf(dir, err);
	if (ret == 0)
		state_remove_liblxc_lock(root, id);
	if (ret == 0 && hs.n[HOOK_POSTSTOP] > 0) {
		_cleanup_free_ char *state = hooks_state_json(&st, "stopped", 0);

		hooks_run_warn(&hs, HOOK_POSTSTOP, state, st.bundle);
	}
out:
	hook_set_free(&hs);
	state_free(&st);
	return ret;
}
