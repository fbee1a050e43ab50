/* Pure translation of a parsed OCI spec into liblxc configuration text.
 *
 * Which part of the spec lands where:
 *   - here (liblxc does it): rootfs, namespaces, id maps, mounts, cgroup placement,
 *     resources, device cgroup rules, sysctl, hostname, logging, and the mount
 *     hook that runs the create-time OCI hooks;
 *   - lxcrun-init (src/init_build.c): process, devices nodes, masked and read-only
 *     paths, read-only root, domainname, oom score.
 * Everything here is string building: no I/O, no globals, so golden tests pin it. */
#include "config.h"
#include "init_build.h"
#include "lxc_config.h"
#include "mount_check.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* liblxc's names for the namespaces, indexed by enum spec_ns_type. */
static const char *const lxc_ns_name[SPEC_NS_COUNT] = {
    [SPEC_NS_PID] = "pid",	 [SPEC_NS_NETWORK] = "net", [SPEC_NS_MOUNT] = "mnt",
    [SPEC_NS_IPC] = "ipc",	 [SPEC_NS_UTS] = "uts",	    [SPEC_NS_USER] = "user",
    [SPEC_NS_CGROUP] = "cgroup", [SPEC_NS_TIME] = "time",
};

/* What the spec asks of each namespace. */
typedef struct {
	bool listed[SPEC_NS_COUNT]; /* mentioned in linux.namespaces */
	bool fresh[SPEC_NS_COUNT];  /* listed without a path: a new namespace */
	const char *path[SPEC_NS_COUNT];
} ns_plan;

typedef struct {
	strbuf sb;
	lxr_error **err;
} render_ctx;

/* A value liblxc reads up to the end of the line: a newline would inject config. */
static int check_value(const char *value, const char *field, lxr_error **err)
{
	if (strpbrk(value, "\n\r") != NULL)
		return lxr_error_set(err, EINVAL, "%s: must not contain a newline", field);
	return 0;
}

/* Appends "key = value"; value is checked for line breaks, field names it in errors. */
static int put(render_ctx *c, const char *field, const char *key, const char *value)
{
	if (check_value(value, field, c->err) < 0)
		return -1;
	sb_addf(&c->sb, "%s = %s\n", key, value);
	return 0;
}

/* Appends "key = <printf>" for values built from numbers and checked strings. */
static void putf(render_ctx *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void putf(render_ctx *c, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *v = NULL;

	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) < 0)
		abort();
	va_end(ap);
	sb_addf(&c->sb, "%s = %s\n", key, v);
	free(v);
}

static ns_plan plan_namespaces(const spec_config *spec)
{
	ns_plan p = {0};

	for (size_t i = 0; spec->has_linux && i < spec->linux_.n_namespaces; i++) {
		const spec_namespace *ns = &spec->linux_.namespaces[i];

		p.listed[ns->type] = true;
		p.fresh[ns->type] = ns->path == NULL;
		p.path[ns->type] = ns->path;
	}
	return p;
}

/* linux.timeOffsets: liblxc writes them into the time namespace it creates,
 * before any process enters it. It writes a clock's seconds or, when they are
 * 0, its nanoseconds: never both, so both are refused rather than cut. */
static int render_time_offsets(render_ctx *c, const spec_linux *l, const ns_plan *p)
{
	if (l->n_time_offsets == 0)
		return 0;
	if (!p->fresh[SPEC_NS_TIME])
		return lxr_error_set(c->err, EINVAL,
				     "linux.timeOffsets: requires a new time namespace");
	for (size_t i = 0; i < l->n_time_offsets; i++) {
		const spec_time_offset *t = &l->time_offsets[i];
		const char *key = strcmp(t->clock, "boottime") == 0 ? "lxc.time.offset.boot"
								    : "lxc.time.offset.monotonic";

		if (t->secs != 0 && t->nanosecs != 0)
			return lxr_error_set(c->err, ENOTSUP,
					     "linux.timeOffsets.%s: secs and nanosecs together are "
					     "not supported (liblxc applies one of them)",
					     t->clock);
		if (t->nanosecs != 0)
			putf(c, key, "%uns", t->nanosecs);
		else
			putf(c, key, "%llds", (long long)t->secs);
	}
	return 0;
}

/* The name a linux.netDevices entry gets in the container. */
static const char *netdev_target(const spec_net_device *d)
{
	return d->name ? d->name : d->host_name;
}

/* linux.netDevices as liblxc "phys" devices: liblxc moves each into the new
 * network namespace under a transient name, renames it, sets the addresses the
 * host device had (in->netdev_addrs: the move drops them) and brings it up. */
