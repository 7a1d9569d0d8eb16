// SPDX-License-Identifier: GPL-2.0
/*
 * TEST key blobs for the host-side migration tests: see util_host_migkey.h.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "util_host_migkey.h"

static const char kek_label[] = "RMI-MIG test KEK v1: NOT FOR PRODUCTION";

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = v >> (8 * i);
}

int uhm_key_blob(uint8_t out[UHM_KEY_BLOB_LEN], uint64_t sid,
		 unsigned int role, unsigned int suite, const uint8_t mk[32],
		 const uint8_t rim[64], const uint8_t rpv[64])
{
	uint8_t kek[SHA256_DIGEST_LENGTH];
	EVP_CIPHER_CTX *ctx;
	int len, ok;

	SHA256((const unsigned char *)kek_label, strlen(kek_label), kek);

	memset(out, 0, UHM_KEY_BLOB_LEN);
	put_le(out + 0x00, 0x424B4D52, 4);	/* "RMKB" */
	put_le(out + 0x04, 1, 2);		/* version */
	put_le(out + 0x06, 1, 2);		/* wrap_alg TEST */
	out[0x08] = role;
	out[0x09] = suite;
	put_le(out + 0x0C, UHM_KEY_BLOB_LEN, 4);
	put_le(out + 0x10, sid, 8);
	memcpy(out + 0x20, rim, 64);
	memcpy(out + 0x60, rpv, 64);
	/* A fixed IV is fine for a test key that protects nothing. */
	memset(out + 0xA0, 0x5a, 12);

	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -1;
	ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) &&
	     EVP_EncryptInit_ex(ctx, NULL, NULL, kek, out + 0xA0) &&
	     EVP_EncryptUpdate(ctx, NULL, &len, out, 0xB0) &&
	     EVP_EncryptUpdate(ctx, out + 0xB0, &len, mk, 32) &&
	     EVP_EncryptFinal_ex(ctx, out + 0xB0 + len, &len) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out + 0xD0);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}
