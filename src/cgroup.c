#include "config.h"
#include "cgroup.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define CGROUP_ROOT "/sys/fs/cgroup"

enum cgroup_layout cgroup_detect_layout(void)
{
	struct statfs st;

	if (statfs(CGROUP_ROOT, &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC)
		return CGROUP_LAYOUT_UNIFIED;
	if (statfs(CGROUP_ROOT "/unified", &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC)
		return CGROUP_LAYOUT_HYBRID;
	return CGROUP_LAYOUT_LEGACY;
}

/* "machine.slice:libpod:abc" -> "machine.slice/libpod-abc.scope"; a slice named
 * "a-b.slice" lives inside "a.slice" as systemd nests them. */
static int expand_systemd(const char *spec, char **out, lxr_error **err)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	strbuf sb = {0};
	const char *slice = spec;
	size_t len;

	if (c1 == NULL || c2 == NULL || strchr(c2 + 1, ':'))
		return lxr_error_set(err, EINVAL,
				     "linux.cgroupsPath: `%s` is not of the form slice:prefix:name",
				     spec);
	len = (size_t)(c1 - spec);
	if (len == 0 || (len == 7 && strncmp(spec, "-.slice", 7) == 0)) {
		slice = "system.slice";
		len = strlen(slice);
	}
	/* each '-' in a slice name opens one nesting level */
	for (size_t i = 0; i < len; i++)
		if (slice[i] == '-') {
			sb_addn(&sb, slice, i);
			sb_add(&sb, ".slice/");
		}
	sb_addn(&sb, slice, len);
	sb_add(&sb, "/");
	if (c2 > c1 + 1) {
		sb_addn(&sb, c1 + 1, (size_t)(c2 - c1 - 1));
		sb_add(&sb, "-");
	}
	sb_add(&sb, c2 + 1);
	if (strstr(c2 + 1, ".slice") == NULL)
		sb_add(&sb, ".scope");
	*out = sb_take(&sb);
	return 0;
}

int cgroup_resolve_path(const char *cgroups_path, const char *id, bool systemd, char **path,
			bool *relative, lxr_error **err)
{
	_cleanup_free_ char *p = NULL;
	const char *s;

	if (cgroups_path == NULL || *cgroups_path == '\0') {
		if (asprintf(&p, "lxcrun-%s", id) < 0)
			abort();
		*relative = true;
	} else if (systemd && cgroups_path[0] != '/') {
		if (expand_systemd(cgroups_path, &p, err) < 0)
			return -1;
		*relative = false;
	} else {
		*relative = cgroups_path[0] != '/';
		for (s = cgroups_path; *s == '/'; s++)
			;
		p = xstrdup(s);
		/* trailing slashes would make liblxc create an empty last component */
		for (size_t n = strlen(p); n > 0 && p[n - 1] == '/'; n--)
			p[n - 1] = '\0';
	}
	if (p == NULL || *p == '\0')
		return lxr_error_set(err, EINVAL, "linux.cgroupsPath: `%s` names the root cgroup",
				     cgroups_path);
	if (path_has_dotdot(p))
		return lxr_error_set(err, EINVAL, "linux.cgroupsPath: `%s` must not contain \"..\"",
				     cgroups_path);
	*path = lxr_steal(&p);
	return 0;
}

typedef struct {
	char *root;	  /* root of the mount inside the hierarchy (field 4) */
	char *mountpoint; /* where it is mounted */
	char *opts;	  /* super options: the v1 controllers, or NULL for cgroup2 */
} cg_mount;

static void cg_mounts_free(cg_mount *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].root);
		free(m[i].mountpoint);
		free(m[i].opts);
	}
	free(m);
}

