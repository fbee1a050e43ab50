/* start's side of the startContainer hooks (see start_hooks.h). */
#include "config.h"
#include "container.h"
#include "start_hooks.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Writes all of buf to the fifo, waiting (with a deadline) while the init reads. */
static int write_fifo(int fd, const char *buf, size_t len, lxr_error **err)
{
	long long deadline = now_ms() + START_TIMEOUT_MS;
	size_t off = 0;
	sigset_t pipe_set, old;
	int ret = 0;

	/* an init that dies meanwhile must give an error, not kill us with SIGPIPE */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	while (off < len) {
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		long long left = deadline - now_ms();
		ssize_t n = write(fd, buf + off, len - off);

		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			ret = lxr_error_sys(err, "write exec.fifo");
			break;
		}
		if (left <= 0) {
			ret = lxr_error_set(err, ETIMEDOUT, "the container's init does not read");
			break;
		}
		if (poll(&p, 1, (int)left) < 0 && errno != EINTR) {
			ret = lxr_error_sys(err, "poll");
			break;
		}
	}
	if (!sigismember(&old, SIGPIPE)) {
		struct timespec zero = {0, 0};

		while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
			;
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	return ret;
}

int start_hooks_release(int wfd, const hook_set *hs, const char *state, lxr_error **err)
{
	_cleanup_free_ char *records = NULL;
	size_t rlen = 0, slen = strlen(state), plen;
	strbuf sb = {0};
	char head[16];
	int ret;

	if (hs->n[HOOK_START_CONTAINER] == 0)
		return write_fifo(wfd, "G", 1, err);
	records = hook_set_serialize(hs, 1U << HOOK_START_CONTAINER, &rlen);
	if (records == NULL)
		return lxr_error_set(err, ENOMEM, "serialise the startContainer hooks");
	plen = slen + 1 + rlen;
	if (plen > 0xffffffffUL)
		return lxr_error_set(err, E2BIG, "hooks.startContainer: too large");
	snprintf(head, sizeof(head), "H%08zx", plen);
	sb_add(&sb, head);
	sb_addn(&sb, state, slen + 1);
	sb_addn(&sb, records, rlen);
	ret = write_fifo(wfd, sb.buf, sb.len, err);
	sb_free(&sb);
	return ret;
}

long long start_hooks_budget_ms(const hook_set *hs)
{
	long long ms = 0;

	for (size_t i = 0; i < hs->n[HOOK_START_CONTAINER]; i++)
		ms += (long long)hs->list[HOOK_START_CONTAINER][i].timeout * 1000;
	return ms;
}
