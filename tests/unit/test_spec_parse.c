/* config.json parsing: the default config, every field kind, and every error class. */
#include "config.h"
#include "spec.h"
#include "tap.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Building blocks for small configs: the required members, then what a test adds. */
#define BASE		 "\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"rootfs\"}"
#define USER		 "\"user\":{\"uid\":0,\"gid\":0}"
#define PROC(extra)	 "\"process\":{" USER ",\"args\":[\"sh\"],\"cwd\":\"/\"" extra "}"
#define CFG(extra)	 "{" BASE extra "}"
#define WITH_PROC(extra) CFG("," PROC(extra))
#define P_ARGS		 "\"args\":[\"sh\"]"
#define P_CWD		 "\"cwd\":\"/\""
/* a process whose required members the test writes itself */
#define PROCESS(body)	 CFG(",\"process\":{" body "}")
#define WITH_LINUX(body) CFG(",\"linux\":{" body "}")
#define WITH_RES(body)	 WITH_LINUX("\"resources\":{" body "}")

static bool is_zeroed(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

/* Parses json and expects success; the caller frees *spec. */
static bool parses(const char *json, spec_config *spec, const char *name)
{
	lxr_error *err = NULL;
	int r = spec_parse(json, strlen(json), spec, &err);

	ok(r == 0, "%s: parses (%s)", name, err ? err->msg : "ok");
	lxr_error_free(&err);
	return r == 0;
}

/* Parses json and expects exactly the error message want, with *out left zeroed. */
static void fails_n(const char *json, size_t len, const char *want)
{
	spec_config spec;
	lxr_error *err = NULL;
	int r;

	memset(&spec, 0xa5, sizeof(spec)); /* garbage in: spec_parse must not read it */
	r = spec_parse(json, len, &spec, &err);
	if (!ok(r == -1 && err != NULL && is_zeroed(&spec, sizeof(spec)),
		"fails and leaves the config zeroed: %s", want))
		printf("#   r=%d\n", r);
	is_str(err ? err->msg : NULL, want, "message: %s", want);
	lxr_error_free(&err);
	spec_free(&spec);
}

static void fails(const char *json, const char *want)
{
	fails_n(json, strlen(json), want);
}

/* Like fails() but only checks that the message starts with want. */
static void fails_prefix(const char *json, size_t len, const char *want, const char *name)
{
	spec_config spec = {0};
	lxr_error *err = NULL;
	int r = spec_parse(json, len, &spec, &err);

	ok(r == -1 && err && strncmp(err->msg, want, strlen(want)) == 0 &&
	       strchr(err->msg, '\n') == NULL,
	   "%s: one-line error starting \"%s\" (got: %s)", name, want, err ? err->msg : "success");
	ok(is_zeroed(&spec, sizeof(spec)), "%s: config zeroed after the error", name);
	lxr_error_free(&err);
	spec_free(&spec);
}

static void test_default_spec(void)
{
	spec_config s;
	const spec_process *p = &s.process;
	const spec_linux *l = &s.linux_;

	if (!parses(spec_default_json, &s, "default spec"))
		return;
	is_str(s.oci_version, "1.2.0", "ociVersion");
	is_str(s.root_path, "rootfs", "root.path");
	ok(s.root_readonly, "root.readonly");
	ok(s.has_process && p->terminal, "process.terminal");
	ok(p->user.uid == 0 && p->user.gid == 0 && !p->user.has_umask, "process.user");
	ok(p->n_args == 1 && strcmp(p->args[0], "sh") == 0 && p->args[1] == NULL,
	   "process.args is a NULL-terminated vector");
	ok(p->n_env == 2 && strcmp(p->env[1], "TERM=xterm") == 0 && p->env[2] == NULL,
	   "process.env");
	is_str(p->cwd, "/", "process.cwd");
	ok(p->has_capabilities && p->capabilities.has_bounding && p->capabilities.n_bounding == 3 &&
	       p->capabilities.has_permitted,
	   "capabilities present");
	ok(!p->capabilities.has_inheritable && !p->capabilities.has_ambient &&
	       p->capabilities.inheritable == NULL,
	   "absent capability sets have no has_ flag");
	is_str(p->capabilities.effective[2], "CAP_NET_BIND_SERVICE", "capabilities.effective[2]");
	ok(p->n_rlimits == 1 && strcmp(p->rlimits[0].type, "RLIMIT_NOFILE") == 0 &&
	       p->rlimits[0].hard == 1024 && p->rlimits[0].soft == 1024,
	   "rlimits");
	ok(p->no_new_privileges && !p->has_oom_score_adj && p->apparmor_profile == NULL,
	   "noNewPrivileges, absent optionals");
	is_str(s.hostname, "lxcrun", "hostname");
	ok(s.domainname == NULL && !s.has_hooks && s.n_annotations == 0, "absent top-level fields");
	ok(s.n_mounts == 7, "7 mounts");
	ok(s.mounts[0].n_options == 0 && s.mounts[0].options == NULL, "mounts[0] has no options");
	ok(s.mounts[2].n_options == 6 && strcmp(s.mounts[2].options[5], "gid=5") == 0,
	   "mounts[2].options");
	is_str(s.mounts[6].destination, "/sys/fs/cgroup", "mounts[6].destination");
	ok(s.has_linux && l->has_resources && l->resources.n_devices == 1 &&
	       !l->resources.devices[0].allow && l->resources.devices[0].type == 'a' &&
	       !l->resources.devices[0].has_major,
	   "device rule: deny all, type defaults to 'a'");
	is_str(l->resources.devices[0].access, "rwm", "device rule access");
	ok(l->n_namespaces == 6 && l->namespaces[0].type == SPEC_NS_PID &&
	       l->namespaces[1].type == SPEC_NS_NETWORK &&
	       l->namespaces[5].type == SPEC_NS_CGROUP && l->namespaces[5].path == NULL,
	   "namespaces in order");
	ok(l->n_masked_paths == 10 && l->n_readonly_paths == 5 &&
	       strcmp(l->readonly_paths[4], "/proc/sysrq-trigger") == 0,
	   "maskedPaths, readonlyPaths");
	ok(!l->resources.has_memory_limit && !l->resources.has_pids_limit &&
	       l->cgroups_path == NULL,
	   "no limits");
	spec_free(&s);
	ok(is_zeroed(&s, sizeof(s)), "spec_free zeroes the struct");
	spec_free(&s);
	ok(1, "spec_free twice is harmless");
}

static const char full_spec[] =
    CFG(",\"domainname\":\"example.org\""
	",\"annotations\":{\"com.example.a\":\"1\",\"com.example.b\":\"\"}"
	",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"terminal\":false"
	",\"consoleSize\":{\"height\":24,\"width\":80}"
	",\"user\":{\"uid\":1000,\"gid\":4294967294,\"umask\":18,"
	"\"additionalGids\":[5,4294967294]}"
	",\"capabilities\":{\"ambient\":[]}"
	",\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,"
	"\"soft\":9223372036854775808}]"
	",\"apparmorProfile\":\"p\",\"selinuxLabel\":\"l\",\"oomScoreAdj\":-999}"
	",\"mounts\":[{\"destination\":\"data\",\"source\":\"/src\",\"options\":[\"rbind\"]}]"
	",\"hooks\":{\"prestart\":[{\"path\":\"/bin/a\"}],\"createRuntime\":[{\"path\":\"/bin/b\","
	"\"args\":[\"b\",\"x\"],\"env\":[\"K=V\"],\"timeout\":5}],\"createContainer\":[],"
	"\"startContainer\":[{\"path\":\"/c\"}],\"poststart\":[{\"path\":\"/d\"}],"
	"\"poststop\":[{\"path\":\"/e\"},{\"path\":\"/f\"}]}"
	",\"linux\":{\"namespaces\":[{\"type\":\"user\"},{\"type\":\"time\"},"
	"{\"type\":\"network\",\"path\":\"/run/netns/x\"}]"
	",\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}]"
	",\"gidMappings\":[{\"containerID\":0,\"hostID\":200000,\"size\":1}]"
	",\"devices\":[{\"type\":\"c\",\"path\":\"/dev/fuse\",\"major\":10,\"minor\":229,"
	"\"fileMode\":438,\"uid\":0,\"gid\":0},{\"type\":\"p\",\"path\":\"/dev/fifo\"}]"
	",\"cgroupsPath\":\"/a/b\",\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"}"
	",\"rootfsPropagation\":\"rslave\",\"mountLabel\":\"system_u:x\""
	",\"resources\":{\"devices\":[{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":-1,"
	"\"access\":\"rw\"}]"
	",\"memory\":{\"limit\":1048576,\"reservation\":-1,\"swap\":-1,\"swappiness\":0,"
	"\"disableOOMKiller\":true}"
	",\"cpu\":{\"shares\":1024,\"quota\":-1,\"period\":100000,\"cpus\":\"0-3\",\"mems\":\"0\"}"
	",\"pids\":{\"limit\":-1},\"unified\":{\"memory.high\":\"max\"}}}");

