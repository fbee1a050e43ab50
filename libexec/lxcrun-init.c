/* lxcrun-init: the container's first process, and the last step of every exec
 * (static: it runs inside any image).
 *
 * As the init, liblxc execs it after pivot_root, in all the container's
 * namespaces, as root with every capability. It finishes what liblxc does not do
 * (device nodes, masked and read-only paths, read-only root, terminal), tells
 * `create` it is ready, blocks on exec.fifo until `start` releases it, runs the
 * startContainer hooks, applies the process settings (rlimits, I/O priority,
 * scheduler, personality, user, capabilities, no_new_privs, cwd, HOME, cpu
 * affinity), loads the seccomp filter the front end
 * compiled and execs the user process. A failure after release is written back
 * into exec.fifo for `start` to report; a failure before it goes to `create` over
 * the ready socket.
 *
 * In exec mode (`lxcrun exec` already put it in the container's namespaces and
 * cgroup) it only sets up the terminal and the process settings and execs; its
 * errors go over the ready socket, which closes unseen at that exec.
 */
#include "config.h"
#include "copyup.h"
#include "hook_run.h"
#include "hook_set.h"
#include "init_params.h"

#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>
#include <grp.h>
#include <sched.h>
#include <sys/personality.h>

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

static init_params P;
static bool released; /* after `start`: errors go to exec.fifo instead of the ready socket */

/* what `start` wrote: 'G', or 'H' when startContainer hooks follow */
static char release_cmd;

static void lowercase_first(char *s)
{
	if (*s >= 'A' && *s <= 'Z')
		*s = (char)(*s - 'A' + 'a');
}

/* Reports msg to whoever waits (create before release, start after) and exits. */
static void __attribute__((noreturn, format(printf, 2, 3))) die(int code, const char *fmt, ...)
{
	char msg[4096];
	va_list ap;
	int n;

	msg[0] = released ? 'E' : '\0';
	n = released ? 1 : 0;
	if (!released) {
		n = snprintf(msg, sizeof(msg), "error ");
	}
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	if (released) {
		if (P.fifo_fd >= 0 && write(P.fifo_fd, msg, strlen(msg)) < 0) {
			/* start will notice the init died without a message */
		}
	} else if (P.ready_fd >= 0 && send(P.ready_fd, msg, strlen(msg), MSG_NOSIGNAL) < 0) {
		/* create will notice the socket closing without "ready" */
	}
	_exit(code);
}

/* "<what> `<path>`: <lowercase strerror>" for the current errno. */
static void __attribute__((noreturn)) die_sys(int code, const char *what, const char *path)
{
	char err[256];

	snprintf(err, sizeof(err), "%s", strerror(errno));
	lowercase_first(err);
	die(code, "%s `%s`: %s", what, path, err);
}

static void read_params(int fd)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap);
			if (buf == NULL)
				_exit(1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (init_params_parse(buf, len, &P) < 0) {
		fprintf(stderr, "lxcrun-init: malformed parameters\n");
		_exit(1);
	}
	free(buf);
}

/* mkdir -p of the parent directories of path. */
static void make_parents(const char *path)
{
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			die_sys(1, "create directory", tmp);
		*p = '/';
	}
}

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

/* mount_setattr(2) on path (flags 0 or AT_RECURSIVE); struct mount_attr's layout. */
static void set_mount_attrs(const char *path, unsigned flags, uint64_t set, uint64_t clr)
{
	struct {
		uint64_t attr_set, attr_clr, propagation, userns_fd;
	} attr = {.attr_set = set, .attr_clr = clr};

	if (set == 0 && clr == 0)
		return;
	if (syscall(SYS_mount_setattr, AT_FDCWD, path, flags, &attr, sizeof(attr)) < 0)
		die_sys(1,
			flags & AT_RECURSIVE ? "apply the recursive mount options of"
					     : "apply the [no]symfollow option of",
			path);
}

