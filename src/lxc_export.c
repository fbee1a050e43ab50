/* Pure translation of an OCI spec into a standalone lxc container config.
 *
 * lxc_config_render() (standalone) gives the rootfs, namespaces, mounts,
 * cgroups and sysctls. What lxcrun-init would do becomes lxc keys here:
 * process → lxc.init.*, lxc.environment, lxc.cap.keep, lxc.prlimit.*,
 * lxc.no_new_privs, lxc.proc.oom_score_adj; hostname → lxc.uts.name;
 * maskedPaths and readonlyPaths → optional mount entries; root.readonly →
 * lxc.rootfs.options. Whatever has no lxc equivalent is an error naming the
 * field: the exported container must behave as the bundle says, or not exist. */
#include "config.h"
#include "init_build.h"
#include "lxc_export.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

/* Hook lists by name: plain lxc's hooks take other arguments and no state JSON. */
static int check_hooks(const spec_config *spec, lxr_error **err)
{
	const spec_hooks *h = &spec->hooks;
	const struct {
		const char *name;
		size_t n;
	} lists[] = {
	    {"prestart", h->n_prestart},
	    {"createRuntime", h->n_create_runtime},
	    {"createContainer", h->n_create_container},
	    {"startContainer", h->n_start_container},
	    {"poststart", h->n_poststart},
	    {"poststop", h->n_poststop},
	};

	for (size_t i = 0; spec->has_hooks && i < sizeof(lists) / sizeof(lists[0]); i++)
		if (lists[i].n > 0)
			return lxr_error_set(err, ENOTSUP,
					     "hooks.%s: plain lxc cannot run OCI hooks (its "
					     "hooks get other arguments and no state)",
					     lists[i].name);
	return 0;
}

static bool is_propagation(const char *o)
{
	static const char *const words[] = {"private", "rprivate", "shared",	 "rshared",
					    "slave",   "rslave",   "unbindable", "runbindable"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(o, words[i]) == 0)
			return true;
	return false;
}

/* liblxc makes the new root a shared tree after every mount, and applies a bind
 * mount's flags only together with ro: lxcrun-init repairs both, plain lxc cannot. */
static int check_mounts(const spec_config *spec, lxr_error **err)
{
	for (size_t i = 0; i < spec->n_mounts; i++) {
		const spec_mount *m = &spec->mounts[i];
		bool bind = spec_mount_is_bind(m), ro = spec_mount_has_option(m, "ro");

		for (size_t k = 0; k < m->n_options; k++) {
			const char *o = m->options[k];

			if (is_propagation(o))
				return lxr_error_set(err, ENOTSUP,
						     "mounts[%zu].options: \"%s\": plain lxc makes "
						     "every mount shared",
						     i, o);
			if (bind && !ro &&
			    (strcmp(o, "nosuid") == 0 || strcmp(o, "nodev") == 0 ||
			     strcmp(o, "noexec") == 0))
				return lxr_error_set(
				    err, ENOTSUP,
				    "mounts[%zu].options: \"%s\": plain lxc applies "
				    "a bind mount's flags only with \"ro\"",
				    i, o);
		}
	}
	return 0;
}

