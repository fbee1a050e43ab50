/* Linux security modules: whether the host can apply what a config asks for. */
#ifndef LXCRUN_LSM_H
#define LXCRUN_LSM_H

#include "error.h"
#include "init_params.h"

/* Fails naming aa_field or label_field when p asks for an AppArmor profile or an
 * SELinux label and the host does not have that module enabled. */
int lsm_check(const init_params *p, const char *aa_field, const char *label_field, lxr_error **err);

#endif