/* Sets the spec's mount propagation again (liblxc made the whole tree shared). */
static void set_propagations(void)
{
	if (P.root_propagation && mount(NULL, "/", NULL, P.root_propagation, NULL) < 0)
		die_sys(1, "set the propagation of", "/");
	for (size_t i = 0; i < P.n_propagations; i++) {
		char path[4096];
		const char *t = P.propagations[i].target;

		/* relative destinations are relative to the root */
		snprintf(path, sizeof(path), "%s%s", t[0] == '/' ? "" : "/", t);
		if (P.propagations[i].bind_flags &&
		    mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | P.propagations[i].bind_flags,
			  NULL) < 0)
			die_sys(1, "apply the mount options of", path);
		if (P.propagations[i].flags &&
		    mount(NULL, path, NULL, P.propagations[i].flags, NULL) < 0)
			die_sys(1, "set the mount propagation of", path);
		set_mount_attrs(path, 0, P.propagations[i].set, P.propagations[i].clr);
		set_mount_attrs(path, AT_RECURSIVE, P.propagations[i].rec_set,
				P.propagations[i].rec_clr);
	}
}

/* Fills the tmpfs mounts with "tmpcopyup" from the image beneath them. */
static void copy_up(void)
{
	for (size_t i = 0; i < P.n_copyup; i++) {
		char path[4096], failed[4096];
		const char *t = P.copyup[i];

		snprintf(path, sizeof(path), "%s%s", t[0] == '/' ? "" : "/", t);
		if (copyup_tmpfs(path, failed, sizeof(failed)) < 0)
			die_sys(1, "tmpcopyup: copy", failed);
	}
}

/* Removes the tmpfs stacked on the spec's devpts mount (see init_build.h) if
 * liblxc left it in place. */
static void remove_pts_guard(void)
{
	struct statfs sf;

	if (!P.pts_guard || statfs("/dev/pts", &sf) < 0 || sf.f_type != TMPFS_MAGIC)
		return;
	if (umount2("/dev/pts", MNT_DETACH) < 0)
		die_sys(1, "unmount the guard on", "/dev/pts");
}

static void create_devices(void)
{
	static const char *const links[][2] = {
	    {"/proc/self/fd", "/dev/fd"},	{"/proc/self/fd/0", "/dev/stdin"},
	    {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"},
	    {"pts/ptmx", "/dev/ptmx"},		{"/proc/kcore", "/dev/core"},
	};
	mode_t old = umask(0); /* device modes must be exactly as given */

	for (size_t i = 0; i < P.n_devices; i++) {
		const init_device *d = &P.devices[i];
		mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;

		if (P.devices_bound && d->type != 'p')
			continue; /* liblxc bound the host's node there */
		make_parents(d->path);
		if (unlink(d->path) < 0 && errno != ENOENT && errno != EISDIR)
			die_sys(1, "replace device", d->path);
		if (mknod(d->path, type | (d->mode & 07777), makedev(d->major, d->minor)) < 0)
			die_sys(1, "create device", d->path);
		if (chown(d->path, d->uid, d->gid) < 0)
			die_sys(1, "chown device", d->path);
	}
	umask(old);
	if (P.n_devices == 0)
		return; /* no /dev set up for us: leave /dev alone */
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		struct stat st;

		/* /dev/ptmx needs the devpts mount; the rest point into /proc */
		if (i == 4 && stat("/dev/pts/ptmx", &st) < 0)
			continue;
		if (symlink(links[i][0], links[i][1]) < 0 && errno != EEXIST)
			die_sys(1, "create symlink", links[i][1]);
	}
}