/* Fields with no lxc key at all. */
static int check_unsupported(const spec_config *spec, lxr_error **err)
{
	const spec_process *p = &spec->process;
	const spec_linux *l = &spec->linux_;

	if (!spec->has_process || p->n_args == 0)
		return lxr_error_set(err, EINVAL, "process.args: required");
	if (check_hooks(spec, err) < 0 || check_mounts(spec, err) < 0)
		return -1;
	if (p->user.has_umask)
		return lxr_error_set(err, ENOTSUP,
				     "process.user.umask: lxc has no setting for the init's umask");
	if (p->terminal && !lxc_config_has_dev_pts(spec))
		return lxr_error_set(err, ENOTSUP,
				     "process.terminal: lxc's console needs a devpts mount at "
				     "/dev/pts");
	if (p->has_console_size)
		return lxr_error_set(
		    err, ENOTSUP,
		    "process.consoleSize: lxc sizes its console from lxc-console's "
		    "terminal");
	if (p->has_io_priority)
		return lxr_error_set(err, ENOTSUP, "process.ioPriority: lxc has no setting for it");
	if (p->has_scheduler)
		return lxr_error_set(err, ENOTSUP, "process.scheduler: lxc has no setting for it");
	if (p->has_exec_cpu_affinity)
		return lxr_error_set(err, ENOTSUP,
				     "process.execCPUAffinity: lxc has no setting for it");
	if (!spec->has_linux)
		return 0;
	if (l->has_seccomp)
		return lxr_error_set(err, ENOTSUP,
				     "linux.seccomp: not translated into lxc's own seccomp policy "
				     "format");
	if (l->n_devices > 0)
		return lxr_error_set(
		    err, ENOTSUP, "linux.devices: plain lxc creates only its standard /dev nodes");
	if (l->has_personality)
		return lxr_error_set(err, ENOTSUP,
				     "linux.personality: not translated (lxc.arch covers only part "
				     "of it)");
	if (l->rootfs_propagation && *l->rootfs_propagation)
		return lxr_error_set(
		    err, ENOTSUP,
		    "linux.rootfsPropagation: plain lxc makes the container's root "
		    "a shared tree");
	return 0;
}

/* "CAP_NET_BIND_SERVICE" as lxc writes it: "net_bind_service". */
static void add_cap_name(strbuf *sb, const char *name)
{
	if (strncmp(name, "CAP_", 4) == 0)
		name += 4;
	for (; *name; name++) {
		char ch = (char)tolower((unsigned char)*name);

		sb_addn(sb, &ch, 1);
	}
}

/* As root, a process lxc starts has every capability of its bounding set (and
 * none inheritable or ambient); as another user it has none. */
static int render_caps(strbuf *sb, const spec_process *p, lxr_error **err)
{
	uint64_t caps[INIT_CAP_SETS] = {
	    0}; /* bounding, effective, inheritable, permitted, ambient */
	strbuf keep = {0};

	if (p->has_capabilities && init_caps_build(&p->capabilities, caps, err) < 0)
		return -1;
	if (caps[2] != 0)
		return lxr_error_set(
		    err, ENOTSUP, "process.capabilities.inheritable: lxc keeps none inheritable");
	if (caps[4] != 0)
		return lxr_error_set(
		    err, ENOTSUP, "process.capabilities.ambient: lxc raises no ambient capability");
	if (p->user.uid == 0 && (caps[1] != caps[0] || caps[3] != caps[0]))
		return lxr_error_set(err, ENOTSUP,
				     "process.capabilities.%s: with plain lxc a root process has "
				     "exactly its bounding set",
				     caps[1] != caps[0] ? "effective" : "permitted");
	if (p->user.uid != 0 && (caps[1] != 0 || caps[3] != 0))
		return lxr_error_set(err, ENOTSUP,
				     "process.capabilities.%s: plain lxc gives a non-root process "
				     "no capabilities",
				     caps[1] != 0 ? "effective" : "permitted");
	for (size_t i = 0; p->has_capabilities && i < p->capabilities.n_bounding; i++) {
		if (keep.len)
			sb_add(&keep, " ");
		add_cap_name(&keep, p->capabilities.bounding[i]);
	}
	sb_addf(sb, "lxc.cap.keep = %s\n", keep.len ? keep.buf : "none");
	sb_free(&keep);
	return 0;
}

static void add_rlimit_value(strbuf *sb, uint64_t v)
{
	if (v == UINT64_MAX)
		sb_add(sb, "unlimited");
	else
		sb_addf(sb, "%llu", (unsigned long long)v);
}

static int render_rlimits(strbuf *sb, const spec_process *p, lxr_error **err)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		const spec_rlimit *r = &p->rlimits[i];

		if (rlimit_from_name(r->type) < 0)
			return lxr_error_set(
			    err, EINVAL, "process.rlimits[%zu].type: unknown \"%s\"", i, r->type);
		sb_add(sb, "lxc.prlimit.");
		add_cap_name(sb, r->type + strlen("RLIMIT_"));
		sb_add(sb, " = ");
		add_rlimit_value(sb, r->soft);
		sb_add(sb, ":");
		add_rlimit_value(sb, r->hard);
		sb_add(sb, "\n");
	}
	return 0;
}

