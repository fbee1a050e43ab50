/* exec_build: how an exec request combines with the container's process settings. */
#include "config.h"
#include "exec_build.h"
#include "init_build.h"
#include "tap.h"

#include <string.h>

/* The container's own parameters, as create saved them. */
static void container_params(init_params *c)
{
	static char *args[] = {"sleep", "1000", NULL};
	static char *env[] = {"PATH=/bin", "A=1", NULL};
	static gid_t gids[] = {10};
	static init_rlimit rl[] = {{7, 100, 200}};
	static unsigned char bpf[8] = {6, 0, 0, 0, 0, 0, 0xff, 0x7f};

	memset(c, 0, sizeof(*c));
	c->ready_fd = c->fifo_fd = c->console_fd = -1;
	c->args = args;
	c->n_args = 2;
	c->env = env;
	c->n_env = 2;
	c->cwd = "/work";
	c->uid = 5;
	c->gid = 6;
	c->gids = gids;
	c->n_gids = 1;
	c->has_umask = true;
	c->umask = 077;
	c->has_caps = true;
	c->caps[CAPSET_BOUNDING] = c->caps[CAPSET_EFFECTIVE] = c->caps[CAPSET_PERMITTED] = 1 << 5;
	c->no_new_privs = true;
	c->rlimits = rl;
	c->n_rlimits = 1;
	c->seccomp_bpf = bpf;
	c->seccomp_len = 8;
	c->hostname = "ctr";
	c->apparmor_profile = "ctr-profile";
}

static char *parse_ok(const char *json, spec_process *p)
{
	lxr_error *err = NULL;

	if (spec_parse_process(json, strlen(json), p, &err) < 0) {
		lxr_error_free(&err);
		return NULL;
	}
	return "ok";
}

/* ioPriority, scheduler, execCPUAffinity: the process JSON's, else the container's;
 * linux.personality always the container's. */
static void sched_fields(init_params *c)
{
	char *cmd[] = {"sh"};
	exec_request rq = {.args = cmd, .n_args = 1};
	lxr_error *err = NULL;
	init_params out;
	spec_process p;

	c->has_ioprio = true;
	c->ioprio = 2 << 13 | 4;
	c->has_sched = true;
	c->sched = (init_sched){.policy = 3, .nice = 5};
	c->cpus_initial = "0";
	c->cpus_final = "0-1";
	c->has_personality = true;
	c->personality = 8;
	c->has_mempolicy = true;
	c->mempolicy_mode = 3;
	c->mempolicy_nodes = "0-1";

	ok(exec_build(c, &rq, &out, &err) == 0 && out.has_ioprio && out.ioprio == (2 << 13 | 4) &&
	       out.has_sched && out.sched.policy == 3 && out.sched.nice == 5 &&
	       out.has_personality && out.personality == 8,
	   "command line: the container's ioPriority, scheduler and personality");
	is_str(out.cpus_initial, "0", "command line: the container's initial cpus");
	is_str(out.cpus_final, "0-1", "command line: the container's final cpus");
	ok(out.has_mempolicy && out.mempolicy_mode == 3, "the container's memory policy");
	is_str(out.mempolicy_nodes, "0-1", "the container's memory policy nodes");
	init_params_free(&out);

	ok(parse_ok("{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"id\"],\"cwd\":\"/\"}", &p) != NULL,
	   "plain process parses");
	rq.process = &p;
	ok(exec_build(c, &rq, &out, &err) == 0 && out.has_ioprio && out.has_sched &&
	       out.sched.nice == 5 && out.cpus_initial && out.cpus_final && out.has_personality,
	   "process JSON without them: the container's");
	init_params_free(&out);
	spec_process_free(&p);

	ok(parse_ok("{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"id\"],\"cwd\":\"/\","
		    "\"ioPriority\":{\"class\":\"IOPRIO_CLASS_IDLE\",\"priority\":0},"
		    "\"scheduler\":{\"policy\":\"SCHED_IDLE\"},"
		    "\"execCPUAffinity\":{\"final\":\"1\"}}",
		    &p) != NULL,
	   "process with its own parses");
	ok(exec_build(c, &rq, &out, &err) == 0 && out.ioprio == 3 << 13 && out.sched.policy == 5 &&
	       out.sched.nice == 0 && out.cpus_initial == NULL && out.personality == 8,
	   "process JSON's own; execCPUAffinity replaced as a whole");
	is_str(out.cpus_final, "1", "process JSON's final cpus");
	init_params_free(&out);
	spec_process_free(&p);

	ok(parse_ok("{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"id\"],\"cwd\":\"/\","
		    "\"scheduler\":{\"policy\":\"SCHED_FIFO\"}}",
		    &p) != NULL,
	   "FIFO without priority parses");
	ok(exec_build(c, &rq, &out, &err) < 0, "exec: invalid scheduler rejected");
	is_str(err ? err->msg : NULL,
	       "process.scheduler.priority: SCHED_FIFO needs a priority in [1, 99]",
	       "exec error names the field");
	lxr_error_free(&err);
	spec_process_free(&p);
}

