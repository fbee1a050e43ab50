/* The features document (src/features_doc.c): valid JSON with the spec's keys, and
 * every list consistent with the lookups create uses, so it cannot claim what
 * create refuses nor leave out what it accepts. */
#include "config.h"
#include "features_doc.h"
#include "init_build.h"
#include "lxc_config.h"
#include "seccomp_build.h"
#include "tap.h"

#include <stdlib.h>
#include <yajl/yajl_tree.h>

static yajl_val get(yajl_val root, const char *a, const char *b, const char *c)
{
	const char *path[] = {a, b, c, NULL};

	return yajl_tree_get(root, path, yajl_t_any);
}

static size_t len(yajl_val arr)
{
	return YAJL_IS_ARRAY(arr) ? arr->u.array.len : 0;
}

/* Element i of arr as a string; "" when it is not one (which then fails the checks). */
static const char *str_at(yajl_val arr, size_t i)
{
	const char *s = YAJL_GET_STRING(arr->u.array.values[i]);

	return s ? s : "";
}

static bool has(yajl_val arr, const char *s)
{
	for (size_t i = 0; i < len(arr); i++)
		if (strcmp(str_at(arr, i), s) == 0)
			return true;
	return false;
}

static yajl_val parse(unsigned int flags, char **text)
{
	features_input in = {.seccomp_flags_supported = flags, .libseccomp_version = "9.8.7"};
	char errbuf[256] = "";
	yajl_val root;

	*text = features_json(&in);
	root = yajl_tree_parse(*text, errbuf, sizeof(errbuf));
	ok(root != NULL && YAJL_IS_OBJECT(root), "valid JSON object %s", errbuf);
	return root;
}

static void test_keys(yajl_val r)
{
	static const char *const ns[] = {"pid", "network", "mount",  "ipc",
					 "uts", "user",	   "cgroup", "time"};
	static const char *const hooks[] = {"prestart",	      "createRuntime", "createContainer",
					    "startContainer", "poststart",     "poststop"};

	is_str(YAJL_GET_STRING(get(r, "ociVersionMin", NULL, NULL)), "1.0.0", "ociVersionMin");
	is_str(YAJL_GET_STRING(get(r, "ociVersionMax", NULL, NULL)), LXCRUN_OCI_VERSION,
	       "ociVersionMax is the version lxcrun writes");
	ok(len(get(r, "hooks", NULL, NULL)) == 6, "six hooks");
	for (size_t i = 0; i < 6; i++)
		ok(has(get(r, "hooks", NULL, NULL), hooks[i]), "hook %s", hooks[i]);
	ok(len(get(r, "linux", "namespaces", NULL)) == 8, "eight namespaces");
	for (size_t i = 0; i < 8; i++)
		ok(has(get(r, "linux", "namespaces", NULL), ns[i]), "namespace %s", ns[i]);
	ok(YAJL_IS_TRUE(get(r, "linux", "seccomp", "enabled")), "seccomp enabled");
	ok(YAJL_IS_TRUE(get(r, "linux", "apparmor", "enabled")), "apparmor compiled in");
	ok(YAJL_IS_TRUE(get(r, "linux", "selinux", "enabled")), "selinux compiled in");
	ok(YAJL_IS_FALSE(get(r, "linux", "intelRdt", "enabled")), "no intelRdt");
	ok(YAJL_IS_TRUE(get(r, "linux", "cgroup", "v1")) &&
	       YAJL_IS_TRUE(get(r, "linux", "cgroup", "v2")) &&
	       YAJL_IS_TRUE(get(r, "linux", "cgroup", "rdma")),
	   "cgroup v1, v2, rdma");
	ok(YAJL_IS_FALSE(get(r, "linux", "cgroup", "systemdUser")), "no systemd user manager");
	{
		const char *p[] = {"linux", "mountExtensions", "idmap", "enabled", NULL};

		ok(YAJL_IS_TRUE(yajl_tree_get(r, p, yajl_t_any)), "idmap mounts");
	}
	is_str(YAJL_GET_STRING(get(r, "annotations", "io.github.seccomp.libseccomp.version", NULL)),
	       "9.8.7", "libseccomp version annotation");
	is_str(YAJL_GET_STRING(get(r, "annotations", "io.github.lxcrun.version", NULL)),
	       PACKAGE_VERSION, "version annotation");
	ok(YAJL_GET_STRING(get(r, "annotations", "io.github.lxcrun.commit", NULL)) != NULL &&
	       YAJL_GET_STRING(get(r, "annotations", "io.github.lxcrun.liblxc.version", NULL)) !=
		   NULL,
	   "commit and liblxc annotations");
}