static int check_line(const char *v, const char *field, size_t i, lxr_error **err)
{
	if (strpbrk(v, "\n\r") != NULL)
		return lxr_error_set(err, EINVAL, "%s[%zu]: must not contain a newline", field, i);
	return 0;
}

/* lxc.init.cmd is split at blanks with no quoting, so each argument must be one word. */
static int render_command(strbuf *sb, const spec_process *p, lxr_error **err)
{
	sb_add(sb, "lxc.init.cmd =");
	for (size_t i = 0; i < p->n_args; i++) {
		const char *a = p->args[i];

		if (*a == '\0' || strpbrk(a, " \t\n\r") != NULL)
			return lxr_error_set(err, ENOTSUP,
					     "process.args[%zu]: lxc.init.cmd cannot express an "
					     "empty argument or one with blanks",
					     i);
		sb_addf(sb, " %s", a);
	}
	sb_add(sb, "\n");
	if (p->cwd == NULL || check_line(p->cwd, "process.cwd", 0, err) < 0)
		return p->cwd ? -1 : lxr_error_set(err, EINVAL, "process.cwd: required");
	sb_addf(sb, "lxc.init.cwd = %s\n", p->cwd);
	sb_addf(sb, "lxc.init.uid = %u\nlxc.init.gid = %u\n", p->user.uid, p->user.gid);
	if (p->user.n_additional_gids > 0) {
		sb_add(sb, "lxc.init.groups = ");
		for (size_t i = 0; i < p->user.n_additional_gids; i++)
			sb_addf(sb, "%s%u", i ? "," : "", p->user.additional_gids[i]);
		sb_add(sb, "\n");
	}
	for (size_t i = 0; i < p->n_env; i++) {
		if (check_line(p->env[i], "process.env", i, err) < 0)
			return -1;
		sb_addf(sb, "lxc.environment = %s\n", p->env[i]);
	}
	return 0;
}

static int render_process(strbuf *sb, const spec_process *p, lxr_error **err)
{
	if (render_command(sb, p, err) < 0 || render_caps(sb, p, err) < 0 ||
	    render_rlimits(sb, p, err) < 0)
		return -1;
	if (p->has_no_new_privileges && p->no_new_privileges)
		sb_add(sb, "lxc.no_new_privs = 1\n");
	if (p->has_oom_score_adj)
		sb_addf(sb, "lxc.proc.oom_score_adj = %d\n", p->oom_score_adj);
	if (p->apparmor_profile) {
		if (check_line(p->apparmor_profile, "process.apparmorProfile", 0, err) < 0)
			return -1;
		sb_addf(sb, "lxc.apparmor.profile = %s\n", p->apparmor_profile);
	}
	if (p->selinux_label) {
		if (check_line(p->selinux_label, "process.selinuxLabel", 0, err) < 0)
			return -1;
		sb_addf(sb, "lxc.selinux.context = %s\n", p->selinux_label);
	}
	return 0;
}

/* A path of the container as a mount target: relative, single words for fstab.
 * NULL (with *err naming field[i]) when it is not one. */
static const char *path_target(const char *path, const char *field, size_t i, lxr_error **err)
{
	while (*path == '/')
		path++;
	if (*path == '\0' || path_has_dotdot(path) || strpbrk(path, " \t\n\r\\") != NULL) {
		lxr_error_set(err, EINVAL, "%s[%zu]: `%s` is not a plain absolute path", field, i,
			      path);
		return NULL;
	}
	return path;
}

/* s in fstab form (octal escapes for blanks and backslashes, which getmntent decodes). */
static void add_fstab_path(strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\\')
			sb_addf(sb, "\\%03o", (unsigned char)*s);
		else
			sb_addn(sb, s, 1);
	}
}

