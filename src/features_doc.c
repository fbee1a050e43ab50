/* The features document. Every list comes from the code that accepts or
 * refuses the thing at create: the namespace and hook names, the mount option
 * tables of lxc_config.c and init_build.c, libcap's capability names as
 * init_cap_from_name reads them, and seccomp_build.c's action, operator, flag
 * and architecture lookups. Booleans describe what is compiled in, as the spec
 * asks, not what this host offers (create says when the host lacks it). */
#include "config.h"
#include "features_doc.h"
#include "hook_set.h"
#include "init_build.h"
#include "lxc_config.h"
#include "seccomp_build.h"
#include "spec.h"
#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

/* The runtime-spec's architecture names (config-linux.md, plus loongarch64 of
 * later versions); the document lists those linux.seccomp.architectures accepts
 * here: libseccomp knows them and they have the native byte order. */
static const char *const spec_archs[] = {
    "SCMP_ARCH_X86",	 "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",		"SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",	"SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",	 "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",	 "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",	"SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",	 "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",	"SCMP_ARCH_LOONGARCH64",
};

#define IND1 "    "
#define IND2 IND1 IND1
#define IND3 IND2 IND1

/* A growing list of borrowed or owned names, printed as one JSON array. */
typedef struct {
	const char **v;
	size_t n;
} names;

static void names_add(names *l, const char *s)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	if (l->v == NULL)
		abort();
	l->v[l->n++] = s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `"key": [ ... ]` at indent (the elements one level deeper), without a trailing comma. */
static void add_array(strbuf *sb, const char *indent, const char *key, const names *l)
{
	sb_addf(sb, "%s\"%s\": [", indent, key);
	for (size_t i = 0; i < l->n; i++) {
		sb_addf(sb, "%s\n%s    ", i ? "," : "", indent);
		sb_add_json_str(sb, l->v[i]);
	}
	if (l->n)
		sb_addf(sb, "\n%s", indent);
	sb_add(sb, "]");
}

static void add_bool(strbuf *sb, const char *indent, const char *key, bool v, bool last)
{
	sb_addf(sb, "%s\"%s\": %s%s\n", indent, key, v ? "true" : "false", last ? "" : ",");
}

/* `"key": {"enabled": v}` at indent (member at inner). */
static void add_enabled(strbuf *sb, const char *indent, const char *inner, const char *key, bool v,
			bool last)
{
	sb_addf(sb, "%s\"%s\": {\n", indent, key);
	add_bool(sb, inner, "enabled", v, true);
	sb_addf(sb, "%s}%s\n", indent, last ? "" : ",");
}

/* "CAP_CHOWN" for libcap's "cap_chown" (malloc'd); NULL for a number libcap has
 * no name for, or a name init_cap_from_name would not take back. */
static char *cap_name(cap_value_t v)
{
	char *lower = cap_to_name(v), *upper;
	uint64_t bit;
	lxr_error *err = NULL;

	if (lower == NULL)
		return NULL;
	upper = strdup(lower);
	cap_free(lower);
	if (upper == NULL)
		abort();
	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (init_cap_from_name(upper, "capabilities", &bit, &err) < 0) {
		lxr_error_free(&err);
		free(upper);
		return NULL;
	}
	return upper;
}

static void add_seccomp(strbuf *sb, const features_input *in)
{
	names actions = {0}, ops = {0}, archs = {0}, known = {0}, supported = {0};
	const char *s;
	unsigned int flag;
	bool usable;

	for (size_t i = 0; (s = seccomp_action_name(i)) != NULL; i++)
		names_add(&actions, s);
	for (size_t i = 0; (s = seccomp_operator_name(i)) != NULL; i++)
		names_add(&ops, s);
	for (size_t i = 0; i < sizeof(spec_archs) / sizeof(spec_archs[0]); i++)
		if (seccomp_arch_usable(spec_archs[i]))
			names_add(&archs, spec_archs[i]);
	for (size_t i = 0; (s = seccomp_flag_name(i, &flag, &usable)) != NULL; i++) {
		names_add(&known, s);
		if (usable && (in->seccomp_flags_supported & flag))
			names_add(&supported, s);
	}
	qsort(actions.v, actions.n, sizeof(*actions.v), cmp_str);
	qsort(ops.v, ops.n, sizeof(*ops.v), cmp_str);

	sb_add(sb, "        \"seccomp\": {\n");
	add_bool(sb, IND3, "enabled", true, false);
	add_array(sb, IND3, "actions", &actions);
	sb_add(sb, ",\n");
	add_array(sb, IND3, "operators", &ops);
	sb_add(sb, ",\n");
	add_array(sb, IND3, "archs", &archs);
	sb_add(sb, ",\n");
	add_array(sb, IND3, "knownFlags", &known);
	sb_add(sb, ",\n");
	add_array(sb, IND3, "supportedFlags", &supported);
	sb_add(sb, "\n        },\n");
	free(actions.v);
	free(ops.v);
	free(archs.v);
	free(known.v);
	free(supported.v);
}

