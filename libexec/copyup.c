/* tmpcopyup (runc's extension, which podman uses for --read-only): liblxc
 * mounts the tmpfs like any other; lxcrun-init then copies the image's content
 * in. The hidden directory is reached through a detached, non-recursive clone
 * of its parent (open_tree), which shows the parent's filesystem without the
 * mounts on top: no temporary mount point, nothing to clean up. */
#include "config.h"
#include "copyup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif

/* Remembers the path that failed (for the caller's message), keeping errno. */
static int fail(char *failed, size_t len, const char *dir, const char *name)
{
	int e = errno;

	snprintf(failed, len, "%s%s%s", dir, *name ? "/" : "", name);
	errno = e;
	return -1;
}

static int copy_file(int src, int dst, const char *name, mode_t mode)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t n;

	in = openat(src, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = openat(dst, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777);
	if (out < 0) {
		ret = errno == EEXIST ? 1 : -1;
		close(in);
		return ret;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		ssize_t off = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -1;
			break;
		}
		while (off < n) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				ret = -1;
				break;
			}
			off += w;
		}
		if (ret < 0)
			break;
	}
	if (ret == 0 && close(out) < 0)
		ret = -1;
	else if (ret < 0) {
		int e = errno;

		close(out);
		errno = e;
	}
	close(in);
	return ret;
}

/* Makes the entry name in dst like st: owner (which clears set-id bits, so
 * before the mode), mode (not for symlinks) and times. */
static int copy_attrs(int dst, const char *name, const struct stat *st)
{
	struct timespec times[2] = {st->st_atim, st->st_mtim};

	if (fchownat(dst, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (!S_ISLNK(st->st_mode) && fchmodat(dst, name, st->st_mode & 07777, 0) < 0)
		return -1;
	return utimensat(dst, name, times, AT_SYMLINK_NOFOLLOW);
}

/* Copies the entries of directory src into directory dst (both fds, kept open);
 * path names src in messages. */
static int copy_dir(int src, int dst, const char *path, char *failed, size_t len)
{
	int fd = dup(src), ret = 0;
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;

	if (d == NULL) {
		if (fd >= 0)
			close(fd);
		return fail(failed, len, path, "");
	}
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		struct stat st;
		int r = 0;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (fstatat(src, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = fail(failed, len, path, name);
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			char sub[PATH_MAX];
			int s, t;

			if (mkdirat(dst, name, 0700) < 0)
				r = errno == EEXIST ? 1 : -1;
			if (r == 0) {
				snprintf(sub, sizeof(sub), "%s/%s", path, name);
				s = openat(src, name,
					   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				t = openat(dst, name,
					   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (s < 0 || t < 0)
					r = -1;
				else if (copy_dir(s, t, sub, failed, len) < 0)
					ret = -1;
				if (s >= 0)
					close(s);
				if (t >= 0)
					close(t);
				if (ret < 0)
					break;
			}
		} else if (S_ISREG(st.st_mode)) {
			r = copy_file(src, dst, name, st.st_mode);
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlinkat(src, name, target, sizeof(target) - 1);

			if (n < 0)
				r = -1;
			else {
				target[n] = '\0';
				if (symlinkat(target, dst, name) < 0)
					r = errno == EEXIST ? 1 : -1;
			}
		} else if (mknodat(dst, name, st.st_mode, st.st_rdev) < 0) {
			r = errno == EEXIST ? 1 : -1;
		}
		if (r == 0 && copy_attrs(dst, name, &st) < 0)
			r = -1;
		if (r < 0) {
			ret = fail(failed, len, path, name);
			break;
		}
	}
	closedir(d);
	return ret;
}

int copyup_tmpfs(const char *target, char *failed, size_t failed_len)
{
	char parent[PATH_MAX];
	const char *base;
	struct stat st;
	int tree = -1, src = -1, dst = -1, ret = -1;

	snprintf(failed, failed_len, "%s", target);
	base = strrchr(target, '/');
	if (base == NULL || base[1] == '\0') {
		errno = EINVAL;
		return -1;
	}
	snprintf(parent, sizeof(parent), "%.*s", base == target ? 1 : (int)(base - target), target);
	base++;
	tree = (int)syscall(SYS_open_tree, AT_FDCWD, parent, OPEN_TREE_CLONE | O_CLOEXEC);
	if (tree < 0)
		return fail(failed, failed_len, parent, "");
	src = openat(tree, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0) {
		/* the image has nothing there (liblxc made the mount point) */
		ret = errno == ENOENT ? 0 : fail(failed, failed_len, target, "");
		goto out;
	}
	dst = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dst < 0 || fstat(src, &st) < 0 || fchmod(dst, st.st_mode & 07777) < 0) {
		fail(failed, failed_len, target, "");
		goto out;
	}
	ret = copy_dir(src, dst, target, failed, failed_len);
out:
	if (dst >= 0)
		close(dst);
	if (src >= 0)
		close(src);
	close(tree);
	return ret;
}