static void mask_paths(void)
{
	for (size_t i = 0; i < P.n_masked; i++) {
		const char *path = P.masked[i];
		struct stat st;

		if (stat(path, &st) < 0) {
			if (errno == ENOENT)
				continue;
			die_sys(1, "stat masked path", path);
		}
		if (S_ISDIR(st.st_mode)) {
			if (mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0k") < 0)
				die_sys(1, "mask directory", path);
		} else if (mount("/dev/null", path, NULL, MS_BIND, NULL) < 0) {
			die_sys(1, "mask file", path);
		}
	}
}

/* Bind-remounts path read-only, keeping the flags a remount must not drop. */
static void remount_readonly(const char *path, bool bind_first)
{
	struct statvfs sv;
	unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;

	if (bind_first && mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) {
		if (errno == ENOENT)
			return;
		die_sys(1, "bind read-only path", path);
	}
	if (statvfs(path, &sv) == 0) {
		flags |= (sv.f_flag & ST_NOSUID) ? MS_NOSUID : 0;
		flags |= (sv.f_flag & ST_NODEV) ? MS_NODEV : 0;
		flags |= (sv.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
	}
	if (mount(NULL, path, NULL, flags, NULL) < 0)
		die_sys(1, "remount read-only", path);
}

static void readonly_paths(void)
{
	for (size_t i = 0; i < P.n_readonly; i++) {
		struct stat st;

		if (stat(P.readonly[i], &st) < 0 && errno == ENOENT)
			continue;
		remount_readonly(P.readonly[i], true);
	}
	if (P.root_readonly)
		remount_readonly("/", false);
}

/* Sends data with one control message of the given SOL_SOCKET type. */
static int send_cmsg(int fd, const char *data, int type, const void *payload, size_t plen)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))]; /* the larger of int and ucred */
	struct iovec iov = {.iov_base = (void *)data, .iov_len = strlen(data)};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(plen)};
	struct cmsghdr *cm;

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(plen);
	memcpy(CMSG_DATA(cm), payload, plen);
	return sendmsg(fd, &msg, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* Sends the pty master to the --console-socket peer: one message, one fd
 * (conmon insists on cmsg_len == CMSG_LEN(sizeof(int))). */
static void send_master(int master, const char *name)
{
	if (send_cmsg(P.console_fd, name, SCM_RIGHTS, &master, sizeof(master)) < 0)
		die_sys(1, "send pty master to", "--console-socket");
}

static void setup_terminal(void)
{
	int master, slave, unlock = 0, ptyno = 0;
	char name[64];

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		die_sys(1, "open", "/dev/ptmx");
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &ptyno) < 0)
		die_sys(1, "unlock pty", "/dev/ptmx");
	/* TIOCGPTPEER opens the slave without a path lookup a container could redirect */
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	if (slave < 0)
		die_sys(1, "open pty peer", "/dev/ptmx");
	snprintf(name, sizeof(name), "/dev/pts/%d", ptyno);
	if (P.rows || P.cols) {
		struct winsize ws = {.ws_row = P.rows, .ws_col = P.cols};

		ioctl(slave, TIOCSWINSZ, &ws);
	}
	send_master(master, name);
	close(master);
	close(P.console_fd);
	P.console_fd = -1;
	setsid();
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		die_sys(1, "make controlling terminal", name);
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			die_sys(1, "dup pty to stdio", name);
	if (slave > 2)
		close(slave);
}

/* Tells create we are ready; SCM_CREDENTIALS makes the kernel translate our pid
 * into create's pid namespace, which is how create learns the init's host pid. */
static void signal_ready(void)
{
	struct ucred cred = {.pid = getpid(), .uid = getuid(), .gid = getgid()};

	if (send_cmsg(P.ready_fd, "ready", SCM_CREDENTIALS, &cred, sizeof(cred)) < 0)
		_exit(1);
	close(P.ready_fd);
	P.ready_fd = -1;
}

static void wait_for_start(void)
{
	char c;

	for (;;) {
		ssize_t n = read(P.fifo_fd, &c, 1);

		if (n == 1) {
			release_cmd = c;
			break;
		}
		if (n < 0 && errno == EINTR)
			continue;
		_exit(1); /* cannot happen while we hold the fifo open for writing too */
	}
	released = true;
}

