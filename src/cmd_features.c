/* lxcrun features: prints what this build supports as the runtime-spec's
 * features JSON (built by features_doc.c). The one question it asks the host is
 * which seccomp filter flags the kernel takes: lxcrun-init hands them to
 * seccomp(2) itself, so the kernel, not libseccomp, decides (as runc checks). */
#include "config.h"
#include "commands.h"
#include "features_doc.h"
#include "seccomp_build.h"
#include "util.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char usage[] = "usage: lxcrun features\n\n"
			    "Prints the OCI features JSON: what this build of lxcrun supports.\n";

/* seccomp(2) checks the flags before it reads the program: with a NULL program a
 * flag it knows fails with EFAULT, one it does not with EINVAL. Nothing is installed. */
static unsigned int kernel_seccomp_flags(void)
{
	unsigned int flag, ok = 0;
	bool usable;

	for (size_t i = 0; seccomp_flag_name(i, &flag, &usable) != NULL; i++)
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flag, NULL) < 0 &&
		    errno == EFAULT)
			ok |= flag;
	return ok;
}

int cmd_features(const global_options *g, int argc, char **argv)
{
	const struct scmp_version *v = seccomp_version();
	char version[64] = "unknown";
	features_input in;
	_cleanup_free_ char *json = NULL;

	(void)g;
	if (cmd_wants_help(argc, argv, usage))
		return 0;
	if (!cmd_no_options(argc, argv, usage) || !cmd_check_args(argc - 1, 0, 0, usage))
		return 1;
	if (v != NULL)
		snprintf(version, sizeof(version), "%u.%u.%u", v->major, v->minor, v->micro);
	in = (features_input){.seccomp_flags_supported = kernel_seccomp_flags(),
			      .libseccomp_version = version};
	json = features_json(&in);
	if (fputs(json, stdout) == EOF || fflush(stdout) == EOF) {
		lxr_error *err = NULL;

		lxr_error_sys(&err, "write the features");
		return cmd_fail(&err);
	}
	return 0;
}