/* Collects the cgroup and cgroup2 mounts of our mount namespace. */
static cg_mount *read_cgroup_mounts(size_t *n, lxr_error **err)
{
	_cleanup_free_ char *text = read_file("/proc/self/mountinfo", NULL, err);
	cg_mount *m = NULL;
	char *save = NULL;

	*n = 0;
	if (text == NULL)
		return NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char root[4096], mp[4096], fstype[64], super[4096];
		char *sep = strstr(line, " - ");

		if (sep == NULL || sscanf(line, "%*d %*d %*s %4095s %4095s", root, mp) != 2 ||
		    sscanf(sep + 3, "%63s %*s %4095s", fstype, super) != 2)
			continue;
		if (strcmp(fstype, "cgroup") != 0 && strcmp(fstype, "cgroup2") != 0)
			continue;
		m = realloc(m, (*n + 1) * sizeof(*m));
		if (m == NULL)
			abort();
		m[*n].root = xstrdup(root);
		m[*n].mountpoint = xstrdup(mp);
		m[*n].opts = strcmp(fstype, "cgroup") == 0 ? xstrdup(super) : NULL;
		(*n)++;
	}
	return m;
}

/* True when every controller of the comma list `ctrls` is among the mount's options. */
static bool mount_has_controllers(const cg_mount *m, const char *ctrls)
{
	_cleanup_free_ char *copy = xstrdup(ctrls);
	char *save = NULL;

	if (m->opts == NULL)
		return false;
	for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		size_t cl = strlen(c);
		const char *o = m->opts;
		bool found = false;

		while ((o = strstr(o, c)) != NULL) {
			if ((o == m->opts || o[-1] == ',') && (o[cl] == ',' || o[cl] == '\0')) {
				found = true;
				break;
			}
			o += cl;
		}
		if (!found)
			return false;
	}
	return true;
}

static bool ends_with_path(const char *path, const char *suffix)
{
	size_t pl = strlen(path), sl = strlen(suffix);

	if (sl == 0)
		return true;
	return pl >= sl && strcmp(path + pl - sl, suffix) == 0 &&
	       (pl == sl || path[pl - sl - 1] == '/');
}

char **cgroup_dirs_of_pid(pid_t pid, const char *suffix, char **unified, lxr_error **err)
{
	char procpath[64], *save = NULL;
	_cleanup_free_ char *text = NULL;
	cg_mount *mounts;
	size_t n_mounts = 0, n = 0;
	char **dirs = xmalloc(sizeof(char *));

	if (unified)
		*unified = NULL;
	snprintf(procpath, sizeof(procpath), "/proc/%d/cgroup", (int)pid);
	text = read_file(procpath, NULL, err);
	if (text == NULL) {
		free(dirs);
		return NULL;
	}
	mounts = read_cgroup_mounts(&n_mounts, err);
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL, *cg;

		if (c2 == NULL)
			continue;
		*c2 = '\0';
		cg = c2 + 1;
		if (!ends_with_path(cg, suffix))
			continue;
		for (size_t i = 0; i < n_mounts; i++) {
			bool v2 = c2 == c1 + 1;
			const char *rel = cg;
			size_t rl = strlen(mounts[i].root);
			char *dir = NULL;

			if (v2 != (mounts[i].opts == NULL) ||
			    (!v2 && !mount_has_controllers(&mounts[i], c1 + 1)))
				continue;
			/* a mount of a sub-tree (e.g. inside a cgroup namespace) shows paths below
			 * its root */
			if (strcmp(mounts[i].root, "/") != 0) {
				if (strncmp(cg, mounts[i].root, rl) != 0)
					continue;
				rel = cg + rl;
			}
			if (asprintf(&dir, "%s%s", mounts[i].mountpoint, rel) < 0)
				abort();
			dirs = realloc(dirs, (n + 2) * sizeof(char *));
			if (dirs == NULL)
				abort();
			dirs[n++] = dir;
			dirs[n] = NULL;
			if (v2 && unified && *unified == NULL)
				*unified = xstrdup(dir);
			break;
		}
	}
	cg_mounts_free(mounts, n_mounts);
	dirs[n] = NULL;
	return dirs;
}

