/* The runtime-spec as lxcrun reads it: one field table per JSON object, the
 * checks the types alone do not express, the fields refused by name, and the
 * namespace names. The walker that uses them is src/spec_parse.c. */
#include "config.h"
#include "spec_schema.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runtime-spec fields lxcrun knows but does not implement, by path with array
 * indices left out. Supporting one means deleting its line here and adding it
 * to its object's field table. */
#define NOT_YET	  "not supported yet"
#define NOT_LINUX "not supported on Linux"
static const struct {
	const char *path;
	const char *why;
} unsupported[] = {
    {"process.commandLine", NOT_LINUX},
    {"process.user.username", NOT_LINUX},
    {"linux.intelRdt", NOT_YET},
    {"solaris", NOT_LINUX},
    {"windows", NOT_LINUX},
    {"vm", NOT_LINUX},
    {"zos", NOT_LINUX},
    {"freebsd", NOT_LINUX},
};

const char *spec_unsupported_why(const char *table_path)
{
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (strcmp(table_path, unsupported[i].path) == 0)
			return unsupported[i].why;
	return NULL;
}

/* ---- checks (one per rule the types alone do not express) ---- */

static int check_absolute(const char *s, const char *path, lxr_error **err)
{
	if (s[0] != '/')
		return path_error(err, EINVAL, path, "\"%s\" is not an absolute path", s);
	return 0;
}

static int check_absolute_all(char **v, size_t n, const char *path, lxr_error **err)
{
	jpath p;

	for (size_t i = 0; i < n; i++)
		if (check_absolute(v[i], jp_index(&p, path, i), err) < 0)
			return -1;
	return 0;
}

/* environ entries are NAME=VALUE; without '=' execve would pass garbage. */
static int check_env_list(char **env, size_t n, const char *path, lxr_error **err)
{
	jpath p;

	for (size_t i = 0; i < n; i++)
		if (strchr(env[i], '=') == NULL)
			return path_error(err, EINVAL, jp_index(&p, path, i),
					  "\"%s\" is not NAME=VALUE", env[i]);
	return 0;
}

static int check_oci_version(void *obj, const char *path, lxr_error **err)
{
	const spec_config *c = obj;

	return c->oci_version[0] ? 0 : path_error(err, EINVAL, path, "must not be empty");
}

static int check_root_path(void *obj, const char *path, lxr_error **err)
{
	const spec_config *c = obj;

	return c->root_path[0] ? 0 : path_error(err, EINVAL, path, "must not be empty");
}

/* POSIX platforms need at least one entry: args[0] is what gets executed. */
static int check_args(void *obj, const char *path, lxr_error **err)
{
	const spec_process *p = obj;

	return p->n_args ? 0 : path_error(err, EINVAL, path, "must not be empty");
}

static int check_process_env(void *obj, const char *path, lxr_error **err)
{
	const spec_process *p = obj;

	return check_env_list(p->env, p->n_env, path, err);
}

static int check_cwd(void *obj, const char *path, lxr_error **err)
{
	const spec_process *p = obj;

	return check_absolute(p->cwd, path, err);
}

static int check_mount_destination(void *obj, const char *path, lxr_error **err)
{
	const spec_mount *m = obj;

	return m->destination[0] ? 0 : path_error(err, EINVAL, path, "must not be empty");
}

static int check_hook_path(void *obj, const char *path, lxr_error **err)
{
	const spec_hook *h = obj;

	return check_absolute(h->path, path, err);
}

static int check_hook_env(void *obj, const char *path, lxr_error **err)
{
	const spec_hook *h = obj;

	return check_env_list(h->env, h->n_env, path, err);
}

static int check_hook_timeout(void *obj, const char *path, lxr_error **err)
{
	const spec_hook *h = obj;

	if (h->timeout <= 0)
		return path_error(err, EINVAL, path, "must be greater than zero, got %d",
				  h->timeout);
	return 0;
}

static int check_ns_path(void *obj, const char *path, lxr_error **err)
{
	const spec_namespace *ns = obj;

	return check_absolute(ns->path, path, err);
}

/* The spec requires an error for a namespace type listed twice. */
static int check_namespaces(void *obj, const char *path, lxr_error **err)
{
	const spec_linux *l = obj;
	jpath p;

	for (size_t i = 1; i < l->n_namespaces; i++)
		for (size_t j = 0; j < i; j++)
			if (l->namespaces[i].type == l->namespaces[j].type) {
				jp_index(&p, path, i);
				jp_addf(&p, ".type");
				return path_error(err, EINVAL, p.s, "duplicate namespace \"%s\"",
						  spec_ns_name(l->namespaces[i].type));
			}
	return 0;
}

static int check_device_path(void *obj, const char *path, lxr_error **err)
{
	const spec_device *d = obj;

	return check_absolute(d->path, path, err);
}

/* Only FIFOs ('p') have no device numbers. */
static int check_device(void *obj, const char *path, lxr_error **err)
{
	const spec_device *d = obj;
	jpath p;

	if (d->type == 'p')
		return 0;
	if (!d->has_major)
		return path_error(err, EINVAL, jp_member(&p, path, "major"),
				  "required for type \"%c\"", d->type);
	if (!d->has_minor)
		return path_error(err, EINVAL, jp_member(&p, path, "minor"),
				  "required for type \"%c\"", d->type);
	return 0;
}

