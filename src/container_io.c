/* Parameters memfd, console socket, pty master: see container_io.h. */
#include "config.h"
#include "container_io.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int params_memfd(const init_params *p, char **copy, size_t *copy_len, lxr_error **err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, off = 0;
	int fd;

	buf = init_params_serialize(p, &len);
	if (buf == NULL)
		return lxr_error_set(err, ENOMEM, "serialise init parameters");
	fd = memfd_create("lxcrun-init-params", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return lxr_error_sys(err, "memfd_create");
	while (off < len) {
		ssize_t n = write(fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			lxr_error_sys(err, "write init parameters");
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	/* sealed: nothing in the container can change what its init is told */
	fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
	lseek(fd, 0, SEEK_SET);
	if (copy) {
		*copy = buf;
		*copy_len = len;
		buf = NULL;
	}
	return fd;
}

int console_connect(const char *path, lxr_error **err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct stat st;
	int fd;

	if (stat(path, &st) < 0)
		return lxr_error_sys(err, "--console-socket `%s`", path);
	if (!S_ISSOCK(st.st_mode))
		return lxr_error_set(err, ENOTSOCK, "--console-socket `%s`: not a socket", path);
	if (strlen(path) >= sizeof(addr.sun_path))
		return lxr_error_set(err, ENAMETOOLONG, "--console-socket `%s`: path too long",
				     path);
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return lxr_error_sys(err, "socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		lxr_error_sys(err, "connect to --console-socket `%s`", path);
		close(fd);
		return -1;
	}
	return fd;
}

int recv_fd(int sock, int flags)
{
	char data[4096], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data)};
	struct msghdr msg = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, flags | MSG_CMSG_CLOEXEC) < 0)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (cm == NULL || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		errno = EBADMSG;
		return -1;
	}
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

int pid_file_write(const char *path, pid_t pid, lxr_error **err)
{
	char buf[32];

	/* digits only, no newline: containerd parses it with strconv.Atoi */
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	if (write_file_atomic(path, buf, strlen(buf), 0644, err) < 0)
		return lxr_error_wrap(err, "--pid-file");
	return 0;
}

int listen_fds_count(void)
{
	const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	char *end;
	long n, p;

	if (fds == NULL || pid == NULL)
		return 0;
	n = strtol(fds, &end, 10);
	if (*fds == '\0' || *end || n <= 0 || n > 1000)
		return 0;
	p = strtol(pid, &end, 10);
	if (*pid == '\0' || *end || p != (long)getpid())
		return 0;
	return (int)n;
}
