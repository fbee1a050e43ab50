/* linux.seccomp -> BPF: the compiled program is run by a small classic-BPF
 * interpreter on made-up seccomp_data, so each test states what the kernel
 * would answer for a syscall and its arguments. Also the errors naming the
 * field, and the program's trip through init_params. */
#include "config.h"
#include "init_build.h"
#include "init_params.h"
#include "seccomp_build.h"
#include "seccomp_notify.h"
#include "spec.h"
#include "tap.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>

#define RET_ALLOW	 0x7fff0000U
#define RET_ERRNO(e)	 (0x00050000U | (e))
#define RET_TRACE(e)	 (0x7ff00000U | (e))
#define RET_TRAP	 0x00030000U
#define RET_LOG		 0x7ffc0000U
#define RET_USER_NOTIF	 0x7fc00000U
#define RET_KILL_THREAD	 0x00000000U
#define RET_KILL_PROCESS 0x80000000U

/* Runs a classic BPF program over d; returns the RET value (0xdeadbeef on a bad program). */
static uint32_t bpf_run(const unsigned char *bpf, size_t len, const struct seccomp_data *d)
{
	const struct sock_filter *f = (const struct sock_filter *)(const void *)bpf;
	size_t n = len / sizeof(*f);
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = {0};

	for (size_t pc = 0; pc < n; pc++) {
		const struct sock_filter *i = &f[pc];
		uint32_t src = BPF_SRC(i->code) == BPF_X ? x : i->k;

		switch (BPF_CLASS(i->code)) {
		case BPF_LD:
			if (BPF_MODE(i->code) == BPF_ABS && i->k + 4 <= sizeof(*d))
				memcpy(&a, (const char *)d + i->k, 4);
			else if (BPF_MODE(i->code) == BPF_IMM)
				a = i->k;
			else if (BPF_MODE(i->code) == BPF_MEM && i->k < BPF_MEMWORDS)
				a = mem[i->k];
			else
				return 0xdeadbeef;
			break;
		case BPF_LDX:
			x = BPF_MODE(i->code) == BPF_IMM ? i->k : mem[i->k % BPF_MEMWORDS];
			break;
		case BPF_ST:
			mem[i->k % BPF_MEMWORDS] = a;
			break;
		case BPF_STX:
			mem[i->k % BPF_MEMWORDS] = x;
			break;
		case BPF_ALU:
			switch (BPF_OP(i->code)) {
			case BPF_ADD:
				a += src;
				break;
			case BPF_SUB:
				a -= src;
				break;
			case BPF_MUL:
				a *= src;
				break;
			case BPF_DIV:
				a = src ? a / src : 0;
				break;
			case BPF_AND:
				a &= src;
				break;
			case BPF_OR:
				a |= src;
				break;
			case BPF_XOR:
				a ^= src;
				break;
			case BPF_LSH:
				a <<= src & 31;
				break;
			case BPF_RSH:
				a >>= src & 31;
				break;
			case BPF_NEG:
				a = -a;
				break;
			default:
				return 0xdeadbeef;
			}
			break;
		case BPF_JMP: {
			bool t;

			if (BPF_OP(i->code) == BPF_JA) {
				pc += i->k;
				break;
			}
			switch (BPF_OP(i->code)) {
			case BPF_JEQ:
				t = a == src;
				break;
			case BPF_JGT:
				t = a > src;
				break;
			case BPF_JGE:
				t = a >= src;
				break;
			case BPF_JSET:
				t = (a & src) != 0;
				break;
			default:
				return 0xdeadbeef;
			}
			pc += t ? i->jt : i->jf;
			break;
		}
		case BPF_RET:
			return BPF_RVAL(i->code) == BPF_A ? a : i->k;
		case BPF_MISC:
			if (BPF_MISCOP(i->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return 0xdeadbeef;
		}
	}
	return 0xdeadbeef;
}

typedef struct {
	spec_config spec;
	unsigned char *bpf;
	size_t len;
	unsigned int flags;
	char errmsg[512];
} compiled;

/* Parses a config with linux.seccomp = seccomp_json and compiles it; 0 or -1 (errmsg set). */
static int compile(const char *seccomp_json, compiled *c)
{
	char *json = NULL;
	lxr_error *err = NULL;
	int r;

	memset(c, 0, sizeof(*c));
	if (asprintf(&json,
		     "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
		     "\"linux\":{\"seccomp\":%s}}",
		     seccomp_json) < 0)
		abort();
	r = spec_parse(json, strlen(json), &c->spec, &err);
	free(json);
	if (r == 0)
		r = seccomp_build(&c->spec.linux_.seccomp, &c->bpf, &c->len, &c->flags, &err);
	if (r < 0)
		snprintf(c->errmsg, sizeof(c->errmsg), "%s", err ? err->msg : "?");
	lxr_error_free(&err);
	return r;
}

static void release(compiled *c)
{
	free(c->bpf);
	spec_free(&c->spec);
}

/* What the program answers for syscall `name` with args a0, a1 on the native arch. */
static uint32_t eval(const compiled *c, const char *name, uint64_t a0, uint64_t a1)
{
	struct seccomp_data d = {.nr = seccomp_syscall_resolve_name(name),
				 .arch = seccomp_arch_native(),
				 .args = {a0, a1}};

	return bpf_run(c->bpf, c->len, &d);
}

static void test_small_profile(void)
{
	compiled c;

	if (!ok(compile("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
			"{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\"},"
			"{\"names\":[\"getppid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":2}]}",
			&c) == 0,
		"small profile compiles (%s)", c.errmsg))
		return;
	ok(c.len > 0 && c.len % 8 == 0, "program is whole sock_filter entries");
	ok(c.flags == 0, "no flags");
	ok(eval(&c, "mkdirat", 0, 0) == RET_ERRNO(EPERM), "ERRNO defaults to EPERM");
	ok(eval(&c, "getppid", 0, 0) == RET_ERRNO(ENOENT), "errnoRet is honoured");
	ok(eval(&c, "getpid", 0, 0) == RET_ALLOW, "other syscalls get the default action");
	release(&c);

	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,"
		       "\"syscalls\":[{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
		       &c) == 0,
	       "allow-list compiles (%s)", c.errmsg)) {
		ok(eval(&c, "getpid", 0, 0) == RET_ALLOW, "allow-listed syscall allowed");
		ok(eval(&c, "getppid", 0, 0) == RET_ERRNO(38), "defaultErrnoRet is honoured");
		release(&c);
	}
	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ERRNO\"}", &c) == 0,
	       "default ERRNO alone compiles (%s)", c.errmsg)) {
		ok(eval(&c, "getpid", 0, 0) == RET_ERRNO(EPERM), "defaultAction ERRNO is EPERM");
		release(&c);
	}
}

