/* config.json -> spec_config with yajl's tree API.
 *
 * Every error names the JSON path of the offending value. Fields of the
 * runtime-spec lxcrun does not implement yet are rejected by name (see
 * unsupported_fields); properties the spec does not define are ignored, as
 * the spec requires, with a debug log line. */
#include "config.h"
#include "log.h"
#include "spec.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#define MAX_CONFIG_SIZE (16u << 20)
#define MAX_DEPTH	64

/* A JSON path while walking the tree ("process.user.uid", "mounts[2]"). */
typedef struct {
	char buf[512];
} jpath;

/* Marks a path cut short by the buffer ("...") rather than failing: it only
 * appears in error messages. */
static const char *jp_done(jpath *out, int n)
{
	if (n < 0 || (size_t)n >= sizeof(out->buf))
		strcpy(out->buf + sizeof(out->buf) - 4, "...");
	return out->buf;
}

static const char *jp_key(jpath *out, const char *parent, const char *key)
{
	return jp_done(
	    out, snprintf(out->buf, sizeof(out->buf), "%s%s%s", parent, *parent ? "." : "", key));
}

static const char *jp_idx(jpath *out, const char *parent, size_t i)
{
	return jp_done(out, snprintf(out->buf, sizeof(out->buf), "%s[%zu]", parent, i));
}

/* Known runtime-spec fields lxcrun does not implement yet: rejected by path. */
static const char *const unsupported_fields[] = {
    "process.ioPriority",
    "process.scheduler",
    "process.execCPUAffinity",
    "linux.seccomp",
    "linux.intelRdt",
    "linux.personality",
    "linux.timeOffsets",
    "linux.memoryPolicy",
    "linux.netDevices",
    "linux.resources.blockIO",
    "linux.resources.hugepageLimits",
    "linux.resources.network",
    "linux.resources.rdma",
    "linux.resources.memory.kernel",
    "linux.resources.memory.kernelTCP",
    "linux.resources.memory.useHierarchy",
    "linux.resources.memory.checkBeforeUpdate",
    "linux.resources.cpu.realtimeRuntime",
    "linux.resources.cpu.realtimePeriod",
    "linux.resources.cpu.burst",
    "linux.resources.cpu.idle",
};

/* Known fields that belong to other platforms. */
static const char *const foreign_fields[] = {
    "solaris", "windows", "vm", "zos", "process.user.username", "process.commandLine",
};

/* ---- typed accessors: each returns -1 with an error naming path ---- */

static bool absent(const yajl_val v)
{
	return v == NULL || YAJL_IS_NULL(v);
}

static int type_error(const char *path, const char *what, lxr_error **err)
{
	return lxr_error_set(err, EINVAL, "%s: expected %s", path, what);
}

static int get_string(yajl_val v, const char *path, char **out, lxr_error **err)
{
	if (!YAJL_IS_STRING(v))
		return type_error(path, "a string", err);
	free(*out);
	*out = xstrdup(YAJL_GET_STRING(v));
	return 0;
}

static int get_bool(yajl_val v, const char *path, bool *out, lxr_error **err)
{
	if (!YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v))
		return type_error(path, "true or false", err);
	*out = YAJL_IS_TRUE(v);
	return 0;
}

/* Integers are read from yajl's raw text: values above LLONG_MAX (rlimits of
 * 2^64-1) have no valid integer in yajl's own representation. */
static int get_u64(yajl_val v, const char *path, uint64_t max, uint64_t *out, lxr_error **err)
{
	const char *r;
	char *end;
	unsigned long long n;

	if (!YAJL_IS_NUMBER(v))
		return type_error(path, "an unsigned integer", err);
	r = v->u.number.r;
	if (r[0] == '-' || strpbrk(r, ".eE") != NULL)
		return type_error(path, "an unsigned integer", err);
	errno = 0;
	n = strtoull(r, &end, 10);
	if (errno || *end || n > max)
		return lxr_error_set(err, ERANGE, "%s: %s is out of range", path, r);
	*out = n;
	return 0;
}