static void test_full_spec(void)
{
	spec_config s;
	const spec_process *p = &s.process;
	const spec_linux *l = &s.linux_;
	const spec_resources *r = &l->resources;

	if (!parses(full_spec, &s, "every implemented field"))
		return;
	is_str(s.domainname, "example.org", "domainname");
	ok(s.n_annotations == 2 && strcmp(s.annotations[0].key, "com.example.a") == 0 &&
	       strcmp(s.annotations[1].value, "") == 0,
	   "annotations in document order");
	ok(p->has_console_size && p->console_height == 24 && p->console_width == 80, "consoleSize");
	ok(p->user.uid == 1000 && p->user.gid == UINT32_MAX - 1, "uid, gid up to 2^32-2");
	ok(p->user.has_umask && p->user.umask == 18, "umask");
	ok(p->user.n_additional_gids == 2 && p->user.additional_gids[1] == UINT32_MAX - 1,
	   "additionalGids");
	ok(p->capabilities.has_ambient && p->capabilities.n_ambient == 0 &&
	       !p->capabilities.has_bounding,
	   "an empty capability set is present");
	ok(p->rlimits[0].hard == UINT64_MAX, "rlimit hard 18446744073709551615");
	ok(p->rlimits[0].soft == UINT64_C(9223372036854775808), "rlimit soft 2^63");
	ok(p->has_oom_score_adj && p->oom_score_adj == -999, "oomScoreAdj");
	ok(strcmp(p->apparmor_profile, "p") == 0 && strcmp(p->selinux_label, "l") == 0,
	   "apparmorProfile, selinuxLabel");
	ok(s.n_mounts == 1 && s.mounts[0].type == NULL &&
	       strcmp(s.mounts[0].destination, "data") == 0,
	   "a relative destination and no type are accepted");
	ok(s.has_hooks && s.hooks.n_prestart == 1 && s.hooks.n_create_runtime == 1 &&
	       s.hooks.n_create_container == 0 && s.hooks.n_start_container == 1 &&
	       s.hooks.n_poststart == 1 && s.hooks.n_poststop == 2,
	   "all six hook lists");
	ok(s.hooks.create_runtime[0].has_timeout && s.hooks.create_runtime[0].timeout == 5 &&
	       s.hooks.create_runtime[0].n_args == 2 && s.hooks.create_runtime[0].n_env == 1 &&
	       !s.hooks.prestart[0].has_timeout,
	   "hook args, env, timeout");
	is_str(s.hooks.poststop[1].path, "/f", "hooks.poststop[1].path");
	ok(l->n_namespaces == 3 && l->namespaces[0].type == SPEC_NS_USER &&
	       l->namespaces[1].type == SPEC_NS_TIME,
	   "user and time namespaces");
	is_str(l->namespaces[2].path, "/run/netns/x", "namespace path");
	ok(l->n_uid_mappings == 1 && l->uid_mappings[0].host_id == 100000 &&
	       l->uid_mappings[0].size == 65536 && l->n_gid_mappings == 1 &&
	       l->gid_mappings[0].host_id == 200000,
	   "id mappings");
	ok(l->n_devices == 2 && l->devices[0].type == 'c' && l->devices[0].major == 10 &&
	       l->devices[0].minor == 229 && l->devices[0].has_file_mode &&
	       l->devices[0].file_mode == 438 && l->devices[0].has_uid,
	   "linux.devices[0]");
	ok(l->devices[1].type == 'p' && !l->devices[1].has_major && !l->devices[1].has_gid,
	   "a FIFO needs no device numbers");
	ok(strcmp(l->cgroups_path, "/a/b") == 0 && l->n_sysctl == 1 &&
	       strcmp(l->sysctl[0].key, "net.ipv4.ip_forward") == 0,
	   "cgroupsPath, sysctl");
	ok(strcmp(l->rootfs_propagation, "rslave") == 0 &&
	       strcmp(l->mount_label, "system_u:x") == 0,
	   "rootfsPropagation, mountLabel");
	ok(r->n_devices == 1 && r->devices[0].allow && r->devices[0].type == 'c' &&
	       r->devices[0].has_major && r->devices[0].major == 1 && !r->devices[0].has_minor,
	   "device rule: minor -1 means any (absent)");
	ok(r->has_memory_limit && r->memory_limit == 1048576 && r->memory_reservation == -1 &&
	       r->has_memory_swap && r->memory_swap == -1,
	   "memory limit, reservation, swap -1");
	ok(r->has_memory_swappiness && r->memory_swappiness == 0 && r->has_disable_oom_killer &&
	       r->disable_oom_killer,
	   "swappiness, disableOOMKiller");
	ok(r->has_cpu_shares && r->cpu_shares == 1024 && r->cpu_quota == -1 &&
	       r->cpu_period == 100000 && strcmp(r->cpu_cpus, "0-3") == 0 &&
	       strcmp(r->cpu_mems, "0") == 0,
	   "cpu");
	ok(r->has_pids_limit && r->pids_limit == -1, "pids.limit");
	ok(r->n_unified == 1 && strcmp(r->unified[0].value, "max") == 0, "unified");
	spec_free(&s);
}

