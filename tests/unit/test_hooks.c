/* The hook lists' serialisation, the state hooks get, the hook runner (stdin,
 * args, env, exit status, output tail, timeout) and the mount hook line. */
#include "config.h"
#include "hook_run.h"
#include "hook_set.h"
#include "hooks.h"
#include "lxc_config.h"
#include "spec.h"
#include "tap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *spec_json =
    "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"rootfs\"},\"process\":{\"cwd\":\"/"
    "\",\"user\":{\"uid\":0,\"gid\":0},"
    "\"args\":[\"sh\"]},\"hooks\":{\"prestart\":[{\"path\":\"/bin/a\"}],"
    "\"createRuntime\":[{\"path\":\"/bin/b\",\"args\":[\"b\",\"x y\"],\"env\":[\"K=v\"],"
    "\"timeout\":5}],\"startContainer\":[{\"path\":\"/c\"}],"
    "\"poststop\":[{\"path\":\"/d\"},{\"path\":\"/e\",\"args\":[]}]},"
    "\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";

static void test_round_trip(void)
{
	spec_config spec = {0};
	lxr_error *err = NULL;
	hook_set s = {0}, back = {0}, only = {0};
	char *buf = NULL;
	size_t len = 0;

	if (!ok(spec_parse(spec_json, strlen(spec_json), &spec, &err) == 0, "spec parses (%s)",
		err ? err->msg : ""))
		return;
	hooks_from_spec(&spec, &s);
	ok(s.n[HOOK_PRESTART] == 1 && s.n[HOOK_CREATE_RUNTIME] == 1 &&
	       s.n[HOOK_CREATE_CONTAINER] == 0 && s.n[HOOK_START_CONTAINER] == 1 &&
	       s.n[HOOK_POSTSTART] == 0 && s.n[HOOK_POSTSTOP] == 2,
	   "hooks_from_spec: every list");
	ok(s.list[HOOK_PRESTART][0].args == NULL && s.list[HOOK_PRESTART][0].env == NULL &&
	       s.list[HOOK_PRESTART][0].timeout == 0,
	   "no args, env or timeout: argv {path}, empty env, no timeout");
	ok(s.list[HOOK_POSTSTOP][1].args == NULL, "an empty args array is argv {path}");
	ok(hooks_spec_has_create(&spec), "prestart is a create-time hook");

	buf = hook_set_serialize(&s, ~0U, &len);
	ok(buf && hook_set_parse(buf, len, &back) == 0, "serialise, parse back");
	ok(back.n[HOOK_CREATE_RUNTIME] == 1 && back.n[HOOK_POSTSTOP] == 2, "lists survive");
	is_str(back.list[HOOK_CREATE_RUNTIME][0].path, "/bin/b", "path");
	is_str(back.list[HOOK_CREATE_RUNTIME][0].args[1], "x y", "args in order");
	ok(back.list[HOOK_CREATE_RUNTIME][0].args[2] == NULL, "args NULL-terminated");
	is_str(back.list[HOOK_CREATE_RUNTIME][0].env[0], "K=v", "env");
	ok(back.list[HOOK_CREATE_RUNTIME][0].timeout == 5, "timeout");
	is_str(back.list[HOOK_POSTSTOP][1].path, "/e", "order within a list");
	free(buf);

	buf = hook_set_serialize(&s, 1U << HOOK_START_CONTAINER, &len);
	ok(buf && hook_set_parse(buf, len, &only) == 0 && only.n[HOOK_START_CONTAINER] == 1 &&
	       only.n[HOOK_PRESTART] == 0 && only.n[HOOK_POSTSTOP] == 0,
	   "serialise one list only");
	free(buf);
	hook_set_free(&only);
	hook_set_free(&back);
	hook_set_free(&s);
	spec_free(&spec);

	memset(&s, 0, sizeof(s));
	buf = hook_set_serialize(&s, ~0U, &len);
	ok(buf && len == 0 && hook_set_parse(buf, len, &back) == 0 && !hook_set_any(&back),
	   "an empty set");
	free(buf);
}

