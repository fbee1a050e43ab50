#include "config.h"
#include "create_opts.h"
#include "container_io.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>

int parse_preserve_fds(const char *s, int *out, lxr_error **err)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end || n < 0 || n > 1000)
		return lxr_error_set(err, EINVAL,
				     "--preserve-fds: `%s` is not a number from 0 to 1000", s);
	*out = (int)n;
	return 0;
}

int parse_create_options(int argc, char **argv, create_options *o, bool *detach, lxr_error **err)
{
	static const struct option opts[] = {
	    {"bundle", required_argument, NULL, 'b'},
	    {"pid-file", required_argument, NULL, 'p'},
	    {"console-socket", required_argument, NULL, 'c'},
	    {"preserve-fds", required_argument, NULL, 'P'},
	    {"no-pivot", no_argument, NULL, 'N'},
	    {"no-new-keyring", no_argument, NULL, 'K'},
	    {"detach", no_argument, NULL, 'd'},
	    {"keep", no_argument, NULL, 'k'},
	    {"no-subreaper", no_argument, NULL, 'S'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, detach ? "+:b:d" : "+:b:", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->bundle = optarg;
			break;
		case 'p':
			o->pid_file = optarg;
			break;
		case 'c':
			o->console_socket = optarg;
			break;
		case 'P':
			if (parse_preserve_fds(optarg, &o->preserve_fds, err) < 0)
				return -1;
			break;
		case 'N':
		case 'K':
			break;
		case 'd':
		case 'k':
		case 'S':
			if (detach == NULL)
				return lxr_error_set(err, EINVAL, "unknown option `%s`",
						     argv[optind - 1]);
			if (c == 'd')
				*detach = true;
			break;
		case ':':
			return lxr_error_set(err, EINVAL, "option `%s` needs a value",
					     argv[optind - 1]);
		default:
			return lxr_error_set(err, EINVAL, "unknown option `%s`", argv[optind - 1]);
		}
	}
	/* socket-activation fds come first, then the preserved ones */
	o->listen_fds = listen_fds_count();
	o->preserve_fds += o->listen_fds;
	return optind;
}
