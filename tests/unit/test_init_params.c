/* init_params round trip and the parser's refusal of malformed input; init_build's
 * translation of capabilities, rlimits and devices. */
#include "config.h"
#include "init_build.h"
#include "init_params.h"
#include "tap.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>

static void round_trip(void)
{
	char *args[] = {"/bin/sh", "-c", "echo a=b", NULL}, *env[] = {"PATH=/bin", "X=", NULL};
	char *masked[] = {"/proc/kcore"}, *ro[] = {"/proc/sys"}, *copyup[] = {"/tmp", "/run x"};
	gid_t gids[] = {10, 20};
	init_rlimit rl[] = {{RLIMIT_NOFILE, 1024, 4096}};
	init_device dev[] = {{'c', "/dev/null", 1, 3, 0666, 0, 0},
			     {'b', "/dev/with,comma", 8, 1, 0600, 5, 6}};
	init_params in = {.ready_fd = 4,
			  .fifo_fd = 5,
			  .console_fd = -1,
			  .preserve_fds = 1,
			  .args = args,
			  .n_args = 3,
			  .env = env,
			  .n_env = 2,
			  .masked = masked,
			  .n_masked = 1,
			  .readonly = ro,
			  .n_readonly = 1,
			  .copyup = copyup,
			  .n_copyup = 2,
			  .cwd = "/work dir",
			  .domainname = "example.org",
			  .apparmor_profile = "prof",
			  .selinux_label = "u:r:t:s0",
			  .uid = 1000,
			  .gid = 1001,
			  .gids = gids,
			  .n_gids = 2,
			  .has_umask = true,
			  .umask = 022,
			  .no_new_privs = true,
			  .terminal = true,
			  .rows = 24,
			  .cols = 80,
			  .root_readonly = true,
			  .has_caps = true,
			  .caps = {0xffffffffffULL, 1, 2, 3, 4},
			  .rlimits = rl,
			  .n_rlimits = 1,
			  .has_oom_score_adj = true,
			  .oom_score_adj = -500,
			  .devices = dev,
			  .n_devices = 2};
	init_params out;
	size_t len = 0;
	char *buf = init_params_serialize(&in, &len);

	ok(buf != NULL && len > 0, "serialize");
	ok(init_params_parse(buf, len, &out) == 0, "parse");
	ok(out.ready_fd == 4 && out.fifo_fd == 5 && out.console_fd == -1 && out.preserve_fds == 1,
	   "fd numbers");
	ok(out.n_args == 3 && out.args[3] == NULL, "args count, NULL-terminated");
	is_str(out.args[2], "echo a=b", "an arg containing '=' survives");
	is_str(out.env[1], "X=", "empty env value");
	is_str(out.cwd, "/work dir", "cwd with a space");
	is_str(out.domainname, "example.org", "domainname");
	is_str(out.apparmor_profile, "prof", "apparmor profile");
	is_str(out.selinux_label, "u:r:t:s0", "selinux label");
	ok(out.uid == 1000 && out.gid == 1001 && out.n_gids == 2 && out.gids[1] == 20, "user");
	ok(out.has_umask && out.umask == 022, "umask");
	ok(out.no_new_privs && out.terminal && out.root_readonly, "flags");
	ok(out.rows == 24 && out.cols == 80, "console size");
	ok(out.has_caps && out.caps[0] == 0xffffffffffULL && out.caps[4] == 4, "caps");
	ok(out.n_rlimits == 1 && out.rlimits[0].soft == 1024 && out.rlimits[0].hard == 4096,
	   "rlimits");
	ok(out.has_oom_score_adj && out.oom_score_adj == -500, "oom score");
	ok(out.n_devices == 2 && out.devices[1].type == 'b' && out.devices[1].mode == 0600 &&
	       out.devices[1].gid == 6,
	   "devices");
	is_str(out.devices[1].path, "/dev/with,comma", "device path with a comma");
	is_str(out.masked[0], "/proc/kcore", "masked");
	is_str(out.readonly[0], "/proc/sys", "readonly");
	ok(out.n_copyup == 2, "copyup count");
	is_str(out.copyup[1], "/run x", "copyup target with a space");
	init_params_free(&out);
	free(buf);
}