static int get_u32(yajl_val v, const char *path, uint32_t *out, lxr_error **err)
{
	uint64_t n;

	if (get_u64(v, path, UINT32_MAX, &n, err) < 0)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

static int get_i64(yajl_val v, const char *path, int64_t *out, lxr_error **err)
{
	const char *r;
	char *end;
	long long n;

	if (!YAJL_IS_NUMBER(v))
		return type_error(path, "an integer", err);
	r = v->u.number.r;
	if (strpbrk(r, ".eE") != NULL)
		return type_error(path, "an integer", err);
	errno = 0;
	n = strtoll(r, &end, 10);
	if (errno || *end)
		return lxr_error_set(err, ERANGE, "%s: %s is out of range", path, r);
	*out = n;
	return 0;
}

static int get_int(yajl_val v, const char *path, int *out, lxr_error **err)
{
	int64_t n;

	if (get_i64(v, path, &n, err) < 0)
		return -1;
	if (n < INT_MIN || n > INT_MAX)
		return lxr_error_set(err, ERANGE, "%s: %" PRId64 " is out of range", path, n);
	*out = (int)n;
	return 0;
}

static int get_strv(yajl_val v, const char *path, char ***out, size_t *n, lxr_error **err)
{
	jpath p;

	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array of strings", err);
	*out = xmalloc((v->u.array.len + 1) * sizeof(char *));
	*n = 0;
	(*out)[0] = NULL;
	for (size_t i = 0; i < v->u.array.len; i++) {
		(*out)[i] = NULL;
		if (get_string(v->u.array.values[i], jp_idx(&p, path, i), &(*out)[i], err) < 0)
			return -1;
		(*out)[i + 1] = NULL;
		*n = i + 1;
	}
	return 0;
}

/* Objects of string values (annotations, sysctl, unified), in document order. */
static int get_map(yajl_val v, const char *path, spec_kv **out, size_t *n, lxr_error **err)
{
	jpath p;

	if (!YAJL_IS_OBJECT(v))
		return type_error(path, "an object of strings", err);
	*out = xmalloc((v->u.object.len + 1) * sizeof(spec_kv));
	*n = 0;
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *k = v->u.object.keys[i];

		jp_key(&p, path, k);
		for (size_t j = 0; j < i; j++)
			if (strcmp(v->u.object.keys[j], k) == 0)
				return lxr_error_set(err, EINVAL, "%s: duplicate key", p.buf);
		if (!YAJL_IS_STRING(v->u.object.values[i]))
			return type_error(p.buf, "a string", err);
		(*out)[i].key = xstrdup(k);
		(*out)[i].value = xstrdup(YAJL_GET_STRING(v->u.object.values[i]));
		*n = i + 1;
	}
	return 0;
}

/* ---- objects: a table of known keys per object ---- */

/* Walks the members of object v at path: calls fn for each key in `known`,
 * rejects unsupported ones, ignores (with a debug line) unknown ones. */
typedef int (*member_fn)(void *dst, const char *key, yajl_val v, const char *path, lxr_error **err);

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}
#define IN_LIST(s, arr) in_list((s), (arr), sizeof(arr) / sizeof((arr)[0]))

static int walk_object(yajl_val v, const char *path, const char *const *known, size_t n_known,
		       member_fn fn, void *dst, lxr_error **err)
{
	if (!YAJL_IS_OBJECT(v))
		return type_error(*path ? path : "config.json", "an object", err);
	for (size_t i = 0; i < v->u.object.len; i++) {
		const char *k = v->u.object.keys[i];
		yajl_val m = v->u.object.values[i];
		jpath p;

		jp_key(&p, path, k);
		for (size_t j = 0; j < i; j++)
			if (strcmp(v->u.object.keys[j], k) == 0)
				return lxr_error_set(err, EINVAL, "%s: duplicate key", p.buf);
		if (IN_LIST(p.buf, unsupported_fields)) {
			if (absent(m))
				continue;
			return lxr_error_set(err, ENOTSUP, "%s: not supported yet", p.buf);
		}
		if (IN_LIST(p.buf, foreign_fields)) {
			if (absent(m))
				continue;
			return lxr_error_set(err, ENOTSUP, "%s: not supported on Linux", p.buf);
		}
		if (!in_list(k, known, n_known)) {
			lxr_log(LXR_LOG_DEBUG, "config.json: ignoring unknown property %s", p.buf);
			continue;
		}
		if (absent(m))
			continue;
		if (fn(dst, k, m, p.buf, err) < 0)
			return -1;
	}
	return 0;
}
#define WALK(v, path, known, fn, dst, err)                                                         \
	walk_object((v), (path), (known), sizeof(known) / sizeof((known)[0]), (fn), (dst), (err))

/* Fails when a required member is missing (or null). */
static int require(yajl_val obj, const char *key, const char *path, lxr_error **err)
{
	const char *keys[] = {key, NULL};
	jpath p;

	if (absent(yajl_tree_get(obj, keys, yajl_t_any)))
		return lxr_error_set(err, EINVAL, "%s: required", jp_key(&p, path, key));
	return 0;
}

/* ---- process ---- */

static int user_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_user *u = dst;

	if (strcmp(k, "uid") == 0)
		return get_u32(v, path, &u->uid, err);
	if (strcmp(k, "gid") == 0)
		return get_u32(v, path, &u->gid, err);
	if (strcmp(k, "umask") == 0) {
		u->has_umask = true;
		if (get_u32(v, path, &u->umask, err) < 0)
			return -1;
		if (u->umask > 0777)
			return lxr_error_set(err, ERANGE, "%s: %o is not a file mode mask", path,
					     u->umask);
		return 0;
	}
	/* additionalGids */
	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array of unsigned integers", err);
	u->additional_gids = xmalloc((v->u.array.len + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < v->u.array.len; i++) {
		jpath p;

		if (get_u32(v->u.array.values[i], jp_idx(&p, path, i), &u->additional_gids[i],
			    err) < 0)
			return -1;
		u->n_additional_gids = i + 1;
	}
	return 0;
}