int cgroup_signal_all(const char *dir, int sig, lxr_error **err)
{
	_cleanup_free_ char *kill_path = NULL;
	pid_t *pids;
	int ret = 0;

	if (sig == SIGKILL) {
		if (asprintf(&kill_path, "%s/cgroup.kill", dir) < 0)
			abort();
		if (access(kill_path, F_OK) == 0 && write_file(kill_path, "1", NULL) == 0)
			return 0;
	}
	/* every process, also in sub-cgroups the container made */
	pids = cgroup_pids(dir, err);
	if (pids == NULL)
		return -1;
	for (size_t i = 0; pids[i] && ret == 0; i++)
		if (kill(pids[i], sig) < 0 && errno != ESRCH)
			ret = lxr_error_sys(err, "kill %d", (int)pids[i]);
	free(pids);
	return ret;
}

/* Reads "<key> N" from cgroup.events; -1 if the file or the key is missing. */
static int read_event(const char *events_path, const char *key)
{
	_cleanup_free_ char *text = read_file(events_path, NULL, NULL);
	size_t kl = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ')
			return atoi(p + kl + 1);
	return -1;
}

static int read_populated(const char *events_path)
{
	return read_event(events_path, "populated");
}

bool cgroup_is_v2_dir(const char *dir)
{
	struct statfs sf;

	return statfs(dir, &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC;
}

bool cgroup_is_empty(const char *dir)
{
	_cleanup_free_ char *events = NULL;

	if (!cgroup_is_v2_dir(dir)) {
		pid_t *pids = cgroup_pids(dir, NULL);
		bool empty = pids == NULL || pids[0] == 0;

		free(pids);
		return empty;
	}
	if (asprintf(&events, "%s/cgroup.events", dir) < 0)
		abort();
	return read_populated(events) <= 0;
}

/* Waits (inotify on cgroup.events, with a deadline) until done(events) holds. */
static int wait_events(const char *dir, bool (*done)(const char *events), const char *what,
		       int timeout_ms, lxr_error **err)
{
	_cleanup_free_ char *events = NULL;
	_cleanup_close_ int ifd = -1;
	long long deadline = now_ms() + timeout_ms;

	if (asprintf(&events, "%s/cgroup.events", dir) < 0)
		abort();
	ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (ifd < 0)
		return lxr_error_sys(err, "inotify_init1");
	/* watch first, then read: a change between the two is not lost */
	if (inotify_add_watch(ifd, events, IN_MODIFY) < 0)
		return errno == ENOENT ? 0 : lxr_error_sys(err, "watch `%s`", events);
	for (;;) {
		char buf[4096];
		int r;

		if (done(events))
			return 0;
		r = poll_until(ifd, POLLIN, deadline);
		if (r == 0 && done(events))
			return 0;
		if (r == 0)
			return lxr_error_set(err, ETIMEDOUT, "cgroup `%s` still %s after %d ms",
					     dir, what, timeout_ms);
		if (r < 0)
			return lxr_error_sys(err, "poll");
		while (read(ifd, buf, sizeof(buf)) > 0)
			;
	}
}

int cgroup_remove_dirs(char *const *dirs, lxr_error **err)
{
	for (size_t i = 0; dirs && dirs[i]; i++)
		if (rmdir(dirs[i]) < 0 && errno != ENOENT)
			return lxr_error_sys(err, "remove cgroup `%s`", dirs[i]);
	return 0;
}

void cgroup_remove_monitor_dirs(char *const *dirs, const char *monitor_suffix,
				const char *pivot_suffix)
{
	for (size_t i = 0; dirs && dirs[i]; i++) {
		char *monitor = NULL, *pivot = NULL, *inner = NULL;

		if (asprintf(&monitor, "%s%s", dirs[i], monitor_suffix) < 0 ||
		    asprintf(&pivot, "%s%s", dirs[i], pivot_suffix) < 0 ||
		    asprintf(&inner, "%s/lxc.pivot", pivot) < 0)
			abort();
		rmdir(monitor);
		rmdir(inner);
		rmdir(pivot);
		free(monitor);
		free(inner);
		free(pivot);
	}
}

static bool is_unpopulated(const char *events)
{
	return read_populated(events) <= 0;
}

int cgroup_wait_empty(const char *dir, int timeout_ms, lxr_error **err)
{
	return wait_events(dir, is_unpopulated, "has processes", timeout_ms, err);
}

/* Kills the processes listed in dir (and sub-cgroups) through pidfds and waits
 * for each pidfd to report its exit: cgroup v1 has no cgroup.events, but an exited
 * process has left its cgroups by the time its pidfd is readable. Repeats until a
 * pass finds no process, because a process may fork between listing and killing. */
static int kill_wait_pidfds(const char *dir, int timeout_ms, lxr_error **err)
{
	long long deadline = now_ms() + timeout_ms;

	for (;;) {
		_cleanup_free_ pid_t *pids = cgroup_pids(dir, err);
		_cleanup_free_ struct pollfd *pfd = NULL;
		size_t n = 0, open_fds = 0, waiting;

		if (pids == NULL)
			return -1;
		while (pids[n])
			n++;
		if (n == 0)
			return 0;
		pfd = xmalloc(n * sizeof(*pfd));
		for (size_t i = 0; i < n; i++) {
			int fd = (int)syscall(SYS_pidfd_open, pids[i], 0);

			if (fd < 0)
				continue; /* already gone */
			syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0);
			pfd[open_fds++] = (struct pollfd){.fd = fd, .events = POLLIN};
		}
		for (waiting = open_fds; waiting > 0;) {
			long long left = deadline - now_ms();
			int r = left > 0 ? poll(pfd, open_fds, (int)left) : 0;

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			for (size_t i = 0; i < open_fds; i++)
				if (pfd[i].fd >= 0 && pfd[i].revents) {
					close(pfd[i].fd);
					pfd[i].fd = -1; /* poll ignores negative fds */
					waiting--;
				}
		}
		for (size_t i = 0; i < open_fds; i++)
			if (pfd[i].fd >= 0)
				close(pfd[i].fd);
		if (waiting > 0)
			return lxr_error_set(err, ETIMEDOUT,
					     "cgroup `%s` still has processes after %d ms", dir,
					     timeout_ms);
	}
}

