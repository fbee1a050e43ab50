/* fds the runtime hands to the processes it starts in a container: the sealed
 * parameters memfd, the --console-socket connection, and the pty master coming back. */
#ifndef LXCRUN_CONTAINER_IO_H
#define LXCRUN_CONTAINER_IO_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "init_params.h"

/* Serialises p into a sealed memfd positioned at 0 (O_CLOEXEC); *copy, if not NULL,
 * gets the serialised bytes (malloc'd, *copy_len long) for the state dir. */
int params_memfd(const init_params *p, char **copy, size_t *copy_len, lxr_error **err);

/* Connects to the AF_UNIX socket at path (--console-socket); errors name the flag. */
int console_connect(const char *path, lxr_error **err);

/* Receives one fd sent with SCM_RIGHTS on sock (recvmsg flags such as
 * MSG_DONTWAIT); -1 with errno set when none came. */
int recv_fd(int sock, int flags);

/* Writes pid to path atomically, digits only (containerd rejects a newline). */
int pid_file_write(const char *path, pid_t pid, lxr_error **err);

/* systemd socket activation: the number of fds passed to us from fd 3 ($LISTEN_FDS
 * when $LISTEN_PID is our pid), 0 when none. Like runc, lxcrun passes them on
 * first, then the --preserve-fds ones, and sets LISTEN_FDS=n LISTEN_PID=1. */
int listen_fds_count(void);

#endif