static int render_net_devices(render_ctx *c, const spec_linux *l, const lxc_config_input *in,
			      const ns_plan *p)
{
	if (!p->fresh[SPEC_NS_NETWORK])
		return lxr_error_set(c->err, EINVAL,
				     "linux.netDevices: requires a new network namespace");
	for (size_t i = 0; i < l->n_net_devices; i++) {
		const spec_net_device *d = &l->net_devices[i];
		const char *t = netdev_target(d);

		/* the container's loopback already has the name */
		if (strcmp(t, "lo") == 0)
			return lxr_error_set(
			    c->err, EEXIST,
			    "linux.netDevices.%s: \"lo\" exists in the container's "
			    "network namespace",
			    d->host_name);
		/* a "%d" template lets the kernel pick distinct names */
		for (size_t j = 0; j < i && strchr(t, '%') == NULL; j++)
			if (strcmp(t, netdev_target(&l->net_devices[j])) == 0)
				return lxr_error_set(c->err, EEXIST,
						     "linux.netDevices.%s: the name \"%s\" is "
						     "also linux.netDevices.%s's in the container",
						     d->host_name, t, l->net_devices[j].host_name);
	}
	for (size_t i = 0; i < l->n_net_devices; i++) {
		const spec_net_device *d = &l->net_devices[i];

		sb_addf(&c->sb, "lxc.net.%zu.type = phys\n", i);
		sb_addf(&c->sb, "lxc.net.%zu.link = %s\n", i, d->host_name);
		sb_addf(&c->sb, "lxc.net.%zu.name = %s\n", i, netdev_target(d));
		sb_addf(&c->sb, "lxc.net.%zu.flags = up\n", i);
		for (size_t k = 0; k < in->n_netdev_addrs; k++)
			if (strcmp(in->netdev_addrs[k].dev, d->host_name) == 0)
				sb_addf(&c->sb, "lxc.net.%zu.%s.address = %s\n", i,
					in->netdev_addrs[k].ipv6 ? "ipv6" : "ipv4",
					in->netdev_addrs[k].cidr);
	}
	return 0;
}

static int render_namespaces(render_ctx *c, const spec_config *spec, const lxc_config_input *in,
			     const ns_plan *p)
{
	const spec_linux *l = &spec->linux_;
	strbuf clone = {0};

	if (!p->listed[SPEC_NS_MOUNT])
		return lxr_error_set(
		    c->err, EINVAL,
		    "linux.namespaces: a mount namespace is required (the container "
		    "gets its own root filesystem)");
	if (!p->fresh[SPEC_NS_MOUNT])
		return lxr_error_set(c->err, ENOTSUP,
				     "linux.namespaces: joining an existing mount namespace is not "
				     "supported (the container gets its own root filesystem)");
	/* liblxc becomes root in a user namespace only when it has the maps, and it
	 * writes them itself: in a joined one its setup runs as an unmapped uid */
	if (p->listed[SPEC_NS_USER] && !p->fresh[SPEC_NS_USER])
		return lxr_error_set(c->err, ENOTSUP,
				     "linux.namespaces: joining a user namespace by path is not "
				     "supported (liblxc sets the container up only in a user "
				     "namespace it creates)");
	if (p->fresh[SPEC_NS_USER] && (l->n_uid_mappings == 0 || l->n_gid_mappings == 0))
		return lxr_error_set(
		    c->err, EINVAL,
		    "linux.uidMappings/gidMappings: required with a new user namespace");
	if (!p->fresh[SPEC_NS_USER] && (l->n_uid_mappings > 0 || l->n_gid_mappings > 0))
		return lxr_error_set(
		    c->err, EINVAL,
		    "linux.uidMappings/gidMappings: only valid with a new user namespace");
	/* lxcrun-init sets them, also in a uts namespace joined by path (as runc) */
	if (spec->hostname && *spec->hostname && !p->listed[SPEC_NS_UTS])
		return lxr_error_set(c->err, EINVAL,
				     "hostname: setting a hostname requires a uts namespace");
	if (spec->domainname && *spec->domainname && !p->listed[SPEC_NS_UTS])
		return lxr_error_set(c->err, EINVAL,
				     "domainname: setting a domainname requires a uts namespace");

	/* lxc.namespace.clone lists exactly the namespaces to create; everything
	 * else is shared with lxcrun's caller, or joined by path just below */
	for (int t = 0; t < SPEC_NS_COUNT; t++)
		if (p->fresh[t]) {
			if (clone.len)
				sb_add(&clone, " ");
			sb_add(&clone, lxc_ns_name[t]);
		}
	putf(c, "lxc.namespace.clone", "%s", clone.buf);
	sb_free(&clone);
	for (int t = 0; t < SPEC_NS_COUNT; t++) {
		char key[64];

		if (p->path[t] == NULL)
			continue;
		snprintf(key, sizeof(key), "lxc.namespace.share.%s", lxc_ns_name[t]);
		if (put(c, "linux.namespaces[].path", key, p->path[t]) < 0)
			return -1;
	}
	for (size_t i = 0; i < l->n_uid_mappings; i++)
		putf(c, "lxc.idmap", "u %u %u %u", l->uid_mappings[i].container_id,
		     l->uid_mappings[i].host_id, l->uid_mappings[i].size);
	for (size_t i = 0; i < l->n_gid_mappings; i++)
		putf(c, "lxc.idmap", "g %u %u %u", l->gid_mappings[i].container_id,
		     l->gid_mappings[i].host_id, l->gid_mappings[i].size);
	/* a new network namespace with no interfaces but loopback, as runc gives,
	 * and the host devices linux.netDevices moves in */
	if (l->n_net_devices > 0) {
		if (render_net_devices(c, l, in, p) < 0)
			return -1;
	} else if (p->fresh[SPEC_NS_NETWORK]) {
		putf(c, "lxc.net.0.type", "empty");
	}
	return render_time_offsets(c, l, p);
}