static void test_actions(void)
{
	static const struct {
		const char *name;
		uint32_t ret;
	} cases[] = {
	    {"SCMP_ACT_KILL", RET_KILL_THREAD},
	    {"SCMP_ACT_KILL_PROCESS", RET_KILL_PROCESS},
	    {"SCMP_ACT_KILL_THREAD", RET_KILL_THREAD},
	    {"SCMP_ACT_TRAP", RET_TRAP},
	    {"SCMP_ACT_ERRNO", RET_ERRNO(EPERM)},
	    {"SCMP_ACT_TRACE", RET_TRACE(EPERM)},
	    {"SCMP_ACT_LOG", RET_LOG},
	    {"SCMP_ACT_ALLOW", RET_ALLOW},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* ALLOW needs another default to be visible */
		const char *def = strcmp(cases[i].name, "SCMP_ACT_ALLOW") == 0 ? "SCMP_ACT_TRAP"
									       : "SCMP_ACT_ALLOW";
		char json[512];
		compiled c;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\":\"%s\",\"syscalls\":[{\"names\":[\"getpid\"],"
			 "\"action\":\"%s\"}]}",
			 def, cases[i].name);
		if (!ok(compile(json, &c) == 0, "%s compiles (%s)", cases[i].name, c.errmsg))
			continue;
		ok(eval(&c, "getpid", 0, 0) == cases[i].ret, "%s -> %#x (got %#x)", cases[i].name,
		   cases[i].ret, eval(&c, "getpid", 0, 0));
		release(&c);
		/* the same as the default action: the rule is dropped, not an error */
		snprintf(json, sizeof(json),
			 "{\"defaultAction\":\"%s\",\"syscalls\":[{\"names\":[\"getpid\"],"
			 "\"action\":\"%s\"}]}",
			 cases[i].name, cases[i].name);
		if (ok(compile(json, &c) == 0, "%s as default and rule compiles (%s)",
		       cases[i].name, c.errmsg)) {
			ok(eval(&c, "getppid", 0, 0) == cases[i].ret, "%s as default action",
			   cases[i].name);
			release(&c);
		}
	}
	ok(seccomp_action_from_name("SCMP_ACT_TRACE", true, 7) == RET_TRACE(7),
	   "TRACE carries errnoRet");
	ok(seccomp_action_from_name("SCMP_ACT_NOTIFY", false, 0) == RET_USER_NOTIF,
	   "NOTIFY is SECCOMP_RET_USER_NOTIF");
	ok(seccomp_action_from_name("SCMP_ACT_FOO", false, 0) == -1, "unknown action");
}