static int caps_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_capabilities *c = dst;

	if (strcmp(k, "bounding") == 0)
		return c->has_bounding = true, get_strv(v, path, &c->bounding, &c->n_bounding, err);
	if (strcmp(k, "effective") == 0)
		return c->has_effective = true,
		       get_strv(v, path, &c->effective, &c->n_effective, err);
	if (strcmp(k, "inheritable") == 0)
		return c->has_inheritable = true,
		       get_strv(v, path, &c->inheritable, &c->n_inheritable, err);
	if (strcmp(k, "permitted") == 0)
		return c->has_permitted = true,
		       get_strv(v, path, &c->permitted, &c->n_permitted, err);
	return c->has_ambient = true, get_strv(v, path, &c->ambient, &c->n_ambient, err);
}

static int rlimit_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_rlimit *r = dst;

	if (strcmp(k, "type") == 0)
		return get_string(v, path, &r->type, err);
	if (strcmp(k, "hard") == 0)
		return get_u64(v, path, UINT64_MAX, &r->hard, err);
	return get_u64(v, path, UINT64_MAX, &r->soft, err);
}

static int parse_rlimits(spec_process *p, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const known[] = {"type", "hard", "soft"};

	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array", err);
	p->rlimits = xmalloc((v->u.array.len + 1) * sizeof(spec_rlimit));
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		jpath ep;

		jp_idx(&ep, path, i);
		p->rlimits[i] = (spec_rlimit){0};
		p->n_rlimits = i + 1;
		if (WALK(e, ep.buf, known, rlimit_member, &p->rlimits[i], err) < 0 ||
		    require(e, "type", ep.buf, err) < 0 || require(e, "hard", ep.buf, err) < 0 ||
		    require(e, "soft", ep.buf, err) < 0)
			return -1;
	}
	return 0;
}

static int console_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_process *p = dst;

	return get_u32(v, path, strcmp(k, "height") == 0 ? &p->console_height : &p->console_width,
		       err);
}

static int process_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const user_keys[] = {"uid", "gid", "umask", "additionalGids"};
	static const char *const caps_keys[] = {"bounding", "effective", "inheritable", "permitted",
						"ambient"};
	static const char *const console_keys[] = {"height", "width"};
	spec_process *p = dst;

	if (strcmp(k, "terminal") == 0)
		return get_bool(v, path, &p->terminal, err);
	if (strcmp(k, "consoleSize") == 0)
		return p->has_console_size = true,
		       WALK(v, path, console_keys, console_member, p, err);
	if (strcmp(k, "user") == 0)
		return WALK(v, path, user_keys, user_member, &p->user, err) < 0 ||
			       require(v, "uid", path, err) < 0 || require(v, "gid", path, err) < 0
			   ? -1
			   : 0;
	if (strcmp(k, "args") == 0)
		return get_strv(v, path, &p->args, &p->n_args, err);
	if (strcmp(k, "env") == 0) {
		if (get_strv(v, path, &p->env, &p->n_env, err) < 0)
			return -1;
		for (size_t i = 0; i < p->n_env; i++)
			if (strchr(p->env[i], '=') == NULL || p->env[i][0] == '=')
				return lxr_error_set(err, EINVAL,
						     "%s[%zu]: \"%s\" is not KEY=VALUE", path, i,
						     p->env[i]);
		return 0;
	}
	if (strcmp(k, "cwd") == 0) {
		if (get_string(v, path, &p->cwd, err) < 0)
			return -1;
		if (p->cwd[0] != '/')
			return lxr_error_set(err, EINVAL, "%s: `%s` must be an absolute path", path,
					     p->cwd);
		return 0;
	}
	if (strcmp(k, "capabilities") == 0)
		return p->has_capabilities = true,
		       WALK(v, path, caps_keys, caps_member, &p->capabilities, err);
	if (strcmp(k, "rlimits") == 0)
		return parse_rlimits(p, v, path, err);
	if (strcmp(k, "noNewPrivileges") == 0)
		return get_bool(v, path, &p->no_new_privileges, err);
	if (strcmp(k, "apparmorProfile") == 0)
		return get_string(v, path, &p->apparmor_profile, err);
	if (strcmp(k, "selinuxLabel") == 0)
		return get_string(v, path, &p->selinux_label, err);
	/* oomScoreAdj */
	p->has_oom_score_adj = true;
	return get_int(v, path, &p->oom_score_adj, err);
}

static const char *const process_keys[] = {
    "terminal",
    "consoleSize",
    "user",
    "args",
    "env",
    "cwd",
    "capabilities",
    "rlimits",
    "noNewPrivileges",
    "apparmorProfile",
    "selinuxLabel",
    "oomScoreAdj",
};

static int parse_process(yajl_val v, const char *path, spec_process *p, lxr_error **err)
{
	if (WALK(v, path, process_keys, process_member, p, err) < 0 ||
	    require(v, "user", path, err) < 0 || require(v, "args", path, err) < 0 ||
	    require(v, "cwd", path, err) < 0)
		return -1;
	if (p->n_args == 0) {
		jpath jp;

		return lxr_error_set(err, EINVAL, "%s: must not be empty",
				     jp_key(&jp, path, "args"));
	}
	return 0;
}

/* ---- mounts and hooks ---- */