static void malformed(void)
{
	init_params out;

	ok(init_params_parse("uid=1\0", 6, &out) == 0, "one record");
	init_params_free(&out);
	ok(init_params_parse("uid=1", 5, &out) < 0, "missing NUL is rejected");
	ok(init_params_parse("nokey\0", 6, &out) < 0, "record without '=' is rejected");
	ok(init_params_parse("bogus=1\0", 8, &out) < 0, "unknown key is rejected");
	ok(init_params_parse("uid=-1\0", 7, &out) < 0, "negative uid is rejected");
	ok(init_params_parse("uid=99999999999\0", 16, &out) < 0, "uid overflow is rejected");
	ok(init_params_parse("rlimit=7,1\0", 11, &out) < 0, "short rlimit is rejected");
	ok(init_params_parse("", 0, &out) == 0 && out.ready_fd == -1, "empty input: defaults");
	init_params_free(&out);
}

static void build(void)
{
	char *caps_ok[] = {"CAP_KILL", "CAP_NET_BIND_SERVICE"}, *caps_bad[] = {"CAP_TEST"};
	char *caps_lower[] = {"kill"};
	char *args[] = {"sh", NULL};
	spec_rlimit rls[] = {{.type = "RLIMIT_NOFILE", .hard = 50, .soft = 100}};
	spec_device devs[] = {{.type = 'c',
			       .path = "/dev/fuse",
			       .has_major = true,
			       .has_minor = true,
			       .major = 10,
			       .minor = 229}};
	spec_mount mnts[] = {{.destination = "/dev", .type = "tmpfs", .source = "tmpfs"}};
	char *copy_opts[] = {"nosuid", "tmpcopyup"}, *plain_opts[] = {"nosuid"};
	spec_mount copy_mnts[] = {
	    {.destination = "/tmp", .type = "tmpfs", .options = copy_opts, .n_options = 2},
	    {.destination = "/var", .type = "tmpfs", .options = plain_opts, .n_options = 1},
	    {.destination = "/run", .type = "tmpfs", .options = copy_opts, .n_options = 2}};
	spec_config s = {.has_process = true};
	lxr_error *err = NULL;
	init_params p;

	s.process.args = args;
	s.process.n_args = 1;
	s.process.cwd = "/";
	ok(init_build(&s, &p, &err) == 0 && p.n_devices == 0, "no /dev mount: no default devices");
	init_build_free(&p);

	s.mounts = mnts;
	s.n_mounts = 1;
	s.has_linux = true;
	s.linux_.devices = devs;
	s.linux_.n_devices = 1;
	ok(init_build(&s, &p, &err) == 0 && p.n_devices == 7, "/dev mounted: 6 defaults + fuse");
	ok(p.devices[6].major == 10 && p.devices[6].minor == 229 && p.devices[6].mode == 0666,
	   "fuse device with default mode");
	ok(p.n_copyup == 0, "no tmpcopyup mount: nothing to copy up");
	init_build_free(&p);

	s.mounts = copy_mnts;
	s.n_mounts = 3;
	ok(init_build(&s, &p, &err) == 0 && p.n_copyup == 2, "tmpcopyup mounts: two to copy up");
	is_str(p.n_copyup == 2 ? p.copyup[0] : NULL, "/tmp", "first copyup target");
	is_str(p.n_copyup == 2 ? p.copyup[1] : NULL, "/run", "second copyup target, in order");
	init_build_free(&p);
	ok(p.copyup == NULL && p.n_copyup == 0, "init_build_free clears the copyup list");
	s.mounts = mnts;
	s.n_mounts = 1;

	s.process.has_capabilities = true;
	s.process.capabilities.bounding = caps_ok;
	s.process.capabilities.n_bounding = 2;
	ok(init_build(&s, &p, &err) == 0 && p.has_caps &&
	       p.caps[CAPSET_BOUNDING] == ((1ULL << 5) | (1ULL << 10)),
	   "capability names to a mask");
	init_build_free(&p);

	s.process.capabilities.effective = caps_bad;
	s.process.capabilities.n_effective = 1;
	ok(init_build(&s, &p, &err) < 0, "unknown capability rejected");
	is_str(err ? err->msg : NULL,
	       "process.capabilities.effective: unknown capability \"CAP_TEST\"",
	       "message names the field and the capability");
	lxr_error_free(&err);
	s.process.capabilities.effective = caps_lower;
	ok(init_build(&s, &p, &err) < 0, "capability without CAP_ prefix rejected");
	lxr_error_free(&err);
	s.process.capabilities.n_effective = 0;

	s.process.rlimits = rls;
	s.process.n_rlimits = 1;
	ok(init_build(&s, &p, &err) < 0, "soft > hard rejected");
	lxr_error_free(&err);
	rls[0].type = "RLIMIT_BOGUS";
	ok(init_build(&s, &p, &err) < 0, "unknown rlimit rejected");
	is_str(err ? err->msg : NULL, "process.rlimits[0].type: unknown rlimit \"RLIMIT_BOGUS\"",
	       "rlimit message names the field");
	lxr_error_free(&err);
	s.process.n_rlimits = 0;

	s.process.has_oom_score_adj = true;
	s.process.oom_score_adj = 1001;
	ok(init_build(&s, &p, &err) < 0, "oomScoreAdj out of range rejected");
	lxr_error_free(&err);
	s.process.has_oom_score_adj = false;

	devs[0].path = "/dev/../etc/x";
	ok(init_build(&s, &p, &err) < 0, "device path with .. rejected");
	lxr_error_free(&err);
	ok(rlimit_from_name("RLIMIT_NPROC") == RLIMIT_NPROC, "rlimit name lookup");
}