/* ---- mounts ---- */

/* Options liblxc understands as mount flags or propagation (everything else it
 * passes to the filesystem as data). */
static const char *const flag_options[] = {
    "atime",	   "dev",	 "diratime",	  "exec",     "noatime",  "nodev",    "nodiratime",
    "noexec",	   "norelatime", "nostrictatime", "nosuid",   "relatime", "ro",	      "rw",
    "strictatime", "suid",	 "sync",	  "async",    "dirsync",  "lazytime", "mand",
    "nomand",	   "defaults",	 "private",	  "rprivate", "shared",	  "rshared",  "slave",
    "rslave",	   "unbindable", "runbindable",
};

/* The bind options: they make a mount a bind mount (spec_mount_is_bind). */
static const char *const bind_options[] = {"bind", "rbind"};

/* Options lxcrun implements itself, never passed to liblxc as written: tmpcopyup
 * (lxcrun-init copies the directory's contents, init_build.c), idmap and ridmap
 * (liblxc's idmap=container, idmap_plan). */
static const char *const own_options[] = {"tmpcopyup", "idmap", "ridmap"};

/* OCI mount options lxcrun does not implement yet (runc extensions). The
 * recursive attributes (rro, ...) and [no]symfollow are lxcrun-init's
 * (mount_attr_option), idmap and ridmap become liblxc's idmap=container
 * (idmap_plan): liblxc sees none of them as written. */
static const char *const unsupported_options[] = {"remount"};

/* liblxc's own option words: not OCI, and they would change liblxc's behaviour. */
static const char *const lxc_only_options[] = {"create=dir", "create=file", "optional", "relative"};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}
#define IN_LIST(s, arr) in_list((s), (arr), sizeof(arr) / sizeof((arr)[0]))

/* Appends s in fstab form: liblxc parses mount entries with getmntent, which
 * decodes these octal escapes, so paths with blanks or backslashes survive. */
static void add_fstab_field(strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case ' ':
			sb_add(sb, "\\040");
			break;
		case '\t':
			sb_add(sb, "\\011");
			break;
		case '\\':
			sb_add(sb, "\\134");
			break;
		default:
			sb_addn(sb, s, 1);
		}
	}
}

/* The destination relative to the rootfs (liblxc resolves relative targets
 * beneath it); ".." components could only be used to climb out, so refuse them. */
static int mount_target(const char *dest, size_t i, const char **out, lxr_error **err)
{
	const char *p = dest;

	while (*p == '/')
		p++;
	if (*p == '\0')
		return lxr_error_set(err, EINVAL, "mounts[%zu].destination: cannot mount over /",
				     i);
	if (path_has_dotdot(p))
		return lxr_error_set(
		    err, EINVAL, "mounts[%zu].destination: `%s` must not contain \"..\"", i, dest);
	*out = p;
	return 0;
}

/* Validates the options of mount i and appends them (comma-separated) to sb. */
static int add_mount_options(strbuf *sb, const spec_mount *m, size_t i, bool bind, lxr_error **err)
{
	for (size_t k = 0; k < m->n_options; k++) {
		const char *o = m->options[k];

		if (*o == '\0' || strpbrk(o, ", \t\n\r\\") != NULL)
			return lxr_error_set(
			    err, EINVAL,
			    "mounts[%zu].options[%zu]: \"%s\" is not a single mount option", i, k,
			    o);
		if (IN_LIST(o, unsupported_options))
			return lxr_error_set(
			    err, ENOTSUP, "mounts[%zu].options: \"%s\" is not supported yet", i, o);
		if (IN_LIST(o, lxc_only_options))
			return lxr_error_set(
			    err, EINVAL, "mounts[%zu].options: \"%s\" is not an OCI mount option",
			    i, o);
		if (strcmp(o, "tmpcopyup") == 0) {
			/* lxcrun-init does the copy (see init_build.c); liblxc would hand
			 * the word to the filesystem */
			if (bind || m->type == NULL || strcmp(m->type, "tmpfs") != 0)
				return lxr_error_set(err, EINVAL,
						     "mounts[%zu].options: \"tmpcopyup\" is only "
						     "valid for a tmpfs mount",
						     i);
			continue;
		}
		if (mount_attr_option(o) || IN_LIST(o, own_options))
			continue;
		/* a bind mount ignores filesystem data: accepting it would drop it silently */
		if (bind && !IN_LIST(o, bind_options) && !IN_LIST(o, flag_options))
			return lxr_error_set(
			    err, EINVAL,
			    "mounts[%zu].options: \"%s\" is not valid for a bind mount", i, o);
		if (sb->len)
			sb_add(sb, ",");
		sb_add(sb, o);
	}
	return 0;
}