int cgroup_kill_and_wait(const char *dir, int timeout_ms, lxr_error **err)
{
	if (!cgroup_is_v2_dir(dir))
		return kill_wait_pidfds(dir, timeout_ms, err);
	if (cgroup_signal_all(dir, SIGKILL, err) < 0)
		return -1;
	return cgroup_wait_empty(dir, timeout_ms, err);
}

static bool is_frozen(const char *events)
{
	/* a cgroup that is gone or has no process left counts as settled too */
	return read_event(events, "frozen") != 0 || read_populated(events) <= 0;
}

static bool is_thawed(const char *events)
{
	return read_event(events, "frozen") <= 0;
}

/* The v1 freezer's state: "THAWED", "FREEZING" or "FROZEN" (caller frees; NULL if unreadable). */
static char *v1_freezer_state(const char *dir)
{
	_cleanup_free_ char *path = NULL;
	char *text;

	if (asprintf(&path, "%s/freezer.state", dir) < 0)
		abort();
	text = read_file(path, NULL, NULL);
	if (text)
		text[strcspn(text, "\n")] = '\0';
	return text;
}

static bool v1_is_frozen(const char *dir)
{
	_cleanup_free_ char *state = v1_freezer_state(dir);

	return state && strcmp(state, "FROZEN") == 0;
}

