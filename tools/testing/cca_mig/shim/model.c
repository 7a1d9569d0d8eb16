// SPDX-License-Identifier: GPL-2.0
/*
 * The shim's window onto the RMM model, for tests and tools that drive
 * host code (see shim.h). This file sees the model's own ABI header
 * (rmm.h) and none of the host's RMI headers.
 */
#include <errno.h>
#include <string.h>

#include "rmm.h"
#include "shim.h"

int shim_model_init(size_t dram_bytes)
{
	struct rmm_config cfg = {
		.dram_size = dram_bytes,
		.host_protect = true,
	};
	int ret;

	ret = rmm_init(dram_bytes ? &cfg : NULL);
	if (ret)
		return ret;
	ret = shim_init();
	if (ret)
		rmm_fini();
	return ret;
}

long shim_model_fini(void)
{
	long leaked = shim_fini();

	return leaked + (long)rmm_fini();
}

unsigned long shim_model_granules_delegated(void)
{
	unsigned long n = 0;
	int s;

	for (s = GRANULE_DELEGATED; s < GRANULE_STATE_COUNT; s++)
		n += rmm_granules_in_state(s);
	return n;
}

unsigned long shim_model_granules_in(const char *state)
{
	int s;

	for (s = 0; s < GRANULE_STATE_COUNT; s++)
		if (!strcmp(state, rmm_granule_state_name(s)))
			return rmm_granules_in_state(s);
	return 0;
}

const char *shim_model_granule_state(phys_addr_t pa)
{
	return rmm_granule_state_name(rmm_granule_state(pa));
}

bool shim_model_realm_rim(phys_addr_t rd, u8 rim[64])
{
	return rmm_realm_rim(rd, rim);
}

unsigned long shim_model_smc_count(u32 fid)
{
	return rmm_smc_count(fid);
}

void shim_model_inject_status(u64 fid, u64 status, unsigned int count)
{
	rmm_inject_status(fid, status, count);
}