/* The records of ioPriority, scheduler, execCPUAffinity and personality. */
static void round_trip_sched(void)
{
	char *args[] = {"sh", NULL};
	init_params in = {.ready_fd = -1,
			  .fifo_fd = -1,
			  .console_fd = -1,
			  .args = args,
			  .n_args = 1,
			  .has_ioprio = true,
			  .ioprio = 2 << 13 | 7,
			  .has_sched = true,
			  .sched = {.policy = 6,
				    .flags = 0x41,
				    .nice = -20,
				    .priority = 99,
				    .runtime = 10000000,
				    .deadline = 30000000,
				    .period = 18446744073709551615ULL},
			  .cpus_initial = "0-1,3",
			  .cpus_final = "2",
			  .has_personality = true,
			  .personality = PER_LINUX32 | ADDR_NO_RANDOMIZE};
	init_params out, none;
	size_t len = 0;
	char *buf = init_params_serialize(&in, &len);

	ok(buf != NULL && init_params_parse(buf, len, &out) == 0, "sched records: parse");
	ok(out.has_ioprio && out.ioprio == (2 << 13 | 7), "ioprio");
	ok(out.has_sched && out.sched.policy == 6 && out.sched.flags == 0x41 &&
	       out.sched.nice == -20 && out.sched.priority == 99 && out.sched.runtime == 10000000 &&
	       out.sched.deadline == 30000000 && out.sched.period == 18446744073709551615ULL,
	   "sched, every field");
	is_str(out.cpus_initial, "0-1,3", "cpus_initial");
	is_str(out.cpus_final, "2", "cpus_final");
	ok(out.has_personality && out.personality == (PER_LINUX32 | ADDR_NO_RANDOMIZE),
	   "personality");
	init_params_free(&out);
	free(buf);

	in.has_ioprio = in.has_sched = in.has_personality = false;
	in.cpus_initial = in.cpus_final = NULL;
	buf = init_params_serialize(&in, &len);
	ok(buf != NULL && init_params_parse(buf, len, &none) == 0 && !none.has_ioprio &&
	       !none.has_sched && !none.has_personality && none.cpus_initial == NULL &&
	       none.cpus_final == NULL,
	   "absent sched settings stay absent");
	init_params_free(&none);
	free(buf);

	static const char *const bad[] = {"sched=1,0,0", "sched=1,0,0,0,0,0,0,x", "ioprio=x",
					  "personality=", "personality=8g"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(init_params_parse(bad[i], strlen(bad[i]) + 1, &none) < 0, "malformed: %s",
		   bad[i]);
}

static void cpulists(void)
{
	unsigned long set[CPU_SETSIZE / (8 * sizeof(unsigned long))];
	const size_t n = sizeof(set) / sizeof(set[0]);
	static const char *const bad[] = {"",	",",  "1,",	"a",	"3-1", "-1", "1-",
					  " 1", "1 ", "0-1024", "1024", "1;2", "+1"};

	ok(cpulist_parse("0-1,3", set, n) == 0 && set[0] == 0xb && set[1] == 0, "0-1,3");
	ok(cpulist_parse("65", set, n) == 0 && set[0] == 0 && set[1] == 2, "65: second word");
	ok(cpulist_parse("1023", set, n) == 0 && set[n - 1] == 1UL << 63, "the last cpu");
	ok(cpulist_parse("2,2,1-2", set, n) == 0 && set[0] == 6, "repeats are fine");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(cpulist_parse(bad[i], set, n) < 0, "not a cpu list: \"%s\"", bad[i]);
}

#define CFG_HEAD                                                                                   \
	"{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"r\"},\"process\":{\"user\":{\"uid\":0,"    \
	"\"gid\":0},\"args\":[\"sh\"],\"cwd\":\"/\""

/* init_build of a config.json with these process members and linux object. */
static int build_json(const char *process_extra, const char *linux_obj, init_params *p,
		      lxr_error **err)
{
	char json[2048];
	spec_config s;
	int r;

	snprintf(json, sizeof(json), CFG_HEAD "%s}%s%s}", process_extra,
		 linux_obj ? ",\"linux\":" : "", linux_obj ? linux_obj : "");
	if (spec_parse(json, strlen(json), &s, err) < 0)
		return -2;
	r = init_build(&s, p, err);
	if (r == 0) {
		/* the borrowed cpu lists die with the spec: keep copies for the checks */
		p->cpus_initial = p->cpus_initial ? strdup(p->cpus_initial) : NULL;
		p->cpus_final = p->cpus_final ? strdup(p->cpus_final) : NULL;
		p->mempolicy_nodes = p->mempolicy_nodes ? strdup(p->mempolicy_nodes) : NULL;
	}
	spec_free(&s);
	return r;
}

static void build_sched(void)
{
	static const struct {
		const char *process, *linux_, *want;
	} bad[] = {
	    {",\"ioPriority\":{\"class\":\"IOPRIO_CLASS_X\",\"priority\":0}", NULL,
	     "process.ioPriority.class: unknown class \"IOPRIO_CLASS_X\""},
	    {",\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":8}", NULL,
	     "process.ioPriority.priority: 8 is not in [0, 7]"},
	    {",\"ioPriority\":{\"class\":\"IOPRIO_CLASS_BE\",\"priority\":-1}", NULL,
	     "process.ioPriority.priority: -1 is not in [0, 7]"},
	    {",\"scheduler\":{\"policy\":\"SCHED_NOPE\"}", NULL,
	     "process.scheduler.policy: unknown policy \"SCHED_NOPE\""},
	    {",\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"flags\":[\"SCHED_FLAG_RESET_ON_FORK\","
	     "\"SCHED_FLAG_X\"]}",
	     NULL, "process.scheduler.flags[1]: unknown flag \"SCHED_FLAG_X\""},
	    {",\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"nice\":20}", NULL,
	     "process.scheduler.nice: 20 is not in [-20, 19]"},
	    {",\"scheduler\":{\"policy\":\"SCHED_FIFO\"}", NULL,
	     "process.scheduler.priority: SCHED_FIFO needs a priority in [1, 99]"},
	    {",\"scheduler\":{\"policy\":\"SCHED_RR\",\"priority\":100}", NULL,
	     "process.scheduler.priority: SCHED_RR needs a priority in [1, 99]"},
	    {",\"scheduler\":{\"policy\":\"SCHED_BATCH\",\"priority\":1}", NULL,
	     "process.scheduler.priority: must be 0 for SCHED_BATCH, got 1"},
	    {",\"scheduler\":{\"policy\":\"SCHED_OTHER\",\"runtime\":1}", NULL,
	     "process.scheduler.runtime: only for SCHED_DEADLINE"},
	    {",\"scheduler\":{\"policy\":\"SCHED_RR\",\"priority\":1,\"period\":1}", NULL,
	     "process.scheduler.period: only for SCHED_DEADLINE"},
	    {",\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"runtime\":2,\"deadline\":1}", NULL,
	     "process.scheduler.runtime: must not exceed deadline"},
	    {",\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"runtime\":1,\"deadline\":3,"
	     "\"period\":2}",
	     NULL, "process.scheduler.deadline: must not exceed period"},
	    {",\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"deadline\":3}", NULL,
	     "process.scheduler.runtime: SCHED_DEADLINE needs a non-zero value"},
	    {",\"execCPUAffinity\":{\"initial\":\"0-\"}", NULL,
	     "process.execCPUAffinity.initial: \"0-\" is not a cpu list such as \"0-1,3\""},
	    {",\"execCPUAffinity\":{\"final\":\"x\"}", NULL,
	     "process.execCPUAffinity.final: \"x\" is not a cpu list such as \"0-1,3\""},
	    {"", "{\"personality\":{\"domain\":\"LINUX64\"}}",
	     "linux.personality.domain: unknown domain \"LINUX64\""},
	    {"", "{\"personality\":{\"domain\":\"LINUX\",\"flags\":[\"NOPE\"]}}",
	     "linux.personality.flags[0]: unknown flag \"NOPE\""},
	};
	lxr_error *err = NULL;
	init_params p;

	ok(build_json(
	       ",\"ioPriority\":{\"class\":\"IOPRIO_CLASS_IDLE\",\"priority\":0},"
	       "\"scheduler\":{\"policy\":\"SCHED_DEADLINE\",\"runtime\":10,\"deadline\":20,"
	       "\"period\":30,\"flags\":[\"SCHED_FLAG_RESET_ON_FORK\",\"SCHED_FLAG_DL_OVERRUN\"]},"
	       "\"execCPUAffinity\":{\"initial\":\"0\",\"final\":\"0-1\"}",
	       "{\"personality\":{\"domain\":\"LINUX32\",\"flags\":[\"ADDR_NO_RANDOMIZE\"]}}", &p,
	       &err) == 0,
	   "every new field builds (%s)", err ? err->msg : "ok");
	lxr_error_free(&err);
	ok(p.has_ioprio && p.ioprio == 3 << 13, "ioprio: class << 13 | priority");
	ok(p.has_sched && p.sched.policy == 6 && p.sched.flags == 0x05 && p.sched.runtime == 10 &&
	       p.sched.deadline == 20 && p.sched.period == 30,
	   "scheduler");
	is_str(p.cpus_initial, "0", "initial cpus");
	is_str(p.cpus_final, "0-1", "final cpus");
	ok(p.has_personality && p.personality == (PER_LINUX32 | ADDR_NO_RANDOMIZE), "personality");
	free(p.cpus_initial);
	free(p.cpus_final);
	p.cpus_initial = p.cpus_final = NULL;
	init_build_free(&p);

	ok(build_json(",\"scheduler\":{\"policy\":\"SCHED_RR\",\"priority\":5,\"nice\":-3}", NULL,
		      &p, &err) == 0 &&
	       p.sched.policy == 2 && p.sched.priority == 5 && p.sched.nice == -3 &&
	       !p.has_ioprio && !p.has_personality && p.cpus_initial == NULL,
	   "SCHED_RR with a priority; the rest stays absent");
	lxr_error_free(&err);
	init_build_free(&p);

	ok(build_json(",\"ioPriority\":{\"priority\":1}", NULL, &p, &err) == -2, "class required");
	is_str(err ? err->msg : NULL, "process.ioPriority.class: required",
	       "class required message");
	lxr_error_free(&err);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(build_json(bad[i].process, bad[i].linux_, &p, &err) == -1, "rejected: %s",
		   bad[i].want);
		is_str(err ? err->msg : NULL, bad[i].want, "message names the field");
		lxr_error_free(&err);
	}
}