/* Reads exactly len bytes of what `start` writes after 'H'; start writes them at
 * once, so a pause of START_READ_MS means it is gone. */
#define START_READ_MS 60000
static void read_from_start(char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		struct pollfd p = {.fd = P.fifo_fd, .events = POLLIN};
		ssize_t n;

		if (poll(&p, 1, START_READ_MS) == 0)
			die(1, "start did not send the startContainer hooks");
		n = read(P.fifo_fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die_sys(1, "read the startContainer hooks from", "exec.fifo");
		off += (size_t)n;
	}
}

/* The spec's startContainer hooks: here, in the container (their paths resolve in
 * its root), after `start` and before the user process. `start` sent the state and
 * their definitions: "<8 hex digits length><state JSON>\0<records>" (hook_set.h).
 * A failure is start's error, and the container stops with us. */
static void run_start_container_hooks(void)
{
	char head[9] = {0}, msg[4096], *buf, *end;
	unsigned long len;
	hook_set hooks;
	size_t slen;

	if (release_cmd != 'H')
		return;
	read_from_start(head, 8);
	len = strtoul(head, &end, 16);
	if (*end != '\0' || len == 0 || len > (64UL << 20))
		die(1, "malformed startContainer hooks from start");
	buf = malloc(len);
	if (buf == NULL)
		die(1, "out of memory");
	read_from_start(buf, len);
	slen = strnlen(buf, len);
	if (slen == len || hook_set_parse(buf + slen + 1, len - slen - 1, &hooks) < 0)
		die(1, "malformed startContainer hooks from start");
	if (hook_run_list(&hooks, HOOK_START_CONTAINER, buf, "/", msg, sizeof(msg)) < 0)
		die(1, "%s", msg);
	hook_set_free(&hooks);
	free(buf);
}

static int capset_sets(uint64_t eff, uint64_t perm, uint64_t inh)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2] = {
	    {(uint32_t)eff, (uint32_t)perm, (uint32_t)inh},
	    {(uint32_t)(eff >> 32), (uint32_t)(perm >> 32), (uint32_t)(inh >> 32)},
	};

	return (int)syscall(SYS_capset, &hdr, data);
}

static int last_cap(void)
{
	char buf[16] = {0};
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC), n = 40;

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) > 0)
			n = atoi(buf);
		close(fd);
	}
	return n;
}