static int mount_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_mount *m = dst;

	if (strcmp(k, "destination") == 0)
		return get_string(v, path, &m->destination, err);
	if (strcmp(k, "type") == 0)
		return get_string(v, path, &m->type, err);
	if (strcmp(k, "source") == 0)
		return get_string(v, path, &m->source, err);
	if (strcmp(k, "options") == 0)
		return get_strv(v, path, &m->options, &m->n_options, err);
	/* uidMappings, gidMappings */
	return lxr_error_set(err, ENOTSUP, "%s: not supported yet", path);
}

static int parse_mounts(spec_config *cfg, yajl_val v, lxr_error **err)
{
	static const char *const known[] = {"destination", "type",	  "source",
					    "options",	   "uidMappings", "gidMappings"};

	if (!YAJL_IS_ARRAY(v))
		return type_error("mounts", "an array", err);
	cfg->mounts = xmalloc((v->u.array.len + 1) * sizeof(spec_mount));
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		jpath p;

		jp_idx(&p, "mounts", i);
		cfg->mounts[i] = (spec_mount){0};
		cfg->n_mounts = i + 1;
		if (WALK(e, p.buf, known, mount_member, &cfg->mounts[i], err) < 0 ||
		    require(e, "destination", p.buf, err) < 0)
			return -1;
	}
	return 0;
}

static int hook_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_hook *h = dst;

	if (strcmp(k, "path") == 0) {
		if (get_string(v, path, &h->path, err) < 0)
			return -1;
		if (h->path[0] != '/')
			return lxr_error_set(err, EINVAL, "%s: `%s` must be an absolute path", path,
					     h->path);
		return 0;
	}
	if (strcmp(k, "args") == 0)
		return get_strv(v, path, &h->args, &h->n_args, err);
	if (strcmp(k, "env") == 0)
		return get_strv(v, path, &h->env, &h->n_env, err);
	h->has_timeout = true;
	if (get_int(v, path, &h->timeout, err) < 0)
		return -1;
	if (h->timeout <= 0)
		return lxr_error_set(err, EINVAL, "%s: must be greater than zero", path);
	return 0;
}

static int parse_hook_list(yajl_val v, const char *path, spec_hook **out, size_t *n,
			   lxr_error **err)
{
	static const char *const known[] = {"path", "args", "env", "timeout"};

	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array", err);
	*out = xmalloc((v->u.array.len + 1) * sizeof(spec_hook));
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		jpath p;

		jp_idx(&p, path, i);
		(*out)[i] = (spec_hook){0};
		*n = i + 1;
		if (WALK(e, p.buf, known, hook_member, &(*out)[i], err) < 0 ||
		    require(e, "path", p.buf, err) < 0)
			return -1;
	}
	return 0;
}

static int hooks_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_hooks *h = dst;

	if (strcmp(k, "prestart") == 0)
		return parse_hook_list(v, path, &h->prestart, &h->n_prestart, err);
	if (strcmp(k, "createRuntime") == 0)
		return parse_hook_list(v, path, &h->create_runtime, &h->n_create_runtime, err);
	if (strcmp(k, "createContainer") == 0)
		return parse_hook_list(v, path, &h->create_container, &h->n_create_container, err);
	if (strcmp(k, "startContainer") == 0)
		return parse_hook_list(v, path, &h->start_container, &h->n_start_container, err);
	if (strcmp(k, "poststart") == 0)
		return parse_hook_list(v, path, &h->poststart, &h->n_poststart, err);
	return parse_hook_list(v, path, &h->poststop, &h->n_poststop, err);
}

/* ---- linux ---- */

static const char *const ns_names[SPEC_NS_COUNT] = {
    [SPEC_NS_PID] = "pid",	 [SPEC_NS_NETWORK] = "network", [SPEC_NS_MOUNT] = "mount",
    [SPEC_NS_IPC] = "ipc",	 [SPEC_NS_UTS] = "uts",		[SPEC_NS_USER] = "user",
    [SPEC_NS_CGROUP] = "cgroup", [SPEC_NS_TIME] = "time",
};

int spec_ns_from_name(const char *name)
{
	for (int i = 0; i < SPEC_NS_COUNT; i++)
		if (strcmp(name, ns_names[i]) == 0)
			return i;
	return -1;
}

const char *spec_ns_name(enum spec_ns_type t)
{
	return (unsigned)t < SPEC_NS_COUNT ? ns_names[t] : "unknown";
}

static int ns_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_namespace *ns = dst;
	char *name = NULL;
	int t;

	if (strcmp(k, "path") == 0)
		return get_string(v, path, &ns->path, err);
	if (get_string(v, path, &name, err) < 0)
		return -1;
	t = spec_ns_from_name(name);
	if (t < 0) {
		lxr_error_set(err, EINVAL, "%s: unknown namespace \"%s\"", path, name);
		free(name);
		return -1;
	}
	free(name);
	ns->type = (enum spec_ns_type)t;
	return 0;
}

