/* Named fault points: see fault.h. */
#include "config.h"
#include "fault.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void fault_point(const char *name)
{
	static const char *want;
	static bool loaded;
	size_t n;

	/* read once: the environment does not change under us */
	if (!loaded) {
		want = getenv("LXCRUN_FAULT");
		loaded = true;
	}
	if (want == NULL)
		return;
	n = strlen(name);
	if (strncmp(want, name, n) != 0)
		return;
	if (want[n] == '\0')
		raise(SIGKILL);
	else if (strcmp(want + n, ":stop") == 0)
		raise(SIGSTOP);
}
