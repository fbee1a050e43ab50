#include "config.h"
#include "cgroup.h"
#include "spec.h"
#include "state.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

int state_validate_id(const char *id, lxr_error **err)
{
	size_t len = id ? strlen(id) : 0;

	if (len == 0)
		return lxr_error_set(err, EINVAL, "container id must not be empty");
	/* the id names the state dir, and liblxc's lock file is ".<id>" beside
	 * it: longer ids would fail half-way through create with ENAMETOOLONG */
	if (len > STATE_ID_MAX)
		return lxr_error_set(err, EINVAL, "container id is longer than %d bytes",
				     STATE_ID_MAX);
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		return lxr_error_set(err, EINVAL, "invalid container id `%s`", id);
	for (const char *p = id; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_+.-", *p))
			return lxr_error_set(err, EINVAL,
					     "invalid container id `%s`: only letters, digits "
					     "and _+.- are allowed",
					     id);
	return 0;
}

int state_ensure_root(const char *root, lxr_error **err)
{
	struct stat st;

	if (!*root)
		return lxr_error_set(err, EINVAL, "root dir must not be empty");
	/* like runc, also the missing parents: dockerd's shim passes
	 * <exec-root>/runtime-<name>/moby before anything made it */
	if (mkdir_p(root, 0700, err) < 0)
		return lxr_error_wrap(err, "create root dir `%s`", root);
	if (stat(root, &st) < 0)
		return lxr_error_sys(err, "stat root dir `%s`", root);
	if (!S_ISDIR(st.st_mode))
		return lxr_error_set(err, ENOTDIR, "root `%s` is not a directory", root);
	return 0;
}

char *state_dir(const char *root, const char *id)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s", root, id) < 0)
		abort();
	return p;
}

static void add_kv_str(strbuf *sb, const char *key, const char *value, bool comma)
{
	if (comma)
		sb_add(sb, ",");
	sb_add_json_str(sb, key);
	sb_add(sb, ":");
	sb_add_json_str(sb, value ? value : "");
}

int state_write(const char *dir, const container_state *s, lxr_error **err)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	strbuf sb = {0};

	sb_add(&sb, "{");
	add_kv_str(&sb, "id", s->id, false);
	add_kv_str(&sb, "bundle", s->bundle, true);
	add_kv_str(&sb, "rootfs", s->rootfs, true);
	sb_addf(&sb, ",\"pid\":%d,\"start_time\":%" PRIu64, (int)s->pid, s->start_time);
	add_kv_str(&sb, "created", s->created, true);
	add_kv_str(&sb, "owner", s->owner, true);
	add_kv_str(&sb, "config_cgroup", s->config_cgroup, true);
	if (s->creator_pid > 0)
		sb_addf(&sb, ",\"creator_pid\":%d,\"creator_start\":%" PRIu64, (int)s->creator_pid,
			s->creator_start);
	if (s->cgroup_unified)
		add_kv_str(&sb, "cgroup_unified", s->cgroup_unified, true);
	sb_add(&sb, ",\"cgroup_dirs\":[");
	for (size_t i = 0; s->cgroup_dirs && s->cgroup_dirs[i]; i++) {
		if (i)
			sb_add(&sb, ",");
		sb_add_json_str(&sb, s->cgroup_dirs[i]);
	}
	sb_add(&sb, "],\"annotations\":");
	sb_add(&sb, s->annotations_json ? s->annotations_json : "{}");
	sb_add(&sb, "}\n");
	text = sb_take(&sb);
	if (asprintf(&path, "%s/state.json", dir) < 0)
		abort();
	return write_file_atomic(path, text, strlen(text), 0600, err);
}

static char *tree_str(yajl_val root, const char *key)
{
	const char *path[] = {key, NULL};
	yajl_val v = yajl_tree_get(root, path, yajl_t_string);

	return v ? xstrdup(YAJL_GET_STRING(v)) : NULL;
}

static long long tree_int(yajl_val root, const char *key)
{
	const char *path[] = {key, NULL};
	yajl_val v = yajl_tree_get(root, path, yajl_t_number);

	return v && YAJL_IS_INTEGER(v) ? YAJL_GET_INTEGER(v) : 0;
}

