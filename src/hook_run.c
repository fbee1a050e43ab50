/* Runs one OCI hook: fork, a pipe for the state on stdin, one for its output,
 * and a pidfd so the wait has a deadline without a sleep loop. */
#include "config.h"
#include "hook_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The last HOOK_OUTPUT_TAIL bytes the hook wrote. */
typedef struct {
	char buf[HOOK_OUTPUT_TAIL];
	size_t len;
} tail_buf;

static void tail_add(tail_buf *t, const char *data, size_t n)
{
	if (n >= sizeof(t->buf)) {
		memcpy(t->buf, data + n - sizeof(t->buf), sizeof(t->buf));
		t->len = sizeof(t->buf);
		return;
	}
	if (t->len + n > sizeof(t->buf)) {
		size_t drop = t->len + n - sizeof(t->buf);

		memmove(t->buf, t->buf + drop, t->len - drop);
		t->len -= drop;
	}
	memcpy(t->buf + t->len, data, n);
	t->len += n;
}

/* Reads what the pipe has now; returns false at end of file or on error. */
static bool tail_read(tail_buf *t, int fd)
{
	char chunk[4096];

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n > 0) {
			tail_add(t, chunk, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && errno == EAGAIN;
	}
}

/* The output as one line for an error message: ": <text>", or "" if there is none. */
static void tail_format(const tail_buf *t, char *out, size_t outlen)
{
	size_t len = t->len, o = 0;

	while (len > 0 && strchr(" \t\r\n", t->buf[len - 1]))
		len--;
	out[0] = '\0';
	if (len == 0 || outlen < 4)
		return;
	out[o++] = ':';
	out[o++] = ' ';
	for (size_t i = 0; i < len && o + 1 < outlen; i++)
		out[o++] = (t->buf[i] == '\n' || t->buf[i] == '\r') ? ' ' : t->buf[i];
	out[o] = '\0';
}

/* In the child: stdin from the state pipe, stdout and stderr into the output pipe,
 * nothing else open, default signals, then the hook. Never returns. */
static void __attribute__((noreturn)) exec_hook(const hook_def *h, int in, int out, const char *cwd)
{
	char *default_argv[] = {h->path, NULL}, *empty_env[] = {NULL};
	sigset_t none;

	/* above stdio first, so no dup2 below overwrites the other pipe */
	in = fcntl(in, F_DUPFD_CLOEXEC, 3);
	out = fcntl(out, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(127);
	syscall(SYS_close_range, 3U, ~0U, 0U);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (cwd && chdir(cwd) < 0) {
		dprintf(2, "chdir `%s`: %s", cwd, strerror(errno));
		_exit(127);
	}
	execve(h->path, h->args ? h->args : default_argv, h->env ? h->env : empty_env);
	dprintf(2, "exec `%s`: %s", h->path, strerror(errno));
	_exit(127);
}

/* Feeds more of the state to the hook; returns false once done (all written, or the
 * hook closed its stdin, which is its business). SIGPIPE is blocked by the caller. */
static bool feed(int fd, const char *state, size_t len, size_t *off)
{
	while (*off < len) {
		ssize_t n = write(fd, state + *off, len - *off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN;
		*off += (size_t)n;
	}
	return false;
}

/* Polls the hook until it exits (1) or the deadline (-1: none) passes (0); -1 when
 * poll fails (errno). */
static int wait_hook(int pidfd, int *in, int *out, const char *state, tail_buf *t,
		     long long deadline)
{
	size_t len = strlen(state), off = 0;

	for (;;) {
		struct pollfd p[3] = {{.fd = pidfd, .events = POLLIN},
				      {.fd = *out, .events = POLLIN},
				      {.fd = *in, .events = POLLOUT}};
		long long left = deadline < 0 ? -1 : deadline - mono_ms();
		int r;

		if (deadline >= 0 && left <= 0)
			return 0;
		r = poll(p, 3, left > 0x7fffffff ? 0x7fffffff : (int)left);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r <= 0)
			continue;
		if (p[1].revents && !tail_read(t, *out))
			close(*out), *out = -1;
		if (p[2].revents && !feed(*in, state, len, &off))
			close(*in), *in = -1;
		if (p[0].revents)
			return 1;
	}
}

int hook_run(const hook_def *h, const char *state, const char *cwd, char *msg, size_t msglen)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, pidfd, status = 0, ret = -1;
	tail_buf t = {.len = 0};
	char output[HOOK_OUTPUT_TAIL + 4];
	sigset_t pipe_set, old;
	int exited, poll_errno;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
		snprintf(msg, msglen, "pipe: %s", strerror(errno));
		goto out;
	}
	/* a hook that never reads stdin must not kill us with SIGPIPE */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	pid = fork();
	if (pid == 0)
		exec_hook(h, in[0], out[1], cwd);
	close(in[0]), in[0] = -1;
	close(out[1]), out[1] = -1;
	if (pid < 0) {
		snprintf(msg, msglen, "fork: %s", strerror(errno));
		goto restore;
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		snprintf(msg, msglen, "pidfd_open: %s", strerror(errno));
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto restore;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	exited = wait_hook(pidfd, &in[1], &out[0], state, &t,
			   h->timeout > 0 ? mono_ms() + (long long)h->timeout * 1000 : -1);
	poll_errno = errno;
	if (exited != 1)
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	close(pidfd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* what it wrote before exiting; its children may hold the pipe, so no EOF wait */
	if (out[0] >= 0)
		tail_read(&t, out[0]);
	tail_format(&t, output, sizeof(output));
	if (exited < 0)
		snprintf(msg, msglen, "poll: %s", strerror(poll_errno));
	else if (exited == 0)
		snprintf(msg, msglen, "timed out after %d s%s", h->timeout, output);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		ret = 0;
	else if (WIFEXITED(status))
		snprintf(msg, msglen, "exited with status %d%s", WEXITSTATUS(status), output);
	else
		snprintf(msg, msglen, "killed by signal %d%s", WTERMSIG(status), output);
restore:
	if (!sigismember(&old, SIGPIPE)) {
		struct timespec zero = {0, 0};

		while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
			;
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
out:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	return ret;
}

int hook_run_list(const hook_set *s, enum hook_kind kind, const char *state, const char *cwd,
		  char *msg, size_t msglen)
{
	for (size_t i = 0; i < s->n[kind]; i++) {
		const hook_def *h = &s->list[kind][i];
		char why[HOOK_OUTPUT_TAIL + 128];

		if (hook_run(h, state, cwd, why, sizeof(why)) < 0) {
			snprintf(msg, msglen, "hooks.%s[%zu] `%s`: %s", hook_kind_name(kind), i,
				 h->path, why);
			return -1;
		}
	}
	return 0;
}