static void apply_user_and_caps(void)
{
	int last = P.has_caps ? last_cap() : 0;

	if (P.has_caps) {
		/* the bounding set shrinks first, while CAP_SETPCAP is still effective */
		for (int c = 0; c <= last; c++)
			if (!(P.caps[CAPSET_BOUNDING] & (1ULL << c)) &&
			    prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
				die_sys(1, "drop bounding capability", "process.capabilities");
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			die_sys(1, "keep capabilities across", "setuid");
	}
	if (setgroups(P.n_gids, P.gids) < 0)
		die_sys(1, "set additional gids", "process.user.additionalGids");
	if (setresgid(P.gid, P.gid, P.gid) < 0)
		die_sys(1, "set gid", "process.user.gid");
	if (setresuid(P.uid, P.uid, P.uid) < 0)
		die_sys(1, "set uid", "process.user.uid");
	if (!P.has_caps)
		return;
	if (capset_sets(P.caps[CAPSET_EFFECTIVE], P.caps[CAPSET_PERMITTED],
			P.caps[CAPSET_INHERITABLE]) < 0)
		die_sys(1, "set capabilities", "process.capabilities");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		die_sys(1, "clear ambient capabilities", "process.capabilities.ambient");
	for (int c = 0; c <= last; c++)
		if ((P.caps[CAPSET_AMBIENT] & (1ULL << c)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
			die_sys(1, "raise ambient capability", "process.capabilities.ambient");
}

/* Sends the seccomp listener fd to `start` (which passes it on to
 * listenerPath) and waits for its answer: the user process must not run
 * before the listener has the fd. A blocking read; start's death ends it. */
static void hand_over_listener(int conn, int listener)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {0}, answer[8] = {0};
	struct iovec iov = {.iov_base = "fd", .iov_len = 2};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	ssize_t n;

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &listener, sizeof(int));
	if (sendmsg(conn, &msg, MSG_NOSIGNAL) < 0)
		die_sys(1, "send the seccomp listener fd for", "linux.seccomp.listenerPath");
	close(listener);
	do
		n = recv(conn, answer, sizeof(answer) - 1, 0);
	while (n < 0 && errno == EINTR);
	close(conn);
	if (n != 2 || memcmp(answer, "ok", 2) != 0)
		die(1, "linux.seccomp.listenerPath: the listener did not get the seccomp fd");
}

/* Loads the BPF program lxcrun compiled from linux.seccomp (the init never links
 * libseccomp). When is up to the caller: see apply_process_settings and main. */
static void install_seccomp(void)
{
	struct sock_fprog prog;
	int conn = -1;
	long r;

	if (P.seccomp_bpf == NULL)
		return;
	/* SCMP_ACT_NOTIFY: `start` connected before releasing us, so this does not
	 * wait; accepted before the load so that only sendmsg, recv and close run
	 * under the filter until the listener has its fd */
	if (P.notify_fd >= 0) {
		do
			conn = accept4(P.notify_fd, NULL, NULL, SOCK_CLOEXEC);
		while (conn < 0 && errno == EINTR);
		if (conn < 0)
			die_sys(1, "accept start's connection for", "linux.seccomp.listenerPath");
		close(P.notify_fd);
		P.notify_fd = -1;
	}
	prog.len = (unsigned short)(P.seccomp_len / sizeof(struct sock_filter));
	prog.filter = (struct sock_filter *)(void *)P.seccomp_bpf;
	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, P.seccomp_flags, &prog);
	if (r < 0)
		die_sys(1, "load the seccomp filter of", "linux.seccomp");
	if (conn >= 0)
		hand_over_listener(conn, (int)r);
}

/* Sets this process's cpu affinity to a cpu list create validated. */
static void set_affinity(const char *list, const char *field)
{
	cpu_set_t set;

	if (list == NULL)
		return;
	/* cpu_set_t is CPU_SETSIZE bits of unsigned long words, as cpulist_parse fills */
	if (cpulist_parse(list, (unsigned long *)(void *)&set,
			  sizeof(set) / sizeof(unsigned long)) < 0)
		die(1, "%s: \"%s\" is not a cpu list", field, list);
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		die_sys(1, "set the cpu affinity of", field);
}

/* struct sched_attr of linux/sched/types.h (SCHED_ATTR_SIZE_VER0 without the util clamps). */
struct lxr_sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
};

/* ioPriority, scheduler and personality: while the init still has every capability
 * (a real-time policy, a negative nice and IOPRIO_CLASS_RT need CAP_SYS_NICE or
 * CAP_SYS_ADMIN). A host that refuses a real-time or deadline policy (no rt budget
 * in the cgroup) fails the start with the field's name. */
static void apply_sched_settings(void)
{
	if (P.has_ioprio && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, P.ioprio) < 0)
		die_sys(1, "set the I/O priority of", "process.ioPriority");
	if (P.has_sched) {
		struct lxr_sched_attr a = {.size = sizeof(a),
					   .sched_policy = P.sched.policy,
					   .sched_flags = P.sched.flags,
					   .sched_nice = P.sched.nice,
					   .sched_priority = P.sched.priority,
					   .sched_runtime = P.sched.runtime,
					   .sched_deadline = P.sched.deadline,
					   .sched_period = P.sched.period};

		if (syscall(SYS_sched_setattr, 0, &a, 0) < 0)
			die_sys(1, "set the scheduling policy of", "process.scheduler");
	}
	if (P.has_personality && personality(P.personality) < 0)
		die_sys(1, "set", "linux.personality");
}