static int parse_namespaces(spec_linux *l, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const known[] = {"type", "path"};

	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array", err);
	l->namespaces = xmalloc((v->u.array.len + 1) * sizeof(spec_namespace));
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		jpath p;

		jp_idx(&p, path, i);
		l->namespaces[i] = (spec_namespace){0};
		l->n_namespaces = i + 1;
		if (WALK(e, p.buf, known, ns_member, &l->namespaces[i], err) < 0 ||
		    require(e, "type", p.buf, err) < 0)
			return -1;
		if (l->namespaces[i].path && l->namespaces[i].path[0] != '/')
			return lxr_error_set(err, EINVAL, "%s.path: `%s` must be an absolute path",
					     p.buf, l->namespaces[i].path);
		for (size_t j = 0; j < i; j++)
			if (l->namespaces[j].type == l->namespaces[i].type)
				return lxr_error_set(err, EINVAL,
						     "%s.type: duplicate namespace \"%s\"", p.buf,
						     spec_ns_name(l->namespaces[i].type));
	}
	return 0;
}

static int idmap_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_id_mapping *m = dst;

	if (strcmp(k, "containerID") == 0)
		return get_u32(v, path, &m->container_id, err);
	if (strcmp(k, "hostID") == 0)
		return get_u32(v, path, &m->host_id, err);
	return get_u32(v, path, &m->size, err);
}

static int parse_idmaps(yajl_val v, const char *path, spec_id_mapping **out, size_t *n,
			lxr_error **err)
{
	static const char *const known[] = {"containerID", "hostID", "size"};

	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array", err);
	*out = xmalloc((v->u.array.len + 1) * sizeof(spec_id_mapping));
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		jpath p;

		jp_idx(&p, path, i);
		(*out)[i] = (spec_id_mapping){0};
		*n = i + 1;
		if (WALK(e, p.buf, known, idmap_member, &(*out)[i], err) < 0 ||
		    require(e, "containerID", p.buf, err) < 0 ||
		    require(e, "hostID", p.buf, err) < 0 || require(e, "size", p.buf, err) < 0)
			return -1;
	}
	return 0;
}

/* A one-character type field ("c", "b", ...) checked against allowed. */
static int get_type_char(yajl_val v, const char *path, const char *allowed, char *out,
			 lxr_error **err)
{
	const char *s;

	if (!YAJL_IS_STRING(v))
		return type_error(path, "a string", err);
	s = YAJL_GET_STRING(v);
	if (strlen(s) != 1 || strchr(allowed, s[0]) == NULL)
		return lxr_error_set(err, EINVAL, "%s: \"%s\" is not one of %s", path, s, allowed);
	*out = s[0];
	return 0;
}

static int device_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_device *d = dst;

	if (strcmp(k, "type") == 0)
		return get_type_char(v, path, "cbup", &d->type, err);
	if (strcmp(k, "path") == 0)
		return get_string(v, path, &d->path, err);
	if (strcmp(k, "major") == 0)
		return d->has_major = true, get_i64(v, path, &d->major, err);
	if (strcmp(k, "minor") == 0)
		return d->has_minor = true, get_i64(v, path, &d->minor, err);
	if (strcmp(k, "fileMode") == 0)
		return d->has_file_mode = true, get_u32(v, path, &d->file_mode, err);
	if (strcmp(k, "uid") == 0)
		return d->has_uid = true, get_u32(v, path, &d->uid, err);
	return d->has_gid = true, get_u32(v, path, &d->gid, err);
}

static int parse_devices(spec_linux *l, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const known[] = {"type",	"path", "major", "minor",
					    "fileMode", "uid",	"gid"};

	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array", err);
	l->devices = xmalloc((v->u.array.len + 1) * sizeof(spec_device));
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		spec_device *d = &l->devices[i];
		jpath p;

		jp_idx(&p, path, i);
		*d = (spec_device){0};
		l->n_devices = i + 1;
		if (WALK(e, p.buf, known, device_member, d, err) < 0 ||
		    require(e, "type", p.buf, err) < 0 || require(e, "path", p.buf, err) < 0)
			return -1;
		if (d->type != 'p' && (!d->has_major || !d->has_minor))
			return lxr_error_set(err, EINVAL,
					     "%s: major and minor are required for type \"%c\"",
					     p.buf, d->type);
	}
	return 0;
}

static int dev_rule_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_device_rule *r = dst;

	if (strcmp(k, "allow") == 0)
		return get_bool(v, path, &r->allow, err);
	if (strcmp(k, "type") == 0)
		return get_type_char(v, path, "acb", &r->type, err);
	if (strcmp(k, "major") == 0)
		return r->has_major = true, get_i64(v, path, &r->major, err);
	if (strcmp(k, "minor") == 0)
		return r->has_minor = true, get_i64(v, path, &r->minor, err);
	/* access: a subset of "rwm", each letter at most once */
	if (get_string(v, path, &r->access, err) < 0)
		return -1;
	for (const char *c = r->access; *c; c++)
		if (strchr("rwm", *c) == NULL || strchr(c + 1, *c) != NULL)
			return lxr_error_set(err, EINVAL, "%s: \"%s\" is not a subset of \"rwm\"",
					     path, r->access);
	if (r->access[0] == '\0')
		return lxr_error_set(err, EINVAL, "%s: must not be empty", path);
	return 0;
}

