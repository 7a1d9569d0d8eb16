// SPDX-License-Identifier: GPL-2.0
/*
 * RMM reference model, RMI-MIG: cryptography (section 5 of
 * Documentation/virt/kvm/arm/rmi-mig.rst), with OpenSSL libcrypto.
 *
 * - Suites: AES-256-GCM (12-byte IV, 16-byte tag) and NULL (no encryption,
 *   all-zero tag), selected by the key blob.
 * - HKDF-SHA-256 (RFC 5869): PRK = HMAC(salt, IKM); every key the schedule
 *   derives is 32 bytes, one HKDF-Expand block: T(1) = HMAC(PRK, info || 1).
 * - Key blob wrap algorithm 1 (TEST): AES-256-GCM under KEK_TEST =
 *   SHA-256("RMI-MIG test KEK v1: NOT FOR PRODUCTION"), AAD = blob[0, 0xB0).
 * - Blob protection: IV = direction (u32 LE) || counter (u64 LE),
 *   AAD = header[0, 0x30) || bind (or abind).
 *
 * libcrypto failing (out of memory, a missing algorithm) is a broken
 * platform: the model aborts rather than invent a status.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "mig_internal.h"

#define KEK_TEST_LABEL	"RMI-MIG test KEK v1: NOT FOR PRODUCTION"
#define HKDF_SALT	"RMI-MIG/1"
#define LABEL_STREAM	"RMI-MIG/1 stream"
#define LABEL_ABORT	"RMI-MIG/1 abort"
#define LABEL_BIND	"RMI-MIG/1 bind"
#define LABEL_ABIND	"RMI-MIG/1 abind"

static void crypto_fail(const char *what)
{
	fprintf(stderr, "rmm: mig: libcrypto failed: %s\n", what);
	abort();
}

void mig_random(void *buf, size_t len)
{
	if (RAND_bytes(buf, (int)len) != 1)
		crypto_fail("RAND_bytes");
}

void mig_nonce(uint8_t nonce[RMI_MIG_NONCE_SIZE])
{
	do {
		mig_random(nonce, RMI_MIG_NONCE_SIZE);
	} while (mig_all_zero(nonce, RMI_MIG_NONCE_SIZE));
}

bool mig_all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < len; i++)
		acc |= b[i];
	return !acc;
}

bool mig_equal(const void *a, const void *b, size_t len)
{
	return !CRYPTO_memcmp(a, b, len);
}

/* ---------------------------------------------------------------------- */
/* AEAD                                                                    */

/*
 * One AES-256-GCM context per direction, kept for the life of the
 * process: allocating a context and fetching the cipher for every blob
 * cost more than sealing a page. Each use sets the key and the IV afresh,
 * so nothing of one blob carries over to the next. gcm_lock serialises
 * their users (the model's commands already hold rmm_lock; tests may wrap
 * key blobs from other threads).
 */
static pthread_mutex_t gcm_lock = PTHREAD_MUTEX_INITIALIZER;
static EVP_CIPHER_CTX *gcm_ctx[2];
/* mig_aead_open()'s copy of the plaintext; one granule covers any blob. */
static uint8_t open_scratch[RMM_GRANULE_SIZE];

/* The context for @enc, keyed, with @iv and the AAD; gcm_lock held. */
static EVP_CIPHER_CTX *gcm_init(const uint8_t *key, const uint8_t *iv,
				bool enc, const void *aad, size_t aad_len)
{
	EVP_CIPHER_CTX *ctx = gcm_ctx[enc];
	int n;

	if (!ctx) {
		ctx = EVP_CIPHER_CTX_new();
		if (!ctx ||
		    EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL,
				      NULL, enc) != 1 ||
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN,
					RMI_MIG_IV_SIZE, NULL) != 1)
			crypto_fail("GCM context");
		gcm_ctx[enc] = ctx;
	}
	if (EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, enc) != 1 ||
	    (aad_len &&
	     EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1))
		crypto_fail("GCM init");
	return ctx;
}