/* One rule on write with the given args JSON; checks arg0 values against expectations. */
static void check_op(const char *args, const uint64_t *vals, const bool *hit, size_t n,
		     const char *what)
{
	char json[1024];
	compiled c;
	bool all = true;

	snprintf(json, sizeof(json),
		 "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"write\"],"
		 "\"action\":\"SCMP_ACT_ERRNO\",\"args\":%s}]}",
		 args);
	if (!ok(compile(json, &c) == 0, "%s compiles (%s)", what, c.errmsg))
		return;
	for (size_t i = 0; i < n; i++) {
		uint32_t r = eval(&c, "write", vals[i], 0);

		if (r != (hit[i] ? RET_ERRNO(EPERM) : RET_ALLOW)) {
			printf("# %s: arg0=%#llx gave %#x\n", what, (unsigned long long)vals[i], r);
			all = false;
		}
	}
	ok(all, "%s", what);
	release(&c);
}

static void test_arg_ops(void)
{
	const uint64_t v[] = {4, 5, 6, 0x100000005ULL};
#define OP(op, value, h0, h1, h2, h3)                                                              \
	check_op("[{\"index\":0,\"value\":" #value ",\"op\":\"" op "\"}]", v,                      \
		 (const bool[]){h0, h1, h2, h3}, 4, op)
	OP("SCMP_CMP_EQ", 5, false, true, false, false);
	OP("SCMP_CMP_NE", 5, true, false, true, true);
	OP("SCMP_CMP_LT", 5, true, false, false, false);
	OP("SCMP_CMP_LE", 5, true, true, false, false);
	OP("SCMP_CMP_GT", 5, false, false, true, true);
	OP("SCMP_CMP_GE", 5, false, true, true, true);
#undef OP
	/* (arg & 0xff) == 5: the 64-bit value matches too */
	check_op("[{\"index\":0,\"value\":255,\"valueTwo\":5,\"op\":\"SCMP_CMP_MASKED_EQ\"}]", v,
		 (const bool[]){false, true, false, true}, 4, "SCMP_CMP_MASKED_EQ");
	check_op("[{\"index\":0,\"value\":4294967301,\"op\":\"SCMP_CMP_EQ\"}]", v,
		 (const bool[]){false, false, false, true}, 4, "64-bit value");

	compiled c;

	/* two arguments: ANDed */
	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"write\"],"
		       "\"action\":\"SCMP_ACT_ERRNO\",\"args\":["
		       "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
		       "{\"index\":1,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		       &c) == 0,
	       "two conditions compile (%s)", c.errmsg)) {
		ok(eval(&c, "write", 1, 2) == RET_ERRNO(EPERM) &&
		       eval(&c, "write", 1, 3) == RET_ALLOW && eval(&c, "write", 0, 2) == RET_ALLOW,
		   "conditions on different arguments are ANDed");
		release(&c);
	}
	/* the same argument twice: one rule per condition, ORed (runc's way) */
	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"write\"],"
		       "\"action\":\"SCMP_ACT_ERRNO\",\"args\":["
		       "{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"},"
		       "{\"index\":0,\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		       &c) == 0,
	       "two conditions on one argument compile (%s)", c.errmsg)) {
		ok(eval(&c, "write", 1, 0) == RET_ERRNO(EPERM) &&
		       eval(&c, "write", 2, 0) == RET_ERRNO(EPERM) &&
		       eval(&c, "write", 3, 0) == RET_ALLOW,
		   "conditions on the same argument are ORed");
		release(&c);
	}
}