static bool parse_fails(const char *buf, size_t len)
{
	hook_set s;

	return hook_set_parse(buf, len, &s) < 0;
}

static void test_malformed(void)
{
	ok(parse_fails("path=/x", 8), "a record before any hook=");
	ok(parse_fails("hook=bogus\0path=/x", 19), "an unknown list");
	ok(parse_fails("hook=poststop\0", 14), "a hook without a path");
	ok(parse_fails("hook=poststop\0path=/x\0timeout=-1", 34), "a negative timeout");
	ok(parse_fails("hook=poststop\0path=/x\0timeout=1x", 34), "a timeout with junk");
	ok(parse_fails("hook=poststop\0path=/x\0what=1", 30), "an unknown key");
	ok(parse_fails("hook=poststop\0path=/x\0noequals", 31), "a record without =");
	ok(parse_fails("hook=poststop\0path=/x", 21), "a record without its NUL");
	is_str(hook_kind_name(HOOK_CREATE_CONTAINER), "createContainer", "kind names");
	ok(hook_kind_name(HOOK_KINDS) == NULL, "no name past the last kind");
}

static void test_state_json(void)
{
	container_state st = {.id = "c1", .bundle = "/b\"q", .annotations_json = "{\"a\":\"b\"}"};
	char *j = hooks_state_json(&st, "creating", 42);

	is_str(j,
	       "{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":42,"
	       "\"bundle\":\"/b\\\"q\",\"annotations\":{\"a\":\"b\"}}",
	       "state JSON (escaped bundle, annotations verbatim)");
	free(j);
}

static hook_def sh_hook(const char *script, char **env, int timeout)
{
	static char *argv[4];

	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = (char *)script;
	argv[3] = NULL;
	return (hook_def){.path = "/bin/sh", .args = argv, .env = env, .timeout = timeout};
}

static void test_run(void)
{
	char msg[1024], *env[] = {"K=v w", NULL};
	hook_def h;
	long long t0;

	h = sh_hook("read -r s; test \"$s\" = '{\"x\":1}'", NULL, 0);
	ok(hook_run(&h, "{\"x\":1}\n", NULL, msg, sizeof(msg)) == 0, "the state arrives on stdin");
	/* (sh exports PWD itself) */
	h = sh_hook("test \"$(env | grep -v ^PWD= | tr '\\n' ' ')\" = 'K=v w '", env, 0);
	ok(hook_run(&h, "", NULL, msg, sizeof(msg)) == 0, "exactly the hook's env");
	h = sh_hook("test \"$(pwd)\" = /tmp && test \"$0\" = sh", NULL, 0);
	ok(hook_run(&h, "", "/tmp", msg, sizeof(msg)) == 0, "cwd and argv[0]");
	h = sh_hook("ls /proc/self/fd | wc -l | { read n; test $n -le 4; }", NULL, 0);
	ok(hook_run(&h, "", NULL, msg, sizeof(msg)) == 0, "nothing but stdio is open");
	h = sh_hook("echo out; echo err >&2; exit 3", NULL, 0);
	ok(hook_run(&h, "", NULL, msg, sizeof(msg)) < 0, "a non-zero exit fails");
	is_str(msg, "exited with status 3: out err", "status and output tail");
	h = sh_hook("kill -9 $$", NULL, 0);
	ok(hook_run(&h, "", NULL, msg, sizeof(msg)) < 0, "a signal fails");
	is_str(msg, "killed by signal 9", "the signal");
	h = sh_hook("exec 0<&-; exit 0", NULL, 0);
	ok(hook_run(&h, "", NULL, msg, sizeof(msg)) == 0, "a hook that never reads stdin");
	{
		/* more than a pipe holds, to a hook that does not read it: no SIGPIPE, no hang */
		char *big = xmalloc(1 << 20);

		memset(big, 'a', (1 << 20) - 1);
		big[(1 << 20) - 1] = '\0';
		h = sh_hook("exit 0", NULL, 2);
		ok(hook_run(&h, big, NULL, msg, sizeof(msg)) == 0, "a large state, unread");
		h = sh_hook("wc -c | { read n; test $n -eq 1048575; }", NULL, 5);
		ok(hook_run(&h, big, NULL, msg, sizeof(msg)) == 0, "a large state, read whole");
		free(big);
	}
	h = sh_hook("echo slow; exec sleep 10", NULL, 1);
	t0 = now_ms();
	ok(hook_run(&h, "", NULL, msg, sizeof(msg)) < 0 && now_ms() - t0 < 3000,
	   "a timeout kills the hook at its deadline");
	is_str(msg, "timed out after 1 s: slow", "the timeout");
	h = (hook_def){.path = "/no/such/hook"};
	ok(hook_run(&h, "", NULL, msg, sizeof(msg)) < 0, "a missing program fails");
	is_str(msg, "exited with status 127: exec `/no/such/hook`: No such file or directory",
	       "the exec error");
	{
		char *long_out =
		    "i=0; while [ $i -lt 200 ]; do echo line$i; i=$((i+1)); done; exit 1";

		h = sh_hook(long_out, NULL, 0);
		ok(hook_run(&h, "", NULL, msg, sizeof(msg)) < 0 && strstr(msg, "line199") &&
		       !strstr(msg, "line1 ") && strlen(msg) < HOOK_OUTPUT_TAIL + 64,
		   "only the tail of a long output");
	}
}