static int parse_device_rules(spec_resources *res, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const known[] = {"allow", "type", "major", "minor", "access"};

	if (!YAJL_IS_ARRAY(v))
		return type_error(path, "an array", err);
	res->devices = xmalloc((v->u.array.len + 1) * sizeof(spec_device_rule));
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val e = v->u.array.values[i];
		spec_device_rule *r = &res->devices[i];
		jpath p;

		jp_idx(&p, path, i);
		*r = (spec_device_rule){.type = 'a'};
		res->n_devices = i + 1;
		if (WALK(e, p.buf, known, dev_rule_member, r, err) < 0 ||
		    require(e, "allow", p.buf, err) < 0)
			return -1;
		if ((r->has_major && r->major < -1) || (r->has_minor && r->minor < -1))
			return lxr_error_set(err, ERANGE, "%s: major/minor out of range", p.buf);
	}
	return 0;
}

static int memory_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_resources *r = dst;

	if (strcmp(k, "limit") == 0)
		return r->has_memory_limit = true, get_i64(v, path, &r->memory_limit, err);
	if (strcmp(k, "reservation") == 0)
		return r->has_memory_reservation = true,
		       get_i64(v, path, &r->memory_reservation, err);
	if (strcmp(k, "swap") == 0)
		return r->has_memory_swap = true, get_i64(v, path, &r->memory_swap, err);
	if (strcmp(k, "swappiness") == 0) {
		r->has_memory_swappiness = true;
		if (get_u64(v, path, UINT64_MAX, &r->memory_swappiness, err) < 0)
			return -1;
		if (r->memory_swappiness > 100)
			return lxr_error_set(err, ERANGE, "%s: %" PRIu64 " is not in [0, 100]",
					     path, r->memory_swappiness);
		return 0;
	}
	return r->has_disable_oom_killer = true, get_bool(v, path, &r->disable_oom_killer, err);
}

static int cpu_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_resources *r = dst;

	if (strcmp(k, "shares") == 0)
		return r->has_cpu_shares = true, get_u64(v, path, UINT64_MAX, &r->cpu_shares, err);
	if (strcmp(k, "quota") == 0)
		return r->has_cpu_quota = true, get_i64(v, path, &r->cpu_quota, err);
	if (strcmp(k, "period") == 0)
		return r->has_cpu_period = true, get_u64(v, path, UINT64_MAX, &r->cpu_period, err);
	if (strcmp(k, "cpus") == 0)
		return get_string(v, path, &r->cpu_cpus, err);
	return get_string(v, path, &r->cpu_mems, err);
}

static int pids_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_resources *r = dst;

	(void)k;
	return r->has_pids_limit = true, get_i64(v, path, &r->pids_limit, err);
}

static int resources_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const memory_keys[] = {
	    "limit",  "reservation", "swap",	     "swappiness",	 "disableOOMKiller",
	    "kernel", "kernelTCP",   "useHierarchy", "checkBeforeUpdate"};
	static const char *const cpu_keys[] = {
	    "shares", "quota", "period", "realtimeRuntime", "realtimePeriod", "cpus",
	    "mems",   "burst", "idle"};
	static const char *const pids_keys[] = {"limit"};
	spec_resources *r = dst;

	if (strcmp(k, "devices") == 0)
		return parse_device_rules(r, v, path, err);
	if (strcmp(k, "memory") == 0)
		return WALK(v, path, memory_keys, memory_member, r, err);
	if (strcmp(k, "cpu") == 0)
		return WALK(v, path, cpu_keys, cpu_member, r, err);
	if (strcmp(k, "pids") == 0)
		return WALK(v, path, pids_keys, pids_member, r, err) < 0 ||
			       require(v, "limit", path, err) < 0
			   ? -1
			   : 0;
	return get_map(v, path, &r->unified, &r->n_unified, err);
}

static int linux_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const resource_keys[] = {"devices", "memory",  "cpu",
						    "pids",    "blockIO", "hugepageLimits",
						    "network", "rdma",	  "unified"};
	spec_linux *l = dst;

	if (strcmp(k, "namespaces") == 0)
		return parse_namespaces(l, v, path, err);
	if (strcmp(k, "uidMappings") == 0)
		return parse_idmaps(v, path, &l->uid_mappings, &l->n_uid_mappings, err);
	if (strcmp(k, "gidMappings") == 0)
		return parse_idmaps(v, path, &l->gid_mappings, &l->n_gid_mappings, err);
	if (strcmp(k, "devices") == 0)
		return parse_devices(l, v, path, err);
	if (strcmp(k, "cgroupsPath") == 0)
		return get_string(v, path, &l->cgroups_path, err);
	if (strcmp(k, "resources") == 0)
		return l->has_resources = true,
		       WALK(v, path, resource_keys, resources_member, &l->resources, err);
	if (strcmp(k, "sysctl") == 0)
		return get_map(v, path, &l->sysctl, &l->n_sysctl, err);
	if (strcmp(k, "maskedPaths") == 0)
		return get_strv(v, path, &l->masked_paths, &l->n_masked_paths, err);
	if (strcmp(k, "readonlyPaths") == 0)
		return get_strv(v, path, &l->readonly_paths, &l->n_readonly_paths, err);
	if (strcmp(k, "rootfsPropagation") == 0) {
		static const char *const props[] = {"private",	  "rprivate",	"slave",
						    "rslave",	  "shared",	"rshared",
						    "unbindable", "runbindable"};

		if (get_string(v, path, &l->rootfs_propagation, err) < 0)
			return -1;
		if (!IN_LIST(l->rootfs_propagation, props))
			return lxr_error_set(err, EINVAL, "%s: unknown propagation \"%s\"", path,
					     l->rootfs_propagation);
		return 0;
	}
	return get_string(v, path, &l->mount_label, err);
}

