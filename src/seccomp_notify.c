/* SCMP_ACT_NOTIFY, host side. The init loads the filter at start time (see
 * doc/architecture.md, "Seccomp notify"), when the only lxcrun process alive is
 * `start`, and it sits after pivot_root where listenerPath cannot be reached.
 * So create binds a socket in the state dir and hands the listening fd to the
 * init; start connects to it before releasing the init, the init accepts,
 * loads the filter with SECCOMP_FILTER_FLAG_NEW_LISTENER and sends the listener
 * fd back; start passes it on to listenerPath and answers "ok", and only then
 * does the init go on to the user process. */
#include "config.h"
#include "seccomp_notify.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define LISTENER_FILE "seccomp.listener" /* listenerPath NUL listenerMetadata NUL */
#define SOCK_NAME     "notify.sock"

char *seccomp_notify_state_json(const char *state_json, pid_t pid, const char *metadata)
{
	strbuf sb = {0};

	sb_addf(&sb, "{\"ociVersion\":\"1.2.0\",\"fds\":[\"seccompFd\"],\"pid\":%d", (int)pid);
	if (metadata && *metadata) {
		sb_add(&sb, ",\"metadata\":");
		sb_add_json_str(&sb, metadata);
	}
	sb_add(&sb, ",\"state\":");
	sb_add(&sb, state_json);
	sb_add(&sb, "}");
	return sb_take(&sb);
}

/* Fills addr with path, named as field in errors. */
static int unix_addr(struct sockaddr_un *addr, const char *path, const char *field, lxr_error **err)
{
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(addr->sun_path))
		return lxr_error_set(err, ENAMETOOLONG, "%s `%s`: path too long for a socket",
				     field, path);
	strcpy(addr->sun_path, path);
	return 0;
}

int seccomp_notify_check(const spec_seccomp *sc, lxr_error **err)
{
	struct sockaddr_un addr;
	struct stat st;

	if (stat(sc->listener_path, &st) < 0)
		return lxr_error_sys(err, "linux.seccomp.listenerPath `%s`", sc->listener_path);
	if (!S_ISSOCK(st.st_mode))
		return lxr_error_set(err, ENOTSOCK, "linux.seccomp.listenerPath `%s`: not a socket",
				     sc->listener_path);
	return unix_addr(&addr, sc->listener_path, "linux.seccomp.listenerPath", err);
}

/* The state dir's socket through /proc/self/fd, so a long --root still fits sun_path. */
static int dir_sock_addr(const char *dir, int *dfd, struct sockaddr_un *addr, lxr_error **err)
{
	char path[64];

	*dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*dfd < 0)
		return lxr_error_sys(err, "open `%s`", dir);
	snprintf(path, sizeof(path), "/proc/self/fd/%d/" SOCK_NAME, *dfd);
	return unix_addr(addr, path, "state dir", err);
}

int seccomp_notify_prepare(const char *dir, const spec_seccomp *sc, lxr_error **err)
{
	_cleanup_free_ char *file = NULL, *data = NULL;
	_cleanup_close_ int dfd = -1;
	const char *meta = sc->listener_metadata ? sc->listener_metadata : "";
	size_t plen = strlen(sc->listener_path), mlen = strlen(meta);
	struct sockaddr_un addr;
	int fd;

	if (asprintf(&file, "%s/" LISTENER_FILE, dir) < 0)
		abort();
	data = xmalloc(plen + mlen + 2);
	memcpy(data, sc->listener_path, plen + 1);
	memcpy(data + plen + 1, meta, mlen + 1);
	if (write_file_atomic(file, data, plen + mlen + 2, 0600, err) < 0)
		return -1;
	if (dir_sock_addr(dir, &dfd, &addr, err) < 0)
		return -1;
	/* SEQPACKET: the init's one message with the fd, start's one answer */
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return lxr_error_sys(err, "socket");
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 1) < 0) {
		lxr_error_sys(err, "listen on `%s/" SOCK_NAME "`", dir);
		close(fd);
		return -1;
	}
	return fd;
}

int seccomp_notify_connect(const char *dir, int *conn, lxr_error **err)
{
	_cleanup_free_ char *file = NULL;
	_cleanup_close_ int dfd = -1;
	struct sockaddr_un addr;

	*conn = -1;
	if (asprintf(&file, "%s/" LISTENER_FILE, dir) < 0)
		abort();
	if (access(file, F_OK) < 0)
		return 0;
	if (dir_sock_addr(dir, &dfd, &addr, err) < 0)
		return -1;
	*conn = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (*conn < 0)
		return lxr_error_sys(err, "socket");
	if (connect(*conn, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		lxr_error_sys(err, "connect to the init's seccomp socket `%s/" SOCK_NAME "`", dir);
		close(*conn);
		*conn = -1;
		return -1;
	}
	return 0;
}

/* The fd the init sent with SCM_RIGHTS, -1 when its message had none (it exited). */
static int recv_listener(int conn)
{
	char data[16], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data)};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(conn, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/* Connects to listenerPath and sends the state JSON with the listener fd. */
static int send_to_listener(const char *path, const char *json, int fd, lxr_error **err)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = (void *)json, .iov_len = strlen(json)};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	struct sockaddr_un addr;
	_cleanup_close_ int s = -1;
	ssize_t n;

	if (unix_addr(&addr, path, "linux.seccomp.listenerPath", err) < 0)
		return -1;
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return lxr_error_sys(err, "socket");
	if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return lxr_error_sys(err, "connect to linux.seccomp.listenerPath `%s`", path);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	do
		n = sendmsg(s, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lxr_error_sys(err, "send the seccomp fd to linux.seccomp.listenerPath `%s`",
				     path);
	if ((size_t)n != iov.iov_len)
		return lxr_error_set(
		    err, EIO, "linux.seccomp.listenerPath `%s`: short write of the state", path);
	return 0;
}

int seccomp_notify_forward(int conn, const char *dir, const char *state_json, pid_t pid,
			   long long deadline_ms, lxr_error **err)
{
	_cleanup_free_ char *file = NULL, *data = NULL, *json = NULL;
	_cleanup_close_ int fd = -1;
	size_t len = 0;
	int r;

	r = poll_until(conn, POLLIN, deadline_ms);
	if (r < 0)
		return lxr_error_sys(err, "wait for the seccomp listener fd");
	if (r == 0)
		return lxr_error_set(err, ETIMEDOUT,
				     "the container's init sent no seccomp listener fd in time");
	fd = recv_listener(conn);
	if (fd < 0)
		return 0; /* the init exited first: its error is in the fifo */
	if (asprintf(&file, "%s/" LISTENER_FILE, dir) < 0)
		abort();
	data = read_file(file, &len, err);
	if (data == NULL)
		return -1;
	if (len < 2 || data[len - 1] != '\0' || memchr(data, '\0', len - 1) == NULL)
		return lxr_error_set(err, EINVAL, "`%s`: malformed", file);
	json = seccomp_notify_state_json(state_json, pid, data + strlen(data) + 1);
	r = send_to_listener(data, json, fd, err);
	/* the init waits for this answer; anything but "ok" makes it exit */
	if (send(conn, r == 0 ? "ok" : "fail", r == 0 ? 2 : 4, MSG_NOSIGNAL) < 0 && r == 0)
		return lxr_error_sys(err, "release the init after sending the seccomp fd");
	return r;
}