/* Seal @len bytes from @in into @out (may be the same buffer). */
static void gcm_seal_locked(const uint8_t key[RMI_MIG_KEY_SIZE],
		     const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		     size_t aad_len, const void *in, void *out, size_t len,
		     uint8_t tag[RMI_MIG_TAG_SIZE])
{
	EVP_CIPHER_CTX *ctx = gcm_init(key, iv, true, aad, aad_len);
	uint8_t fin[16];
	int n;

	if ((len && EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1) ||
	    EVP_CipherFinal_ex(ctx, fin, &n) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, RMI_MIG_TAG_SIZE,
				tag) != 1)
		crypto_fail("GCM seal");
}

void mig_aead_seal(unsigned int suite, const uint8_t key[RMI_MIG_KEY_SIZE],
		   const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		   size_t aad_len, void *buf, size_t len,
		   uint8_t tag[RMI_MIG_TAG_SIZE])
{
	if (suite == RMI_MIG_SUITE_NULL) {
		memset(tag, 0, RMI_MIG_TAG_SIZE);
		return;
	}
	pthread_mutex_lock(&gcm_lock);
	gcm_seal_locked(key, iv, aad, aad_len, buf, buf, len, tag);
	pthread_mutex_unlock(&gcm_lock);
}

void mig_aead_seal_to(unsigned int suite,
		      const uint8_t key[RMI_MIG_KEY_SIZE],
		      const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		      size_t aad_len, const void *in, void *out, size_t len,
		      uint8_t tag[RMI_MIG_TAG_SIZE])
{
	if (suite == RMI_MIG_SUITE_NULL) {
		memcpy(out, in, len);
		memset(tag, 0, RMI_MIG_TAG_SIZE);
		return;
	}
	pthread_mutex_lock(&gcm_lock);
	gcm_seal_locked(key, iv, aad, aad_len, in, out, len, tag);
	pthread_mutex_unlock(&gcm_lock);
}

bool mig_aead_open(unsigned int suite, const uint8_t key[RMI_MIG_KEY_SIZE],
		   const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		   size_t aad_len, void *buf, size_t len,
		   const uint8_t tag[RMI_MIG_TAG_SIZE])
{
	EVP_CIPHER_CTX *ctx;
	uint8_t tmp_tag[RMI_MIG_TAG_SIZE], fin[16];
	uint8_t *out = open_scratch;
	bool ok;
	int n;

	if (suite == RMI_MIG_SUITE_NULL)
		return mig_all_zero(tag, RMI_MIG_TAG_SIZE);
	/* Decrypt into a copy: @buf stays unchanged if the tag is wrong. */
	if (len > sizeof(open_scratch)) {
		out = malloc(len);
		if (!out)
			crypto_fail("out of memory");
	}
	memcpy(tmp_tag, tag, sizeof(tmp_tag));
	pthread_mutex_lock(&gcm_lock);
	ctx = gcm_init(key, iv, false, aad, aad_len);
	if ((len && EVP_CipherUpdate(ctx, out, &n, buf, (int)len) != 1) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, RMI_MIG_TAG_SIZE,
				tmp_tag) != 1)
		crypto_fail("GCM open");
	ok = EVP_CipherFinal_ex(ctx, fin, &n) == 1;
	if (ok && len)
		memcpy(buf, out, len);
	OPENSSL_cleanse(out, len);
	pthread_mutex_unlock(&gcm_lock);
	if (out != open_scratch)
		free(out);
	return ok;
}

