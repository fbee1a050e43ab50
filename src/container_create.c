/* container_create: from a bundle to an init waiting on exec.fifo (see
 * doc/architecture.md, "create"), with a complete rollback on any failure. */
#include "config.h"
#include "container.h"
#include "cgroup.h"
#include "container_io.h"
#include "create_hooks.h"
#include "fault.h"
#include "hooks.h"
#include "init_build.h"
#include "log.h"
#include "seccomp_build.h"
#include "seccomp_notify.h"
#include "lsm.h"
#include "lxc_config.h"
#include "mount_check.h"
#include "netdev_addrs.h"
#include "spec.h"
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
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *libexec_path(const char *name)
{
	const char *dir = getenv("LXCRUN_LIBEXEC_DIR");
	char *p = NULL;

	if (dir == NULL || *dir == '\0')
		dir = LIBEXECDIR "/lxcrun";
	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

static char *annotations_json(const spec_config *spec)
{
	strbuf sb = {0};

	sb_add(&sb, "{");
	for (size_t i = 0; i < spec->n_annotations; i++) {
		if (i)
			sb_add(&sb, ",");
		sb_add_json_str(&sb, spec->annotations[i].key);
		sb_add(&sb, ":");
		sb_add_json_str(&sb, spec->annotations[i].value);
	}
	sb_add(&sb, "}");
	return sb_take(&sb);
}

/* Bind sources relative to the bundle become absolute; records which are directories. */
int container_prepare_mounts(spec_config *spec, const char *bundle, bool **is_dir, lxr_error **err)
{
	*is_dir = xmalloc((spec->n_mounts + 1) * sizeof(bool));
	for (size_t i = 0; i < spec->n_mounts; i++) {
		spec_mount *m = &spec->mounts[i];
		struct stat st;

		(*is_dir)[i] = true;
		if (!spec_mount_is_bind(m))
			continue;
		if (m->source == NULL || *m->source == '\0')
			return lxr_error_set(err, EINVAL,
					     "mounts[%zu].source: required for a bind mount", i);
		if (m->source[0] != '/') {
			char *abs = NULL;

			if (asprintf(&abs, "%s/%s", bundle, m->source) < 0)
				abort();
			free(m->source);
			m->source = abs;
		}
		if (stat(m->source, &st) < 0)
			return lxr_error_sys(err, "mounts[%zu].source `%s`", i, m->source);
		(*is_dir)[i] = S_ISDIR(st.st_mode);
	}
	return 0;
}

/* A namespace joined by path must be of the type the spec says it is. */
static int check_ns_paths(const spec_config *spec, lxr_error **err)
{
	static const int clone_flag[SPEC_NS_COUNT] = {
	    [SPEC_NS_PID] = CLONE_NEWPID,	[SPEC_NS_NETWORK] = CLONE_NEWNET,
	    [SPEC_NS_MOUNT] = CLONE_NEWNS,	[SPEC_NS_IPC] = CLONE_NEWIPC,
	    [SPEC_NS_UTS] = CLONE_NEWUTS,	[SPEC_NS_USER] = CLONE_NEWUSER,
	    [SPEC_NS_CGROUP] = CLONE_NEWCGROUP, [SPEC_NS_TIME] = 0x80 /* CLONE_NEWTIME */,
	};

	for (size_t i = 0; spec->has_linux && i < spec->linux_.n_namespaces; i++) {
		const spec_namespace *ns = &spec->linux_.namespaces[i];
		_cleanup_close_ int fd = -1;
		int type;

		if (ns->path == NULL)
			continue;
		fd = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return lxr_error_sys(err, "linux.namespaces[%zu].path `%s`", i, ns->path);
		type = ioctl(fd, NS_GET_NSTYPE);
		if (type < 0)
			return lxr_error_set(err, EINVAL,
					     "linux.namespaces[%zu].path: `%s` is not a namespace",
					     i, ns->path);
		if (type != clone_flag[ns->type])
			return lxr_error_set(
			    err, EINVAL, "linux.namespaces[%zu].path: `%s` is not a %s namespace",
			    i, ns->path, spec_ns_name(ns->type));
	}
	return 0;
}

/* Everything create sets up, so one function can undo any prefix of it. */
typedef struct {
	char *dir;	    /* state dir, once made */
	pid_t start_pid;    /* lxcrun-start, while alive */
	char *cgroup_path;  /* resolved cgroup path */
	char *monitor_path; /* and the monitor's */
	char *pivot_path;   /* and where liblxc parks a failing monitor */
	bool relative;
	int fds[6]; /* params, ready (child end), fifo, console, ready (our end), notify listen */
} create_ctx;

/* The absolute dirs <hierarchy>/<base>/<path> for every mounted hierarchy. */
static char **cgroup_dirs_for(const char *path, bool relative)
{
	char **base = cgroup_dirs_of_pid(relative ? getpid() : 1, "", NULL, NULL);

	for (size_t i = 0; base && base[i]; i++) {
		char *d = NULL;
		size_t l = strlen(base[i]);

		if (asprintf(&d, "%s%s%s", base[i], l && base[i][l - 1] == '/' ? "" : "/", path) <
		    0)
			abort();
		free(base[i]);
		base[i] = d;
	}
	return base;
}

/* Removes the cgroups of lxcrun-start (dead by now): its monitor cgroup and,
 * after a failed start, the pivot cgroup liblxc moved it into. */
static void remove_monitor_cgroups(const create_ctx *c)
{
	char *paths[3] = {c->monitor_path, NULL, c->pivot_path};

	if (c->pivot_path && asprintf(&paths[1], "%s/lxc.pivot", c->pivot_path) < 0)
		abort();
	for (size_t k = 0; k < 3; k++) {
		char **dirs = paths[k] ? cgroup_dirs_for(paths[k], c->relative) : NULL;

		cgroup_remove_dirs(dirs, NULL);
		strv_free(dirs);
	}
	free(paths[1]);
}

/* Kills whatever create started and removes what it made. */
static void create_rollback(create_ctx *c)
{
	for (size_t i = 0; i < sizeof(c->fds) / sizeof(c->fds[0]); i++)
		if (c->fds[i] >= 0)
			close(c->fds[i]), c->fds[i] = -1;
	if (c->start_pid > 0) {
		kill(c->start_pid, SIGKILL);
		waitpid(c->start_pid, NULL, 0);
		c->start_pid = 0;
	}
	if (c->cgroup_path) {
		char **dirs = cgroup_dirs_for(c->cgroup_path, c->relative);
		const char *main = dirs ? dirs[0] : NULL;

		/* the init may outlive its monitor: empty the cgroup before removing it;
		 * a cgroup2 directory, where there is one, tells when the last process
		 * is gone (the v1 ones of the same processes are empty by then) */
		for (size_t i = 0; dirs && dirs[i]; i++)
			if (cgroup_is_v2_dir(dirs[i]))
				main = dirs[i];
		if (main)
			cgroup_kill_and_wait(main, DELETE_TIMEOUT_MS, NULL);
		cgroup_remove_dirs(dirs, NULL);
		strv_free(dirs);
		remove_monitor_cgroups(c);
	}
	if (c->dir)
		rm_rf(c->dir, NULL);
}

/* Appends the cgroup dirs of path (every hierarchy) to the vector *v of *n. */
static void add_cgroup_dirs(char ***v, size_t *n, const char *path, bool relative)
{
	char **d = cgroup_dirs_for(path, relative);

	for (size_t i = 0; d && d[i]; i++) {
		*v = realloc(*v, (*n + 2) * sizeof(char *));
		if (*v == NULL)
			abort();
		(*v)[(*n)++] = d[i];
		(*v)[*n] = NULL;
	}
	free(d);
}

/* The first state.json, written before anything is started: it names us as the
 * creator (so `state` says "creating" exactly while we run) and every cgroup we
 * may make, so a `delete --force` after we were killed finds them all: the
 * monitor's first (ending it keeps liblxc from reacting), the container's, then
 * the pivot cgroups liblxc makes on a failed start (the deepest first). */
static int write_creating_state(const create_ctx *c, const char *id, const char *bundle,
				const char *rootfs, lxr_error **err)
{
	container_state st = {.id = (char *)id,
			      .bundle = (char *)bundle,
			      .rootfs = (char *)rootfs,
			      .owner = "",
			      .config_cgroup = c->cgroup_path,
			      .creator_pid = getpid(),
			      .creator_start = proc_start_time(getpid())};
	_cleanup_free_ char *lxc_pivot = NULL;
	size_t n = 0;
	int ret;

	if (asprintf(&lxc_pivot, "%s/lxc.pivot", c->pivot_path) < 0)
		abort();
	add_cgroup_dirs(&st.cgroup_dirs, &n, c->monitor_path, c->relative);
	add_cgroup_dirs(&st.cgroup_dirs, &n, c->cgroup_path, c->relative);
	add_cgroup_dirs(&st.cgroup_dirs, &n, lxc_pivot, c->relative);
	add_cgroup_dirs(&st.cgroup_dirs, &n, c->pivot_path, c->relative);
	ret = state_write(c->dir, &st, err);
	strv_free(st.cgroup_dirs);
	return ret;
}

/* The pid the kernel put in a message's SCM_CREDENTIALS (translated into our pid
 * namespace); 0 when there is none. */
static pid_t cred_pid(struct msghdr *msg)
{
	struct cmsghdr *cm = CMSG_FIRSTHDR(msg);
	struct ucred cred;

	if (cm == NULL || cm->cmsg_type != SCM_CREDENTIALS)
		return 0;
	memcpy(&cred, CMSG_DATA(cm), sizeof(cred));
	return cred.pid;
}

/* Waits for the init's "ready" (with its pid) or an error on the ready socket;
 * answers lxcrun-hook's "hooks" request on the way (see create_hooks.h). */
static int wait_ready(int sock, pid_t *pid, create_hooks *ch, lxr_error **err)
{
	long long deadline = now_ms() + CREATE_TIMEOUT_MS;
	char buf[4096], cbuf[CMSG_SPACE(sizeof(struct ucred))];

	for (;;) {
		struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
		struct msghdr msg = {.msg_iov = &iov,
				     .msg_iovlen = 1,
				     .msg_control = cbuf,
				     .msg_controllen = sizeof(cbuf)};
		int r = poll_until(sock, POLLIN, deadline);
		ssize_t n;

		if (r == 0)
			return lxr_error_set(err, ETIMEDOUT,
					     "the container's init did not start within %d s",
					     CREATE_TIMEOUT_MS / 1000);
		if (r < 0)
			return lxr_error_sys(err, "poll");
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return lxr_error_sys(err, "read from the container's init");
		if (n == 0)
			return lxr_error_set(err, EIO,
					     "the container's init exited before it was ready");
		buf[n] = '\0';
		if (strncmp(buf, "error ", 6) == 0)
			return lxr_error_set(err, EIO, "%s", buf + 6);
		if (strcmp(buf, "hooks") == 0) {
			if (create_hooks_answer(ch, sock, cred_pid(&msg), err) < 0)
				return -1;
			/* the hooks' time is not the container's: start the wait again */
			deadline = now_ms() + CREATE_TIMEOUT_MS + create_hooks_budget_ms(ch);
			continue;
		}
		if (strcmp(buf, "ready") == 0) {
			*pid = cred_pid(&msg);
			if (*pid == 0)
				return lxr_error_set(err, EIO,
						     "the init's ready message has no pid");
			return 0;
		}
		return lxr_error_set(err, EIO, "unexpected message from the container's init");
	}
}

/* In the child: put the fds at their agreed numbers (above the preserved ones) and
 * close everything else, then exec lxcrun-start. Never returns. */
static void __attribute__((noreturn))
exec_start_helper(const create_options *o, create_ctx *c, const char *helper, pid_t parent)
{
	int base = 3 + o->preserve_fds, n = 5, high = base + 64;
	char a_base[16], a_ready[16];
	int moved[5], pass[5] = {c->fds[0], c->fds[1], c->fds[2], c->fds[3], c->fds[5]};

	/* first move them out of the way, so a dup2 never overwrites one we still need */
	for (int i = 0; i < n; i++)
		moved[i] = pass[i] >= 0 ? fcntl(pass[i], F_DUPFD_CLOEXEC, high) : -1;
	for (int i = 0; i < n; i++) {
		if (moved[i] >= 0 && dup2(moved[i], base + i) < 0)
			_exit(127);
		/* an unused slot must not keep what was there (e.g. the state lock) */
		if (moved[i] < 0)
			close(base + i);
	}
	syscall(SYS_close_range, base + n, ~0U, 0);
	/* a create killed before it is done takes the monitor with it (and liblxc's
	 * child, whose death signal follows the monitor until it execs our init) */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(127);
	snprintf(a_base, sizeof(a_base), "%d", base);
	snprintf(a_ready, sizeof(a_ready), "%d", base + 1);
	execl(helper, "lxcrun-start", o->root, o->id, a_base, a_ready, (char *)NULL);
	dprintf(base + 1, "error exec `%s`: %s", helper, lxr_strerror(errno));
	_exit(127);
}

/* vfork: no copy of our page tables just to exec. The child only shuffles fds
 * and execs (exec_start_helper never returns); kept in its own frame so the
 * caller's variables are not live across vfork. */
static pid_t __attribute__((noinline))
spawn_start_helper(const create_options *o, create_ctx *c, const char *helper)
{
	pid_t parent = getpid(), pid = vfork();

	/* the child only moves fds and execs */
	if (pid == 0)
		exec_start_helper(o, c, helper, parent); // NOLINT(clang-analyzer-unix.Vfork)
	return pid;
}

/* liblxc applies cgroup2 settings only on pure v2 hosts: on hybrid ones create
 * writes them itself, before the user process runs. Also logs what the plan
 * ignores (deprecated fields). */
static int apply_hybrid_v2(const spec_resources *r, const lxc_config_input *in,
			   const container_state *st, lxr_error **err)
{
	cg_plan plan;
	int ret = 0;
	bool any_v2 = false;

	/* lxc_config_render has made the same plan, so this cannot fail */
	if (cg_plan_resources(r, in->layout, &in->cgroups, &plan, err) < 0)
		return -1;
	for (size_t i = 0; i < plan.n_warnings; i++)
		lxr_log(LXR_LOG_WARN, "%s", plan.warnings[i]);
	for (size_t i = 0; i < plan.n; i++)
		any_v2 |= plan.v[i].v2;
	if (in->layout == CGROUP_LAYOUT_HYBRID && any_v2)
		ret =
		    cgroup_apply_plan(&plan, true, false, st->cgroup_dirs, st->cgroup_unified, err);
	cg_plan_free(&plan);
	return ret;
}

int container_create(const create_options *o, pid_t *init_pid, lxr_error **err)
{
	create_ctx c = {.fds = {-1, -1, -1, -1, -1, -1}};
	spec_config spec = {0};
	init_params ip = {0};
	lxc_config_input in = {0};
	lxc_netdev_addr *netdev_addrs = NULL;
	size_t n_netdev_addrs = 0;
	_cleanup_free_ char *bundle = NULL, *rootfs_abs = NULL, *lxc_text = NULL, *cfg_path = NULL,
			    *fifo = NULL, *helper = NULL, *rootfs = NULL, *log_path = NULL,
			    *params = NULL, *params_path = NULL, *hook_helper = NULL;
	size_t params_len = 0;
	_cleanup_free_ bool *is_dir = NULL;
	container_state st = {0};
	struct stat rootfs_st;
	create_hooks ch = {0};
	int sv[2], ret = -1, one = 1, lock = -1, root_lock = -1;
	pid_t pid = 0;

	if (state_validate_id(o->id, err) < 0 || state_ensure_root(o->root, err) < 0)
		return -1;
	bundle = realpath(o->bundle ? o->bundle : ".", NULL);
	if (bundle == NULL)
		return lxr_error_sys(err, "bundle `%s`", o->bundle ? o->bundle : ".");
	if (spec_load_bundle(bundle, &spec, err) < 0)
		return -1;
	if (o->listen_fds > 0 && spec.has_process) {
		/* the activated process must see the fds as its own, as runc arranges */
		spec_process *p = &spec.process;

		p->env = realloc(p->env, (p->n_env + 3) * sizeof(char *));
		if (p->env == NULL ||
		    asprintf(&p->env[p->n_env], "LISTEN_FDS=%d", o->listen_fds) < 0)
			abort();
		p->env[p->n_env + 1] = xstrdup("LISTEN_PID=1");
		p->n_env += 2;
		p->env[p->n_env] = NULL;
	}
	if (spec.root_path == NULL) {
		lxr_error_set(err, EINVAL, "root.path: required");
		goto out;
	}
	if (spec.root_path[0] == '/')
		rootfs = xstrdup(spec.root_path);
	else if (asprintf(&rootfs, "%s/%s", bundle, spec.root_path) < 0)
		abort();
	rootfs_abs = realpath(rootfs, NULL);
	if (rootfs_abs == NULL) {
		lxr_error_sys(err, "root.path `%s`", rootfs);
		goto out;
	}
	/* else liblxc fails much later, with a message that does not name the field */
	if (stat(rootfs_abs, &rootfs_st) < 0 || !S_ISDIR(rootfs_st.st_mode)) {
		lxr_error_set(err, ENOTDIR, "root.path `%s`: not a directory", rootfs);
		goto out;
	}
	if (container_prepare_mounts(&spec, bundle, &is_dir, err) < 0 ||
	    mount_check_symlinks(&spec, rootfs_abs, err) < 0 || check_ns_paths(&spec, err) < 0)
		goto out;
	if (spec.process.terminal && o->console_socket == NULL && o->detach) {
		lxr_error_set(err, EINVAL,
			      "process.terminal is true: --console-socket is required");
		goto out;
	}
	if (!spec.process.terminal && o->console_socket != NULL) {
		lxr_error_set(err, EINVAL, "--console-socket given but process.terminal is false");
		goto out;
	}
	if (init_build(&spec, &ip, err) < 0 ||
	    lsm_check(&ip, "process.apparmorProfile", "process.selinuxLabel", err) < 0)
		goto out;
	if ((ip.seccomp_flags & SECCOMP_BUILD_NEW_LISTENER) &&
	    seccomp_notify_check(&spec.linux_.seccomp, err) < 0)
		goto out;
	if (cgroup_resolve_path(spec.has_linux ? spec.linux_.cgroups_path : NULL, o->id,
				o->systemd_cgroup, &c.cgroup_path, &c.relative, err) < 0)
		goto out;
	if (asprintf(&c.monitor_path, "%s" MONITOR_SUFFIX, c.cgroup_path) < 0 ||
	    asprintf(&c.pivot_path, "%s" PIVOT_SUFFIX, c.cgroup_path) < 0)
		abort();
	c.dir = state_dir(o->root, o->id);
	in.id = o->id;
	in.rootfs = rootfs_abs;
	in.state_dir = c.dir;
	in.layout = cgroup_detect_layout();
	in.cgroups = cgroup_detect_support();
	in.cgroup_path = c.cgroup_path;
	in.cgroup_relative = c.relative;
	in.monitor_cgroup_path = c.monitor_path;
	in.pivot_cgroup_path = c.pivot_path;
	in.mount_source_is_dir = is_dir;
	in.debug = o->debug;
	hook_helper = libexec_path("lxcrun-hook");
	in.hook_program = hook_helper;
	in.hook_ready_fd = 3 + o->preserve_fds + 1;
	if (netdev_addrs_collect(&spec, &netdev_addrs, &n_netdev_addrs, err) < 0)
		goto out;
	in.netdev_addrs = netdev_addrs;
	in.n_netdev_addrs = n_netdev_addrs;
	create_hooks_init(&ch, &spec, o->id, bundle, annotations_json(&spec));
	lxc_text = lxc_config_render(&spec, &in, err);
	if (lxc_text == NULL)
		goto out;

	/* side effects start here: from now on every failure goes through rollback */
	root_lock = state_lock_root(o->root, LOCK_EX, err);
	if (root_lock < 0)
		goto out;
	if (mkdir(c.dir, 0700) < 0) {
		if (errno == EEXIST)
			lxr_error_set(err, EEXIST, "container \"%s\" already exists", o->id);
		else
			lxr_error_sys(err, "create state dir `%s`", c.dir);
		free(c.dir);
		c.dir = NULL;
		goto out;
	}
	lock = state_lock(c.dir, err);
	if (lock < 0)
		goto fail;
	fault_point("create.dir-made");
	if (write_creating_state(&c, o->id, bundle, rootfs_abs, err) < 0)
		goto fail;
	close(root_lock);
	root_lock = -1;
	fault_point("create.state-creating");
	if (asprintf(&cfg_path, "%s/config", c.dir) < 0 ||
	    asprintf(&fifo, "%s/exec.fifo", c.dir) < 0 ||
	    asprintf(&log_path, "%s/lxc.log", c.dir) < 0)
		abort();
	if (write_file_atomic(cfg_path, lxc_text, strlen(lxc_text), 0600, err) < 0 ||
	    write_file_atomic(log_path, "", 0, 0600, err) < 0 || /* liblxc would make it 0640 */
	    hooks_save(c.dir, &ch.set, err) < 0)
		goto fail;
	fault_point("create.config-written");
	if (mkfifo(fifo, 0600) < 0) {
		lxr_error_sys(err, "mkfifo `%s`", fifo);
		goto fail;
	}
	/* O_RDWR never blocks on a fifo; the init keeps this open until it execs */
	c.fds[2] = open(fifo, O_RDWR | O_CLOEXEC);
	if (c.fds[2] < 0) {
		lxr_error_sys(err, "open `%s`", fifo);
		goto fail;
	}
	if (o->console_socket) {
		c.fds[3] = console_connect(o->console_socket, err);
		if (c.fds[3] < 0)
			goto fail;
	} else if (o->console_fd >= 0 && spec.process.terminal) {
		/* a foreground `run` receives the pty master itself */
		c.fds[3] = fcntl(o->console_fd, F_DUPFD_CLOEXEC, 3);
		if (c.fds[3] < 0) {
			lxr_error_sys(err, "dup console fd");
			goto fail;
		}
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		lxr_error_sys(err, "socketpair");
		goto fail;
	}
	c.fds[4] = sv[0];
	c.fds[1] = sv[1];
	/* the kernel then tells us the init's pid, translated into our pid namespace */
	setsockopt(c.fds[4], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	ip.ready_fd = 3 + o->preserve_fds + 1;
	ip.fifo_fd = 3 + o->preserve_fds + 2;
	ip.console_fd = c.fds[3] >= 0 ? 3 + o->preserve_fds + 3 : -1;
	if (ip.seccomp_flags & SECCOMP_BUILD_NEW_LISTENER) {
		c.fds[5] = seccomp_notify_prepare(c.dir, &spec.linux_.seccomp, err);
		if (c.fds[5] < 0)
			goto fail;
		ip.notify_fd = 3 + o->preserve_fds + 4;
	}
	ip.preserve_fds = o->preserve_fds;
	c.fds[0] = params_memfd(&ip, &params, &params_len, err);
	if (c.fds[0] < 0)
		goto fail;
	/* what `exec` starts from: the container's own process settings */
	if (asprintf(&params_path, "%s/process.params", c.dir) < 0)
		abort();
	if (write_file_atomic(params_path, params, params_len, 0600, err) < 0)
		goto fail;
	fault_point("create.params-written");
	helper = libexec_path("lxcrun-start");
	c.start_pid = spawn_start_helper(o, &c, helper);
	if (c.start_pid < 0) {
		lxr_error_sys(err, "vfork");
		goto fail;
	}
	for (int i = 0; i < 6; i++)
		if (i != 4 && c.fds[i] >= 0)
			close(c.fds[i]), c.fds[i] = -1;
	fault_point("create.spawned");
	if (wait_ready(c.fds[4], &pid, &ch, err) < 0) {
		lxr_error_wrap(err, "create container \"%s\"", o->id);
		goto fail;
	}
	/* the monitor's job ends here: with it gone the init is re-parented to the
	 * caller's subreaper (conmon, containerd-shim, `run`), which then reaps it and
	 * gets the container's true exit status */
	fault_point("create.ready");
	kill(c.start_pid, SIGKILL);
	waitpid(c.start_pid, NULL, 0);
	c.start_pid = 0;
	close(c.fds[4]);
	c.fds[4] = -1;
	remove_monitor_cgroups(&c);
	fault_point("create.monitor-gone");

	st.id = (char *)o->id;
	st.bundle = bundle;
	st.rootfs = rootfs_abs;
	st.pid = pid;
	/* a zombie init (killed before the monitor was) counts as gone: its
	 * /proc files would still read */
	st.start_time = proc_alive(pid, 0) ? proc_start_time(pid) : 0;
	st.created = now_rfc3339();
	st.owner = "";
	st.annotations_json = annotations_json(&spec);
	st.config_cgroup = c.cgroup_path;
	if (st.start_time == 0) {
		lxr_error_set(err, ESRCH, "create container \"%s\": its init exited during create",
			      o->id);
		goto fail_state;
	}
	st.cgroup_dirs = cgroup_dirs_of_pid(pid, c.cgroup_path, &st.cgroup_unified, err);
	if (st.cgroup_dirs == NULL)
		goto fail_state;
	if (spec.has_linux && apply_hybrid_v2(&spec.linux_.resources, &in, &st, err) < 0)
		goto fail_state;
	if (state_write(c.dir, &st, err) < 0)
		goto fail_state;
	fault_point("create.state-written");
	if (o->pid_file && pid_file_write(o->pid_file, pid, err) < 0)
		goto fail_state;
	lxr_log(LXR_LOG_DEBUG, "created container %s: init pid %d, cgroup %s", o->id, (int)pid,
		c.cgroup_path);
	*init_pid = pid;
	ret = 0;
fail_state:
	free(st.created);
	free(st.annotations_json);
	strv_free(st.cgroup_dirs);
	free(st.cgroup_unified);
	if (ret == 0)
		goto out;
fail:
	create_rollback(&c);
	state_remove_liblxc_lock(o->root, o->id);
	create_hooks_after_failure(&ch);
out:
	if (root_lock >= 0)
		close(root_lock);
	if (lock >= 0)
		close(lock);
	for (int i = 0; i < 6; i++)
		if (c.fds[i] >= 0)
			close(c.fds[i]);
	free(c.dir);
	free(c.cgroup_path);
	free(c.monitor_path);
	free(c.pivot_path);
	init_build_free(&ip);
	netdev_addrs_free(netdev_addrs, n_netdev_addrs);
	create_hooks_free(&ch);
	spec_free(&spec);
	return ret;
}
