/* lxcrun-hook: runs the spec's create-time hooks from liblxc's mount hook.
 *
 * Usage (from the lxc config `create` writes): lxcrun-hook create READY_FD
 *
 * liblxc runs it in the container's first process's namespaces, after the
 * container's mounts and before pivot_root, as that process's child. It asks
 * `create` (over READY_FD, the ready socket the container's first process
 * inherited) to run the prestart and createRuntime hooks in the runtime
 * namespace: the request carries the first process's pid in SCM_CREDENTIALS,
 * which the kernel translates into create's pid namespace, so those hooks get the
 * container's host pid. create answers "ok\0<state JSON>\0<createContainer
 * hooks>" or "fail". Then this program runs the createContainer hooks itself, here
 * in the container's mount namespace. It reads no file of the state dir: as the
 * root of a user namespace it could not. Any failure is sent to create as
 * "error <message>" and ends the start (exit 1). */
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

/* Asks create to run the runtime-namespace hooks; returns its answer from the
 * state JSON on (*len bytes: the JSON, a NUL, the createContainer records). */
static char *run_runtime_hooks(size_t *len)
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
	*len = (size_t)n - 3;
	return reply;
}

int main(int argc, char **argv)
{
	char *reply, msg[MSG_MAX];
	hook_set hooks;
	size_t len, state_len;

	if (argc != 3 || strcmp(argv[1], "create") != 0) {
		fprintf(stderr, "lxcrun-hook: internal helper of lxcrun, not for direct use\n");
		return 2;
	}
	ready_fd = atoi(argv[2]);
	reply = run_runtime_hooks(&len);
	state_len = strlen(reply);
	if (state_len >= len ||
	    hook_set_parse(reply + state_len + 1, len - state_len - 1, &hooks) < 0)
		fail("the createContainer hooks from create are malformed");
	if (hook_run_list(&hooks, HOOK_CREATE_CONTAINER, reply, NULL, msg, sizeof(msg)) < 0)
		fail(msg);
	hook_set_free(&hooks);
	free(reply);
	return 0;
}