bool mig_aead_open_to(unsigned int suite, const uint8_t key[RMI_MIG_KEY_SIZE],
		      const uint8_t iv[RMI_MIG_IV_SIZE], const void *aad,
		      size_t aad_len, const void *in, void *out, size_t len,
		      const uint8_t tag[RMI_MIG_TAG_SIZE])
{
	EVP_CIPHER_CTX *ctx;
	uint8_t tmp_tag[RMI_MIG_TAG_SIZE], fin[16];
	bool ok;
	int n;

	if (suite == RMI_MIG_SUITE_NULL) {
		ok = mig_all_zero(tag, RMI_MIG_TAG_SIZE);
		if (ok)
			memcpy(out, in, len);
		return ok;
	}
	memcpy(tmp_tag, tag, sizeof(tmp_tag));
	pthread_mutex_lock(&gcm_lock);
	ctx = gcm_init(key, iv, false, aad, aad_len);
	if ((len && EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, RMI_MIG_TAG_SIZE,
				tmp_tag) != 1)
		crypto_fail("GCM open");
	ok = EVP_CipherFinal_ex(ctx, fin, &n) == 1;
	pthread_mutex_unlock(&gcm_lock);
	if (!ok)
		OPENSSL_cleanse(out, len);
	return ok;
}

void mig_iv(uint8_t iv[RMI_MIG_IV_SIZE], uint32_t direction,
	    uint64_t counter)
{
	memcpy(iv, &direction, 4);
	memcpy(iv + 4, &counter, 8);
}

/* ---------------------------------------------------------------------- */
/* Hashes and the key schedule                                             */

static void hmac_sha256(const void *key, size_t key_len, const void *data,
			size_t len, uint8_t out[32])
{
	unsigned int n = 0;

	if (!HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &n) ||
	    n != 32)
		crypto_fail("HMAC");
}

static void sha256(const void *data, size_t len, uint8_t out[32])
{
	if (EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL) != 1)
		crypto_fail("SHA-256");
}

void mig_kek_test(uint8_t kek[RMI_MIG_KEY_SIZE])
{
	sha256(KEK_TEST_LABEL, strlen(KEK_TEST_LABEL), kek);
}

/* HKDF-Expand(PRK, @label || @ctx, 32), one block. */
static void hkdf_expand32(const uint8_t prk[32], const char *label,
			  const uint8_t *ctx, size_t ctx_len, uint8_t out[32])
{
	uint8_t info[64 + 80];
	size_t l = strlen(label);

	memcpy(info, label, l);
	memcpy(info + l, ctx, ctx_len);
	info[l + ctx_len] = 1;
	hmac_sha256(prk, 32, info, l + ctx_len + 1, out);
	OPENSSL_cleanse(info, sizeof(info));
}

/* SHA-256(@label || @ctx || rim || rpv). */
static void bind_hash(const struct mig_session *s, const char *label,
		      const uint8_t *ctx, size_t ctx_len, uint8_t out[32])
{
	uint8_t buf[32 + 72 + 128];
	size_t l = strlen(label);

	memcpy(buf, label, l);
	memcpy(buf + l, ctx, ctx_len);
	memcpy(buf + l + ctx_len, s->rim, 64);
	memcpy(buf + l + ctx_len + 64, s->rpv, 64);
	sha256(buf, l + ctx_len + 128, out);
}

static void mig_prk(const struct mig_session *s, uint8_t prk[32])
{
	hmac_sha256(HKDF_SALT, strlen(HKDF_SALT), s->mk, sizeof(s->mk), prk);
}

void mig_derive_stream(const struct mig_session *s,
		       const uint8_t src_nonce[RMI_MIG_NONCE_SIZE],
		       const uint8_t dst_nonce[RMI_MIG_NONCE_SIZE],
		       uint8_t k_stream[RMI_MIG_KEY_SIZE], uint8_t bind[32])
{
	uint8_t prk[32], ctx[8 + 2 * RMI_MIG_NONCE_SIZE];

	memcpy(ctx, &s->session_id, 8);
	memcpy(ctx + 8, src_nonce, RMI_MIG_NONCE_SIZE);
	memcpy(ctx + 8 + RMI_MIG_NONCE_SIZE, dst_nonce, RMI_MIG_NONCE_SIZE);
	mig_prk(s, prk);
	hkdf_expand32(prk, LABEL_STREAM, ctx, sizeof(ctx), k_stream);
	bind_hash(s, LABEL_BIND, ctx, sizeof(ctx), bind);
	OPENSSL_cleanse(prk, sizeof(prk));
}

