/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TEST key blobs for the host-side migration tests (host_cca_mig_test.c),
 * which are built against the kernel-API shim and so cannot use
 * util_mig.h (it speaks the model's own ABI headers). Built without the
 * shim, with OpenSSL.
 */
#ifndef CCA_UTIL_HOST_MIGKEY_H
#define CCA_UTIL_HOST_MIGKEY_H

#include <stdint.h>

#define UHM_KEY_BLOB_LEN	0xE0
#define UHM_SUITE_AES_256_GCM	1
#define UHM_SUITE_NULL		2

/*
 * Build the RMI-MIG key blob (rmi-mig.rst section 5.2) with the TEST wrap
 * algorithm: @mk wrapped under KEK_TEST, bound to @sid, @role (1 source,
 * 2 destination), @suite and the Realm identity @rim/@rpv (64 bytes each).
 * Returns 0, or -1 if OpenSSL failed.
 */
int uhm_key_blob(uint8_t out[UHM_KEY_BLOB_LEN], uint64_t sid,
		 unsigned int role, unsigned int suite, const uint8_t mk[32],
		 const uint8_t rim[64], const uint8_t rpv[64]);

#endif /* CCA_UTIL_HOST_MIGKEY_H */