static void test_run_list(void)
{
	hook_def l[2];
	hook_set s = {0};
	char msg[1024];

	l[0] = (hook_def){.path = "/bin/true"};
	l[1] = (hook_def){.path = "/bin/false"};
	s.list[HOOK_POSTSTART] = l;
	s.n[HOOK_POSTSTART] = 2;
	ok(hook_run_list(&s, HOOK_POSTSTART, "{}", NULL, msg, sizeof(msg)) < 0, "a list fails");
	is_str(msg, "hooks.poststart[1] `/bin/false`: exited with status 1", "naming the hook");
	ok(hook_run_list(&s, HOOK_POSTSTOP, "{}", NULL, msg, sizeof(msg)) == 0,
	   "an empty list succeeds");
}

/* The mount hook line quotes its words for liblxc's `sh -c "exec <value>"`. */
static void test_mount_hook_line(void)
{
	const char *json = "{\"ociVersion\":\"1.2.0\",\"root\":{\"path\":\"r\"},\"process\":{"
			   "\"user\":{\"uid\":0,\"gid\":0},"
			   "\"cwd\":\"/\",\"args\":[\"sh\"]},\"hooks\":{\"createContainer\":[{"
			   "\"path\":\"/x\"}]},\"linux\":{\"namespaces\":[{\"type\":\"mount\"}]}}";
	spec_config spec = {0};
	lxr_error *err = NULL;
	lxc_config_input in = {.id = "c",
			       .rootfs = "/r",
			       .state_dir = "/run/s",
			       .layout = CGROUP_LAYOUT_UNIFIED,
			       .cgroup_path = "a",
			       .monitor_cgroup_path = "a.m",
			       .hook_program = "/usr/lib/it's $(x)/lxcrun-hook",
			       .hook_ready_fd = 7};
	char *text = NULL;

	if (!ok(spec_parse(json, strlen(json), &spec, &err) == 0, "createContainer spec parses"))
		return;
	text = lxc_config_render(&spec, &in, &err);
	ok(text && strstr(text, "\nlxc.hook.mount = '/usr/lib/it'\\''s $(x)/lxcrun-hook' create "
				"7\n"),
	   "the program is single-quoted, a quote escaped");
	free(text);
	in.hook_program = NULL;
	ok(lxc_config_render(&spec, &in, &err) == NULL && err && strstr(err->msg, "hooks"),
	   "no lxcrun-hook, no create-time hooks");
	lxr_error_free(&err);
	spec_free(&spec);
}

int main(void)
{
	test_round_trip();
	test_malformed();
	test_state_json();
	test_run();
	test_run_list();
	test_mount_hook_line();
	return tap_done();
}