void mig_derive_abort(const struct mig_session *s,
		      const uint8_t dst_nonce[RMI_MIG_NONCE_SIZE],
		      uint8_t k_abort[RMI_MIG_KEY_SIZE], uint8_t abind[32])
{
	uint8_t prk[32], ctx[8 + RMI_MIG_NONCE_SIZE];

	memcpy(ctx, &s->session_id, 8);
	memcpy(ctx + 8, dst_nonce, RMI_MIG_NONCE_SIZE);
	mig_prk(s, prk);
	hkdf_expand32(prk, LABEL_ABORT, ctx, sizeof(ctx), k_abort);
	bind_hash(s, LABEL_ABIND, ctx, sizeof(ctx), abind);
	OPENSSL_cleanse(prk, sizeof(prk));
}

/* ---------------------------------------------------------------------- */
/* Key blob                                                                */

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

uint64_t mig_key_blob_unwrap(const uint8_t *blob, size_t blob_len,
			     struct mig_key_blob *kb)
{
	uint8_t kek[RMI_MIG_KEY_SIZE], mk[RMI_MIG_KEY_SIZE];
	uint32_t total_len = get32(blob + RMI_MIG_KB_OFF_TOTAL_LEN);
	unsigned int role = blob[RMI_MIG_KB_OFF_ROLE];
	bool ok;

	/*
	 * open.blob_fmt: the fields of bytes [0x00, 0x20), common to every
	 * wrap algorithm (blob_len >= 0x20 is all the params guarantee).
	 */
	if (get32(blob + RMI_MIG_KB_OFF_MAGIC) != RMI_MIG_KB_MAGIC ||
	    get16(blob + RMI_MIG_KB_OFF_VERSION) != RMI_MIG_KB_VERSION ||
	    get16(blob + RMI_MIG_KB_OFF_RES0) ||
	    !mig_all_zero(blob + RMI_MIG_KB_OFF_RES1, 8) ||
	    total_len != blob_len ||
	    (role != RMI_MIG_ROLE_SOURCE && role != RMI_MIG_ROLE_DESTINATION))
		return RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);
	kb->wrap_alg = get16(blob + RMI_MIG_KB_OFF_WRAP_ALG);
	/* open.wrap_alg: the model accepts TEST blobs (TEST_KEY = 1). */
	if (kb->wrap_alg != RMI_MIG_WRAP_TEST)
		return RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY);
	/* open.blob_len, with the TEST layout's own reserved field. */
	if (total_len != RMI_MIG_KB_TEST_LEN ||
	    !mig_all_zero(blob + RMI_MIG_KB_OFF_RES2, 4))
		return RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_FORMAT);

	/* open.unwrap */
	mig_kek_test(kek);
	memcpy(mk, blob + RMI_MIG_KB_OFF_WRAPPED_MK, sizeof(mk));
	ok = mig_aead_open(RMI_MIG_SUITE_AES_256_GCM, kek,
			   blob + RMI_MIG_KB_OFF_WRAP_IV, blob,
			   RMI_MIG_KB_OFF_WRAPPED_MK, mk, sizeof(mk),
			   blob + RMI_MIG_KB_OFF_WRAP_TAG);
	OPENSSL_cleanse(kek, sizeof(kek));
	if (!ok) {
		OPENSSL_cleanse(mk, sizeof(mk));
		return RMI_RETURN(RMI_ERROR_MIG, RMI_MIG_KEY);
	}
	kb->role = role;
	kb->suite = blob[RMI_MIG_KB_OFF_SUITE];
	memcpy(&kb->session_id, blob + RMI_MIG_KB_OFF_SESSION_ID, 8);
	memcpy(kb->rim, blob + RMI_MIG_KB_OFF_RIM, 64);
	memcpy(kb->rpv, blob + RMI_MIG_KB_OFF_RPV, 64);
	memcpy(kb->mk, mk, sizeof(mk));
	OPENSSL_cleanse(mk, sizeof(mk));
	return RMI_SUCCESS;
}

