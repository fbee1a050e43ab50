/* recvtty: the receiving end of --console-socket, as conmon and containerd-shim
 * implement it, for the integration tests.
 *
 * usage: recvtty [-t SECONDS] [-r] [-i INPUT] SOCKET_PATH
 *
 * Listens on an AF_UNIX SOCK_STREAM socket at SOCKET_PATH (it appears only once
 * it accepts connections: bound under a temporary name, then renamed), accepts
 * one connection and does exactly one recvmsg(), which must carry exactly one
 * SCM_RIGHTS fd (cmsg_len == CMSG_LEN(sizeof(int)), as conmon insists). The fd
 * must be a pty master (ptsname() works). Prints "recvtty: pty <name>" on stderr,
 * removes SOCKET_PATH, writes INPUT (-i) to the master, puts the pty in raw mode
 * first if -r is given, then copies everything the master reads to stdout until
 * EOF or EIO (every slave closed). Exits 0 then; 2 on any protocol violation,
 * 3 on timeout (default 60 s). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

static const char *sock_path;
static char tmp_path[sizeof(((struct sockaddr_un *)0)->sun_path)];

static void cleanup(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
	if (sock_path)
		unlink(sock_path);
}

static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...);
static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "recvtty: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cleanup();
	exit(2);
}

static void on_alarm(int sig)
{
	static const char msg[] = "recvtty: timed out\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing else to do */
	}
	if (tmp_path[0])
		unlink(tmp_path);
	if (sock_path)
		unlink(sock_path);
	_exit(3);
}

static void usage(void)
{
	fprintf(stderr, "usage: recvtty [-t SECONDS] [-r] [-i INPUT] SOCKET_PATH\n");
	exit(2);
}

static int listen_at(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", path) >= (int)sizeof(tmp_path))
		fail("socket path too long: %s", path);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", tmp_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fail("socket: %s", strerror(errno));
	unlink(tmp_path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		fail("bind %s: %s", tmp_path, strerror(errno));
	if (listen(fd, 1) < 0)
		fail("listen: %s", strerror(errno));
	/* the path appears only now, so a client that sees it can connect */
	if (rename(tmp_path, path) < 0)
		fail("rename %s: %s", tmp_path, strerror(errno));
	tmp_path[0] = '\0';
	return fd;
}

/* One recvmsg: the pty's name as data and exactly one fd as SCM_RIGHTS. */
static int receive_master(int conn, char *name, size_t name_len)
{
	/* room for several fds, so that a sender passing more is detected, not truncated */
	union {
		char buf[CMSG_SPACE(sizeof(int) * 8)];
		struct cmsghdr align;
	} cbuf;
	struct iovec iov = {.iov_base = name, .iov_len = name_len - 1};
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = cbuf.buf,
			     .msg_controllen = sizeof(cbuf.buf)};
	struct cmsghdr *cm;
	ssize_t n;
	int fd;

	do
		n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		fail("recvmsg: %s", strerror(errno));
	name[n] = '\0';
	if (msg.msg_flags & (MSG_CTRUNC | MSG_TRUNC))
		fail("message truncated (flags 0x%x)", msg.msg_flags);
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL)
		fail("no control message: expected one SCM_RIGHTS fd");
	if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
		fail("control message is not SCM_RIGHTS (level %d type %d)", cm->cmsg_level,
		     cm->cmsg_type);
	if (cm->cmsg_len != CMSG_LEN(sizeof(int)))
		fail("expected exactly one fd, cmsg_len %zu", (size_t)cm->cmsg_len);
	if (CMSG_NXTHDR(&msg, cm) != NULL)
		fail("more than one control message");
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail("write: %s", strerror(errno));
		buf += n;
		len -= (size_t)n;
	}
}

int main(int argc, char **argv)
{
	const char *input = NULL;
	unsigned int timeout = 60;
	bool raw = false;
	char name[4097], buf[4096];
	int lfd, conn, master, opt;
	char *pts;

	while ((opt = getopt(argc, argv, "t:ri:")) != -1) {
		switch (opt) {
		case 't':
			timeout = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'r':
			raw = true;
			break;
		case 'i':
			input = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	alarm(timeout);
	lfd = listen_at(argv[optind]);
	sock_path = argv[optind];
	do
		conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while (conn < 0 && errno == EINTR);
	if (conn < 0)
		fail("accept: %s", strerror(errno));
	close(lfd);
	cleanup();
	sock_path = NULL;
	master = receive_master(conn, name, sizeof(name));
	close(conn);
	pts = ptsname(master);
	if (pts == NULL)
		fail("received fd is not a pty master: %s", strerror(errno));
	fprintf(stderr, "recvtty: pty %s (sent name \"%s\")\n", pts, name);
	if (raw) {
		struct termios t;

		if (tcgetattr(master, &t) < 0)
			fail("tcgetattr: %s", strerror(errno));
		cfmakeraw(&t);
		if (tcsetattr(master, TCSANOW, &t) < 0)
			fail("tcsetattr: %s", strerror(errno));
	}
	if (input)
		write_all(master, input, strlen(input));
	for (;;) {
		ssize_t n = read(master, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || (n < 0 && errno == EIO))
			break;
		if (n < 0)
			fail("read pty: %s", strerror(errno));
		write_all(STDOUT_FILENO, buf, (size_t)n);
	}
	return 0;
}