/* A valid config nested `levels` deep (the top object counts), with brackets
 * inside a string and a comment that must not count. */
static char *nested(int levels)
{
	strbuf sb = {0};

	sb_add(&sb, "{" BASE ",\"x\":");
	for (int i = 1; i < levels; i++)
		sb_add(&sb, "[");
	sb_add(&sb, "\"[[[[\" /* [[[ \" */ // [[[\n");
	for (int i = 1; i < levels; i++)
		sb_add(&sb, "]");
	sb_add(&sb, "}");
	return sb_take(&sb);
}

static void test_syntax_and_limits(void)
{
	size_t big = (16u << 20) + 1, deep = 1 << 20;
	spec_config s;
	char *buf;

	fails_prefix("{\"ociVersion\": ", 15, "config.json: invalid JSON: ", "truncated");
	fails_prefix("{\"a\" 1}", 7, "config.json: invalid JSON: ", "missing colon");
	fails_prefix("", 0, "config.json: invalid JSON: ", "empty text");
	fails_prefix(CFG("}"), strlen(CFG("}")), "config.json: invalid JSON: ", "trailing garbage");
	fails_n("{\"a\":1}\0{", 9, "config.json: invalid JSON: NUL byte at offset 7");
	fails("[]", "config.json: expected an object, got an array");

	/* 64 levels are fine, 65 are not (counted outside strings and comments) */
	buf = nested(64);
	if (parses(buf, &s, "64 levels of nesting, brackets in strings and comments"))
		spec_free(&s);
	free(buf);
	buf = nested(65);
	fails_prefix(buf, strlen(buf), "config.json: invalid JSON: nested deeper than 64 levels",
		     "65 levels");
	free(buf);
	buf = xmalloc(deep);
	memset(buf, '[', deep);
	fails_prefix(buf, deep, "config.json: invalid JSON: nested deeper than 64 levels",
		     "a megabyte of '[' (no stack overflow)");
	free(buf);

	buf = xmalloc(big);
	memset(buf, ' ', big);
	buf[0] = '{';
	buf[big - 1] = '}';
	fails_prefix(buf, big, "config.json: 16777217 bytes is over the 16 MiB limit",
		     "16 MiB + 1 byte");
	free(buf);
}