/* linux.memoryPolicy: the task policy survives execve, so setting it here gives
 * it to the user process. Here, before any seccomp filter (docker's profile
 * allows set_mempolicy only with CAP_SYS_NICE). The kernel's refusal (no such
 * node, a mode it does not know) fails the start with the field's name. */
static void apply_mempolicy(void)
{
	unsigned long mask[INIT_MPOL_MAX_NODES / (8 * sizeof(unsigned long))];
	const unsigned long *nodes = NULL;
	unsigned long maxnode = 0;

	if (!P.has_mempolicy)
		return;
	if (P.mempolicy_nodes) {
		if (cpulist_parse(P.mempolicy_nodes, mask, sizeof(mask) / sizeof(mask[0])) < 0)
			die(1, "linux.memoryPolicy.nodes: \"%s\" is not a node list",
			    P.mempolicy_nodes);
		nodes = mask;
		/* the kernel reads maxnode - 1 bits (an off-by-one it keeps for its ABI) */
		maxnode = INIT_MPOL_MAX_NODES + 1;
	}
	if (syscall(SYS_set_mempolicy, P.mempolicy_mode, nodes, maxnode) < 0)
		die_sys(1, "set the NUMA memory policy of", "linux.memoryPolicy");
}

static void apply_process_settings(void)
{
	for (size_t i = 0; i < P.n_rlimits; i++) {
		struct rlimit rl = {.rlim_cur = P.rlimits[i].soft, .rlim_max = P.rlimits[i].hard};

		if (setrlimit(P.rlimits[i].resource, &rl) < 0)
			die(1, "setrlimit %d (soft %llu, hard %llu): %s", P.rlimits[i].resource,
			    (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max,
			    strerror(errno));
	}
	apply_sched_settings();
	apply_mempolicy();
	/* Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, which the user
	 * process may not keep: load it now, while the init still has every
	 * capability, as runc does. The rest of the setup (setgroups, setresuid,
	 * capset, prctl, chdir, close_range, fcntl, rt_sigaction, rt_sigprocmask,
	 * execve) then runs under the filter and fails if the filter denies it. */
	if (!P.no_new_privs)
		install_seccomp();
	apply_user_and_caps();
	if (P.has_umask)
		umask(P.umask);
	if (P.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die_sys(1, "set", "no_new_privs");
	if (chdir(P.cwd ? P.cwd : "/") < 0)
		die_sys(1, "chdir to cwd", P.cwd ? P.cwd : "/");
}

static const char *env_get(const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = 0; P.env && i < P.n_env; i++)
		if (strncmp(P.env[i], name, nl) == 0 && P.env[i][nl] == '=')
			return P.env[i] + nl + 1;
	return NULL;
}

/* The home directory of uid in the container's /etc/passwd, or NULL. Read by
 * hand: a static binary cannot use NSS. */
static char *passwd_home(uid_t uid)
{
	FILE *f = fopen("/etc/passwd", "re");
	char *line = NULL, *home = NULL;
	size_t cap = 0;

	if (f == NULL)
		return NULL;
	while (home == NULL && getline(&line, &cap, f) > 0) {
		char *field[7] = {0}, *p = line, *end;
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		while (n < 7 && p) {
			field[n++] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		if (n < 6 || *field[2] == '\0')
			continue;
		if (strtoul(field[2], &end, 10) == uid && *end == '\0' && *field[5])
			home = strdup(field[5]);
	}
	free(line);
	fclose(f);
	return home;
}

/* HOME from /etc/passwd (or "/") when the process's env has none, as runc does. */
static void set_home(void)
{
	char *home, *entry = NULL, **env;

	if (env_get("HOME"))
		return;
	home = passwd_home(P.uid);
	if (asprintf(&entry, "HOME=%s", home ? home : "/") < 0)
		die(1, "out of memory");
	free(home);
	env = realloc(P.env, (P.n_env + 2) * sizeof(char *));
	if (env == NULL)
		die(1, "out of memory");
	env[P.n_env++] = entry;
	env[P.n_env] = NULL;
	P.env = env;
}

/* Marks every fd beyond stdio and the preserved ones close-on-exec, so the user
 * process sees nothing of the runtime, whatever the caller leaked to us. */
static void seal_fds(void)
{
	unsigned int first = 3 + (unsigned int)P.preserve_fds;

	if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		for (int fd = (int)first; fd < 65536; fd++)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	for (int fd = 3; fd < (int)first; fd++)
		fcntl(fd, F_SETFD, 0);
}

static void reset_signals(void)
{
	sigset_t all;

	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
}

/* The PATH the user process will search (the container's env, else the usual default). */
static const char *search_path(void)
{
	const char *path = env_get("PATH");

	return path ? path : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

/* Writes into full the next candidate for prog along the PATH list *path (an
 * empty entry is "."), and advances *path; false once the list is done. */
static bool next_in_path(const char **path, const char *prog, char *full, size_t size)
{
	const char *end = strchrnul(*path, ':');

	if (**path == '\0')
		return false;
	snprintf(full, size, "%.*s/%s", (int)(end - *path), end == *path ? "." : *path, prog);
	*path = *end ? end + 1 : end;
	return true;
}

/* execvpe() with the container's PATH; reports like runc callers expect. */
static void __attribute__((noreturn)) exec_user_process(void)
{
	const char *prog = P.args[0], *path;
	char **env = P.env ? P.env : (char *[]){NULL};
	int saved = ENOENT;

	if (strchr(prog, '/')) {
		execve(prog, P.args, env);
		die_sys(errno == EACCES ? 126 : 127, "exec", prog);
	}
	path = search_path();
	for (char full[4096]; next_in_path(&path, prog, full, sizeof(full));) {
		execve(full, P.args, env);
		if (errno == EACCES)
			saved = EACCES;
		else if (errno != ENOENT && errno != ENOTDIR)
			saved = errno;
	}
	errno = saved;
	die_sys(saved == EACCES ? 126 : 127, "exec", prog);
}

/* Whether dir/path (path alone if absolute) is something execve could run for
 * root: not a directory, with an execute bit; errno says why not. */
static bool runnable(int dir, const char *path)
{
	struct stat st;

	if (fstatat(dir, path, &st, 0) < 0)
		return false;
	if (S_ISDIR(st.st_mode) || (st.st_mode & 0111) == 0) {
		errno = EACCES;
		return false;
	}
	return true;
}

/* Looks process.args[0] up (PATH as at the exec, relative names from
 * process.cwd) before create returns, as runc and crun do: clients turn create's
 * message into an exit code (podman: "no such file or directory" 127,
 * "permission denied" 126) and treat any start failure as 126. What only the
 * final user can see (its permissions) is still start's error. */
static void check_program(void)
{
	const char *prog = P.args[0], *path;
	int dir = open(P.cwd ? P.cwd : "/", O_PATH | O_DIRECTORY | O_CLOEXEC), saved = ENOENT;

	if (dir < 0)
		return; /* start reports the missing cwd */
	if (strchr(prog, '/')) {
		if (runnable(dir, prog)) {
			close(dir);
			return;
		}
		saved = errno;
		close(dir);
		errno = saved;
		die_sys(saved == EACCES ? 126 : 127, "exec", prog);
	}
	path = search_path();
	for (char full[4096]; next_in_path(&path, prog, full, sizeof(full));) {
		if (runnable(dir, full)) {
			close(dir);
			return;
		}
		if (errno == EACCES)
			saved = EACCES;
	}
	close(dir);
	errno = saved;
	die_sys(saved == EACCES ? 126 : 127, "exec", prog);
}

/* Writes value to the first of paths that exists (newer kernels give each LSM
 * its own attr directory). */
static void write_attr(const char *const *paths, const char *value, const char *field)
{
	for (; *paths; paths++) {
		int fd = open(*paths, O_WRONLY | O_CLOEXEC);

		if (fd < 0 && errno == ENOENT)
			continue;
		if (fd < 0 || write(fd, value, strlen(value)) < 0)
			die_sys(1, "apply", field);
		close(fd);
		return;
	}
	errno = ENOENT;
	die_sys(1, "apply", field);
}

/* The profile and label take effect at the user process's exec, as runc does:
 * nothing the runtime does before is confined by them. */
static void set_exec_labels(void)
{
	static const char *const apparmor[] = {"/proc/self/attr/apparmor/exec",
					       "/proc/self/attr/exec", NULL};
	static const char *const selinux[] = {"/proc/self/attr/exec", NULL};

	if (P.apparmor_profile) {
		char buf[4096];

		snprintf(buf, sizeof(buf), "exec %s", P.apparmor_profile);
		write_attr(apparmor, buf, "process.apparmorProfile");
	}
	if (P.selinux_label)
		write_attr(selinux, P.selinux_label, "process.selinuxLabel");
}

/* Last steps shared by both modes: the process's own settings, then exec. */
static void __attribute__((noreturn)) become_user_process(void)
{
	set_home();
	set_exec_labels();
	apply_process_settings();
	seal_fds();
	reset_signals();
	/* the spec's "final" affinity: the last step before the user process */
	set_affinity(P.cpus_final, "process.execCPUAffinity.final");
	/* with no_new_privs, as late as possible: only execve runs under the filter */
	if (P.no_new_privs)
		install_seccomp();
	exec_user_process();
}

static void set_oom_score_adj(void)
{
	char v[16];
	int fd;

	if (!P.has_oom_score_adj)
		return;
	fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	snprintf(v, sizeof(v), "%d", P.oom_score_adj);
	if (fd < 0 || write(fd, v, strlen(v)) < 0)
		die_sys(1, "write", "/proc/self/oom_score_adj");
	close(fd);
}

/* `lxcrun exec`: we run in the container's namespaces and cgroup already (the
 * front end put us there); only the process remains to be set up. Errors go to
 * ready_fd, which closes unseen when the user process is exec'd. */
static void __attribute__((noreturn)) exec_mode(void)
{
	set_oom_score_adj();
	if (P.terminal)
		setup_terminal(); /* also makes us a session leader */
	else if (setsid() < 0)
		die_sys(1, "setsid", "exec");
	become_user_process();
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 1;
	/* liblxc asked for SIGKILL when the monitor dies; the monitor is killed on purpose
	 * once the container is created, and we must outlive it */
	prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	read_params(atoi(argv[1]));
	/* the spec's "initial" affinity: as early as the parameters are known */
	set_affinity(P.cpus_initial, "process.execCPUAffinity.initial");
	if (P.n_args == 0)
		die(1, "process.args must not be empty");
	if (P.exec_mode)
		exec_mode();

	remove_pts_guard();
	set_propagations();
	copy_up();
	create_devices();
	mask_paths();
	readonly_paths();
	/* also in a uts namespace joined by path, as runc does */
	if (P.hostname && sethostname(P.hostname, strlen(P.hostname)) < 0)
		die_sys(1, "set", "hostname");
	if (P.domainname && setdomainname(P.domainname, strlen(P.domainname)) < 0)
		die_sys(1, "set", "domainname");
	set_oom_score_adj();
	if (P.terminal)
		setup_terminal();
	check_program();
	signal_ready();
	wait_for_start();
	run_start_container_hooks();
	become_user_process();
}