/* As runc masks: an empty read-only tmpfs on a directory, /dev/null on a file.
 * Which one it is is only known inside the container, so both are listed as
 * optional: the kernel refuses the one of the wrong kind (ENOTDIR), and a path
 * the image lacks stays absent. A read-only path is bound onto itself, read-only;
 * the source is the path under liblxc's rootfs mount point, where the container's
 * mounts (proc, sys) already are when these entries run. */
static int render_paths(strbuf *sb, const spec_linux *l, const char *rootfs_mount, lxr_error **err)
{
	for (size_t i = 0; i < l->n_masked_paths; i++) {
		const char *t = path_target(l->masked_paths[i], "linux.maskedPaths", i, err);

		if (t == NULL)
			return -1;
		sb_addf(sb,
			"lxc.mount.entry = tmpfs %s tmpfs ro,nosuid,nodev,noexec,optional 0 0\n",
			t);
		sb_addf(sb, "lxc.mount.entry = /dev/null %s none bind,ro,optional 0 0\n", t);
	}
	for (size_t i = 0; i < l->n_readonly_paths; i++) {
		const char *t = path_target(l->readonly_paths[i], "linux.readonlyPaths", i, err);

		if (t == NULL)
			return -1;
		/* the source is looked up on the host: in the image a symlink could point
		 * it anywhere, while proc and sys are the kernel's */
		if (strncmp(t, "proc/", 5) != 0 && strncmp(t, "sys/", 4) != 0)
			return lxr_error_set(err, ENOTSUP,
					     "linux.readonlyPaths[%zu]: `/%s`: plain lxc can make "
					     "only paths below /proc and /sys read-only",
					     i, t);
		sb_add(sb, "lxc.mount.entry = ");
		add_fstab_path(sb, rootfs_mount);
		sb_addf(sb, "/%s %s none bind,ro,optional 0 0\n", t, t);
	}
	return 0;
}

/* lxc.rootfs.managed = 0 keeps lxc-destroy off the bundle's rootfs, but also
 * makes it skip removing the container's directory: this hook removes exactly
 * what the export made, and fails (so does lxc-destroy) if anything else is there.
 * Hook version 1: liblxc appends no arguments to the command. */
static void render_destroy_hook(strbuf *sb, const char *dir)
{
	sb_add(sb, "lxc.hook.version = 1\n");
	sb_add(sb, "lxc.hook.destroy = /bin/sh -c 'cd \"$0\" && rm -f config lxc.log && "
		   "rmdir rootfs.mnt && cd / && rmdir \"$0\"' ");
	lxc_config_add_sh_quoted(sb, dir);
	sb_add(sb, "\n");
}

char *lxc_export_render(const spec_config *spec, const lxc_config_input *in,
			const char *rootfs_mount, lxr_error **err)
{
	strbuf sb = {0};
	char *base;

	if (!in->standalone)
		return lxr_error_set(err, EINVAL, "lxc export: standalone input required"), NULL;
	if (check_unsupported(spec, err) < 0)
		return NULL;
	base = lxc_config_render(spec, in, err);
	if (base == NULL)
		return NULL;
	sb_add(&sb, base);
	free(base);
	if (spec->root_readonly)
		sb_add(&sb, "lxc.rootfs.options = ro\n");
	/* liblxc mounts the rootfs here; the read-only paths' sources are below it */
	if (check_line(rootfs_mount, "lxc.rootfs.mount", 0, err) < 0)
		goto fail;
	sb_addf(&sb, "lxc.rootfs.mount = %s\n", rootfs_mount);
	render_destroy_hook(&sb, in->state_dir);
	if (spec->hostname && *spec->hostname)
		sb_addf(&sb, "lxc.uts.name = %s\n", spec->hostname);
	if (spec->domainname && *spec->domainname) {
		if (check_line(spec->domainname, "domainname", 0, err) < 0)
			goto fail;
		sb_addf(&sb, "lxc.sysctl.kernel.domainname = %s\n", spec->domainname);
	}
	if (render_process(&sb, &spec->process, err) < 0 ||
	    (spec->has_linux && render_paths(&sb, &spec->linux_, rootfs_mount, err) < 0))
		goto fail;
	return sb_take(&sb);
fail:
	sb_free(&sb);
	return NULL;
}