static void test_types(void)
{
	fails(CFG(",\"hostname\":5"), "hostname: expected a string, got a number");
	fails("{\"ociVersion\":1,\"root\":{\"path\":\"r\"}}",
	      "ociVersion: expected a string, got a number");
	fails(WITH_PROC(",\"terminal\":\"yes\""),
	      "process.terminal: expected a boolean, got a string");
	fails(PROCESS(USER ",\"args\":\"sh\"," P_CWD),
	      "process.args: expected an array of strings, got a string");
	fails(PROCESS(USER ",\"args\":[\"sh\",7]," P_CWD),
	      "process.args[1]: expected a string, got a number");
	fails(PROCESS(USER ",\"args\":[null]," P_CWD),
	      "process.args[0]: expected a string, got null");
	fails(CFG(",\"process\":[]"), "process: expected an object, got an array");
	fails(CFG(",\"process\":{\"user\":{\"uid\":\"0\",\"gid\":0}}"),
	      "process.user.uid: expected an unsigned 32-bit integer, got a string");
	fails(CFG(",\"annotations\":{\"a\":1}"), "annotations.a: expected a string, got a number");
	fails(CFG(",\"annotations\":[]"),
	      "annotations: expected an object of strings, got an array");
	fails(CFG(",\"mounts\":[{\"destination\":\"/a\",\"gidMappings\":[{}]}]"),
	      "mounts[0].gidMappings[0].containerID: required");
	fails(WITH_LINUX("\"timeOffsets\":{\"realtime\":{\"secs\":1}}"),
	      "linux.timeOffsets.realtime: not a clock a time namespace offsets (monotonic, "
	      "boottime)");
	fails(WITH_LINUX("\"timeOffsets\":{\"boottime\":{\"nanosecs\":1000000000}}"),
	      "linux.timeOffsets.boottime: nanosecs must be below 1000000000");
	fails(WITH_LINUX("\"timeOffsets\":{\"boottime\":{\"secs\":\"1\"}}"),
	      "linux.timeOffsets.boottime.secs: expected a 64-bit integer, got a string");
	fails(WITH_LINUX("\"memoryPolicy\":{\"nodes\":\"0\"}"),
	      "linux.memoryPolicy.mode: required");
	fails(WITH_LINUX("\"memoryPolicy\":{\"mode\":\"MPOL_BIND\",\"nodes\":0}"),
	      "linux.memoryPolicy.nodes: expected a string, got a number");
	fails(WITH_LINUX("\"netDevices\":{\"eth/0\":{}}"),
	      "linux.netDevices.eth/0: \"eth/0\" is not a network device name");
	fails(WITH_LINUX("\"netDevices\":{\"..\":{}}"),
	      "linux.netDevices...: \"..\" is not a network device name");
	fails(WITH_LINUX("\"netDevices\":{\"0123456789abcdef\":{}}"),
	      "linux.netDevices.0123456789abcdef: \"0123456789abcdef\" is not a network device "
	      "name");
	fails(WITH_LINUX("\"netDevices\":{\"eth0\":{\"name\":\"a b\"}}"),
	      "linux.netDevices.eth0: name: \"a b\" is not a network device name (at most 15 "
	      "bytes, not \".\" or \"..\", no '/', ':' or blanks)");
	fails(WITH_LINUX("\"netDevices\":{\"eth0\":{\"name\":\"\"}}"),
	      "linux.netDevices.eth0: name: \"\" is not a network device name (at most 15 "
	      "bytes, not \".\" or \"..\", no '/', ':' or blanks)");
	fails(WITH_LINUX("\"netDevices\":{\"eth0\":{\"name\":1}}"),
	      "linux.netDevices.eth0.name: expected a string, got a number");
	fails(WITH_LINUX("\"namespaces\":{}"),
	      "linux.namespaces: expected an array of objects, got an object");
	fails(WITH_LINUX("\"namespaces\":[\"pid\"]"),
	      "linux.namespaces[0]: expected an object, got a string");
	fails(CFG(",\"mounts\":[{\"destination\":\"/x\",\"options\":[\"ro\",{}]}]"),
	      "mounts[0].options[1]: expected a string, got an object");
	fails(WITH_RES("\"memory\":{\"disableOOMKiller\":1}"),
	      "linux.resources.memory.disableOOMKiller: expected a boolean, got a number");
	fails(
	    PROCESS("\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[1,true]}," P_ARGS "," P_CWD),
	    "process.user.additionalGids[1]: expected an unsigned 32-bit integer, got a boolean");
}

static void test_required(void)
{
	fails("{\"root\":{\"path\":\"r\"}}", "ociVersion: required");
	fails("{\"ociVersion\":null,\"root\":{\"path\":\"r\"}}", "ociVersion: required");
	fails("{\"ociVersion\":\"1.0.0\"}", "root: required");
	fails("{\"ociVersion\":\"1.0.0\",\"root\":{}}", "root.path: required");
	fails("{\"ociVersion\":\"\",\"root\":{\"path\":\"r\"}}", "ociVersion: must not be empty");
	fails(CFG(",\"process\":{" USER ",\"args\":[\"sh\"]}"), "process.cwd: required");
	fails(CFG(",\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\"}"), "process.user: required");
	fails(CFG(",\"process\":{\"user\":{\"gid\":0},\"args\":[\"sh\"],\"cwd\":\"/\"}"),
	      "process.user.uid: required");
	fails(CFG(",\"process\":{" USER ",\"cwd\":\"/\"}"), "process.args: required");
	fails(PROCESS(USER ",\"args\":[]," P_CWD), "process.args: must not be empty");
	fails(WITH_PROC(",\"consoleSize\":{\"height\":1}"), "process.consoleSize.width: required");
	fails(WITH_PROC(",\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1}]"),
	      "process.rlimits[0].soft: required");
	fails(CFG(",\"mounts\":[{\"destination\":\"/a\"},{\"destination\":\"/"
		  "b\"},{\"type\":\"tmpfs\"}]"),
	      "mounts[2].destination: required");
	fails(CFG(",\"hooks\":{\"poststop\":[{\"args\":[]}]}"), "hooks.poststop[0].path: required");
	fails(WITH_LINUX("\"namespaces\":[{\"path\":\"/proc/1/ns/net\"}]"),
	      "linux.namespaces[0].type: required");
	fails(WITH_LINUX("\"uidMappings\":[{\"containerID\":0,\"hostID\":1}]"),
	      "linux.uidMappings[0].size: required");
	fails(WITH_LINUX("\"devices\":[{\"type\":\"c\",\"path\":\"/dev/x\",\"major\":1}]"),
	      "linux.devices[0].minor: required for type \"c\"");
	fails(WITH_RES("\"devices\":[{\"access\":\"r\"}]"),
	      "linux.resources.devices[0].allow: required");
}