const char *lxc_config_mount_option(size_t i)
{
	const size_t n_flag = sizeof(flag_options) / sizeof(flag_options[0]);
	const size_t n_bind = sizeof(bind_options) / sizeof(bind_options[0]);
	const size_t n_own = sizeof(own_options) / sizeof(own_options[0]);

	if (i < n_flag)
		return flag_options[i];
	i -= n_flag;
	if (i < n_bind)
		return bind_options[i];
	i -= n_bind;
	if (i < n_own)
		return own_options[i];
	return mount_attr_option_name(i - n_own);
}

/* What a sysfs mount becomes in a new user namespace that keeps a network
 * namespace it does not own: the kernel refuses a fresh sysfs there, so (as
 * runc does) the host's /sys is bound instead. As real root a fresh one works. */
static const char *rebind_source(const spec_mount *m, const ns_plan *p)
{
	if (m->type != NULL && strcmp(m->type, "sysfs") == 0 && p->fresh[SPEC_NS_USER] &&
	    !p->fresh[SPEC_NS_NETWORK])
		return "/sys";
	return NULL;
}

static int render_cgroup_mount(render_ctx *c, const spec_mount *m, size_t i,
			       const lxc_config_input *in, const ns_plan *p, bool *seen)
{
	if (*seen)
		return lxr_error_set(c->err, EINVAL, "mounts[%zu]: a second cgroup mount", i);
	/* liblxc mounts cgroups at /sys/fs/cgroup and nowhere else */
	if (!spec_mount_at(m, "sys/fs/cgroup"))
		return lxr_error_set(c->err, ENOTSUP,
				     "mounts[%zu].destination: cgroup mounts are supported at "
				     "/sys/fs/cgroup only",
				     i);
	*seen = true;
	if (in->layout == CGROUP_LAYOUT_UNIFIED && !p->fresh[SPEC_NS_CGROUP])
		return lxr_error_set(
		    c->err, ENOTSUP,
		    "mounts[%zu]: a cgroup mount without a new cgroup namespace is "
		    "not supported on cgroup v2 yet",
		    i);
	/* liblxc mounts cgroups after all mount entries (once /sys exists); "force"
	 * makes it mount even when the container keeps CAP_SYS_ADMIN */
	putf(c, "lxc.mount.auto", "cgroup:%s:force", spec_mount_has_option(m, "ro") ? "ro" : "rw");
	return 0;
}

static bool same_mappings(const spec_id_mapping *a, size_t na, const spec_id_mapping *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].container_id != b[i].container_id || a[i].host_id != b[i].host_id ||
		    a[i].size != b[i].size)
			return false;
	return true;
}

/* Whether mount i is idmapped (the idmap or ridmap option, or maps of its own),
 * checked against what liblxc 5.0 can do: it idmaps a bind mount with the
 * container's user namespace (idmap=container), after every other mount, and
 * the whole tree of an rbind. Returns 1 (idmapped), 0 (not) or -1 (error). */
static int idmap_plan(const spec_config *spec, size_t i, const ns_plan *p, lxr_error **err)
{
	const spec_mount *m = &spec->mounts[i];
	const spec_linux *l = &spec->linux_;
	bool idmap = spec_mount_has_option(m, "idmap"), ridmap = spec_mount_has_option(m, "ridmap");

	if (!idmap && !ridmap && m->n_uid_mappings == 0 && m->n_gid_mappings == 0)
		return 0;
	if (!spec_mount_is_bind(m))
		return lxr_error_set(err, ENOTSUP, "mounts[%zu]: only bind mounts can be idmapped",
				     i);
	if (!p->fresh[SPEC_NS_USER])
		return lxr_error_set(
		    err, EINVAL, "mounts[%zu]: an idmapped mount requires a new user namespace", i);
	if ((m->n_uid_mappings > 0) != (m->n_gid_mappings > 0))
		return lxr_error_set(
		    err, EINVAL, "mounts[%zu].uidMappings/gidMappings: give both or neither", i);
	if (m->n_uid_mappings > 0 && (!same_mappings(m->uid_mappings, m->n_uid_mappings,
						     l->uid_mappings, l->n_uid_mappings) ||
				      !same_mappings(m->gid_mappings, m->n_gid_mappings,
						     l->gid_mappings, l->n_gid_mappings)))
		return lxr_error_set(
		    err, ENOTSUP,
		    "mounts[%zu].uidMappings/gidMappings: only the container's own "
		    "linux.uidMappings/gidMappings are supported (liblxc idmaps a "
		    "mount with the container's user namespace)",
		    i);
	if (spec_mount_has_option(m, "rbind") && !ridmap)
		return lxr_error_set(err, ENOTSUP,
				     "mounts[%zu].options: \"rbind\" with a non-recursive idmap is "
				     "not supported (liblxc idmaps the whole tree): use \"ridmap\"",
				     i);
	return 1;
}