static void add_linux(strbuf *sb, const features_input *in)
{
	names ns = {0}, caps = {0};

	for (int i = 0; i < SPEC_NS_COUNT; i++)
		names_add(&ns, spec_ns_name((enum spec_ns_type)i));
	/* the kernel's capability sets are 64 bits wide (init_caps_build) */
	for (cap_value_t v = 0; v < 64; v++) {
		char *name = cap_name(v);

		if (name != NULL)
			names_add(&caps, name);
	}
	sb_add(sb, "    \"linux\": {\n");
	add_array(sb, IND2, "namespaces", &ns);
	sb_add(sb, ",\n");
	add_array(sb, IND2, "capabilities", &caps);
	sb_add(sb, ",\n");
	/* v1, hybrid and v2 layouts; --systemd-cgroup reads cgroupsPath as systemd
	 * names it (without asking systemd for a scope); no rootless, so no user
	 * manager; linux.resources.rdma is applied */
	sb_add(sb, "        \"cgroup\": {\n");
	add_bool(sb, IND3, "v1", true, false);
	add_bool(sb, IND3, "v2", true, false);
	add_bool(sb, IND3, "systemd", true, false);
	add_bool(sb, IND3, "systemdUser", false, false);
	add_bool(sb, IND3, "rdma", true, true);
	sb_add(sb, "        },\n");
	add_seccomp(sb, in);
	/* compiled in; create refuses a profile or label when the host lacks the module (lsm.c) */
	add_enabled(sb, IND2, IND3, "apparmor", true, false);
	add_enabled(sb, IND2, IND3, "selinux", true, false);
	/* linux.intelRdt is refused (spec_tables.c) */
	add_enabled(sb, IND2, IND3, "intelRdt", false, false);
	/* linux.memoryPolicy: the modes and flags init_mempolicy_build knows */
	{
		names modes = {0}, flags = {0};

		for (size_t i = 0; init_mempolicy_mode_name(i); i++)
			names_add(&modes, init_mempolicy_mode_name(i));
		for (size_t i = 0; init_mempolicy_flag_name(i); i++)
			names_add(&flags, init_mempolicy_flag_name(i));
		sb_add(sb, IND2 "\"memoryPolicy\": {\n");
		add_array(sb, IND3, "modes", &modes);
		sb_add(sb, ",\n");
		add_array(sb, IND3, "flags", &flags);
		sb_add(sb, "\n" IND2 "},\n");
		free(modes.v);
		free(flags.v);
	}
	/* linux.netDevices: liblxc's phys devices (lxc_config.c) */
	add_enabled(sb, IND2, IND3, "netDevices", true, false);
	/* idmap, ridmap and a mount's own uidMappings/gidMappings (lxc_config.c) */
	sb_add(sb, IND2 "\"mountExtensions\": {\n");
	add_enabled(sb, IND3, IND3 IND1, "idmap", true, true);
	sb_add(sb, "        }\n    },\n");
	free(ns.v);
	for (size_t i = 0; i < caps.n; i++)
		free((char *)caps.v[i]);
	free(caps.v);
}

static void add_annotation(strbuf *sb, const char *key, const char *value, bool last)
{
	sb_add(sb, IND2);
	sb_add_json_str(sb, key);
	sb_add(sb, ": ");
	sb_add_json_str(sb, value);
	sb_add(sb, last ? "\n" : ",\n");
}

char *features_json(const features_input *in)
{
	strbuf sb = {0};
	names hooks = {0}, opts = {0};
	const char *s;

	for (int k = 0; k < HOOK_KINDS; k++)
		names_add(&hooks, hook_kind_name((enum hook_kind)k));
	for (size_t i = 0; (s = lxc_config_mount_option(i)) != NULL; i++)
		names_add(&opts, s);
	qsort(opts.v, opts.n, sizeof(*opts.v), cmp_str);

	sb_add(&sb, "{\n    \"ociVersionMin\": \"1.0.0\",\n");
	sb_add(&sb, "    \"ociVersionMax\": \"" LXCRUN_OCI_VERSION "\",\n");
	add_array(&sb, IND1, "hooks", &hooks);
	sb_add(&sb, ",\n");
	add_array(&sb, IND1, "mountOptions", &opts);
	sb_add(&sb, ",\n");
	add_linux(&sb, in);
	sb_add(&sb, "    \"annotations\": {\n");
	add_annotation(&sb, "io.github.lxcrun.commit", LXCRUN_COMMIT, false);
	add_annotation(&sb, "io.github.lxcrun.liblxc.version", LXC_BUILD_VERSION, false);
	add_annotation(&sb, "io.github.lxcrun.version", PACKAGE_VERSION, false);
	add_annotation(&sb, "io.github.seccomp.libseccomp.version",
		       in->libseccomp_version ? in->libseccomp_version : "unknown", true);
	sb_add(&sb, "    }\n}\n");
	free(hooks.v);
	free(opts.v);
	return sb_take(&sb);
}