/* The v1 freezer (pure cgroup v1 hosts only: elsewhere cgroup.freeze is used).
 * Thawing is synchronous. Freezing is not, and freezer.state, unlike
 * cgroup.events, sends no notification when it changes: this is the one wait
 * in lxcrun with nothing to wait on, so it re-reads the state with a growing
 * pause (100 us doubling to 10 ms; the kernel usually finishes within the first). */
static int v1_freeze(const char *dir, bool freeze, int timeout_ms, lxr_error **err)
{
	_cleanup_free_ char *path = NULL;
	long long deadline = now_ms() + timeout_ms;
	long pause_ns = 100000;

	if (asprintf(&path, "%s/freezer.state", dir) < 0)
		abort();
	if (write_file(path, freeze ? "FROZEN" : "THAWED", err) < 0)
		return -1;
	while (freeze && !v1_is_frozen(dir) && !cgroup_is_empty(dir)) {
		struct timespec ts = {0, pause_ns};

		if (now_ms() >= deadline) {
			/* leave nothing half-frozen behind */
			write_file(path, "THAWED", NULL);
			return lxr_error_set(err, ETIMEDOUT, "cgroup `%s` not frozen after %d ms",
					     dir, timeout_ms);
		}
		nanosleep(&ts, NULL);
		pause_ns = pause_ns < 10000000 / 2 ? pause_ns * 2 : 10000000;
	}
	return 0;
}

bool cgroup_is_frozen(const char *dir)
{
	_cleanup_free_ char *events = NULL;

	if (!cgroup_is_v2_dir(dir))
		return v1_is_frozen(dir);
	if (asprintf(&events, "%s/cgroup.events", dir) < 0)
		abort();
	return read_event(events, "frozen") == 1;
}

int cgroup_freeze(const char *dir, bool freeze, int timeout_ms, lxr_error **err)
{
	_cleanup_free_ char *path = NULL;

	if (!cgroup_is_v2_dir(dir))
		return v1_freeze(dir, freeze, timeout_ms, err);
	if (asprintf(&path, "%s/cgroup.freeze", dir) < 0)
		abort();
	if (write_file(path, freeze ? "1" : "0", err) < 0)
		return -1;
	/* the kernel freezes tasks asynchronously: "frozen 1" in cgroup.events
	 * says all of them are stopped */
	return wait_events(dir, freeze ? is_frozen : is_thawed, freeze ? "not frozen" : "frozen",
			   timeout_ms, err);
}

/* Appends the pids of dir/cgroup.procs to *v (n entries, capacity *cap). */
static int add_procs(const char *dir, pid_t **v, size_t *n, size_t *cap, lxr_error **err)
{
	_cleanup_free_ char *path = NULL, *procs = NULL;
	char *save = NULL;

	if (asprintf(&path, "%s/cgroup.procs", dir) < 0)
		abort();
	procs = read_file(path, NULL, err);
	if (procs == NULL)
		return errno == ENOENT ? (lxr_error_free(err), 0) : -1;
	for (char *l = strtok_r(procs, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (*n + 2 > *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*v = realloc(*v, *cap * sizeof(pid_t));
			if (*v == NULL)
				abort();
		}
		(*v)[(*n)++] = (pid_t)atoi(l);
	}
	return 0;
}

pid_t *cgroup_pids(const char *dir, lxr_error **err)
{
	_cleanup_free_ char *copy = xstrdup(dir);
	pid_t *v = NULL;
	size_t n = 0, cap = 0;
	/* depth-first over the container's cgroup and the sub-cgroups it made */
	char **stack = xmalloc(sizeof(char *));
	size_t depth = 1;

	stack[0] = lxr_steal(&copy);
	while (depth > 0) {
		char *d = stack[--depth];
		DIR *dh = opendir(d);
		struct dirent *e;

		if (add_procs(d, &v, &n, &cap, err) < 0) {
			if (dh)
				closedir(dh);
			free(d);
			while (depth > 0)
				free(stack[--depth]);
			free(stack);
			free(v);
			return NULL;
		}
		while (dh && (e = readdir(dh)) != NULL) {
			char *sub = NULL;

			if (e->d_type != DT_DIR || e->d_name[0] == '.')
				continue;
			if (asprintf(&sub, "%s/%s", d, e->d_name) < 0)
				abort();
			stack = realloc(stack, (depth + 1) * sizeof(char *));
			if (stack == NULL)
				abort();
			stack[depth++] = sub;
		}
		if (dh)
			closedir(dh);
		free(d);
	}
	free(stack);
	if (v == NULL)
		v = xmalloc(sizeof(pid_t));
	v[n] = 0;
	return v;
}

/* True when path exists. */
static bool exists(const char *dir, const char *file)
{
	_cleanup_free_ char *p = NULL;

	if (asprintf(&p, "%s/%s", dir, file) < 0)
		abort();
	return access(p, F_OK) == 0;
}

/* hugetlb reservation limits came with Linux 5.7. */
static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	return uname(&u) == 0 && sscanf(u.release, "%d.%d", &ma, &mi) == 2 &&
	       (ma > major || (ma == major && mi >= minor));
}