static void test_values(void)
{
	fails(PROCESS("\"user\":{\"uid\":-1,\"gid\":0}," P_ARGS "," P_CWD),
	      "process.user.uid: expected an unsigned 32-bit integer, got -1");
	fails(PROCESS("\"user\":{\"uid\":4294967296,\"gid\":0}," P_ARGS "," P_CWD),
	      "process.user.uid: expected an unsigned 32-bit integer, got 4294967296");
	/* (uid_t)-1 means "unchanged" to setresuid: it would leave the process root */
	fails(PROCESS("\"user\":{\"uid\":4294967295,\"gid\":0}," P_ARGS "," P_CWD),
	      "process.user.uid: 4294967295 is not a valid id");
	fails(PROCESS("\"user\":{\"uid\":0,\"gid\":4294967295}," P_ARGS "," P_CWD),
	      "process.user.gid: 4294967295 is not a valid id");
	fails(PROCESS("\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[1,4294967295]}," P_ARGS
		      "," P_CWD),
	      "process.user.additionalGids[1]: 4294967295 is not a valid id");
	fails(PROCESS("\"user\":{\"uid\":1.5,\"gid\":0}," P_ARGS "," P_CWD),
	      "process.user.uid: expected an unsigned 32-bit integer, got 1.5");
	fails(PROCESS("\"user\":{\"uid\":1e3,\"gid\":0}," P_ARGS "," P_CWD),
	      "process.user.uid: expected an unsigned 32-bit integer, got 1e3");
	fails(WITH_PROC(",\"rlimits\":[{\"type\":\"RLIMIT_AS\",\"hard\":18446744073709551616,"
			"\"soft\":0}]"),
	      "process.rlimits[0].hard: expected an unsigned 64-bit integer, got "
	      "18446744073709551616");
	fails(WITH_PROC(",\"oomScoreAdj\":2147483648"),
	      "process.oomScoreAdj: expected a 32-bit integer, got 2147483648");
	fails(WITH_RES("\"memory\":{\"swappiness\":101}"),
	      "linux.resources.memory.swappiness: must be at most 100, got 101");
	fails(WITH_RES("\"memory\":{\"limit\":-2}"),
	      "linux.resources.memory.limit: must be a byte count, or -1 for unlimited");
	fails(WITH_RES("\"pids\":{\"limit\":9223372036854775808}"),
	      "linux.resources.pids.limit: expected a 64-bit integer, got 9223372036854775808");
	fails(WITH_PROC(",\"env\":[\"A=1\",\"B\"]"), "process.env[1]: \"B\" is not NAME=VALUE");
	fails(PROCESS(USER "," P_ARGS ",\"cwd\":\"tmp\""),
	      "process.cwd: \"tmp\" is not an absolute path");
	fails(CFG(",\"hooks\":{\"prestart\":[{\"path\":\"hook\"}]}"),
	      "hooks.prestart[0].path: \"hook\" is not an absolute path");
	fails(CFG(",\"hooks\":{\"poststart\":[{\"path\":\"/h\",\"timeout\":0}]}"),
	      "hooks.poststart[0].timeout: must be greater than zero, got 0");
	fails(WITH_LINUX("\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"foo\"}]"),
	      "linux.namespaces[1].type: unknown namespace \"foo\"");
	fails(
	    WITH_LINUX("\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"ipc\"},{\"type\":\"pid\"}]"),
	    "linux.namespaces[2].type: duplicate namespace \"pid\"");
	fails(WITH_LINUX("\"namespaces\":[{\"type\":\"net\"}]"),
	      "linux.namespaces[0].type: unknown namespace \"net\"");
	fails(WITH_LINUX("\"devices\":[{\"type\":\"x\",\"path\":\"/dev/x\"}]"),
	      "linux.devices[0].type: expected one of \"c\", \"b\", \"u\", \"p\", got \"x\"");
	fails(WITH_LINUX("\"devices\":[{\"type\":\"p\",\"path\":\"dev/x\"}]"),
	      "linux.devices[0].path: \"dev/x\" is not an absolute path");
	fails(WITH_RES("\"devices\":[{\"allow\":true,\"access\":\"rwx\"}]"),
	      "linux.resources.devices[0].access: expected a non-empty subset of \"rwm\" without "
	      "repeats, got \"rwx\"");
	fails(WITH_RES("\"devices\":[{\"allow\":true,\"access\":\"rr\"}]"),
	      "linux.resources.devices[0].access: expected a non-empty subset of \"rwm\" without "
	      "repeats, got \"rr\"");
	fails(WITH_RES("\"devices\":[{\"allow\":true,\"type\":\"u\"}]"),
	      "linux.resources.devices[0].type: expected one of \"a\", \"c\", \"b\", got \"u\"");
	fails(WITH_LINUX("\"rootfsPropagation\":\"bogus\""),
	      "linux.rootfsPropagation: unknown propagation \"bogus\"");
	fails(WITH_LINUX("\"maskedPaths\":[\"/a\",\"b\"]"),
	      "linux.maskedPaths[1]: \"b\" is not an absolute path");
	fails(CFG(",\"annotations\":{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"}"),
	      "annotations.a: duplicate key");
	fails(CFG(",\"annotations\":{\"\":\"1\"}"), "annotations: keys must not be empty");
	fails(CFG(",\"hostname\":\"a\",\"hostname\":\"b\""), "hostname: duplicate key");
}