/* Re-serialises a yajl tree value (the annotations object) as compact JSON. */
static void gen_value(yajl_gen g, yajl_val v)
{
	if (YAJL_IS_OBJECT(v)) {
		yajl_gen_map_open(g);
		for (size_t i = 0; i < v->u.object.len; i++) {
			const char *k = v->u.object.keys[i];

			yajl_gen_string(g, (const unsigned char *)k, strlen(k));
			gen_value(g, v->u.object.values[i]);
		}
		yajl_gen_map_close(g);
	} else if (YAJL_IS_STRING(v)) {
		const char *s = YAJL_GET_STRING(v);

		yajl_gen_string(g, (const unsigned char *)s, strlen(s));
	} else {
		yajl_gen_null(g);
	}
}

static char *annotations_of(yajl_val root)
{
	const char *path[] = {"annotations", NULL};
	yajl_val v = yajl_tree_get(root, path, yajl_t_object);
	yajl_gen g;
	const unsigned char *buf;
	size_t len;
	char *out;

	if (v == NULL)
		return xstrdup("{}");
	g = yajl_gen_alloc(NULL);
	gen_value(g, v);
	yajl_gen_get_buf(g, &buf, &len);
	out = strndup((const char *)buf, len);
	yajl_gen_free(g);
	return out ? out : xstrdup("{}");
}

int state_read(const char *root, const char *id, container_state *s, lxr_error **err)
{
	_cleanup_free_ char *dir = state_dir(root, id), *text = NULL, *file = NULL;
	const char *path[] = {"cgroup_dirs", NULL};
	char errbuf[256];
	yajl_val tree, dirs;
	size_t n;

	memset(s, 0, sizeof(*s));
	if (access(dir, F_OK) < 0)
		return lxr_error_set(err, ENOENT, "container \"%s\" does not exist", id);
	if (asprintf(&file, "%s/state.json", dir) < 0)
		abort();
	text = read_file(file, NULL, NULL);
	if (text == NULL) {
		/* a create may be between its mkdir and its first state.json: wait for
		 * that (it holds the root's lock meanwhile), then look again */
		int rl = state_lock_root(root, LOCK_SH, NULL);

		text = read_file(file, NULL, NULL);
		if (rl >= 0)
			close(rl);
	}
	s->id = xstrdup(id);
	if (text == NULL) {
		/* no state.json: its create or delete was killed; nothing runs for it */
		s->annotations_json = xstrdup("{}");
		return 0;
	}
	tree = yajl_tree_parse(text, errbuf, sizeof(errbuf));
	if (tree == NULL)
		return lxr_error_set(err, EINVAL, "container \"%s\": corrupt state.json: %s", id,
				     errbuf);
	s->bundle = tree_str(tree, "bundle");
	s->rootfs = tree_str(tree, "rootfs");
	s->pid = (pid_t)tree_int(tree, "pid");
	s->start_time = (uint64_t)tree_int(tree, "start_time");
	s->created = tree_str(tree, "created");
	s->owner = tree_str(tree, "owner");
	s->config_cgroup = tree_str(tree, "config_cgroup");
	s->cgroup_unified = tree_str(tree, "cgroup_unified");
	s->creator_pid = (pid_t)tree_int(tree, "creator_pid");
	s->creator_start = (uint64_t)tree_int(tree, "creator_start");
	s->annotations_json = annotations_of(tree);
	dirs = yajl_tree_get(tree, path, yajl_t_array);
	n = dirs && YAJL_IS_ARRAY(dirs) ? YAJL_GET_ARRAY(dirs)->len : 0;
	s->cgroup_dirs = xmalloc((n + 1) * sizeof(char *));
	for (size_t i = 0, j = 0; i < n; i++) {
		yajl_val d = YAJL_GET_ARRAY(dirs)->values[i];

		if (YAJL_IS_STRING(d))
			s->cgroup_dirs[j++] = xstrdup(YAJL_GET_STRING(d));
	}
	yajl_tree_free(tree);
	return 0;
}

