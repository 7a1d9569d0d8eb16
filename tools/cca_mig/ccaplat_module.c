// SPDX-License-Identifier: GPL-2.0
/*
 * The cca_mig module (virt/kvm/cca_mig/), compiled unmodified through the
 * kernel-API shim for the reference platform's VMM tools: as in
 * tests/host_cca_mig_test.c, the test copy of cca_mig_internal.h (same
 * include guard) comes first, then the module's .c files.
 */
#include "cca_mig_internal.h"

#include "../../virt/kvm/cca_mig/fw.c"
#include "../../virt/kvm/cca_mig/main.c"
#include "../../virt/kvm/cca_mig/ram.c"
#include "../../virt/kvm/cca_mig/rec.c"
#include "../../virt/kvm/cca_mig/state.c"
#include "../../virt/kvm/cca_mig/stream.c"

#include "ccaplat_module.h"

/* insmod: the module's init, which registers its ops with KVM. */
int ccaplat_module_load(void)
{
	return cca_mig_init();
}

/* rmmod */
void ccaplat_module_unload(void)
{
	cca_mig_exit();
}