static void test_names_and_flags(void)
{
	compiled c;

	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":"
		       "[\"no_such_syscall_at_all\",\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
		       &c) == 0,
	       "unknown syscall names are skipped (%s)", c.errmsg)) {
		ok(eval(&c, "getpid", 0, 0) == RET_ERRNO(EPERM), "the known name still applies");
		release(&c);
	}
	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":["
		       "\"SECCOMP_FILTER_FLAG_TSYNC\",\"SECCOMP_FILTER_FLAG_LOG\","
		       "\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"]}",
		       &c) == 0,
	       "flags compile (%s)", c.errmsg)) {
		ok(c.flags == (SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG |
			       SECCOMP_FILTER_FLAG_SPEC_ALLOW),
		   "flags are seccomp(2)'s (got %#x)", c.flags);
		release(&c);
	}
#if defined(__x86_64__)
	/* docker's profile: the x86 family, with syscalls only some of them have */
	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":["
		       "\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"],\"syscalls\":["
		       "{\"names\":[\"getpid\",\"socketcall\",\"arch_prctl\"],"
		       "\"action\":\"SCMP_ACT_ALLOW\"}]}",
		       &c) == 0,
	       "architectures x86_64, x86, x32 compile (%s)", c.errmsg)) {
		struct seccomp_data d = {.nr = 102 /* socketcall on i386 */, .arch = SCMP_ARCH_X86};

		ok(bpf_run(c.bpf, c.len, &d) == RET_ALLOW, "i386 socketcall allowed");
		d.nr = 20; /* getpid on i386 */
		ok(bpf_run(c.bpf, c.len, &d) == RET_ALLOW, "i386 getpid allowed");
		ok(eval(&c, "getppid", 0, 0) == RET_ERRNO(EPERM), "x86_64 getppid denied");
		release(&c);
	}
#endif
}

static void test_errors(void)
{
	static const struct {
		const char *json, *want;
	} cases[] = {
	    {"{\"defaultAction\":\"SCMP_ACT_NOPE\"}",
	     "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_NOPE\""},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getpid\"],"
	     "\"action\":\"SCMP_ACT_ERRNO\"},{\"names\":[\"getppid\"],\"action\":\"KILL\"}]}",
	     "linux.seccomp.syscalls[1].action: unknown action \"KILL\""},
	    {"{\"defaultAction\":\"SCMP_ACT_NOTIFY\",\"listenerPath\":\"/run/l.sock\"}",
	     "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getpid\"],"
	     "\"action\":\"SCMP_ACT_NOTIFY\"}]}",
	     "linux.seccomp.listenerPath: required by the SCMP_ACT_NOTIFY rules"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"\",\"syscalls\":[{"
	     "\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
	     "linux.seccomp.listenerPath: required by the SCMP_ACT_NOTIFY rules"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/l\",\"syscalls\":[{"
	     "\"names\":[\"mkdir\",\"sendmsg\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
	     "linux.seccomp.syscalls[0]: SCMP_ACT_NOTIFY cannot be used for sendmsg (the runtime "
	     "sends the listener fd with it)"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\","
	     "\"SCMP_ARCH_VAX\"]}",
	     "linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_VAX\""},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"x86_64\"]}",
	     "linux.seccomp.architectures[0]: unknown architecture \"x86_64\""},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_NOPE\"]}",
	     "linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_NOPE\""},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"flags\":["
	     "\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"]}",
	     "linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV needs a notify "
	     "listener (an SCMP_ACT_NOTIFY rule)"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"write\"],"
	     "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"EQ\"}]}]}",
	     "linux.seccomp.syscalls[0].args[0].op: unknown operator \"EQ\""},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"write\"],"
	     "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":6,\"value\":1,"
	     "\"op\":\"SCMP_CMP_EQ\"}]}]}",
	     "linux.seccomp.syscalls[0].args[0].index: 6 is not an argument index (0 to 5)"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[],"
	     "\"action\":\"SCMP_ACT_ERRNO\"}]}",
	     "linux.seccomp.syscalls[0].names: must not be empty"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getpid\"],"
	     "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":65536}]}",
	     "linux.seccomp.syscalls[0].errnoRet: 65536 is over 65535"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"getpid\"]}]}",
	     "linux.seccomp.syscalls[0].action: required"},
	    {"{\"syscalls\":[]}", "linux.seccomp.defaultAction: required"},
	    {"{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"write\"],"
	     "\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}",
	     "linux.seccomp.syscalls[0].args[0].value: required"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		compiled c;
		int r = compile(cases[i].json, &c);

		is_str(r < 0 ? c.errmsg : "success", cases[i].want, "error: %s", cases[i].want);
		release(&c);
	}
}

