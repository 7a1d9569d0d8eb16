// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model: SMC dispatch, the model lock, call counters and
 * status injection for tests.
 */
#include <stdio.h>
#include <string.h>

#include "rmm_internal.h"

pthread_mutex_t rmm_lock = PTHREAD_MUTEX_INITIALIZER;

struct rmm_cmd {
	uint64_t fid;
	const char *name;
	void (*fn)(struct rmm_smc_regs *regs);
};

#define RMM_CMD_ENTRY(ID, name) { SMC_RMI_##ID, #name, smc_##name },
static const struct rmm_cmd rmm_cmds[] = {
	RMM_HANDLERS(RMM_CMD_ENTRY)
};
#undef RMM_CMD_ENTRY

static uint64_t smc_counts[0x1000];

static struct {
	uint64_t fid;
	uint64_t status;
	unsigned int count;
} inject;

void rmm_inject_status(uint64_t fid, uint64_t status, unsigned int count)
{
	pthread_mutex_lock(&rmm_lock);
	inject.fid = fid;
	inject.status = status;
	inject.count = count;
	pthread_mutex_unlock(&rmm_lock);
}

uint64_t rmm_smc_count(uint32_t fid)
{
	uint64_t n;

	pthread_mutex_lock(&rmm_lock);
	n = smc_counts[fid & 0xfff];
	pthread_mutex_unlock(&rmm_lock);
	return n;
}

static const struct rmm_cmd *rmm_find_cmd(uint64_t fid)
{
	size_t i;

	for (i = 0; i < sizeof(rmm_cmds) / sizeof(rmm_cmds[0]); i++)
		if (rmm_cmds[i].fid == fid)
			return &rmm_cmds[i];
	return NULL;
}

void rmm_smc(struct rmm_smc_regs *regs)
{
	const struct rmm_cmd *cmd;
	uint64_t fid = regs->a[0];

	pthread_mutex_lock(&rmm_lock);
	smc_counts[fid & 0xfff]++;
	cmd = rmm_find_cmd(fid);
	if (!cmd) {
		/* SMCCC: unknown function identifier. */
		memset(regs, 0, sizeof(*regs));
		regs->a[0] = (uint64_t)-1;
	} else if (inject.count && (!inject.fid || inject.fid == fid)) {
		inject.count--;
		memset(regs, 0, sizeof(*regs));
		regs->a[0] = inject.status;
	} else {
		cmd->fn(regs);
	}
	pthread_mutex_unlock(&rmm_lock);
}
