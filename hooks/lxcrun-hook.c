/* lxcrun-hook: the program liblxc runs at its hook points to run the spec's OCI
 * hooks. The spec's hooks are not implemented yet (lxcrun rejects a config.json
 * that has any, naming the field), so for now this only refuses to be misused. */
#include "config.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr,
		"lxcrun-hook: internal helper of lxcrun (OCI hooks are not supported yet)\n");
	return 2;
}