void mig_key_blob_wrap_test(const struct mig_key_blob *kb,
			    const uint8_t iv[RMI_MIG_IV_SIZE], uint8_t *out)
{
	uint32_t magic = RMI_MIG_KB_MAGIC, total = RMI_MIG_KB_TEST_LEN;
	uint16_t version = RMI_MIG_KB_VERSION;
	uint16_t wrap_alg = (uint16_t)kb->wrap_alg;
	uint8_t kek[RMI_MIG_KEY_SIZE];

	memset(out, 0, RMI_MIG_KB_TEST_LEN);
	memcpy(out + RMI_MIG_KB_OFF_MAGIC, &magic, 4);
	memcpy(out + RMI_MIG_KB_OFF_VERSION, &version, 2);
	memcpy(out + RMI_MIG_KB_OFF_WRAP_ALG, &wrap_alg, 2);
	out[RMI_MIG_KB_OFF_ROLE] = (uint8_t)kb->role;
	out[RMI_MIG_KB_OFF_SUITE] = (uint8_t)kb->suite;
	memcpy(out + RMI_MIG_KB_OFF_TOTAL_LEN, &total, 4);
	memcpy(out + RMI_MIG_KB_OFF_SESSION_ID, &kb->session_id, 8);
	memcpy(out + RMI_MIG_KB_OFF_RIM, kb->rim, 64);
	memcpy(out + RMI_MIG_KB_OFF_RPV, kb->rpv, 64);
	memcpy(out + RMI_MIG_KB_OFF_WRAP_IV, iv, RMI_MIG_IV_SIZE);
	memcpy(out + RMI_MIG_KB_OFF_WRAPPED_MK, kb->mk, RMI_MIG_KEY_SIZE);
	mig_kek_test(kek);
	mig_aead_seal(RMI_MIG_SUITE_AES_256_GCM, kek, iv, out,
		      RMI_MIG_KB_OFF_WRAPPED_MK,
		      out + RMI_MIG_KB_OFF_WRAPPED_MK, RMI_MIG_KEY_SIZE,
		      out + RMI_MIG_KB_OFF_WRAP_TAG);
	OPENSSL_cleanse(kek, sizeof(kek));
}

/* ---------------------------------------------------------------------- */
/* Blobs                                                                   */

void mig_hdr_init(const struct mig_session *s, struct mig_hdr *h,
		  unsigned int type, uint64_t counter, uint64_t epoch,
		  uint32_t body_len, bool has_data)
{
	memset(h, 0, sizeof(*h));
	h->magic = RMI_MIG_HDR_MAGIC;
	h->version = RMI_MIG_HDR_VERSION;
	h->type = (uint8_t)type;
	if (has_data)
		h->flags |= RMI_MIG_HDR_F_HAS_DATA;
	if (s->suite == RMI_MIG_SUITE_NULL)
		h->flags |= RMI_MIG_HDR_F_NULL_SUITE;
	h->session_id = s->session_id;
	h->counter = counter;
	h->epoch = epoch;
	h->body_len = body_len;
}

bool mig_hdr_check(const struct mig_session *s, const struct mig_hdr *h,
		   unsigned int type, uint32_t body_len)
{
	bool null_suite = h->flags & RMI_MIG_HDR_F_NULL_SUITE;

	if (h->magic != RMI_MIG_HDR_MAGIC ||
	    h->version != RMI_MIG_HDR_VERSION || h->type != type ||
	    h->body_len != body_len)
		return false;
	if (h->flags & ~(RMI_MIG_HDR_F_HAS_DATA | RMI_MIG_HDR_F_NULL_SUITE))
		return false;
	if ((h->flags & RMI_MIG_HDR_F_HAS_DATA) && type != RMI_MIG_BLOB_PAGE)
		return false;
	if (null_suite != (s->suite == RMI_MIG_SUITE_NULL))
		return false;
	if (h->reserved)
		return false;
	if (type != RMI_MIG_BLOB_PAGE && (h->ripas || h->hipas))
		return false;
	if (type != RMI_MIG_BLOB_PAGE && type != RMI_MIG_BLOB_REC && h->ipa)
		return false;
	return true;
}