static void test_mount_options(yajl_val r)
{
	yajl_val opts = get(r, "mountOptions", NULL, NULL);
	size_t n = 0;

	while (lxc_config_mount_option(n) != NULL)
		n++;
	ok(len(opts) == n && n > 0, "mountOptions: all %zu create knows", n);
	for (size_t i = 1; i < len(opts); i++)
		ok(strcmp(str_at(opts, i - 1), str_at(opts, i)) < 0, "sorted, no duplicate: %s",
		   str_at(opts, i));
	for (const char *const *o =
		 (const char *const[]){"ro", "rbind", "rro", "rnosymfollow", "idmap", "ridmap",
				       "tmpcopyup", "rprivate", NULL};
	     *o; o++)
		ok(has(opts, *o), "mountOptions has %s", *o);
	ok(!has(opts, "remount"), "remount (refused) is not listed");
	ok(!has(opts, "create=dir"), "liblxc's own create=dir is not listed");
}

static void test_capabilities(yajl_val r)
{
	yajl_val caps = get(r, "linux", "capabilities", NULL);
	uint64_t bit;
	bool all = true;

	ok(has(caps, "CAP_CHOWN") && has(caps, "CAP_SYS_ADMIN") &&
	       has(caps, "CAP_CHECKPOINT_RESTORE"),
	   "capabilities from libcap (%zu)", len(caps));
	for (size_t i = 0; i < len(caps); i++) {
		lxr_error *err = NULL;

		if (init_cap_from_name(str_at(caps, i), "x", &bit, &err) < 0) {
			all = false;
			printf("# refused: %s\n", str_at(caps, i));
			lxr_error_free(&err);
		}
	}
	ok(all, "every capability listed is one process.capabilities accepts");
}

static void test_seccomp(yajl_val r)
{
	yajl_val actions = get(r, "linux", "seccomp", "actions");
	yajl_val ops = get(r, "linux", "seccomp", "operators");
	yajl_val archs = get(r, "linux", "seccomp", "archs");
	yajl_val known = get(r, "linux", "seccomp", "knownFlags");
	yajl_val supported = get(r, "linux", "seccomp", "supportedFlags");
	bool all = true;

	ok(len(actions) == 9, "nine actions");
	for (size_t i = 0; i < len(actions); i++)
		all = all && seccomp_action_from_name(str_at(actions, i), false, 0) >= 0;
	ok(all, "every action listed is one a filter accepts");
	ok(has(actions, "SCMP_ACT_NOTIFY"), "SCMP_ACT_NOTIFY (with a listenerPath) is listed");
	ok(len(ops) == 7 && has(ops, "SCMP_CMP_MASKED_EQ"), "seven operators");
	ok(has(archs, "SCMP_ARCH_X86_64") && has(archs, "SCMP_ARCH_AARCH64"), "archs");
	all = true;
	for (size_t i = 0; i < len(archs); i++)
		all = all && seccomp_arch_usable(str_at(archs, i));
	ok(all, "every arch listed is one a filter takes");
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	ok(!has(archs, "SCMP_ARCH_S390X") && has(archs, "SCMP_ARCH_PPC64LE"),
	   "little-endian build: s390x (libseccomp refuses it) is not listed, ppc64le is");
#endif
	ok(len(known) == 4 && has(known, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
	   "knownFlags: all four");
	ok(len(supported) == 0, "supportedFlags: none when the kernel takes none");
}

int main(void)
{
	char *text, *text_all;
	yajl_val r = parse(0, &text), all;

	if (r == NULL)
		return tap_done();
	test_keys(r);
	test_mount_options(r);
	test_capabilities(r);
	test_seccomp(r);

	all = parse(~0U, &text_all);
	{
		yajl_val s = get(all, "linux", "seccomp", "supportedFlags");

		ok(len(s) == 4 && has(s, "SECCOMP_FILTER_FLAG_TSYNC") &&
		       has(s, "SECCOMP_FILTER_FLAG_LOG") &&
		       has(s, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") &&
		       has(s, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
		   "supportedFlags: all four when the kernel takes them");
	}
	yajl_tree_free(all);
	yajl_tree_free(r);
	free(text);
	free(text_all);
	return tap_done();
}
