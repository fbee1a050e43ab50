/* init_params round trip and the parser's refusal of malformed input; init_build's
 * translation of capabilities, rlimits and devices. */
#include "config.h"
#include "init_build.h"
#include "init_params.h"
#include "tap.h"

#include <stdlib.h>
#include <sys/resource.h>

static void round_trip(void)
{
	char *args[] = {"/bin/sh", "-c", "echo a=b", NULL}, *env[] = {"PATH=/bin", "X=", NULL};
	char *masked[] = {"/proc/kcore"}, *ro[] = {"/proc/sys"};
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
			  .cwd = "/work dir",
			  .domainname = "example.org",
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
	init_build_free(&p);

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

int main(void)
{
	round_trip();
	malformed();
	build();
	return tap_done();
}