/* ---- top level ---- */

static int root_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	spec_config *c = dst;

	if (strcmp(k, "path") == 0)
		return get_string(v, path, &c->root_path, err);
	return get_bool(v, path, &c->root_readonly, err);
}

static int top_member(void *dst, const char *k, yajl_val v, const char *path, lxr_error **err)
{
	static const char *const root_keys[] = {"path", "readonly"};
	static const char *const hook_keys[] = {"prestart",	   "createRuntime",
						"createContainer", "startContainer",
						"poststart",	   "poststop"};
	static const char *const linux_keys[] = {
	    "namespaces",   "uidMappings", "gidMappings", "devices",	   "cgroupsPath",
	    "resources",    "sysctl",	   "maskedPaths", "readonlyPaths", "rootfsPropagation",
	    "mountLabel",   "seccomp",	   "intelRdt",	  "personality",   "timeOffsets",
	    "memoryPolicy", "netDevices"};
	spec_config *c = dst;

	if (strcmp(k, "ociVersion") == 0)
		return get_string(v, path, &c->oci_version, err);
	if (strcmp(k, "root") == 0)
		return WALK(v, path, root_keys, root_member, c, err) < 0 ||
			       require(v, "path", path, err) < 0
			   ? -1
			   : 0;
	if (strcmp(k, "process") == 0)
		return c->has_process = true, parse_process(v, path, &c->process, err);
	if (strcmp(k, "hostname") == 0)
		return get_string(v, path, &c->hostname, err);
	if (strcmp(k, "domainname") == 0)
		return get_string(v, path, &c->domainname, err);
	if (strcmp(k, "mounts") == 0)
		return parse_mounts(c, v, err);
	if (strcmp(k, "hooks") == 0)
		return c->has_hooks = true, WALK(v, path, hook_keys, hooks_member, &c->hooks, err);
	if (strcmp(k, "annotations") == 0)
		return get_map(v, path, &c->annotations, &c->n_annotations, err);
	return c->has_linux = true, WALK(v, path, linux_keys, linux_member, &c->linux_, err);
}

/* Rejects what yajl would choke on or what no config.json needs: deep nesting
 * (yajl's tree code recurses) and embedded NUL bytes. */
static int precheck(const char *json, size_t len, lxr_error **err)
{
	bool in_str = false, esc = false;
	int depth = 0;

	if (len > MAX_CONFIG_SIZE)
		return lxr_error_set(err, EFBIG, "config.json: larger than %u bytes",
				     MAX_CONFIG_SIZE);
	for (size_t i = 0; i < len; i++) {
		char ch = json[i];

		if (ch == '\0')
			return lxr_error_set(err, EINVAL, "config.json: contains a NUL byte");
		if (in_str) {
			if (esc)
				esc = false;
			else if (ch == '\\')
				esc = true;
			else if (ch == '"')
				in_str = false;
			continue;
		}
		if (ch == '"')
			in_str = true;
		else if ((ch == '{' || ch == '[') && ++depth > MAX_DEPTH)
			return lxr_error_set(
			    err, EINVAL, "config.json: nested deeper than %d levels", MAX_DEPTH);
		else if (ch == '}' || ch == ']')
			depth--;
	}
	return 0;
}

/* An escaped NUL (\u0000) in any string: refused, since the C strings that
 * carry these values would silently end there. */
static int precheck_escapes(const char *json, size_t len, lxr_error **err)
{
	for (size_t i = 0; i + 6 <= len; i++)
		if (json[i] == '\\') {
			if (strncmp(json + i, "\\u0000", 6) == 0)
				return lxr_error_set(err, EINVAL,
						     "config.json: a string contains a NUL byte "
						     "(\\u0000)");
			i++; /* skip the escaped character (so "\\\\u0000" is fine) */
		}
	return 0;
}

static const char *const top_keys[] = {
    "ociVersion",  "root",  "process", "hostname", "domainname", "mounts", "hooks",
    "annotations", "linux", "solaris", "windows",  "vm",	 "zos"};

/* Parses text into a yajl tree with the prechecks; NULL with *err on failure. */
static yajl_val parse_tree(const char *json, size_t len, lxr_error **err)
{
	char errbuf[256] = "";
	char *copy;
	yajl_val tree;

	if (precheck(json, len, err) < 0 || precheck_escapes(json, len, err) < 0)
		return NULL;
	copy = xmalloc(len + 1);
	memcpy(copy, json, len);
	copy[len] = '\0';
	tree = yajl_tree_parse(copy, errbuf, sizeof(errbuf));
	free(copy);
	if (tree == NULL) {
		errbuf[strcspn(errbuf, "\n")] = '\0';
		lxr_error_set(err, EINVAL, "config.json: invalid JSON: %s",
			      *errbuf ? errbuf : "parse error");
	}
	return tree;
}