/* access is a cgroup permission string: each of r, w, m at most once. */
static int check_rule_access(void *obj, const char *path, lxr_error **err)
{
	const spec_device_rule *r = obj;
	const char *a = r->access;
	bool ok = a[0] != '\0';

	for (size_t i = 0; ok && a[i]; i++)
		ok = strchr("rwm", a[i]) != NULL && strchr(a + i + 1, a[i]) == NULL;
	if (!ok)
		return path_error(
		    err, EINVAL, path,
		    "expected a non-empty subset of \"rwm\" without repeats, got \"%s\"", a);
	return 0;
}

/* Applies the defaults ('a' = all devices) and folds -1, which some tools write
 * for "any", into "absent" so consumers have one case to handle. */
static int check_device_rule(void *obj, const char *path, lxr_error **err)
{
	spec_device_rule *r = obj;
	jpath p;

	if (r->type == '\0')
		r->type = 'a';
	if ((r->has_major && r->major < -1) || (r->has_minor && r->minor < -1))
		return path_error(
		    err, EINVAL,
		    jp_member(&p, path, r->has_major && r->major < -1 ? "major" : "minor"),
		    "must be a device number, or -1 for any");
	if (r->has_major && r->major == -1)
		r->has_major = false;
	if (r->has_minor && r->minor == -1)
		r->has_minor = false;
	return 0;
}

/* Memory sizes are byte counts, or -1 for unlimited. */
static int check_memory(void *obj, const char *path, lxr_error **err)
{
	const spec_resources *r = obj;
	const char *bad = NULL;
	jpath p;

	if (r->has_memory_limit && r->memory_limit < -1)
		bad = "limit";
	else if (r->has_memory_reservation && r->memory_reservation < -1)
		bad = "reservation";
	else if (r->has_memory_swap && r->memory_swap < -1)
		bad = "swap";
	if (bad != NULL)
		return path_error(err, EINVAL, jp_member(&p, path, bad),
				  "must be a byte count, or -1 for unlimited");
	return 0;
}

static int check_swappiness(void *obj, const char *path, lxr_error **err)
{
	const spec_resources *r = obj;

	if (r->memory_swappiness > 100)
		return path_error(err, EINVAL, path, "must be at most 100, got %" PRIu64,
				  r->memory_swappiness);
	return 0;
}

static int check_masked_paths(void *obj, const char *path, lxr_error **err)
{
	const spec_linux *l = obj;

	return check_absolute_all(l->masked_paths, l->n_masked_paths, path, err);
}

static int check_readonly_paths(void *obj, const char *path, lxr_error **err)
{
	const spec_linux *l = obj;

	return check_absolute_all(l->readonly_paths, l->n_readonly_paths, path, err);
}

static int check_propagation(void *obj, const char *path, lxr_error **err)
{
	static const char *const modes[] = {"private", "rprivate", "slave",	 "rslave",
					    "shared",  "rshared",  "unbindable", "runbindable"};
	const spec_linux *l = obj;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (strcmp(l->rootfs_propagation, modes[i]) == 0)
			return 0;
	return path_error(err, EINVAL, path, "unknown propagation \"%s\"", l->rootfs_propagation);
}

/* 4294967295 is (uid_t)-1, which setresuid/setresgid/chown read as "leave
 * unchanged": the process would silently keep running as root. */
static int check_id(uint32_t id, const char *path, lxr_error **err)
{
	return id == UINT32_MAX ? path_error(err, EINVAL, path, "%u is not a valid id", id) : 0;
}

static int check_uid(void *obj, const char *path, lxr_error **err)
{
	return check_id(((const spec_user *)obj)->uid, path, err);
}

static int check_gid(void *obj, const char *path, lxr_error **err)
{
	return check_id(((const spec_user *)obj)->gid, path, err);
}

static int check_additional_gids(void *obj, const char *path, lxr_error **err)
{
	const spec_user *u = obj;

	for (size_t i = 0; i < u->n_additional_gids; i++)
		if (u->additional_gids[i] == UINT32_MAX)
			return lxr_error_set(err, EINVAL, "%s[%zu]: %u is not a valid id", path, i,
					     UINT32_MAX);
	return 0;
}

/* ---- the tables, innermost objects first ---- */

static const field user_fields[] = {
    FIELD("uid", F_U32, REQUIRED, AT(spec_user, uid), .check = check_uid),
    FIELD("gid", F_U32, REQUIRED, AT(spec_user, gid), .check = check_gid),
    FIELD("umask", F_U32, AT(spec_user, umask), HAS(spec_user, has_umask)),
    FIELD("additionalGids", F_U32S, AT(spec_user, additional_gids),
	  COUNT(spec_user, n_additional_gids), .check = check_additional_gids),
};
static const schema user_schema = SCHEMA(spec_user, user_fields, NULL);