cg_support cgroup_detect_support(void)
{
	cg_support s = {0};
	size_t n = 0;
	cg_mount *m = read_cgroup_mounts(&n, NULL);

	for (size_t i = 0; i < n; i++) {
		if (m[i].opts == NULL) {
			_cleanup_free_ char *path = NULL, *text = NULL;
			char *save = NULL;

			/* the controllers cgroup2 offers are those of its root */
			if (s.v2 != 0 ||
			    asprintf(&path, "%s/cgroup.controllers", m[i].mountpoint) < 0)
				continue;
			text = read_file(path, NULL, NULL);
			for (char *c = text ? strtok_r(text, " \n", &save) : NULL; c;
			     c = strtok_r(NULL, " \n", &save))
				if (cg_controller_from_name(c) >= 0)
					s.v2 |= CG_BIT(cg_controller_from_name(c));
			continue;
		}
		for (int c = 0; c < CG_N_CONTROLLERS; c++) {
			if (!mount_has_controllers(&m[i], cg_controller_name(c, false)))
				continue;
			s.v1 |= CG_BIT(c);
			if (c == CG_MEMORY &&
			    exists(m[i].mountpoint, "memory.memsw.limit_in_bytes"))
				s.features |= CG_FEAT_MEMSW;
			if (c == CG_MEMORY &&
			    exists(m[i].mountpoint, "memory.kmem.tcp.limit_in_bytes"))
				s.features |= CG_FEAT_KMEM_TCP;
			/* CFQ's weights are in every cgroup; BFQ's only below the root */
			if (c == CG_BLKIO && !exists(m[i].mountpoint, "blkio.weight"))
				s.features |= CG_FEAT_BLKIO_BFQ;
		}
	}
	/* a controller bound to a v1 hierarchy is not offered by cgroup2 */
	s.v2 &= ~s.v1;
	if (kernel_at_least(5, 7))
		s.features |= CG_FEAT_HUGETLB_RSVD;
	cg_mounts_free(m, n);
	return s;
}

const char *cgroup_v1_dir(char *const *dirs, const char *ctrl)
{
	size_t n = 0;
	cg_mount *m = read_cgroup_mounts(&n, NULL);
	const char *found = NULL;

	for (size_t i = 0; i < n && found == NULL; i++) {
		size_t l = strlen(m[i].mountpoint);

		if (!mount_has_controllers(&m[i], ctrl))
			continue;
		for (size_t k = 0; dirs && dirs[k] && found == NULL; k++)
			if (strncmp(dirs[k], m[i].mountpoint, l) == 0 && dirs[k][l] == '/')
				found = dirs[k];
	}
	cg_mounts_free(m, n);
	return found;
}