static void test_nul(void)
{
	spec_config s;

	fails(PROCESS(USER ",\"args\":[\"sh\",\"-c\\u0000rm\"]," P_CWD),
	      "process.args[1]: contains a NUL byte");
	fails(CFG(",\"annotations\":{\"k\\u0000\":\"v\"}"),
	      "annotations.k\\u0000: contains a NUL byte");
	fails(CFG(",\"x\":{\"y\":[1,{\"z\":\"\\u0000\"}]}"), "x.y[1].z: contains a NUL byte");
	if (parses(CFG(",\"hostname\":\"a\\\\u0000\""), &s, "an escaped backslash before u0000")) {
		is_str(s.hostname, "a\\u0000", "hostname keeps the literal text");
		spec_free(&s);
	}
}

/* Each known runtime-spec field lxcrun does not implement, by where it sits. */
static void test_unsupported(void)
{
	static const struct {
		const char *json, *want;
	} cases[] = {
	    {WITH_PROC(",\"commandLine\":\"cmd.exe\""),
	     "process.commandLine: not supported on Linux"},
	    {PROCESS("\"user\":{\"uid\":0,\"gid\":0,\"username\":\"root\"}," P_ARGS "," P_CWD),
	     "process.user.username: not supported on Linux"},
	    {WITH_LINUX("\"intelRdt\":{\"closID\":\"x\"}"), "linux.intelRdt: not supported yet"},
	    {CFG(",\"solaris\":{\"milestone\":\"x\"}"), "solaris: not supported on Linux"},
	    {CFG(",\"windows\":{\"layerFolders\":[]}"), "windows: not supported on Linux"},
	    {CFG(",\"vm\":{\"kernel\":{\"path\":\"/k\"}}"), "vm: not supported on Linux"},
	    {CFG(",\"zos\":{\"namespaces\":[]}"), "zos: not supported on Linux"},
	    {CFG(",\"freebsd\":{\"jail\":{}}"), "freebsd: not supported on Linux"},
	};
	spec_config s;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		spec_config z;
		lxr_error *err = NULL;
		int r = spec_parse(cases[i].json, strlen(cases[i].json), &z, &err);

		ok(r == -1 && err && strcmp(err->msg, cases[i].want) == 0 &&
		       err->errnum == ENOTSUP && is_zeroed(&z, sizeof(z)),
		   "%s (got: %s)", cases[i].want, err ? err->msg : "success");
		lxr_error_free(&err);
	}
	if (parses(WITH_LINUX("\"seccomp\":null,\"intelRdt\":{},\"netDevices\":{},"
			      "\"resources\":{\"hugepageLimits\":[],\"blockIO\":{}}"),
		   &s, "unsupported fields that are null or empty request nothing"))
		spec_free(&s);
}

/* linux.memoryPolicy and linux.netDevices as written (names are checked later). */
static void test_mempolicy_netdevices(void)
{
	spec_config s;

	if (parses(WITH_LINUX("\"memoryPolicy\":{\"mode\":\"MPOL_BIND\",\"nodes\":\"0-3,7\","
			      "\"flags\":[\"MPOL_F_STATIC_NODES\"]},"
			      "\"netDevices\":{\"eth0\":{\"name\":\"ctr0\"},\"dummy1\":{}}"),
		   &s, "memoryPolicy and netDevices parse")) {
		ok(s.linux_.has_memory_policy, "memoryPolicy present");
		is_str(s.linux_.memory_policy.mode, "MPOL_BIND", "mode");
		is_str(s.linux_.memory_policy.nodes, "0-3,7", "nodes");
		ok(s.linux_.memory_policy.n_flags == 1, "one flag");
		ok(s.linux_.n_net_devices == 2, "two net devices");
		if (s.linux_.n_net_devices == 2) {
			is_str(s.linux_.net_devices[0].host_name, "eth0", "host name");
			is_str(s.linux_.net_devices[0].name, "ctr0", "container name");
			is_str(s.linux_.net_devices[1].host_name, "dummy1", "second host name");
			ok(s.linux_.net_devices[1].name == NULL, "no name: NULL");
		}
		spec_free(&s);
	}
}