#define CAP_SET(json_name, member)                                                                 \
	FIELD(json_name, F_STRINGS, AT(spec_capabilities, member),                                 \
	      COUNT(spec_capabilities, n_##member), HAS(spec_capabilities, has_##member))
static const field caps_fields[] = {
    CAP_SET("bounding", bounding),	 CAP_SET("effective", effective),
    CAP_SET("inheritable", inheritable), CAP_SET("permitted", permitted),
    CAP_SET("ambient", ambient),
};
static const schema caps_schema = SCHEMA(spec_capabilities, caps_fields, NULL);

/* consoleSize's members live directly in spec_process. */
static const field console_fields[] = {
    FIELD("height", F_U32, REQUIRED, AT(spec_process, console_height)),
    FIELD("width", F_U32, REQUIRED, AT(spec_process, console_width)),
};
static const schema console_schema = SCHEMA(spec_process, console_fields, NULL);

static const field rlimit_fields[] = {
    FIELD("type", F_STRING, REQUIRED, AT(spec_rlimit, type)),
    FIELD("hard", F_U64, REQUIRED, AT(spec_rlimit, hard)),
    FIELD("soft", F_U64, REQUIRED, AT(spec_rlimit, soft)),
};
static const schema rlimit_schema = SCHEMA(spec_rlimit, rlimit_fields, NULL);

/* Names and ranges are checked by init_build, which maps them to the kernel's
 * values; here only the shapes. */
static const field io_priority_fields[] = {
    FIELD("class", F_STRING, REQUIRED, AT(spec_io_priority, class_)),
    FIELD("priority", F_INT, REQUIRED, AT(spec_io_priority, priority)),
};
static const schema io_priority_schema = SCHEMA(spec_io_priority, io_priority_fields, NULL);

static const field scheduler_fields[] = {
    FIELD("policy", F_STRING, REQUIRED, AT(spec_scheduler, policy)),
    FIELD("nice", F_INT, AT(spec_scheduler, nice), HAS(spec_scheduler, has_nice)),
    FIELD("priority", F_INT, AT(spec_scheduler, priority), HAS(spec_scheduler, has_priority)),
    FIELD("flags", F_STRINGS, AT(spec_scheduler, flags), COUNT(spec_scheduler, n_flags)),
    FIELD("runtime", F_U64, AT(spec_scheduler, runtime), HAS(spec_scheduler, has_runtime)),
    FIELD("deadline", F_U64, AT(spec_scheduler, deadline), HAS(spec_scheduler, has_deadline)),
    FIELD("period", F_U64, AT(spec_scheduler, period), HAS(spec_scheduler, has_period)),
};
static const schema scheduler_schema = SCHEMA(spec_scheduler, scheduler_fields, NULL);

static const field cpu_affinity_fields[] = {
    FIELD("initial", F_STRING, AT(spec_cpu_affinity, initial)),
    FIELD("final", F_STRING, AT(spec_cpu_affinity, final_)),
};
static const schema cpu_affinity_schema = SCHEMA(spec_cpu_affinity, cpu_affinity_fields, NULL);

static const field process_fields[] = {
    FIELD("terminal", F_BOOL, AT(spec_process, terminal)),
    FIELD("consoleSize", F_OBJECT, .sub = &console_schema, .off = 0,
	  HAS(spec_process, has_console_size)),
    FIELD("user", F_OBJECT, REQUIRED, .sub = &user_schema, AT(spec_process, user)),
    FIELD("args", F_STRINGS, REQUIRED, AT(spec_process, args), COUNT(spec_process, n_args),
	  .check = check_args),
    FIELD("env", F_STRINGS, AT(spec_process, env), COUNT(spec_process, n_env),
	  .check = check_process_env),
    FIELD("cwd", F_STRING, REQUIRED, AT(spec_process, cwd), .check = check_cwd),
    FIELD("capabilities", F_OBJECT, .sub = &caps_schema, AT(spec_process, capabilities),
	  HAS(spec_process, has_capabilities)),
    FIELD("rlimits", F_OBJECTS, .sub = &rlimit_schema, AT(spec_process, rlimits),
	  COUNT(spec_process, n_rlimits)),
    FIELD("noNewPrivileges", F_BOOL, AT(spec_process, no_new_privileges),
	  HAS(spec_process, has_no_new_privileges)),
    FIELD("apparmorProfile", F_STRING, AT(spec_process, apparmor_profile)),
    FIELD("selinuxLabel", F_STRING, AT(spec_process, selinux_label)),
    FIELD("oomScoreAdj", F_INT, AT(spec_process, oom_score_adj),
	  HAS(spec_process, has_oom_score_adj)),
    FIELD("ioPriority", F_OBJECT, .sub = &io_priority_schema, AT(spec_process, io_priority),
	  HAS(spec_process, has_io_priority)),
    FIELD("scheduler", F_OBJECT, .sub = &scheduler_schema, AT(spec_process, scheduler),
	  HAS(spec_process, has_scheduler)),
    FIELD("execCPUAffinity", F_OBJECT, .sub = &cpu_affinity_schema,
	  AT(spec_process, exec_cpu_affinity), HAS(spec_process, has_exec_cpu_affinity)),
};
const schema spec_process_schema = SCHEMA(spec_process, process_fields, NULL);

static const field idmap_fields[] = {
    FIELD("containerID", F_U32, REQUIRED, AT(spec_id_mapping, container_id)),
    FIELD("hostID", F_U32, REQUIRED, AT(spec_id_mapping, host_id)),
    FIELD("size", F_U32, REQUIRED, AT(spec_id_mapping, size)),
};
static const schema idmap_schema = SCHEMA(spec_id_mapping, idmap_fields, NULL);

static const field mount_fields[] = {
    FIELD("destination", F_STRING, REQUIRED, AT(spec_mount, destination),
	  .check = check_mount_destination),
    FIELD("type", F_STRING, AT(spec_mount, type)),
    FIELD("source", F_STRING, AT(spec_mount, source)),
    FIELD("options", F_STRINGS, AT(spec_mount, options), COUNT(spec_mount, n_options)),
    FIELD("uidMappings", F_OBJECTS, .sub = &idmap_schema, AT(spec_mount, uid_mappings),
	  COUNT(spec_mount, n_uid_mappings)),
    FIELD("gidMappings", F_OBJECTS, .sub = &idmap_schema, AT(spec_mount, gid_mappings),
	  COUNT(spec_mount, n_gid_mappings)),
};
static const schema mount_schema = SCHEMA(spec_mount, mount_fields, NULL);

static const field hook_fields[] = {
    FIELD("path", F_STRING, REQUIRED, AT(spec_hook, path), .check = check_hook_path),
    FIELD("args", F_STRINGS, AT(spec_hook, args), COUNT(spec_hook, n_args)),
    FIELD("env", F_STRINGS, AT(spec_hook, env), COUNT(spec_hook, n_env), .check = check_hook_env),
    FIELD("timeout", F_INT, AT(spec_hook, timeout), HAS(spec_hook, has_timeout),
	  .check = check_hook_timeout),
};
static const schema hook_schema = SCHEMA(spec_hook, hook_fields, NULL);

#define HOOK_LIST(json_name, member)                                                               \
	FIELD(json_name, F_OBJECTS, .sub = &hook_schema, AT(spec_hooks, member),                   \
	      COUNT(spec_hooks, n_##member))
static const field hooks_fields[] = {
    HOOK_LIST("prestart", prestart),
    HOOK_LIST("createRuntime", create_runtime),
    HOOK_LIST("createContainer", create_container),
    HOOK_LIST("startContainer", start_container),
    HOOK_LIST("poststart", poststart),
    HOOK_LIST("poststop", poststop),
};
static const schema hooks_schema = SCHEMA(spec_hooks, hooks_fields, NULL);

static const field ns_fields[] = {
    FIELD("type", F_NAMESPACE, REQUIRED, AT(spec_namespace, type)),
    FIELD("path", F_STRING, AT(spec_namespace, path), .check = check_ns_path),
};
static const schema ns_schema = SCHEMA(spec_namespace, ns_fields, NULL);

static const field device_fields[] = {
    FIELD("type", F_CHAR, REQUIRED, AT(spec_device, type), .chars = "cbup"),
    FIELD("path", F_STRING, REQUIRED, AT(spec_device, path), .check = check_device_path),
    FIELD("major", F_I64, AT(spec_device, major), HAS(spec_device, has_major)),
    FIELD("minor", F_I64, AT(spec_device, minor), HAS(spec_device, has_minor)),
    FIELD("fileMode", F_U32, AT(spec_device, file_mode), HAS(spec_device, has_file_mode)),
    FIELD("uid", F_U32, AT(spec_device, uid), HAS(spec_device, has_uid)),
    FIELD("gid", F_U32, AT(spec_device, gid), HAS(spec_device, has_gid)),
};
static const schema device_schema = SCHEMA(spec_device, device_fields, check_device);

static const field rule_fields[] = {
    FIELD("allow", F_BOOL, REQUIRED, AT(spec_device_rule, allow)),
    FIELD("type", F_CHAR, AT(spec_device_rule, type), .chars = "acb"),
    FIELD("major", F_I64, AT(spec_device_rule, major), HAS(spec_device_rule, has_major)),
    FIELD("minor", F_I64, AT(spec_device_rule, minor), HAS(spec_device_rule, has_minor)),
    FIELD("access", F_STRING, AT(spec_device_rule, access), .check = check_rule_access),
};
static const schema rule_schema = SCHEMA(spec_device_rule, rule_fields, check_device_rule);

/* memory, cpu and pids are flattened into spec_resources. */
/* blkio weights are 10..1000; 0 (what docker sends for "unset") is left alone. */
static int check_weight_value(uint32_t w, const char *path, lxr_error **err)
{
	if (w != 0 && (w < 10 || w > 1000))
		return path_error(err, EINVAL, path, "must be between 10 and 1000, got %" PRIu32,
				  w);
	return 0;
}

static int check_blkio_weight(void *obj, const char *path, lxr_error **err)
{
	return check_weight_value(((const spec_resources *)obj)->blkio_weight, path, err);
}

static int check_blkio_leaf_weight(void *obj, const char *path, lxr_error **err)
{
	return check_weight_value(((const spec_resources *)obj)->blkio_leaf_weight, path, err);
}

static int check_device_numbers(int64_t major, int64_t minor, const char *path, lxr_error **err)
{
	jpath p;

	if (major < 0 || minor < 0)
		return path_error(err, EINVAL, jp_member(&p, path, major < 0 ? "major" : "minor"),
				  "must be a device number");
	return 0;
}

static int check_weight_device(void *obj, const char *path, lxr_error **err)
{
	const spec_weight_device *d = obj;
	jpath p;

	if (check_device_numbers(d->major, d->minor, path, err) < 0 ||
	    check_weight_value(d->weight, jp_member(&p, path, "weight"), err) < 0 ||
	    check_weight_value(d->leaf_weight, jp_member(&p, path, "leafWeight"), err) < 0)
		return -1;
	if (!d->has_weight && !d->has_leaf_weight)
		return path_error(err, EINVAL, path, "needs weight or leafWeight");
	return 0;
}

static int check_throttle_device(void *obj, const char *path, lxr_error **err)
{
	const spec_throttle_device *d = obj;

	return check_device_numbers(d->major, d->minor, path, err);
}

/* The kernel's size names: digits then KB, MB or GB ("2MB", "1GB"). */
static int check_page_size(void *obj, const char *path, lxr_error **err)
{
	const char *s = ((const spec_hugepage_limit *)obj)->page_size;
	size_t digits = strspn(s, "0123456789");

	if (digits == 0 || s[0] == '0' ||
	    (strcmp(s + digits, "KB") != 0 && strcmp(s + digits, "MB") != 0 &&
	     strcmp(s + digits, "GB") != 0))
		return path_error(err, EINVAL, path,
				  "\"%s\" is not a huge page size such as \"2MB\" or \"1GB\"", s);
	return 0;
}

/* An interface name: it becomes one line of net_prio.ifpriomap. */
static int check_ifname(void *obj, const char *path, lxr_error **err)
{
	const char *s = ((const spec_net_priority *)obj)->name;

	if (*s == '\0' || strlen(s) > 15 || strpbrk(s, " \t\n\r/:") != NULL)
		return path_error(err, EINVAL, path, "\"%s\" is not an interface name", s);
	return 0;
}

static int check_rdma(void *obj, const char *path, lxr_error **err)
{
	const spec_rdma *r = obj;

	if (*r->key == '\0' || strpbrk(r->key, " \t\n\r=") != NULL)
		return path_error(err, EINVAL, path, "not an rdma device name");
	return 0;
}

/* The clocks a time namespace offsets (time_namespaces(7)). */
static int check_time_offset(void *obj, const char *path, lxr_error **err)
{
	const spec_time_offset *t = obj;

	if (strcmp(t->clock, "monotonic") != 0 && strcmp(t->clock, "boottime") != 0)
		return path_error(err, EINVAL, path,
				  "not a clock a time namespace offsets (monotonic, boottime)");
	if (t->nanosecs >= 1000000000U)
		return path_error(err, EINVAL, path, "nanosecs must be below 1000000000");
	return 0;
}

/* A name the kernel accepts for a network device (dev_valid_name): 1 to
 * IFNAMSIZ-1 bytes, not "." or "..", no '/', ':' or blank. */
static bool valid_netdev_name(const char *s)
{
	return *s != '\0' && strlen(s) < 16 && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 &&
	       strpbrk(s, "/: \t\n\r\v\f") == NULL;
}

/* linux.netDevices.<name>: both names must be ones the kernel takes, so that a
 * bad one fails at create, before anything is moved. */
static int check_net_device(void *obj, const char *path, lxr_error **err)
{
	const spec_net_device *d = obj;

	if (!valid_netdev_name(d->host_name))
		return path_error(err, EINVAL, path, "\"%s\" is not a network device name",
				  d->host_name);
	if (d->name != NULL && !valid_netdev_name(d->name))
		return path_error(err, EINVAL, path,
				  "name: \"%s\" is not a network device name (at most 15 bytes, "
				  "not \".\" or \"..\", no '/', ':' or blanks)",
				  d->name);
	return 0;
}

static const field memory_fields[] = {
    FIELD("limit", F_I64, AT(spec_resources, memory_limit), HAS(spec_resources, has_memory_limit)),
    FIELD("reservation", F_I64, AT(spec_resources, memory_reservation),
	  HAS(spec_resources, has_memory_reservation)),
    FIELD("swap", F_I64, AT(spec_resources, memory_swap), HAS(spec_resources, has_memory_swap)),
    FIELD("swappiness", F_U64, AT(spec_resources, memory_swappiness),
	  HAS(spec_resources, has_memory_swappiness), .check = check_swappiness),
    FIELD("disableOOMKiller", F_BOOL, AT(spec_resources, disable_oom_killer),
	  HAS(spec_resources, has_disable_oom_killer)),
    FIELD("kernel", F_I64, AT(spec_resources, memory_kernel),
	  HAS(spec_resources, has_memory_kernel)),
    FIELD("kernelTCP", F_I64, AT(spec_resources, memory_kernel_tcp),
	  HAS(spec_resources, has_memory_kernel_tcp)),
    FIELD("useHierarchy", F_BOOL, AT(spec_resources, memory_use_hierarchy),
	  HAS(spec_resources, has_memory_use_hierarchy)),
    FIELD("checkBeforeUpdate", F_BOOL, AT(spec_resources, check_before_update)),
};
static const schema memory_schema = SCHEMA(spec_resources, memory_fields, check_memory);

static const field cpu_fields[] = {
    FIELD("shares", F_U64, AT(spec_resources, cpu_shares), HAS(spec_resources, has_cpu_shares)),
    FIELD("quota", F_I64, AT(spec_resources, cpu_quota), HAS(spec_resources, has_cpu_quota)),
    FIELD("period", F_U64, AT(spec_resources, cpu_period), HAS(spec_resources, has_cpu_period)),
    FIELD("cpus", F_STRING, AT(spec_resources, cpu_cpus)),
    FIELD("mems", F_STRING, AT(spec_resources, cpu_mems)),
    FIELD("realtimeRuntime", F_I64, AT(spec_resources, cpu_rt_runtime),
	  HAS(spec_resources, has_cpu_rt_runtime)),
    FIELD("realtimePeriod", F_U64, AT(spec_resources, cpu_rt_period),
	  HAS(spec_resources, has_cpu_rt_period)),
    FIELD("burst", F_U64, AT(spec_resources, cpu_burst), HAS(spec_resources, has_cpu_burst)),
    FIELD("idle", F_I64, AT(spec_resources, cpu_idle), HAS(spec_resources, has_cpu_idle)),
};
static const schema cpu_schema = SCHEMA(spec_resources, cpu_fields, NULL);

static const field pids_fields[] = {
    FIELD("limit", F_I64, AT(spec_resources, pids_limit), HAS(spec_resources, has_pids_limit)),
};
static const schema pids_schema = SCHEMA(spec_resources, pids_fields, NULL);

static const field weight_device_fields[] = {
    FIELD("major", F_I64, REQUIRED, AT(spec_weight_device, major)),
    FIELD("minor", F_I64, REQUIRED, AT(spec_weight_device, minor)),
    FIELD("weight", F_U32, AT(spec_weight_device, weight), HAS(spec_weight_device, has_weight)),
    FIELD("leafWeight", F_U32, AT(spec_weight_device, leaf_weight),
	  HAS(spec_weight_device, has_leaf_weight)),
};
static const schema weight_device_schema =
    SCHEMA(spec_weight_device, weight_device_fields, check_weight_device);

static const field throttle_fields[] = {
    FIELD("major", F_I64, REQUIRED, AT(spec_throttle_device, major)),
    FIELD("minor", F_I64, REQUIRED, AT(spec_throttle_device, minor)),
    FIELD("rate", F_U64, REQUIRED, AT(spec_throttle_device, rate)),
};
static const schema throttle_schema =
    SCHEMA(spec_throttle_device, throttle_fields, check_throttle_device);

#define THROTTLE(json_name, member)                                                                \
	FIELD(json_name, F_OBJECTS, .sub = &throttle_schema, AT(spec_resources, member),           \
	      COUNT(spec_resources, n_##member))
static const field blkio_fields[] = {
    FIELD("weight", F_U32, AT(spec_resources, blkio_weight), HAS(spec_resources, has_blkio_weight),
	  .check = check_blkio_weight),
    FIELD("leafWeight", F_U32, AT(spec_resources, blkio_leaf_weight),
	  HAS(spec_resources, has_blkio_leaf_weight), .check = check_blkio_leaf_weight),
    FIELD("weightDevice", F_OBJECTS, .sub = &weight_device_schema,
	  AT(spec_resources, blkio_weight_device), COUNT(spec_resources, n_blkio_weight_device)),
    THROTTLE("throttleReadBpsDevice", throttle_read_bps),
    THROTTLE("throttleWriteBpsDevice", throttle_write_bps),
    THROTTLE("throttleReadIOPSDevice", throttle_read_iops),
    THROTTLE("throttleWriteIOPSDevice", throttle_write_iops),
};
static const schema blkio_schema = SCHEMA(spec_resources, blkio_fields, NULL);

static const field hugepage_fields[] = {
    FIELD("pageSize", F_STRING, REQUIRED, AT(spec_hugepage_limit, page_size),
	  .check = check_page_size),
    FIELD("limit", F_U64, REQUIRED, AT(spec_hugepage_limit, limit)),
};
static const schema hugepage_schema = SCHEMA(spec_hugepage_limit, hugepage_fields, NULL);

static const field net_priority_fields[] = {
    FIELD("name", F_STRING, REQUIRED, AT(spec_net_priority, name), .check = check_ifname),
    FIELD("priority", F_U32, REQUIRED, AT(spec_net_priority, priority)),
};
static const schema net_priority_schema = SCHEMA(spec_net_priority, net_priority_fields, NULL);

static const field network_fields[] = {
    FIELD("classID", F_U32, AT(spec_resources, net_class_id),
	  HAS(spec_resources, has_net_class_id)),
    FIELD("priorities", F_OBJECTS, .sub = &net_priority_schema, AT(spec_resources, net_priorities),
	  COUNT(spec_resources, n_net_priorities)),
};
static const schema network_schema = SCHEMA(spec_resources, network_fields, NULL);

static const field rdma_fields[] = {
    FIELD("hcaHandles", F_U32, AT(spec_rdma, hca_handles), HAS(spec_rdma, has_hca_handles)),
    FIELD("hcaObjects", F_U32, AT(spec_rdma, hca_objects), HAS(spec_rdma, has_hca_objects)),
};
static const schema rdma_schema = SCHEMA(spec_rdma, rdma_fields, check_rdma);

static const field resources_fields[] = {
    FIELD("devices", F_OBJECTS, .sub = &rule_schema, AT(spec_resources, devices),
	  COUNT(spec_resources, n_devices)),
    FIELD("memory", F_OBJECT, .sub = &memory_schema, .off = 0),
    FIELD("cpu", F_OBJECT, .sub = &cpu_schema, .off = 0),
    FIELD("pids", F_OBJECT, .sub = &pids_schema, .off = 0),
    FIELD("blockIO", F_OBJECT, .sub = &blkio_schema, .off = 0),
    FIELD("hugepageLimits", F_OBJECTS, .sub = &hugepage_schema, AT(spec_resources, hugepage_limits),
	  COUNT(spec_resources, n_hugepage_limits)),
    FIELD("network", F_OBJECT, .sub = &network_schema, .off = 0),
    FIELD("rdma", F_OBJMAP, .sub = &rdma_schema, AT(spec_resources, rdma),
	  COUNT(spec_resources, n_rdma)),
    FIELD("unified", F_MAP, AT(spec_resources, unified), COUNT(spec_resources, n_unified)),
};
const schema spec_resources_schema = SCHEMA(spec_resources, resources_fields, NULL);

static const field seccomp_arg_fields[] = {
    FIELD("index", F_U32, REQUIRED, AT(spec_seccomp_arg, index)),
    FIELD("value", F_U64, REQUIRED, AT(spec_seccomp_arg, value)),
    FIELD("valueTwo", F_U64, AT(spec_seccomp_arg, value_two), HAS(spec_seccomp_arg, has_value_two)),
    FIELD("op", F_STRING, REQUIRED, AT(spec_seccomp_arg, op)),
};
static const schema seccomp_arg_schema = SCHEMA(spec_seccomp_arg, seccomp_arg_fields, NULL);

static const field seccomp_syscall_fields[] = {
    FIELD("names", F_STRINGS, REQUIRED, AT(spec_seccomp_syscall, names),
	  COUNT(spec_seccomp_syscall, n_names)),
    FIELD("action", F_STRING, REQUIRED, AT(spec_seccomp_syscall, action)),
    FIELD("errnoRet", F_U32, AT(spec_seccomp_syscall, errno_ret),
	  HAS(spec_seccomp_syscall, has_errno_ret)),
    FIELD("args", F_OBJECTS, .sub = &seccomp_arg_schema, AT(spec_seccomp_syscall, args),
	  COUNT(spec_seccomp_syscall, n_args)),
};
static const schema seccomp_syscall_schema =
    SCHEMA(spec_seccomp_syscall, seccomp_syscall_fields, NULL);

/* Names (actions, architectures, flags, operators, syscalls) are checked by
 * seccomp_build, which knows what libseccomp and the kernel support. */
static const field seccomp_fields[] = {
    FIELD("defaultAction", F_STRING, REQUIRED, AT(spec_seccomp, default_action)),
    FIELD("defaultErrnoRet", F_U32, AT(spec_seccomp, default_errno_ret),
	  HAS(spec_seccomp, has_default_errno_ret)),
    FIELD("architectures", F_STRINGS, AT(spec_seccomp, architectures),
	  COUNT(spec_seccomp, n_architectures)),
    FIELD("flags", F_STRINGS, AT(spec_seccomp, flags), COUNT(spec_seccomp, n_flags)),
    FIELD("syscalls", F_OBJECTS, .sub = &seccomp_syscall_schema, AT(spec_seccomp, syscalls),
	  COUNT(spec_seccomp, n_syscalls)),
    FIELD("listenerPath", F_STRING, AT(spec_seccomp, listener_path)),
    FIELD("listenerMetadata", F_STRING, AT(spec_seccomp, listener_metadata)),
};
static const schema seccomp_schema = SCHEMA(spec_seccomp, seccomp_fields, NULL);

static const field personality_fields[] = {
    FIELD("domain", F_STRING, REQUIRED, AT(spec_personality, domain)),
    FIELD("flags", F_STRINGS, AT(spec_personality, flags), COUNT(spec_personality, n_flags)),
};
static const schema personality_schema = SCHEMA(spec_personality, personality_fields, NULL);

static const field time_offset_fields[] = {
    FIELD("secs", F_I64, AT(spec_time_offset, secs)),
    FIELD("nanosecs", F_U32, AT(spec_time_offset, nanosecs)),
};
static const schema time_offset_schema =
    SCHEMA(spec_time_offset, time_offset_fields, check_time_offset);

/* Names and nodes are checked by init_build, which maps them to set_mempolicy(2)'s values. */
static const field memory_policy_fields[] = {
    FIELD("mode", F_STRING, REQUIRED, AT(spec_memory_policy, mode)),
    FIELD("nodes", F_STRING, AT(spec_memory_policy, nodes)),
    FIELD("flags", F_STRINGS, AT(spec_memory_policy, flags), COUNT(spec_memory_policy, n_flags)),
};
static const schema memory_policy_schema = SCHEMA(spec_memory_policy, memory_policy_fields, NULL);

static const field net_device_fields[] = {
    FIELD("name", F_STRING, AT(spec_net_device, name)),
};
static const schema net_device_schema =
    SCHEMA(spec_net_device, net_device_fields, check_net_device);

static const field linux_fields[] = {
    FIELD("namespaces", F_OBJECTS, .sub = &ns_schema, AT(spec_linux, namespaces),
	  COUNT(spec_linux, n_namespaces), .check = check_namespaces),
    FIELD("uidMappings", F_OBJECTS, .sub = &idmap_schema, AT(spec_linux, uid_mappings),
	  COUNT(spec_linux, n_uid_mappings)),
    FIELD("gidMappings", F_OBJECTS, .sub = &idmap_schema, AT(spec_linux, gid_mappings),
	  COUNT(spec_linux, n_gid_mappings)),
    FIELD("devices", F_OBJECTS, .sub = &device_schema, AT(spec_linux, devices),
	  COUNT(spec_linux, n_devices)),
    FIELD("cgroupsPath", F_STRING, AT(spec_linux, cgroups_path)),
    FIELD("resources", F_OBJECT, .sub = &spec_resources_schema, AT(spec_linux, resources),
	  HAS(spec_linux, has_resources)),
    FIELD("sysctl", F_MAP, AT(spec_linux, sysctl), COUNT(spec_linux, n_sysctl)),
    FIELD("maskedPaths", F_STRINGS, AT(spec_linux, masked_paths), COUNT(spec_linux, n_masked_paths),
	  .check = check_masked_paths),
    FIELD("readonlyPaths", F_STRINGS, AT(spec_linux, readonly_paths),
	  COUNT(spec_linux, n_readonly_paths), .check = check_readonly_paths),
    FIELD("rootfsPropagation", F_STRING, AT(spec_linux, rootfs_propagation),
	  .check = check_propagation),
    FIELD("mountLabel", F_STRING, AT(spec_linux, mount_label)),
    FIELD("seccomp", F_OBJECT, .sub = &seccomp_schema, AT(spec_linux, seccomp),
	  HAS(spec_linux, has_seccomp)),
    FIELD("personality", F_OBJECT, .sub = &personality_schema, AT(spec_linux, personality),
	  HAS(spec_linux, has_personality)),
    FIELD("timeOffsets", F_OBJMAP, .sub = &time_offset_schema, AT(spec_linux, time_offsets),
	  COUNT(spec_linux, n_time_offsets)),
    FIELD("memoryPolicy", F_OBJECT, .sub = &memory_policy_schema, AT(spec_linux, memory_policy),
	  HAS(spec_linux, has_memory_policy)),
    FIELD("netDevices", F_OBJMAP, .sub = &net_device_schema, AT(spec_linux, net_devices),
	  COUNT(spec_linux, n_net_devices)),
};
static const schema linux_schema = SCHEMA(spec_linux, linux_fields, NULL);

/* root's members live directly in spec_config. */
static const field root_fields[] = {
    FIELD("path", F_STRING, REQUIRED, AT(spec_config, root_path), .check = check_root_path),
    FIELD("readonly", F_BOOL, AT(spec_config, root_readonly)),
};
static const schema root_schema = SCHEMA(spec_config, root_fields, NULL);

static const field config_fields[] = {
    FIELD("ociVersion", F_STRING, REQUIRED, AT(spec_config, oci_version),
	  .check = check_oci_version),
    FIELD("root", F_OBJECT, REQUIRED, .sub = &root_schema, .off = 0),
    FIELD("process", F_OBJECT, .sub = &spec_process_schema, AT(spec_config, process),
	  HAS(spec_config, has_process)),
    FIELD("hostname", F_STRING, AT(spec_config, hostname)),
    FIELD("domainname", F_STRING, AT(spec_config, domainname)),
    FIELD("mounts", F_OBJECTS, .sub = &mount_schema, AT(spec_config, mounts),
	  COUNT(spec_config, n_mounts)),
    FIELD("hooks", F_OBJECT, .sub = &hooks_schema, AT(spec_config, hooks),
	  HAS(spec_config, has_hooks)),
    FIELD("annotations", F_MAP, AT(spec_config, annotations), COUNT(spec_config, n_annotations)),
    FIELD("linux", F_OBJECT, .sub = &linux_schema, AT(spec_config, linux_),
	  HAS(spec_config, has_linux)),
};
const schema spec_config_schema = SCHEMA(spec_config, config_fields, NULL);

/* ---- the walk over every known path ---- */

static void walk_schema(const schema *s, const char *prefix,
			void (*fn)(const char *path, const char *why, void *ctx), void *ctx)
{
	for (size_t i = 0; i < s->n_fields; i++) {
		const field *f = &s->fields[i];
		jpath p = {0};

		jp_addf(&p, "%s%s%s", prefix, *prefix ? "." : "", f->name);
		fn(p.s, NULL, ctx);
		if (f->kind == F_OBJECT) {
			walk_schema(f->sub, p.s, fn, ctx);
		} else if (f->kind == F_OBJECTS) {
			jp_addf(&p, "[]");
			walk_schema(f->sub, p.s, fn, ctx);
		} else if (f->kind == F_OBJMAP) {
			jp_addf(&p, ".<name>");
			walk_schema(f->sub, p.s, fn, ctx);
		}
	}
}

void spec_schema_walk(void (*fn)(const char *path, const char *why, void *ctx), void *ctx)
{
	walk_schema(&spec_config_schema, "", fn, ctx);
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		fn(unsupported[i].path, unsupported[i].why, ctx);
}

/* ---- namespaces ---- */

static const char *const ns_names[SPEC_NS_COUNT] = {
    [SPEC_NS_PID] = "pid",	 [SPEC_NS_NETWORK] = "network", [SPEC_NS_MOUNT] = "mount",
    [SPEC_NS_IPC] = "ipc",	 [SPEC_NS_UTS] = "uts",		[SPEC_NS_USER] = "user",
    [SPEC_NS_CGROUP] = "cgroup", [SPEC_NS_TIME] = "time",
};

int spec_ns_from_name(const char *name)
{
	for (int i = 0; name != NULL && i < SPEC_NS_COUNT; i++)
		if (strcmp(name, ns_names[i]) == 0)
			return i;
	return -1;
}

const char *spec_ns_name(enum spec_ns_type t)
{
	return (unsigned)t < SPEC_NS_COUNT ? ns_names[t] : "unknown";
}
