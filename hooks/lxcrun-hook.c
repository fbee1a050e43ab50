/* lxcrun-hook: runs the spec's create-time hooks from liblxc's mount hook.
 *
 * Usage (from the lxc config `create` writes): lxcrun-hook create STATE_DIR READY_FD
 *
 * liblxc runs it in the container's first process's namespaces, after the
 * container's mounts and before pivot_root, as that process's child. It asks
 * `create` (over READY_FD, the ready socket the container's first process
 * inherited) to run the prestart and createRuntime hooks in the runtime
 * namespace: the request carries the first process's pid in SCM_CREDENTIALS,
 * which the kernel translates into create's pid namespace, so those hooks get the
 * container's host pid. create answers "ok\0<state JSON>" or "fail". Then this
 * program runs the createContainer hooks itself, here in the container's mount
 * namespace, reading their definitions from STATE_DIR/hooks (written by create in
 * the 0700 state dir, which the container never sees). Any failure is sent to
 * create as "error <message>" and ends the start (exit 1). */
#include "config.h"
#include "hook_run.h"
#include "hook_set.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MSG_MAX 8192

static int ready_fd = -1;

/* Tells create why we fail (it reports it as create's error) and exits 1. */
static void __attribute__((noreturn)) fail(const char *text)
{
	char msg[MSG_MAX];

	snprintf(msg, sizeof(msg), "error %s", text);
	if (send(ready_fd, msg, strlen(msg), MSG_NOSIGNAL) < 0) {
		/* create still sees liblxc fail */
	}
	/* liblxc logs our output at its DEBUG level */
	fprintf(stderr, "lxcrun-hook: %s\n", text);
	exit(1);
}

static char *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 4096;
	char *buf;

	*len = 0;
	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	for (;;) {
		ssize_t n;

		if (buf == NULL)
			break;
		if (cap - *len < 1024) {
			char *nb = realloc(buf, cap * 2);

			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			buf = NULL;
			break;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return buf;
}

/* Asks create to run the runtime-namespace hooks; returns the state JSON it sends back. */
static char *run_runtime_hooks(void)
{
	struct ucred cred = {.pid = getppid(), .uid = getuid(), .gid = getgid()};
	char cbuf[CMSG_SPACE(sizeof(cred))], *reply;
	struct iovec iov = {.iov_base = "hooks", .iov_len = 5};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm;
	ssize_t n;

	/* the container's first process (our parent) is whose pid the hooks need */
	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(cred));
	memcpy(CMSG_DATA(cm), &cred, sizeof(cred));
	if (sendmsg(ready_fd, &msg, MSG_NOSIGNAL) < 0) {
		fprintf(stderr, "lxcrun-hook: send to create: %s\n", strerror(errno));
		exit(1);
	}
	/* the answer's size first, so a large state (annotations) is never cut */
	do
		n = recv(ready_fd, NULL, 0, MSG_PEEK | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		fprintf(stderr, "lxcrun-hook: no answer from create\n");
		exit(1);
	}
	reply = calloc(1, (size_t)n + 1);
	if (reply == NULL || recv(ready_fd, reply, (size_t)n, 0) != n)
		exit(1);
	/* "fail": create reports the hook's error itself */
	if (strcmp(reply, "ok") != 0 || strlen(reply) + 1 >= (size_t)n)
		exit(1);
	memmove(reply, reply + 3, (size_t)n - 3 + 1);
	return reply;
}

int main(int argc, char **argv)
{
	char *state, *path = NULL, *buf, msg[MSG_MAX];
	hook_set hooks;
	size_t len;

	if (argc != 4 || strcmp(argv[1], "create") != 0) {
		fprintf(stderr, "lxcrun-hook: internal helper of lxcrun, not for direct use\n");
		return 2;
	}
	ready_fd = atoi(argv[3]);
	if (asprintf(&path, "%s/hooks", argv[2]) < 0)
		return 1;
	buf = read_all(path, &len);
	if (buf == NULL || hook_set_parse(buf, len, &hooks) < 0) {
		snprintf(msg, sizeof(msg), "read the hooks of `%s`: %s", path,
			 buf ? "malformed" : strerror(errno));
		fail(msg);
	}
	state = run_runtime_hooks();
	if (hook_run_list(&hooks, HOOK_CREATE_CONTAINER, state, NULL, msg, sizeof(msg)) < 0)
		fail(msg);
	hook_set_free(&hooks);
	free(state);
	free(buf);
	free(path);
	return 0;
}