/* linux.memoryPolicy: built from the spec, through its record, and refused by name. */
static void mempolicy(void)
{
	static const struct {
		const char *linux_, *want;
	} bad[] = {
	    {"{\"memoryPolicy\":{\"mode\":\"MPOL_X\"}}",
	     "linux.memoryPolicy.mode: unknown mode \"MPOL_X\""},
	    {"{\"memoryPolicy\":{\"mode\":\"MPOL_BIND\",\"nodes\":\"0\",\"flags\":[\"F\"]}}",
	     "linux.memoryPolicy.flags[0]: unknown flag \"F\""},
	    {"{\"memoryPolicy\":{\"mode\":\"MPOL_BIND\",\"nodes\":\"1,\"}}",
	     "linux.memoryPolicy.nodes: \"1,\" is not a node list such as \"0-3,7\" (nodes below "
	     "1024)"},
	    {"{\"memoryPolicy\":{\"mode\":\"MPOL_PREFERRED_MANY\"}}",
	     "linux.memoryPolicy.nodes: MPOL_PREFERRED_MANY needs at least one node"},
	    {"{\"memoryPolicy\":{\"mode\":\"MPOL_LOCAL\",\"nodes\":\"0\"}}",
	     "linux.memoryPolicy.nodes: MPOL_LOCAL takes no nodes"},
	    {"{\"memoryPolicy\":{\"mode\":\"MPOL_DEFAULT\",\"flags\":[\"MPOL_F_NUMA_BALANCING\"]}}",
	     "linux.memoryPolicy.flags: MPOL_DEFAULT takes no flags"},
	    {"{\"memoryPolicy\":{\"mode\":\"MPOL_BIND\",\"nodes\":\"0\",\"flags\":["
	     "\"MPOL_F_RELATIVE_NODES\",\"MPOL_F_STATIC_NODES\"]}}",
	     "linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each "
	     "other"},
	};
	lxr_error *err = NULL;
	init_params p, out;
	size_t len = 0;
	char *buf;

	ok(build_json("",
		      "{\"memoryPolicy\":{\"mode\":\"MPOL_INTERLEAVE\",\"nodes\":\"0-3,7\","
		      "\"flags\":[\"MPOL_F_STATIC_NODES\"]}}",
		      &p, &err) == 0,
	   "memoryPolicy builds (%s)", err ? err->msg : "ok");
	lxr_error_free(&err);
	ok(p.has_mempolicy && p.mempolicy_mode == (INIT_MPOL_INTERLEAVE | INIT_MPOL_F_STATIC_NODES),
	   "mode | flags");
	/* the strings build_json's spec lent (args, env, cwd, paths) are freed with
	 * it: round-trip the policy alone */
	{
		init_params q;

		memset(&q, 0, sizeof(q));
		q.notify_fd = -1;
		q.has_mempolicy = p.has_mempolicy;
		q.mempolicy_mode = p.mempolicy_mode;
		q.mempolicy_nodes = p.mempolicy_nodes;
		buf = init_params_serialize(&q, &len);
	}
	ok(buf != NULL && init_params_parse(buf, len, &out) == 0 && out.has_mempolicy &&
	       out.mempolicy_mode == (INIT_MPOL_INTERLEAVE | INIT_MPOL_F_STATIC_NODES),
	   "mempolicy record round trip");
	is_str(out.mempolicy_nodes, "0-3,7", "nodes round trip");
	init_params_free(&out);
	free(buf);
	free(p.mempolicy_nodes); /* build_json's copy */
	init_build_free(&p);

	ok(build_json("", "{\"memoryPolicy\":{\"mode\":\"MPOL_LOCAL\",\"nodes\":\"\"}}", &p,
		      &err) == 0 &&
	       p.has_mempolicy && p.mempolicy_mode == INIT_MPOL_LOCAL && p.mempolicy_nodes == NULL,
	   "MPOL_LOCAL, empty nodes: none");
	lxr_error_free(&err);
	{
		init_params q;

		memset(&q, 0, sizeof(q));
		q.notify_fd = -1;
		q.has_mempolicy = p.has_mempolicy;
		q.mempolicy_mode = p.mempolicy_mode;
		buf = init_params_serialize(&q, &len);
	}
	ok(buf != NULL && init_params_parse(buf, len, &out) == 0 && out.has_mempolicy &&
	       out.mempolicy_mode == INIT_MPOL_LOCAL && out.mempolicy_nodes == NULL,
	   "a policy without nodes round trips");
	init_params_free(&out);
	free(buf);
	init_build_free(&p);

	ok(build_json("", NULL, &p, &err) == 0 && !p.has_mempolicy, "absent: no policy");
	init_build_free(&p);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(build_json("", bad[i].linux_, &p, &err) == -1, "rejected: %s", bad[i].want);
		is_str(err ? err->msg : NULL, bad[i].want, "message names the field");
		lxr_error_free(&err);
	}

	static const char *const malformed_recs[] = {"mempolicy=", "mempolicy=2", "mempolicy=x,0",
						     "mempolicy=2,0-", "mempolicy=2,1024"};
	for (size_t i = 0; i < sizeof(malformed_recs) / sizeof(malformed_recs[0]); i++)
		ok(init_params_parse(malformed_recs[i], strlen(malformed_recs[i]) + 1, &out) < 0,
		   "malformed: %s", malformed_recs[i]);
}