/* Every linux.resources field, and the standalone form `update` reads. */
static void test_resources(void)
{
	static const char res[] =
	    "{\"memory\":{\"limit\":1,\"kernel\":2,\"kernelTCP\":3,\"useHierarchy\":true,"
	    "\"checkBeforeUpdate\":true},"
	    "\"cpu\":{\"realtimeRuntime\":4,\"realtimePeriod\":5,\"burst\":6,\"idle\":-1},"
	    "\"blockIO\":{\"weight\":10,\"leafWeight\":1000,"
	    "\"weightDevice\":[{\"major\":8,\"minor\":0,\"weight\":20}],"
	    "\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":1,\"rate\":7}],"
	    "\"throttleWriteIOPSDevice\":[{\"major\":8,\"minor\":2,\"rate\":8}]},"
	    "\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":9}],"
	    "\"network\":{\"classID\":10,\"priorities\":[{\"name\":\"eth0\",\"priority\":11}]},"
	    "\"rdma\":{\"mlx5_0\":{\"hcaHandles\":12},\"mlx4_0\":{\"hcaObjects\":13}}}";
	static const struct {
		const char *json, *want;
	} bad[] = {
	    {"{\"blockIO\":{\"weight\":5}}",
	     "linux.resources.blockIO.weight: must be between 10 and 1000, got 5"},
	    {"{\"blockIO\":{\"leafWeight\":1001}}",
	     "linux.resources.blockIO.leafWeight: must be between 10 and 1000, got 1001"},
	    {"{\"blockIO\":{\"weightDevice\":[{\"major\":8,\"minor\":0}]}}",
	     "linux.resources.blockIO.weightDevice[0]: needs weight or leafWeight"},
	    {"{\"blockIO\":{\"throttleReadBpsDevice\":[{\"major\":-1,\"minor\":0,\"rate\":1}]}}",
	     "linux.resources.blockIO.throttleReadBpsDevice[0].major: must be a device number"},
	    {"{\"hugepageLimits\":[{\"pageSize\":\"2M\",\"limit\":1}]}",
	     "linux.resources.hugepageLimits[0].pageSize: \"2M\" is not a huge page size such as "
	     "\"2MB\" or \"1GB\""},
	    {"{\"network\":{\"priorities\":[{\"name\":\"a b\",\"priority\":1}]}}",
	     "linux.resources.network.priorities[0].name: \"a b\" is not an interface name"},
	    {"{\"rdma\":{\"a b\":{\"hcaHandles\":1}}}",
	     "linux.resources.rdma.a b: not an rdma device name"},
	    {"{\"rdma\":{\"mlx\":{\"hcaHandles\":-1}}}",
	     "linux.resources.rdma.mlx.hcaHandles: expected an unsigned 32-bit integer, got -1"},
	    {"[]", "resources: expected an object, got an array"},
	};
	spec_resources r;
	lxr_error *err = NULL;

	if (ok(spec_parse_resources(res, strlen(res), &r, &err) == 0, "all resources parse (%s)",
	       err ? err->msg : "ok")) {
		ok(r.has_memory_kernel && r.memory_kernel == 2 && r.memory_kernel_tcp == 3 &&
		       r.has_memory_use_hierarchy && r.memory_use_hierarchy &&
		       r.check_before_update,
		   "memory.kernel, kernelTCP, useHierarchy, checkBeforeUpdate");
		ok(r.cpu_rt_runtime == 4 && r.cpu_rt_period == 5 && r.has_cpu_burst &&
		       r.cpu_burst == 6 && r.has_cpu_idle && r.cpu_idle == -1,
		   "cpu realtime, burst, idle");
		ok(r.blkio_weight == 10 && r.blkio_leaf_weight == 1000 &&
		       r.n_blkio_weight_device == 1 && r.blkio_weight_device[0].weight == 20 &&
		       !r.blkio_weight_device[0].has_leaf_weight && r.n_throttle_read_bps == 1 &&
		       r.throttle_read_bps[0].minor == 1 && r.throttle_read_bps[0].rate == 7 &&
		       r.n_throttle_write_iops == 1 && r.throttle_write_iops[0].rate == 8,
		   "blockIO");
		ok(r.n_hugepage_limits == 1 && strcmp(r.hugepage_limits[0].page_size, "2MB") == 0 &&
		       r.hugepage_limits[0].limit == 9,
		   "hugepageLimits");
		ok(r.has_net_class_id && r.net_class_id == 10 && r.n_net_priorities == 1 &&
		       strcmp(r.net_priorities[0].name, "eth0") == 0 &&
		       r.net_priorities[0].priority == 11,
		   "network");
		ok(r.n_rdma == 2 && strcmp(r.rdma[0].key, "mlx5_0") == 0 &&
		       r.rdma[0].has_hca_handles && r.rdma[0].hca_handles == 12 &&
		       !r.rdma[0].has_hca_objects && strcmp(r.rdma[1].key, "mlx4_0") == 0 &&
		       r.rdma[1].hca_objects == 13,
		   "rdma, keyed by device");
		spec_resources_free(&r);
	}
	lxr_error_free(&err);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = spec_parse_resources(bad[i].json, strlen(bad[i].json), &r, &err);

		ok(ret == -1 && err && strcmp(err->msg, bad[i].want) == 0 &&
		       is_zeroed(&r, sizeof(r)),
		   "%s (got: %s)", bad[i].want, err ? err->msg : "success");
		lxr_error_free(&err);
	}
}

static void test_null_and_unknown(void)
{
	spec_config s;

	if (parses(CFG(",\"hostname\":null,\"process\":null,\"mounts\":null,\"linux\":null"), &s,
		   "null means absent")) {
		ok(s.hostname == NULL && !s.has_process && s.mounts == NULL && !s.has_linux,
		   "null members are absent");
		spec_free(&s);
	}
	if (parses(PROCESS("\"user\":{\"uid\":1,\"gid\":2,\"umask\":null},\"oomScoreAdj\":null,"
			   "\"capabilities\":{\"bounding\":null}," P_ARGS "," P_CWD),
		   &s, "null optional scalars")) {
		ok(!s.process.user.has_umask && !s.process.has_oom_score_adj &&
		       s.process.has_capabilities && !s.process.capabilities.has_bounding,
		   "null scalars leave has_ flags unset");
		spec_free(&s);
	}
	if (parses(CFG(",\"com.example.future\":{\"deep\":[1,2,{\"x\":null}]},\"hostname\":\"h\","
		       "\"process\":{"
		       "\"futureFlag\":true,\"user\":{\"uid\":0,\"gid\":0,\"extra\":\"x\"}," P_ARGS
		       "," P_CWD "}"
		       ",\"linux\":{\"resources\":{\"memory\":{\"newKnob\":1}}}"),
		   &s, "unknown properties are ignored")) {
		is_str(s.hostname, "h", "known fields beside unknown ones still parse");
		spec_free(&s);
	}
}