int spec_parse(const char *json, size_t len, spec_config *out, lxr_error **err)
{
	yajl_val tree;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	tree = parse_tree(json, len, err);
	if (tree == NULL)
		return -1;
	if (WALK(tree, "", top_keys, top_member, out, err) < 0)
		goto out;
	if (out->oci_version == NULL) {
		lxr_error_set(err, EINVAL, "ociVersion: required");
		goto out;
	}
	if (out->root_path == NULL) {
		lxr_error_set(err, EINVAL, "root: required");
		goto out;
	}
	ret = 0;
out:
	yajl_tree_free(tree);
	if (ret < 0)
		spec_free(out);
	return ret;
}

int spec_load_bundle(const char *bundle, spec_config *out, lxr_error **err)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (asprintf(&path, "%s/config.json", bundle) < 0)
		abort();
	text = read_file(path, &len, err);
	if (text == NULL)
		return -1;
	if (spec_parse(text, len, out, err) < 0) {
		/* messages from the parser already start with the field's JSON path */
		if (strncmp((*err)->msg, "config.json", 11) != 0)
			lxr_error_wrap(err, "config.json");
		return -1;
	}
	return 0;
}

int spec_parse_process(const char *json, size_t len, spec_process *out, lxr_error **err)
{
	yajl_val tree;
	int ret;

	memset(out, 0, sizeof(*out));
	tree = parse_tree(json, len, err);
	if (tree == NULL)
		return -1;
	ret = parse_process(tree, "process", out, err);
	yajl_tree_free(tree);
	if (ret < 0)
		spec_process_free(out);
	return ret;
}

/* ---- freeing ---- */

static void free_strv_n(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void free_kv(spec_kv *kv, size_t n)
{
	for (size_t i = 0; kv && i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

static void free_hooks(spec_hook *h, size_t n)
{
	for (size_t i = 0; h && i < n; i++) {
		free(h[i].path);
		free_strv_n(h[i].args, h[i].n_args);
		free_strv_n(h[i].env, h[i].n_env);
	}
	free(h);
}

void spec_process_free(spec_process *p)
{
	spec_capabilities *c = &p->capabilities;

	free(p->user.additional_gids);
	free_strv_n(p->args, p->n_args);
	free_strv_n(p->env, p->n_env);
	free(p->cwd);
	free_strv_n(c->bounding, c->n_bounding);
	free_strv_n(c->effective, c->n_effective);
	free_strv_n(c->inheritable, c->n_inheritable);
	free_strv_n(c->permitted, c->n_permitted);
	free_strv_n(c->ambient, c->n_ambient);
	for (size_t i = 0; p->rlimits && i < p->n_rlimits; i++)
		free(p->rlimits[i].type);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
	memset(p, 0, sizeof(*p));
}

void spec_free(spec_config *cfg)
{
	spec_linux *l = &cfg->linux_;

	free(cfg->oci_version);
	free(cfg->root_path);
	spec_process_free(&cfg->process);
	free(cfg->hostname);
	free(cfg->domainname);
	for (size_t i = 0; cfg->mounts && i < cfg->n_mounts; i++) {
		free(cfg->mounts[i].destination);
		free(cfg->mounts[i].type);
		free(cfg->mounts[i].source);
		free_strv_n(cfg->mounts[i].options, cfg->mounts[i].n_options);
	}
	free(cfg->mounts);
	free_hooks(cfg->hooks.prestart, cfg->hooks.n_prestart);
	free_hooks(cfg->hooks.create_runtime, cfg->hooks.n_create_runtime);
	free_hooks(cfg->hooks.create_container, cfg->hooks.n_create_container);
	free_hooks(cfg->hooks.start_container, cfg->hooks.n_start_container);
	free_hooks(cfg->hooks.poststart, cfg->hooks.n_poststart);
	free_hooks(cfg->hooks.poststop, cfg->hooks.n_poststop);
	free_kv(cfg->annotations, cfg->n_annotations);
	for (size_t i = 0; l->namespaces && i < l->n_namespaces; i++)
		free(l->namespaces[i].path);
	free(l->namespaces);
	free(l->uid_mappings);
	free(l->gid_mappings);
	for (size_t i = 0; l->devices && i < l->n_devices; i++)
		free(l->devices[i].path);
	free(l->devices);
	free(l->cgroups_path);
	for (size_t i = 0; l->resources.devices && i < l->resources.n_devices; i++)
		free(l->resources.devices[i].access);
	free(l->resources.devices);
	free(l->resources.cpu_cpus);
	free(l->resources.cpu_mems);
	free_kv(l->resources.unified, l->resources.n_unified);
	free_kv(l->sysctl, l->n_sysctl);
	free_strv_n(l->masked_paths, l->n_masked_paths);
	free_strv_n(l->readonly_paths, l->n_readonly_paths);
	free(l->rootfs_propagation);
	free(l->mount_label);
	memset(cfg, 0, sizeof(*cfg));
}