int main(void)
{
	init_params c, out;
	lxr_error *err = NULL;
	char *cmd[] = {"sh", "-c", "true"}, *env[] = {"A=2", "B=3"}, *gids[] = {"20"},
	     *caps[] = {"CAP_SYS_ADMIN"}, *badcap[] = {"CAP_NOPE"};
	spec_process p;

	container_params(&c);

	/* command line: the container's settings */
	exec_request rq = {.args = cmd, .n_args = 3};
	ok(exec_build(&c, &rq, &out, &err) == 0, "command line: builds");
	ok(out.exec_mode, "exec mode");
	ok(out.n_args == 3 && strcmp(out.args[2], "true") == 0 && out.args[3] == NULL,
	   "args are the command, NULL-terminated");
	ok(out.n_env == 2 && strcmp(out.env[1], "A=1") == 0, "env is the container's");
	is_str(out.cwd, "/work", "cwd is the container's");
	ok(out.uid == 5 && out.gid == 6 && out.n_gids == 1 && out.gids[0] == 10, "user");
	ok(out.has_umask && out.umask == 077, "umask");
	ok(out.has_caps && out.caps[CAPSET_EFFECTIVE] == 1 << 5, "capabilities");
	ok(out.no_new_privs, "no_new_privs");
	ok(out.n_rlimits == 1 && out.rlimits[0].soft == 100, "rlimits");
	ok(out.seccomp_len == 8 && out.seccomp_bpf[7] == 0x7f, "the container's seccomp filter");
	is_str(out.apparmor_profile, "ctr-profile", "the container's AppArmor profile");
	ok(out.selinux_label == NULL, "no SELinux label");
	ok(out.hostname == NULL && out.n_devices == 0 && !out.terminal,
	   "no container setup in exec mode");
	init_params_free(&out);

	/* flags over the container's settings */
	rq = (exec_request){.args = cmd,
			    .n_args = 3,
			    .env = env,
			    .n_env = 2,
			    .cwd = "/tmp",
			    .user = "7:8",
			    .gids = gids,
			    .n_gids = 1,
			    .caps = caps,
			    .n_caps = 1,
			    .tty = true,
			    .apparmor = "other",
			    .label = "l:r:t:s0"};
	ok(exec_build(&c, &rq, &out, &err) == 0, "flags: builds");
	ok(out.n_env == 3 && strcmp(out.env[0], "PATH=/bin") == 0 &&
	       strcmp(out.env[1], "A=2") == 0 && strcmp(out.env[2], "B=3") == 0,
	   "-e replaces A and adds B");
	is_str(out.cwd, "/tmp", "--cwd");
	ok(out.uid == 7 && out.gid == 8, "--user UID:GID");
	ok(out.n_gids == 2 && out.gids[1] == 20, "--additional-gids appends");
	ok(out.caps[CAPSET_BOUNDING] == ((1ULL << 5) | (1ULL << 21)) &&
	       out.caps[CAPSET_EFFECTIVE] == ((1ULL << 5) | (1ULL << 21)) &&
	       out.caps[CAPSET_AMBIENT] == 0,
	   "--cap adds to bounding, effective, permitted; not ambient without inheritable");
	ok(out.terminal, "--tty");
	is_str(out.apparmor_profile, "other", "--apparmor");
	is_str(out.selinux_label, "l:r:t:s0", "--process-label");
	init_params_free(&out);

	rq = (exec_request){.args = cmd, .n_args = 3, .user = "root"};
	ok(exec_build(&c, &rq, &out, &err) < 0 && strstr(err->msg, "--user"),
	   "--user must be numeric");
	lxr_error_free(&err);
	rq = (exec_request){.args = cmd, .n_args = 3, .caps = badcap, .n_caps = 1};
	ok(exec_build(&c, &rq, &out, &err) < 0 && strstr(err->msg, "CAP_NOPE"),
	   "an unknown --cap is named");
	lxr_error_free(&err);
	rq = (exec_request){.args = cmd, .n_args = 3, .cwd = "rel"};
	ok(exec_build(&c, &rq, &out, &err) < 0 && strstr(err->msg, "--cwd"),
	   "--cwd must be absolute");
	lxr_error_free(&err);
	rq = (exec_request){0};
	ok(exec_build(&c, &rq, &out, &err) < 0, "no command is an error");
	lxr_error_free(&err);

	/* a process JSON: what it leaves out comes from the container */
	ok(parse_ok("{\"user\":{\"uid\":1,\"gid\":2},\"args\":[\"id\"],\"cwd\":\"/\","
		    "\"env\":[\"X=1\",\"X=2\"]}",
		    &p) != NULL,
	   "process JSON parses");
	rq = (exec_request){.process = &p};
	ok(exec_build(&c, &rq, &out, &err) == 0, "process JSON: builds");
	ok(out.n_env == 1 && strcmp(out.env[0], "X=2") == 0, "its env, deduplicated, only");
	ok(out.uid == 1 && out.gid == 2 && out.n_gids == 0, "its user");
	ok(out.has_umask && out.umask == 077, "umask from the container");
	ok(out.has_caps && out.caps[CAPSET_BOUNDING] == 1 << 5, "capabilities from the container");
	ok(out.no_new_privs, "noNewPrivileges from the container");
	ok(out.n_rlimits == 1, "rlimits from the container");
	init_params_free(&out);
	spec_process_free(&p);

	ok(parse_ok("{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"id\"],\"cwd\":\"/\","
		    "\"capabilities\":{\"bounding\":[\"CAP_CHOWN\"]},\"noNewPrivileges\":false,"
		    "\"rlimits\":[{\"type\":\"RLIMIT_NPROC\",\"hard\":9,\"soft\":9}],"
		    "\"terminal\":true,\"consoleSize\":{\"height\":3,\"width\":4}}",
		    &p) != NULL,
	   "process JSON with its own settings parses");
	rq = (exec_request){.process = &p};
	ok(exec_build(&c, &rq, &out, &err) == 0, "builds");
	ok(out.caps[CAPSET_BOUNDING] == 1 && out.caps[CAPSET_EFFECTIVE] == 0, "its capabilities");
	ok(!out.no_new_privs, "its noNewPrivileges: false");
	ok(out.n_rlimits == 1 && out.rlimits[0].soft == 9, "its rlimits");
	ok(out.terminal && out.rows == 3 && out.cols == 4, "terminal and consoleSize");
	init_params_free(&out);
	spec_process_free(&p);

	/* env_dedupe keeps the last value in the order of last occurrence */
	{
		char *e[] = {"A=1", "B=1", "A=2", "AB=3"};
		size_t n = 0;
		char **d = env_dedupe(e, 4, &n);

		ok(n == 3 && strcmp(d[0], "B=1") == 0 && strcmp(d[1], "A=2") == 0 &&
		       strcmp(d[2], "AB=3") == 0 && d[3] == NULL,
		   "env_dedupe");
		free(d);
	}
	sched_fields(&c);
	return tap_done();
}