/* The r* mount options and [no]symfollow become mount_setattr attributes, a
 * later option winning; in a user namespace the device nodes are bound. */
static void build_mount_attrs(void)
{
	char *opts[] = {"rbind", "rro", "rnosuid", "rrw", "rnoatime", "nosymfollow"};
	char *opts2[] = {"rstrictatime", "rsuid", "symfollow"};
	char *args[] = {"sh", NULL};
	spec_mount mnts[] = {
	    {.destination = "/a", .type = "bind", .source = "/s", .options = opts, .n_options = 6},
	    {.destination = "/b",
	     .type = "tmpfs",
	     .source = "tmpfs",
	     .options = opts2,
	     .n_options = 3},
	    {.destination = "/dev", .type = "tmpfs", .source = "tmpfs"}};
	spec_namespace ns[] = {{.type = SPEC_NS_USER}};
	spec_config s = {.has_process = true, .has_linux = true};
	lxr_error *err = NULL;
	init_params p, q;
	size_t len = 0;
	char *buf;

	s.process.args = args;
	s.process.n_args = 1;
	s.process.cwd = "/";
	s.mounts = mnts;
	s.n_mounts = 3;
	s.linux_.namespaces = ns;
	s.linux_.n_namespaces = 1;
	if (!ok(init_build(&s, &p, &err) == 0 && p.n_propagations == 2,
		"two mounts with attributes"))
		return;
	ok(p.propagations[0].rec_set == (INIT_MOUNT_ATTR_NOSUID | INIT_MOUNT_ATTR_NOATIME) &&
	       p.propagations[0].rec_clr == (INIT_MOUNT_ATTR_RDONLY | INIT_MOUNT_ATTR__ATIME),
	   "rro then rrw: cleared; rnosuid set; rnoatime replaces the atime value");
	ok(p.propagations[0].set == INIT_MOUNT_ATTR_NOSYMFOLLOW && p.propagations[0].clr == 0,
	   "nosymfollow on the mount alone");
	ok(p.propagations[1].rec_set == INIT_MOUNT_ATTR_STRICTATIME &&
	       p.propagations[1].rec_clr == (INIT_MOUNT_ATTR__ATIME | INIT_MOUNT_ATTR_NOSUID) &&
	       p.propagations[1].clr == INIT_MOUNT_ATTR_NOSYMFOLLOW,
	   "rstrictatime, rsuid, symfollow");
	ok(p.devices_bound && p.n_devices == 6, "user namespace: the default devices are bound");
	buf = init_params_serialize(&p, &len);
	ok(buf && init_params_parse(buf, len, &q) == 0 && q.n_propagations == 2 &&
	       q.propagations[0].rec_set == p.propagations[0].rec_set &&
	       q.propagations[0].rec_clr == p.propagations[0].rec_clr &&
	       q.propagations[1].clr == p.propagations[1].clr && q.devices_bound,
	   "attributes and devices_bound survive the round trip");
	is_str(q.propagations[1].target, "/b", "target");
	init_params_free(&q);
	free(buf);
	init_build_free(&p);
}

int main(void)
{
	round_trip();
	malformed();
	build();
	round_trip_sched();
	cpulists();
	build_sched();
	build_mount_attrs();
	mempolicy();
	return tap_done();
}
