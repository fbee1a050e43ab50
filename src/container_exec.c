/* container_exec: lxcrun enters the container's pid namespace (for its children
 * only) and forks; the child joins the container's cgroups, enters its other
 * namespaces through a pidfd of the init, and execs lxcrun-init in exec mode from
 * an fd opened on the host. The child stays ours, so an attached exec waits for it
 * and a detached one leaves it to our caller's subreaper (conmon, containerd-shim).
 * Setup errors come back over a socket that closes unseen at the final exec. */
#include "config.h"
#include "container_exec.h"
#include "container.h"
#include "container_io.h"
#include "fault.h"
#include "log.h"
#include "lsm.h"
#include "state.h"
#include "supervise.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* The fds the child hands to lxcrun-init, at 3+preserve_fds+i. */
enum { SLOT_PARAMS, SLOT_CHAN, SLOT_CONSOLE, SLOT_INIT, SLOT_PIDFD, N_SLOTS };

typedef struct {
	int fds[N_SLOTS]; /* ours until the fork */
	int preserve_fds;
	int ns_flags;	     /* namespaces of the init to enter */
	char **cgroup_procs; /* cgroup.procs files to join, NULL-terminated */
} exec_child_args;

/* In the child: reports why it cannot go on, then exits 255 as runc does. */
static void __attribute__((noreturn)) child_fail(int chan, const char *what, const char *arg)
{
	dprintf(chan, "error %s `%s`: %s", what, arg, lxr_strerror(errno));
	_exit(255);
}

static void __attribute__((noreturn)) exec_child(const exec_child_args *a)
{
	int base = 3 + a->preserve_fds, moved[N_SLOTS];
	char fdarg[16];
	char *argv[] = {"lxcrun-init", fdarg, NULL}, *envp[] = {NULL};

	/* move them out of the way first, so no dup2 overwrites one we still need */
	for (int i = 0; i < N_SLOTS; i++)
		moved[i] = a->fds[i] >= 0 ? fcntl(a->fds[i], F_DUPFD_CLOEXEC, base + 64) : -1;
	for (int i = 0; i < N_SLOTS; i++) {
		/* the init binary and the pidfd are only for us: close-on-exec */
		int flags = i == SLOT_INIT || i == SLOT_PIDFD ? O_CLOEXEC : 0;

		if (moved[i] >= 0 && dup3(moved[i], base + i, flags) < 0)
			_exit(255);
		/* an unused slot must not keep what was there (e.g. the state lock) */
		if (moved[i] < 0)
			close(base + i);
	}
	syscall(SYS_close_range, base + N_SLOTS, ~0U, 0);
	/* the cgroup first: its files are host paths */
	for (char **p = a->cgroup_procs; *p; p++) {
		int fd = open(*p, O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, "0", 1) != 1)
			child_fail(base + SLOT_CHAN, "join cgroup", *p);
		close(fd);
	}
	if (setns(base + SLOT_PIDFD, a->ns_flags) < 0)
		child_fail(base + SLOT_CHAN, "enter the namespaces of", "the container's init");
	/* in the container's user namespace our host uid 0 is unmapped, and execve
	 * would drop every capability: become the namespace's root first (as the
	 * init's process settings expect) */
	if ((a->ns_flags & CLONE_NEWUSER) && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		child_fail(base + SLOT_CHAN, "become root in the user namespace of",
			   "the container's init");
	snprintf(fdarg, sizeof(fdarg), "%d", base + SLOT_PARAMS);
	syscall(SYS_execveat, base + SLOT_INIT, "", argv, envp, AT_EMPTY_PATH);
	child_fail(base + SLOT_CHAN, "exec", "lxcrun-init");
}

/* Which of the init's namespaces differ from ours (the mount namespace always:
 * entering it also moves our root and cwd into the container). */
static int init_namespaces(pid_t init, int *flags_out, bool *pid_ns)
{
	static const struct {
		const char *name;
		int flag;
	} ns[] = {{"user", CLONE_NEWUSER}, {"uts", CLONE_NEWUTS},	{"ipc", CLONE_NEWIPC},
		  {"net", CLONE_NEWNET},   {"cgroup", CLONE_NEWCGROUP}, {"time", CLONE_NEWTIME},
		  {"pid", CLONE_NEWPID}};
	int flags = CLONE_NEWNS;

	*pid_ns = false;
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char mine[64], theirs[64];
		struct stat a, b;

		snprintf(mine, sizeof(mine), "/proc/self/ns/%s", ns[i].name);
		snprintf(theirs, sizeof(theirs), "/proc/%d/ns/%s", (int)init, ns[i].name);
		if (stat(theirs, &b) < 0) {
			if (errno == ENOENT && stat("/proc/self/ns", &a) == 0)
				continue; /* a namespace type this kernel does not have */
			return -1;
		}
		if (stat(mine, &a) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			continue;
		if (ns[i].flag == CLONE_NEWPID)
			*pid_ns = true; /* entered by us, for the child */
		else
			flags |= ns[i].flag;
	}
	*flags_out = flags;
	return 0;
}