/* True when destination b is a or lies below it (both as the spec wrote them). */
static bool dest_within(const char *a, const char *b)
{
	size_t n;

	while (*a == '/')
		a++;
	while (*b == '/')
		b++;
	n = strlen(a);
	while (n > 0 && a[n - 1] == '/')
		n--;
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

/* lxcrun-init applies the recursive options once every mount is made, so a
 * mount the spec makes later at or below such a mount (or, in a user
 * namespace, a device node bound there) would get them too, which runc (it
 * applies them right after each mount) does not do: refused, never altered. */
static int check_recursive_attrs(render_ctx *c, const spec_config *spec)
{
	init_params devs = {0};
	int ret = 0;

	if (spec_has_userns(spec) && init_devices_build(spec, &devs, c->err) < 0)
		return -1;
	for (size_t i = 0; i < spec->n_mounts && ret == 0; i++) {
		const spec_mount *m = &spec->mounts[i];
		const char *opt = NULL;

		for (size_t k = 0; k < m->n_options; k++)
			if (mount_attr_option(m->options[k]) == 2)
				opt = m->options[k];
		/* liblxc makes the idmapped mounts after all other mount entries */
		if (opt == NULL && (m->n_uid_mappings > 0 || spec_mount_has_option(m, "idmap") ||
				    spec_mount_has_option(m, "ridmap")))
			opt = spec_mount_has_option(m, "ridmap") ? "ridmap" : "idmap";
		if (opt == NULL)
			continue;
		for (size_t j = i + 1; j < spec->n_mounts && ret == 0; j++)
			if (dest_within(m->destination, spec->mounts[j].destination))
				ret = lxr_error_set(c->err, ENOTSUP,
						    "mounts[%zu]: at or below mounts[%zu], whose "
						    "\"%s\" lxcrun applies after every mount: "
						    "not supported",
						    j, i, opt);
		for (size_t j = 0; j < devs.n_devices && ret == 0; j++)
			if (devs.devices[j].type != 'p' &&
			    dest_within(m->destination, devs.devices[j].path))
				ret = lxr_error_set(
				    c->err, ENOTSUP,
				    "mounts[%zu].options: \"%s\" would also apply "
				    "to the device node %s bound below it in the user "
				    "namespace: not supported",
				    i, opt, devs.devices[j].path);
	}
	free(devs.devices);
	return ret;
}

static int render_mounts(render_ctx *c, const spec_config *spec, const lxc_config_input *in,
			 const ns_plan *p)
{
	bool cgroup_seen = false;

	if (check_recursive_attrs(c, spec) < 0)
		return -1;
	for (size_t i = 0; i < spec->n_mounts; i++) {
		const spec_mount *m = &spec->mounts[i];
		const char *target = NULL, *type, *source, *rebind = rebind_source(m, p);
		bool bind = spec_mount_is_bind(m) || rebind != NULL;
		int idmapped;
		strbuf opts = {0};
		char field[64];

		snprintf(field, sizeof(field), "mounts[%zu]", i);
		if (check_value(m->destination, field, c->err) < 0 ||
		    (m->source && check_value(m->source, field, c->err) < 0) ||
		    (m->type && check_value(m->type, field, c->err) < 0))
			return -1;
		if (mount_target(m->destination, i, &target, c->err) < 0 ||
		    mount_check_proc(m, i, c->err) < 0)
			return -1;
		if (m->type && strcmp(m->type, "cgroup") == 0 && !bind) {
			if (render_cgroup_mount(c, m, i, in, p, &cgroup_seen) < 0)
				return -1;
			continue;
		}
		if (m->type == NULL && !bind)
			return lxr_error_set(
			    c->err, EINVAL,
			    "mounts[%zu].type: required unless the mount is a bind mount", i);
		idmapped = idmap_plan(spec, i, p, c->err);
		if (idmapped < 0)
			return -1;
		if (add_mount_options(&opts, m, i, bind && rebind == NULL, c->err) < 0) {
			sb_free(&opts);
			return -1;
		}
		if (rebind != NULL) {
			/* keep only the flags: the filesystem's data options do not apply */
			sb_free(&opts);
			for (size_t k = 0; k < m->n_options; k++)
				if (IN_LIST(m->options[k], flag_options)) {
					if (opts.len)
						sb_add(&opts, ",");
					sb_add(&opts, m->options[k]);
				}
		}
		if (bind && !spec_mount_has_option(m, "bind") && !spec_mount_has_option(m, "rbind"))
			sb_add(&opts, rebind ? (opts.len ? ",rbind" : "rbind")
					     : (opts.len ? ",bind" : "bind"));
		if (idmapped)
			sb_add(&opts, ",idmap=container");
		/* liblxc creates a missing mount point; a file bind needs a file */
		sb_add(&opts, opts.len ? "," : "");
		sb_add(&opts, bind && in->mount_source_is_dir && !in->mount_source_is_dir[i] &&
				      rebind == NULL
				  ? "create=file"
				  : "create=dir");

		type = bind ? "none" : m->type;
		source = rebind ? rebind : (m->source && *m->source ? m->source : type);
		sb_add(&c->sb, "lxc.mount.entry = ");
		add_fstab_field(&c->sb, source);
		sb_add(&c->sb, " ");
		add_fstab_field(&c->sb, target);
		sb_add(&c->sb, " ");
		add_fstab_field(&c->sb, type);
		sb_add(&c->sb, " ");
		sb_add(&c->sb, opts.buf);
		sb_add(&c->sb, " 0 0\n");
		sb_free(&opts);
		if (mount_is_dev_pts(m) && !in->standalone)
			sb_add(&c->sb, "lxc.mount.entry = lxcrun-pts-guard dev/pts tmpfs "
				       "ro,nosuid,nodev,noexec,size=4k,mode=000 0 0\n");
	}
	return 0;
}

/* In a user namespace the kernel refuses mknod of a device, so (as runc does)
 * each device node is a bind mount of the host's node at the same path, made
 * after the spec's mounts (so into its /dev); lxcrun-init then only makes the
 * fifos. A bound node keeps the host's owner and mode. */
static int render_device_binds(render_ctx *c, const spec_config *spec)
{
	init_params devs = {0};

	if (!spec_has_userns(spec))
		return 0;
	if (init_devices_build(spec, &devs, c->err) < 0)
		return -1;
	for (size_t i = 0; i < devs.n_devices; i++) {
		const char *target = devs.devices[i].path;

		if (devs.devices[i].type == 'p')
			continue;
		if (check_value(target, "linux.devices[].path", c->err) < 0) {
			free(devs.devices);
			return -1;
		}
		while (*target == '/')
			target++;
		sb_add(&c->sb, "lxc.mount.entry = ");
		add_fstab_field(&c->sb, devs.devices[i].path);
		sb_add(&c->sb, " ");
		add_fstab_field(&c->sb, target);
		sb_add(&c->sb, " none bind,create=file 0 0\n");
	}
	free(devs.devices);
	return 0;
}

/* ---- cgroups ---- */

/* Formats one device rule the way both devices.allow and liblxc's eBPF rules read it. */
static void device_rule(char *buf, size_t n, char type, bool has_major, int64_t major,
			bool has_minor, int64_t minor, const char *access)
{
	char ma[24] = "*", mi[24] = "*";

	if (has_major && major >= 0)
		snprintf(ma, sizeof(ma), "%lld", (long long)major);
	if (has_minor && minor >= 0)
		snprintf(mi, sizeof(mi), "%lld", (long long)minor);
	if (type == 'a')
		snprintf(buf, n, "a");
	else
		snprintf(buf, n, "%c %s:%s %s", type, ma, mi, access);
}

/* Devices every container may use, as runc allows them (after the spec's own
 * rules, so a spec cannot lock its container out of /dev/null). */
static const struct {
	char type;
	int major, minor; /* -1: any */
	const char *access;
} default_device_rules[] = {
    {'c', -1, -1, "m"}, {'b', -1, -1, "m"},    {'c', 1, 3, "rwm"}, {'c', 1, 5, "rwm"},
    {'c', 1, 7, "rwm"}, {'c', 1, 8, "rwm"},    {'c', 1, 9, "rwm"}, {'c', 5, 0, "rwm"},
    {'c', 5, 2, "rwm"}, {'c', 136, -1, "rwm"},
};

static int render_devices(render_ctx *c, const spec_config *spec, const char *prefix)
{
	const spec_resources *r = &spec->linux_.resources;
	char key[64], rule[96];

	for (size_t i = 0; spec->linux_.has_resources && i < r->n_devices; i++) {
		const spec_device_rule *d = &r->devices[i];
		const char *access = d->access ? d->access : "rwm";

		if (d->type == 'a' && (d->has_major || d->has_minor))
			return lxr_error_set(c->err, EINVAL,
					     "linux.resources.devices[%zu]: type \"a\" takes no "
					     "major/minor",
					     i);
		/* "a" in devices.allow/deny means every device with every access */
		if (d->type == 'a' && strcmp(access, "rwm") != 0)
			return lxr_error_set(
			    c->err, ENOTSUP,
			    "linux.resources.devices[%zu]: type \"a\" with access \"%s\" "
			    "is not supported yet",
			    i, access);
		device_rule(rule, sizeof(rule), d->type, d->has_major, d->major, d->has_minor,
			    d->minor, access);
		snprintf(key, sizeof(key), "%s.devices.%s", prefix, d->allow ? "allow" : "deny");
		putf(c, key, "%s", rule);
	}
	snprintf(key, sizeof(key), "%s.devices.allow", prefix);
	for (size_t i = 0; i < spec->linux_.n_devices; i++) {
		const spec_device *d = &spec->linux_.devices[i];

		if (d->type == 'p')
			continue; /* fifos are not subject to the device cgroup */
		device_rule(rule, sizeof(rule), d->type == 'u' ? 'c' : d->type, true, d->major,
			    true, d->minor, "rwm");
		putf(c, key, "%s", rule);
	}
	for (size_t i = 0; i < sizeof(default_device_rules) / sizeof(default_device_rules[0]);
	     i++) {
		device_rule(rule, sizeof(rule), default_device_rules[i].type, true,
			    default_device_rules[i].major, true, default_device_rules[i].minor,
			    default_device_rules[i].access);
		putf(c, key, "%s", rule);
	}
	return 0;
}

/* linux.resources as lxc.cgroup.* (v1) and, on pure v2 hosts, lxc.cgroup2.*
 * keys. liblxc ignores cgroup2 keys on hybrid hosts: `create` writes those
 * (the same plan) itself. */
static int render_resources(render_ctx *c, const spec_resources *r, const lxc_config_input *in)
{
	cg_plan plan;
	int ret = 0;

	if (cg_plan_resources(r, in->layout, &in->cgroups, &plan, c->err) < 0)
		return -1;
	for (size_t i = 0; i < plan.n && ret == 0; i++) {
		const cg_setting *st = &plan.v[i];
		char key[320];

		if (st->v2 && in->layout != CGROUP_LAYOUT_UNIFIED)
			continue;
		snprintf(key, sizeof(key), "%s.%s", st->v2 ? "lxc.cgroup2" : "lxc.cgroup",
			 st->file);
		ret = put(c, st->field, key, st->value);
	}
	cg_plan_free(&plan);
	return ret;
}

static int render_cgroups(render_ctx *c, const spec_config *spec, const lxc_config_input *in)
{
	bool v2 = in->layout == CGROUP_LAYOUT_UNIFIED;

	if (in->cgroup_path &&
	    (put(c, "linux.cgroupsPath", "lxc.cgroup.dir.container", in->cgroup_path) < 0 ||
	     put(c, "linux.cgroupsPath", "lxc.cgroup.dir.monitor", in->monitor_cgroup_path) < 0))
		return -1;
	/* without it liblxc leaves an "lxc.pivot" cgroup in the caller's own cgroup */
	if (in->pivot_cgroup_path &&
	    put(c, "linux.cgroupsPath", "lxc.cgroup.dir.monitor.pivot", in->pivot_cgroup_path) < 0)
		return -1;
	if (in->cgroup_relative)
		putf(c, "lxc.cgroup.relative", "1");
	if (render_devices(c, spec, v2 ? "lxc.cgroup2" : "lxc.cgroup") < 0)
		return -1;
	if (!spec->linux_.has_resources)
		return 0;
	return render_resources(c, &spec->linux_.resources, in);
}

/* ---- sysctl ---- */

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Only sysctls of namespaces the container owns may be set: anything else
 * would change the host. Same rule as runc's. */
static int check_sysctl(const char *key, const spec_config *spec, const ns_plan *p, lxr_error **err)
{
	bool ipc = strcmp(key, "kernel.msgmax") == 0 || strcmp(key, "kernel.msgmnb") == 0 ||
		   strcmp(key, "kernel.msgmni") == 0 || strcmp(key, "kernel.sem") == 0 ||
		   strcmp(key, "kernel.shmall") == 0 || strcmp(key, "kernel.shmmax") == 0 ||
		   strcmp(key, "kernel.shmmni") == 0 ||
		   strcmp(key, "kernel.shm_rmid_forced") == 0 || has_prefix(key, "fs.mqueue.");

	if (*key == '\0' ||
	    strspn(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789._-/") != strlen(key) ||
	    strstr(key, "..") != NULL || key[0] == '.' || key[0] == '/')
		return lxr_error_set(err, EINVAL, "linux.sysctl: \"%s\" is not a sysctl name", key);
	if (ipc) {
		if (!p->fresh[SPEC_NS_IPC])
			return lxr_error_set(err, EINVAL,
					     "linux.sysctl.%s: requires a new ipc namespace", key);
		return 0;
	}
	if (has_prefix(key, "net.") || has_prefix(key, "net/")) {
		if (!p->fresh[SPEC_NS_NETWORK])
			return lxr_error_set(
			    err, EINVAL, "linux.sysctl.%s: requires a new network namespace", key);
		return 0;
	}
	if (strcmp(key, "kernel.domainname") == 0 || strcmp(key, "kernel.hostname") == 0) {
		if (!p->fresh[SPEC_NS_UTS])
			return lxr_error_set(err, EINVAL,
					     "linux.sysctl.%s: requires a new uts namespace", key);
		if (strcmp(key, "kernel.hostname") == 0 && spec->hostname && *spec->hostname)
			return lxr_error_set(
			    err, EINVAL, "linux.sysctl.kernel.hostname: conflicts with hostname");
		return 0;
	}
	return lxr_error_set(err, EINVAL,
			     "linux.sysctl.%s: not namespaced: it would change the host", key);
}

static int render_sysctl(render_ctx *c, const spec_config *spec, const ns_plan *p)
{
	for (size_t i = 0; i < spec->linux_.n_sysctl; i++) {
		const spec_kv *kv = &spec->linux_.sysctl[i];
		char key[320], field[320];

		if (check_sysctl(kv->key, spec, p, c->err) < 0)
			return -1;
		snprintf(field, sizeof(field), "linux.sysctl.%s", kv->key);
		snprintf(key, sizeof(key), "lxc.sysctl.%s", kv->key);
		if (put(c, field, key, kv->value) < 0)
			return -1;
	}
	return 0;
}

/* ---- hooks ---- */

/* (liblxc runs a hook as `sh -c "exec <value>"`, so its words are quoted for sh) */
void lxc_config_add_sh_quoted(strbuf *sb, const char *s)
{
	sb_add(sb, "'");
	for (; *s; s++) {
		if (*s == '\'')
			sb_add(sb, "'\\''");
		else
			sb_addn(sb, s, 1);
	}
	sb_add(sb, "'");
}

/* The create-time hooks must run before pivot_root with the namespaces in place:
 * liblxc's mount hook is that moment (in the container's namespaces, after the
 * mounts). It runs lxcrun-hook, which has create run prestart and createRuntime in
 * the runtime namespace, then runs createContainer itself (doc/architecture.md). */
static int render_hooks(render_ctx *c, const spec_config *spec, const lxc_config_input *in)
{
	strbuf v = {0};

	if (!spec->has_hooks || (spec->hooks.n_prestart == 0 && spec->hooks.n_create_runtime == 0 &&
				 spec->hooks.n_create_container == 0))
		return 0;
	if (in->hook_program == NULL || in->hook_ready_fd < 0)
		return lxr_error_set(c->err, EINVAL, "hooks: no lxcrun-hook to run them");
	if (check_value(in->hook_program, "hooks", c->err) < 0)
		return -1;
	/* version 1: liblxc appends no arguments of its own */
	putf(c, "lxc.hook.version", "1");
	lxc_config_add_sh_quoted(&v, in->hook_program);
	sb_addf(&v, " create %d", in->hook_ready_fd);
	putf(c, "lxc.hook.mount", "%s", v.buf);
	sb_free(&v);
	return 0;
}

/* ---- fields handled by later issues ---- */

static int reject_unimplemented(const spec_config *spec, lxr_error **err)
{
	if (spec->has_linux && spec->linux_.mount_label && *spec->linux_.mount_label)
		return lxr_error_set(err, ENOTSUP,
				     "linux.mountLabel: SELinux is not enabled on this host");
	return 0;
}

bool lxc_config_has_dev_pts(const spec_config *spec)
{
	for (size_t i = 0; i < spec->n_mounts; i++)
		if (mount_is_dev_pts(&spec->mounts[i]))
			return true;
	return false;
}

char *lxc_config_render(const spec_config *spec, const lxc_config_input *in, lxr_error **err)
{
	render_ctx c = {.err = err};
	ns_plan p = plan_namespaces(spec);

	if (reject_unimplemented(spec, err) < 0)
		return NULL;
	sb_add(&c.sb,
	       in->standalone
		   ? "# written by `lxcrun lxc-export` from an OCI bundle's config.json\n"
		   : "# generated by lxcrun from the bundle's config.json; edits are lost\n");
	if (check_value(in->rootfs, "root.path", err) < 0)
		goto fail;
	putf(&c, "lxc.rootfs.path", "dir:%s", in->rootfs);
	/* the rootfs is the bundle's: lxc-destroy must never remove it */
	putf(&c, "lxc.rootfs.managed", "0");
	/* lxc-ls lists lxcrun's containers as STOPPED (doc/lxc.md), so lxc-destroy
	 * would remove a running one's state dir: a failing destroy hook stops it */
	if (!in->standalone)
		putf(&c, "lxc.hook.destroy",
		     "/bin/sh -c 'echo \"lxcrun owns this container: use lxcrun delete\" >&2; "
		     "exit 1'");
	if (spec->hostname && check_value(spec->hostname, "hostname", err) < 0)
		goto fail;
	if (render_namespaces(&c, spec, in, &p) < 0 || render_mounts(&c, spec, in, &p) < 0 ||
	    render_device_binds(&c, spec) < 0)
		goto fail;
	/* /dev is the spec's business (its mounts, then lxcrun-init's device nodes);
	 * liblxc must not add a tty, pty or console of its own. Without lxcrun-init
	 * liblxc makes the standard nodes, and the console if the process wants a
	 * terminal (lxc-console reaches it). */
	putf(&c, "lxc.autodev", "%d", in->standalone ? 1 : 0);
	putf(&c, "lxc.tty.max", "0");
	/* standalone: liblxc replaces the spec's devpts with its own (same options),
	 * from which it allocates the console and lxc-attach's ptys */
	putf(&c, "lxc.pty.max", "%d", in->standalone && lxc_config_has_dev_pts(spec) ? 1024 : 0);
	if (!in->standalone || !spec->process.terminal)
		putf(&c, "lxc.console.path", "none");
	if (render_cgroups(&c, spec, in) < 0 || render_sysctl(&c, spec, &p) < 0)
		goto fail;
	/* lxcrun-start's death must not kill the container: it exits once the init waits */
	if (!in->standalone)
		putf(&c, "lxc.monitor.signal.pdeath", "0");
	if (check_value(in->state_dir, "--root", err) < 0)
		goto fail;
	putf(&c, "lxc.log.file", "%s/lxc.log", in->state_dir);
	putf(&c, "lxc.log.level", "%s", in->debug ? "DEBUG" : "ERROR");
	if (render_hooks(&c, spec, in) < 0)
		goto fail;
	return sb_take(&c.sb);
fail:
	sb_free(&c.sb);
	return NULL;
}