/* NOTIFY rules: the kernel's USER_NOTIF return, NEW_LISTENER among the flags. */
static void test_notify(void)
{
	compiled c;

	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/l.sock\","
		       "\"listenerMetadata\":\"m\",\"flags\":["
		       "\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"],\"syscalls\":[{\"names\":["
		       "\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
		       &c) == 0,
	       "a NOTIFY rule with listenerPath compiles (%s)", c.errmsg)) {
		ok(eval(&c, "mkdir", 0, 0) == RET_USER_NOTIF, "mkdir is notified");
		ok(eval(&c, "mkdirat", 0, 0) == RET_USER_NOTIF, "mkdirat is notified");
		ok(eval(&c, "getpid", 0, 0) == RET_ALLOW, "getpid is not");
		ok(c.flags == (SECCOMP_BUILD_NEW_LISTENER | 32U),
		   "flags: NEW_LISTENER and WAIT_KILLABLE_RECV (got %#x)", c.flags);
		release(&c);
	}
	if (ok(compile("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"listenerPath\":\"/l\"}", &c) == 0,
	       "listenerPath without NOTIFY rules compiles (%s)", c.errmsg)) {
		ok(c.flags == 0, "no NEW_LISTENER without NOTIFY rules (got %#x)", c.flags);
		release(&c);
	}
}

static void test_state_json(void)
{
	char *j = seccomp_notify_state_json("{\"status\":\"created\"}", 42, "a \"b\"");

	is_str(j,
	       "{\"ociVersion\":\"1.2.0\",\"fds\":[\"seccompFd\"],\"pid\":42,"
	       "\"metadata\":\"a \\\"b\\\"\",\"state\":{\"status\":\"created\"}}",
	       "container process state with metadata");
	free(j);
	j = seccomp_notify_state_json("{}", 7, "");
	is_str(j, "{\"ociVersion\":\"1.2.0\",\"fds\":[\"seccompFd\"],\"pid\":7,\"state\":{}}",
	       "empty metadata is left out");
	free(j);
	j = seccomp_notify_state_json("{}", 7, NULL);
	is_str(j, "{\"ociVersion\":\"1.2.0\",\"fds\":[\"seccompFd\"],\"pid\":7,\"state\":{}}",
	       "no metadata is left out");
	free(j);
}

/* The program reaches lxcrun-init byte for byte, through init_build and init_params. */
static void test_init_params(void)
{
	const char *json =
	    "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
	    "\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\"],"
	    "\"cwd\":\"/\"},\"linux\":{\"seccomp\":{\"defaultAction\":"
	    "\"SCMP_ACT_ALLOW\",\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],\"syscalls\":"
	    "[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"}]}}}";
	lxr_error *err = NULL;
	init_params ip, back;
	spec_config spec;
	size_t len = 0;
	char *buf;

	if (!ok(spec_parse(json, strlen(json), &spec, &err) == 0, "config parses"))
		return;
	if (ok(init_build(&spec, &ip, &err) == 0, "init_build compiles the filter (%s)",
	       err ? err->msg : "ok")) {
		ok(ip.seccomp_bpf != NULL && ip.seccomp_len > 0 &&
		       ip.seccomp_flags == SECCOMP_FILTER_FLAG_LOG,
		   "init_params carry the program and flags");
		buf = init_params_serialize(&ip, &len);
		if (ok(buf && init_params_parse(buf, len, &back) == 0, "round trip parses")) {
			ok(back.seccomp_len == ip.seccomp_len &&
			       memcmp(back.seccomp_bpf, ip.seccomp_bpf, ip.seccomp_len) == 0 &&
			       back.seccomp_flags == ip.seccomp_flags,
			   "program and flags survive the round trip");
			init_params_free(&back);
		}
		free(buf);
		init_build_free(&ip);
	}
	lxr_error_free(&err);
	spec_free(&spec);

	ok(init_params_parse("seccomp_bpf=0011\0", 17, &back) < 0,
	   "a program that is not whole instructions is refused");
	ok(init_params_parse("seccomp_bpf=00112233445566zz\0", 29, &back) < 0,
	   "a program with bad hex is refused");
}

int main(void)
{
	test_small_profile();
	test_actions();
	test_arg_ops();
	test_names_and_flags();
	test_errors();
	test_notify();
	test_state_json();
	test_init_params();
	return tap_done();
}
