/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cca_mig module compiled into the reference platform's VMM tools
 * (ccaplat_module.c): its init and exit, as insmod and rmmod call them.
 * Kept apart from ccaplat.h, whose libccamig names the module's own
 * headers must not see.
 */
#ifndef CCAPLAT_MODULE_H
#define CCAPLAT_MODULE_H

int ccaplat_module_load(void);
void ccaplat_module_unload(void);

#endif /* CCAPLAT_MODULE_H */