static void blob_aad(const struct mig_hdr *h, const uint8_t bind[32],
		     uint8_t aad[RMI_MIG_HDR_AAD_SIZE + 32])
{
	memcpy(aad, h, RMI_MIG_HDR_AAD_SIZE);
	memcpy(aad + RMI_MIG_HDR_AAD_SIZE, bind, 32);
}

void mig_blob_seal(const struct mig_session *s, bool abort,
		   struct mig_hdr *h, void *p, size_t plen)
{
	uint8_t aad[RMI_MIG_HDR_AAD_SIZE + 32], iv[RMI_MIG_IV_SIZE];

	memset(h->tag, 0, sizeof(h->tag));
	blob_aad(h, abort ? s->abind : s->bind, aad);
	mig_iv(iv, abort ? RMI_MIG_DIR_ABORT : RMI_MIG_DIR_STREAM, h->counter);
	mig_aead_seal(s->suite, abort ? s->k_abort : s->k_stream, iv, aad,
		      sizeof(aad), p, plen, h->tag);
}

void mig_blob_seal_to(const struct mig_session *s, struct mig_hdr *h,
		      const void *in, void *out, size_t plen)
{
	uint8_t aad[RMI_MIG_HDR_AAD_SIZE + 32], iv[RMI_MIG_IV_SIZE];

	memset(h->tag, 0, sizeof(h->tag));
	blob_aad(h, s->bind, aad);
	mig_iv(iv, RMI_MIG_DIR_STREAM, h->counter);
	mig_aead_seal_to(s->suite, s->k_stream, iv, aad, sizeof(aad), in, out,
			 plen, h->tag);
}

bool mig_blob_open_with(unsigned int suite,
			const uint8_t k_stream[RMI_MIG_KEY_SIZE],
			const uint8_t bind[32], const struct mig_hdr *h,
			void *p, size_t plen)
{
	uint8_t aad[RMI_MIG_HDR_AAD_SIZE + 32], iv[RMI_MIG_IV_SIZE];

	blob_aad(h, bind, aad);
	mig_iv(iv, RMI_MIG_DIR_STREAM, h->counter);
	return mig_aead_open(suite, k_stream, iv, aad, sizeof(aad), p, plen,
			     h->tag);
}

bool mig_blob_open_to(const struct mig_session *s, const struct mig_hdr *h,
		      const void *in, void *out, size_t plen)
{
	uint8_t aad[RMI_MIG_HDR_AAD_SIZE + 32], iv[RMI_MIG_IV_SIZE];

	if (!s->have_stream)
		return false;
	blob_aad(h, s->bind, aad);
	mig_iv(iv, RMI_MIG_DIR_STREAM, h->counter);
	return mig_aead_open_to(s->suite, s->k_stream, iv, aad, sizeof(aad),
				in, out, plen, h->tag);
}

bool mig_blob_open(const struct mig_session *s, bool abort,
		   const struct mig_hdr *h, void *p, size_t plen)
{
	uint8_t aad[RMI_MIG_HDR_AAD_SIZE + 32], iv[RMI_MIG_IV_SIZE];

	if (!abort) {
		if (!s->have_stream)
			return false;
		return mig_blob_open_with(s->suite, s->k_stream, s->bind, h,
					  p, plen);
	}
	blob_aad(h, s->abind, aad);
	mig_iv(iv, RMI_MIG_DIR_ABORT, h->counter);
	return mig_aead_open(s->suite, s->k_abort, iv, aad, sizeof(aad), p,
			     plen, h->tag);
}
