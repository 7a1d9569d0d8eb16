// SPDX-License-Identifier: GPL-2.0
/*
 * Fixed RMI-MIG nonces and time for the fuzz binaries and the corpus
 * generator, which are linked with --wrap=mig_nonce and
 * --wrap=mig_counter_now (see fuzz.h). Nonce number @seq is 32 bytes of a
 * pattern that is never all zero; the model's counter (which the pause
 * records in the end token) advances by a fixed step per reading.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"

static unsigned int nonce_seq;

void fuzz_nonce_set(unsigned int seq)
{
	nonce_seq = seq;
}

void __wrap_mig_nonce(uint8_t nonce[32]);
void __wrap_mig_nonce(uint8_t nonce[32])
{
	unsigned int i;

	for (i = 0; i < 32; i++)
		nonce[i] = (uint8_t)(0xc0 + i + 7 * nonce_seq);
	nonce_seq++;
}

uint64_t __wrap_mig_counter_now(void);
uint64_t __wrap_mig_counter_now(void)
{
	static uint64_t now = 0x100000;

	now += 0x1000;
	return now;
}