void state_free(container_state *s)
{
	free(s->id);
	free(s->bundle);
	free(s->rootfs);
	free(s->created);
	free(s->owner);
	free(s->annotations_json);
	strv_free(s->cgroup_dirs);
	free(s->cgroup_unified);
	free(s->config_cgroup);
	memset(s, 0, sizeof(*s));
}

int state_lock(const char *dir, lxr_error **err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return lxr_error_sys(err, "open `%s`", dir);
	if (flock(fd, LOCK_EX) < 0) {
		lxr_error_sys(err, "lock `%s`", dir);
		close(fd);
		return -1;
	}
	return fd;
}

int state_lock_root(const char *root, int op, lxr_error **err)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return lxr_error_sys(err, "open root dir `%s`", root);
	if (flock(fd, op) < 0) {
		lxr_error_sys(err, "lock root dir `%s`", root);
		close(fd);
		return -1;
	}
	return fd;
}

void state_remove_liblxc_lock(const char *root, const char *id)
{
	_cleanup_free_ char *path = NULL;

	/* the path liblxc's lxclock_name() builds for root (as it runs us) and an
	 * lxcpath: <rundir>/lxc/lock/<lxcpath>/.<name> */
	if (asprintf(&path, "/run/lxc/lock/%s/.%s", root, id) < 0)
		abort();
	unlink(path);
}

const char *state_main_cgroup(const container_state *s)
{
	if (s->cgroup_unified)
		return s->cgroup_unified;
	return s->cgroup_dirs && s->cgroup_dirs[0] ? s->cgroup_dirs[0] : NULL;
}

const char *state_freezer_cgroup(const container_state *s)
{
	return s->cgroup_unified ? s->cgroup_unified : cgroup_v1_dir(s->cgroup_dirs, "freezer");
}

/* True while the init still waits on exec.fifo. The fifo alone does not say it:
 * a `start` killed after releasing the init leaves it behind. The init holds it
 * open (read-write, close-on-exec) until its exec, so a non-blocking open for
 * writing finds a reader exactly until then; it wakes no one. */
static bool init_waits(const char *fifo)
{
	int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

const char *state_status(const char *dir, const container_state *s)
{
	_cleanup_free_ char *fifo = NULL;

	/* pid 0: not created (yet). "creating" only while its create runs: a create
	 * that was killed left a container that can never start */
	if (s->pid == 0)
		return (s->created == NULL || *s->created == '\0') && s->creator_pid > 0 &&
			       proc_alive(s->creator_pid, s->creator_start)
			   ? "creating"
			   : "stopped";
	if (!proc_alive(s->pid, s->start_time))
		return "stopped";
	if (asprintf(&fifo, "%s/exec.fifo", dir) < 0)
		abort();
	if (state_freezer_cgroup(s) && cgroup_is_frozen(state_freezer_cgroup(s)))
		return "paused";
	return init_waits(fifo) ? "created" : "running";
}

char *state_to_json(const container_state *s, const char *status)
{
	strbuf sb = {0};
	bool alive = strcmp(status, "stopped") != 0 && strcmp(status, "creating") != 0;

	sb_add(&sb, "{\n  \"ociVersion\": \"" LXCRUN_OCI_VERSION "\",\n  \"id\": ");
	sb_add_json_str(&sb, s->id);
	sb_add(&sb, ",\n  \"pid\": ");
	sb_addf(&sb, "%d", alive ? (int)s->pid : 0);
	sb_add(&sb, ",\n  \"status\": ");
	sb_add_json_str(&sb, status);
	sb_add(&sb, ",\n  \"bundle\": ");
	sb_add_json_str(&sb, s->bundle ? s->bundle : "");
	sb_add(&sb, ",\n  \"rootfs\": ");
	sb_add_json_str(&sb, s->rootfs ? s->rootfs : "");
	sb_add(&sb, ",\n  \"created\": ");
	sb_add_json_str(&sb, s->created ? s->created : "");
	sb_add(&sb, ",\n  \"owner\": ");
	sb_add_json_str(&sb, s->owner ? s->owner : "");
	sb_add(&sb, ",\n  \"annotations\": ");
	sb_add(&sb, s->annotations_json ? s->annotations_json : "{}");
	sb_add(&sb, "\n}\n");
	return sb_take(&sb);
}
