/* A seccomp notify listener for tests/integration/seccomp-notify.bats, standing in
 * for what listenerPath points to in real use.
 *
 * usage: notify-listener SOCKET OUT ERRNO|continue
 *
 * Listens on the unix socket SOCKET, takes one connection, writes the container
 * process state it receives to OUT and keeps the seccomp fd sent with it. Then it
 * answers every notification: mkdir and mkdirat fail with ERRNO (a number) or, with
 * "continue", run as if not filtered; any other syscall runs. Each decision is
 * appended to OUT.log as "<syscall nr> <errno or continue>". Exits when the
 * filter has no tasks left. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

static int fail(const char *what)
{
	fprintf(stderr, "notify-listener: %s: %s\n", what, strerror(errno));
	return 1;
}

/* Reads the one message: the state JSON with the seccomp fd. */
static int receive(int conn, const char *out, int *seccomp_fd)
{
	static char data[65536];
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data) - 1};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm;
	ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	FILE *f;

	if (n <= 0)
		return fail("recvmsg");
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL || cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		fprintf(stderr, "notify-listener: no fd in the message\n");
		return 1;
	}
	memcpy(seccomp_fd, CMSG_DATA(cm), sizeof(int));
	f = fopen(out, "w");
	if (f == NULL || fwrite(data, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0)
		return fail(out);
	return 0;
}

static int answer(int fd, const char *log, int err_no)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	FILE *f;

	memset(&req, 0, sizeof(req));
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return errno == ENOENT || errno == EINTR ? 0 : fail("SECCOMP_IOCTL_NOTIF_RECV");
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	if ((req.data.nr == SYS_mkdir || req.data.nr == SYS_mkdirat) && err_no > 0)
		resp.error = -err_no;
	else
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	f = fopen(log, "a");
	if (f) {
		if (resp.error)
			fprintf(f, "%d %d\n", req.data.nr, err_no);
		else
			fprintf(f, "%d continue\n", req.data.nr);
		fclose(f);
	}
	/* ENOENT: the task died meanwhile */
	if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 && errno != ENOENT)
		return fail("SECCOMP_IOCTL_NOTIF_SEND");
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char log[4096], tmp[sizeof(addr.sun_path) + 8];
	int s, conn, fd = -1, err_no;

	if (argc != 4 || strlen(argv[1]) + 4 >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: notify-listener SOCKET OUT ERRNO|continue\n");
		return 2;
	}
	err_no = strcmp(argv[3], "continue") == 0 ? 0 : atoi(argv[3]);
	snprintf(log, sizeof(log), "%s.log", argv[2]);
	/* bound under a temporary name: SOCKET appears only once it accepts */
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	strcpy(addr.sun_path, tmp);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(s, 1) < 0 ||
	    rename(tmp, argv[1]) < 0)
		return fail(argv[1]);
	conn = accept4(s, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0)
		return fail("accept");
	if (receive(conn, argv[2], &fd) != 0)
		return 1;
	close(conn);
	close(s);
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};

		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return fail("poll");
		}
		if (p.revents & POLLIN) {
			if (answer(fd, log, err_no) != 0)
				return 1;
		} else if (p.revents & (POLLHUP | POLLERR)) {
			return 0;
		}
	}
}