static void test_free_after_error(void)
{
	spec_config s;
	lxr_error *err = NULL;
	/* fails deep inside, after strings, arrays and nested objects were allocated */
	const char *json = CFG(",\"hostname\":\"h\",\"annotations\":{\"a\":\"b\"}," PROC(
	    ",\"env\":[\"A=1\"],\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1,\"soft\":1}"
	    "]") ",\"mounts\":[{\"destination\":\"/a\",\"options\":[\"ro\"]}],"
		 "\"linux\":{\"namespaces\":[{\"type\":\"pid\"}],\"sysctl\":{\"a\":\"b\"},"
		 "\"resources\":{\"devices\":[{\"allow\":true,\"access\":\"r\"}],"
		 "\"unified\":{\"a\":\"b\"},\"cpu\":{\"cpus\":\"0\",\"shares\":-1}}}");

	ok(spec_parse(json, strlen(json), &s, &err) == -1 && is_zeroed(&s, sizeof(s)),
	   "a late error leaves the config freed and zeroed");
	is_str(err ? err->msg : NULL,
	       "linux.resources.cpu.shares: expected an unsigned 64-bit integer, got -1",
	       "late error message");
	lxr_error_free(&err);
	spec_free(&s);
	ok(spec_parse(json, strlen(json), &s, NULL) == -1, "err may be NULL");
}

static void test_process(void)
{
	static const char proc[] = "{" USER ",\"args\":[\"ls\",\"-l\"],\"cwd\":\"/tmp\","
				   "\"env\":[\"X=1\"],\"terminal\":true}";
	static const char empty_args[] = "{" USER ",\"args\":[],\"cwd\":\"/\"}";
	static const char empty_unsupported[] =
	    "{" USER ",\"args\":[\"a\"],\"cwd\":\"/\",\"commandLine\":\"\"}";
	spec_process p;
	lxr_error *err = NULL;

	ok(spec_parse_process(proc, strlen(proc), &p, &err) == 0 && p.n_args == 2 &&
	       strcmp(p.cwd, "/tmp") == 0 && p.terminal,
	   "spec_parse_process (%s)", err ? err->msg : "ok");
	lxr_error_free(&err);
	spec_process_free(&p);
	ok(is_zeroed(&p, sizeof(p)), "spec_process_free zeroes");
	ok(spec_parse_process(empty_args, strlen(empty_args), &p, &err) == -1 &&
	       is_zeroed(&p, sizeof(p)),
	   "process error leaves it zeroed");
	is_str(err ? err->msg : NULL, "process.args: must not be empty", "process error message");
	lxr_error_free(&err);
	ok(spec_parse_process(empty_unsupported, strlen(empty_unsupported), &p, &err) == 0,
	   "empty unsupported field in a process");
	spec_process_free(&p);
	lxr_error_free(&err);
	spec_parse_process("[1]", 3, &p, &err);
	is_str(err ? err->msg : NULL, "process: expected an object, got an array",
	       "process document type");
	lxr_error_free(&err);
	spec_parse_process("{", 1, &p, &err);
	ok(err && strncmp(err->msg, "process: invalid JSON: ", 23) == 0, "process syntax error");
	lxr_error_free(&err);
}

static void write_config(const char *dir, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/config.json", dir);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_load_bundle(void)
{
	char dir[] = "/tmp/test_spec_parse.XXXXXX", want[600], path[600];
	spec_config s;
	lxr_error *err = NULL;

	if (!ok(mkdtemp(dir) != NULL, "temporary bundle"))
		return;
	snprintf(want, sizeof(want), "%s/config.json: no such file or directory", dir);
	ok(spec_load_bundle(dir, &s, &err) == -1 && err && err->errnum == ENOENT,
	   "missing config.json");
	is_str(err ? err->msg : NULL, want, "missing file message");
	lxr_error_free(&err);

	write_config(dir, spec_default_json);
	ok(spec_load_bundle(dir, &s, &err) == 0 && s.n_mounts == 7, "loads the default spec");
	spec_free(&s);
	lxr_error_free(&err);

	write_config(dir, PROCESS(USER ",\"args\":[]," P_CWD));
	spec_load_bundle(dir, &s, &err);
	is_str(err ? err->msg : NULL, "config.json: process.args: must not be empty",
	       "field errors gain one config.json prefix");
	lxr_error_free(&err);

	write_config(dir, "{\"ociVersion\":");
	spec_load_bundle(dir, &s, &err);
	ok(err && strncmp(err->msg, "config.json: invalid JSON: ", 27) == 0,
	   "syntax errors are not prefixed twice (%s)", err ? err->msg : "success");
	lxr_error_free(&err);

	snprintf(path, sizeof(path), "%s/config.json", dir);
	unlink(path);
	rmdir(dir);
}

static void test_ns_names(void)
{
	bool round_trip = true;

	for (int t = 0; t < SPEC_NS_COUNT; t++)
		round_trip &= spec_ns_from_name(spec_ns_name((enum spec_ns_type)t)) == t;
	ok(round_trip, "every namespace name round-trips");
	ok(spec_ns_from_name("network") == SPEC_NS_NETWORK && spec_ns_from_name("net") == -1 &&
	       spec_ns_from_name("") == -1,
	   "runtime-spec names only");
	is_str(spec_ns_name(SPEC_NS_TIME), "time", "spec_ns_name(SPEC_NS_TIME)");
}

int main(void)
{
	test_default_spec();
	test_full_spec();
	test_syntax_and_limits();
	test_types();
	test_required();
	test_values();
	test_nul();
	test_unsupported();
	test_mempolicy_netdevices();
	test_resources();
	test_null_and_unknown();
	test_free_after_error();
	test_process();
	test_load_bundle();
	test_ns_names();
	return tap_done();
}