/* The cgroup.procs files of the container's cgroups (or of --cgroup below them). */
static char **cgroup_procs_files(const container_state *st, const char *sub, lxr_error **err)
{
	size_t n = 0;
	char **out;

	if (sub && (sub[0] == '/' || path_has_dotdot(sub) || *sub == '\0' || strchr(sub, ':'))) {
		lxr_error_set(err, EINVAL,
			      "--cgroup: `%s` must be a path below the container's cgroup (the "
			      "controller:path form is not supported)",
			      sub);
		return NULL;
	}
	while (st->cgroup_dirs && st->cgroup_dirs[n])
		n++;
	out = xmalloc((n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		struct stat sb;

		if (asprintf(&out[i], "%s%s%s/cgroup.procs", st->cgroup_dirs[i], sub ? "/" : "",
			     sub ? sub : "") < 0)
			abort();
		if (sub && stat(out[i], &sb) < 0) {
			lxr_error_sys(err, "--cgroup `%s`: `%s`", sub, out[i]);
			out[i + 1] = NULL;
			strv_free(out);
			return NULL;
		}
	}
	out[n] = NULL;
	return out;
}

/* Waits until the child has exec'd the user process (the channel closes without a
 * word) or reports why it could not. */
static int wait_started(int chan, lxr_error **err)
{
	long long deadline = now_ms() + START_TIMEOUT_MS;
	char buf[4096];

	for (;;) {
		int r = poll_until(chan, POLLIN, deadline);
		ssize_t n;

		if (r == 0)
			return lxr_error_set(err, ETIMEDOUT,
					     "the process did not start within %d s",
					     START_TIMEOUT_MS / 1000);
		if (r < 0)
			return lxr_error_sys(err, "poll");
		n = recv(chan, buf, sizeof(buf) - 1, MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return 0;
		buf[n] = '\0';
		return lxr_error_set(err, EIO, "%s",
				     strncmp(buf, "error ", 6) == 0 ? buf + 6 : buf);
	}
}

/* Checks the container can take a process; opens a pidfd of its init. */
static int open_init(const char *dir, const container_state *st, const exec_options *o,
		     bool *paused, lxr_error **err)
{
	const char *status = state_status(dir, st);
	int pidfd;

	*paused = strcmp(status, "paused") == 0;
	if (strcmp(status, "running") != 0 && strcmp(status, "created") != 0 && !*paused)
		return lxr_error_set(err, EINVAL, "cannot exec in a %s container \"%s\"", status,
				     o->id);
	if (*paused && !o->ignore_paused)
		return lxr_error_set(err, EINVAL,
				     "container \"%s\" is paused: resume it first, or use "
				     "--ignore-paused",
				     o->id);
	pidfd = (int)syscall(SYS_pidfd_open, st->pid, 0);
	/* a pid reused since the state was written is not our init */
	if (pidfd < 0 || !proc_alive(st->pid, st->start_time)) {
		if (pidfd >= 0)
			close(pidfd);
		return lxr_error_set(err, ESRCH, "cannot exec in a stopped container \"%s\"",
				     o->id);
	}
	return pidfd;
}

static int load_container_params(const char *dir, init_params *ctr, lxr_error **err)
{
	_cleanup_free_ char *path = NULL, *buf = NULL;
	size_t len = 0;

	if (asprintf(&path, "%s/process.params", dir) < 0)
		abort();
	buf = read_file(path, &len, err);
	if (buf == NULL)
		return -1;
	if (init_params_parse(buf, len, ctr) < 0)
		return lxr_error_set(err, EINVAL, "`%s`: malformed", path);
	return 0;
}

/* The terminal's fds: *child gets the console socket, or one end of a pair
 * whose other end (*ours) receives the master for an attached exec to proxy;
 * both stay -1 without a terminal. */
static int terminal_fds(const exec_options *o, const init_params *ep, int *child, int *ours,
			lxr_error **err)
{
	int sv[2];

	*child = *ours = -1;
	if (!ep->terminal) {
		if (o->console_socket)
			return lxr_error_set(err, EINVAL,
					     "--console-socket given but the process has no "
					     "terminal (use --tty)");
		return 0;
	}
	if (o->console_socket) {
		*child = console_connect(o->console_socket, err);
		return *child < 0 ? -1 : 0;
	}
	if (o->detach)
		return lxr_error_set(err, EINVAL,
				     "a detached exec with a terminal needs --console-socket");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return lxr_error_sys(err, "socketpair");
	*ours = sv[0];
	*child = sv[1];
	return 0;
}

int container_exec(const exec_options *o, const exec_request *rq, int *status, lxr_error **err)
{
	container_state st = {0};
	init_params ctr = {0}, ep = {0};
	exec_child_args a = {.fds = {-1, -1, -1, -1, -1}, .preserve_fds = o->preserve_fds};
	_cleanup_free_ char *dir = NULL, *init_path = NULL;
	int lock = -1, chan = -1, tty_ours = -1, sv[2], ret = -1;
	bool paused = false, pid_ns = false, params_ok = false;
	sigset_t all, old;
	pid_t pid = -1;

	ctr.ready_fd = ep.ready_fd = -1;
	if (container_open_locked(o->root, o->id, &st, &dir, &lock, err) < 0)
		return -1;
	fault_point("exec.locked");
	a.fds[SLOT_PIDFD] = open_init(dir, &st, o, &paused, err);
	if (a.fds[SLOT_PIDFD] < 0)
		goto out;
	if (load_container_params(dir, &ctr, err) < 0)
		goto out;
	params_ok = true;
	if (exec_build(&ctr, rq, &ep, err) < 0 ||
	    lsm_check(&ep, rq->apparmor ? "--apparmor" : "process.apparmorProfile",
		      rq->label ? "--process-label" : "process.selinuxLabel", err) < 0)
		goto out;
	a.cgroup_procs = cgroup_procs_files(&st, o->cgroup, err);
	if (a.cgroup_procs == NULL)
		goto out;
	if (init_namespaces(st.pid, &a.ns_flags, &pid_ns) < 0) {
		lxr_error_sys(err, "namespaces of the container's init (pid %d)", (int)st.pid);
		goto out;
	}
	if (terminal_fds(o, &ep, &a.fds[SLOT_CONSOLE], &tty_ours, err) < 0)
		goto out;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		lxr_error_sys(err, "socketpair");
		goto out;
	}
	chan = sv[0];
	a.fds[SLOT_CHAN] = sv[1];
	ep.preserve_fds = o->preserve_fds;
	ep.ready_fd = 3 + o->preserve_fds + SLOT_CHAN;
	ep.console_fd = ep.terminal ? 3 + o->preserve_fds + SLOT_CONSOLE : -1;
	a.fds[SLOT_PARAMS] = params_memfd(&ep, NULL, NULL, err);
	if (a.fds[SLOT_PARAMS] < 0)
		goto out;
	init_path = libexec_path("lxcrun-init");
	a.fds[SLOT_INIT] = open(init_path, O_PATH | O_CLOEXEC);
	if (a.fds[SLOT_INIT] < 0) {
		lxr_error_sys(err, "open `%s`", init_path);
		goto out;
	}
	/* our children are born in the container's pid namespace from now on */
	if (pid_ns && setns(a.fds[SLOT_PIDFD], CLONE_NEWPID) < 0) {
		lxr_error_sys(err, "enter the pid namespace of the container's init");
		goto out;
	}
	if (!o->detach) {
		/* blocked before the fork, so no signal meant for the process is lost */
		supervise_block_signals(&all, &old);
	}
	pid = fork();
	if (pid < 0) {
		lxr_error_sys(err, "fork");
		goto out;
	}
	if (pid == 0)
		exec_child(&a);
	for (int i = 0; i < N_SLOTS; i++)
		if (a.fds[i] >= 0)
			close(a.fds[i]), a.fds[i] = -1;
	fault_point("exec.forked");
	/* a paused container freezes the child as it joins: it starts on resume */
	if (!paused && wait_started(chan, err) < 0) {
		waitpid(pid, NULL, 0);
		lxr_error_wrap(err, "exec in container \"%s\"", o->id);
		ret = -2;
		goto out;
	}
	fault_point("exec.started");
	close(lock);
	lock = -1;
	if (o->pid_file && pid_file_write(o->pid_file, pid, err) < 0) {
		if (o->detach)
			kill(pid, SIGKILL), waitpid(pid, NULL, 0);
		goto out;
	}
	lxr_log(LXR_LOG_DEBUG, "exec in container %s: pid %d", o->id, (int)pid);
	if (o->detach) {
		ret = 0;
		goto out;
	}
	{
		supervise_opts so = {.pid = pid, .master = -1};

		if (tty_ours >= 0)
			so.master = recv_fd(tty_ours, MSG_DONTWAIT);
		*status = supervise(&so, &all);
		if (so.master >= 0)
			close(so.master);
	}
	/* a process frozen before it could exec reports its failure only now */
	if (paused) {
		char buf[4096];
		ssize_t n = recv(chan, buf, sizeof(buf) - 1, MSG_DONTWAIT);

		if (n > 0) {
			buf[n] = '\0';
			lxr_error_set(err, EIO, "exec in container \"%s\": %s", o->id,
				      strncmp(buf, "error ", 6) == 0 ? buf + 6 : buf);
			ret = -2;
			goto out;
		}
	}
	ret = 0;
out:
	if (!o->detach && pid >= 0)
		sigprocmask(SIG_SETMASK, &old, NULL);
	for (int i = 0; i < N_SLOTS; i++)
		if (a.fds[i] >= 0)
			close(a.fds[i]);
	if (chan >= 0)
		close(chan);
	if (tty_ours >= 0)
		close(tty_ours);
	if (lock >= 0)
		close(lock);
	strv_free(a.cgroup_procs);
	if (params_ok)
		init_params_free(&ctr);
	init_params_free(&ep);
	state_free(&st);
	return ret;
}
