// SPDX-License-Identifier: GPL-2.0
/*
 * cca-mig-agent: a reference migration agent for test platforms.
 *
 *   cca-mig-agent [-s SUITE] ROLE SESSION_ID RIM [RPV]
 *
 * Prints to standard output the RMI-MIG key blob of one side of a
 * session (Documentation/virt/kvm/arm/rmi-mig.rst section 5.2), wrapped
 * with the TEST wrap algorithm (wrap_alg 1: AES-256-GCM under the public
 * KEK_TEST, section 1.4), which only an RMM that reports
 * RmiMigFeatures.TEST_KEY accepts: the reference platform's RMM model
 * does, production firmware must not. This is the program the kselftests
 * run as "-a AGENT" (tools/testing/selftests/kvm/cca/lib/cca_mig.c,
 * cca_mig_get_keys()):
 *
 *   ROLE        1 for the source, 2 for the destination
 *   SESSION_ID  the session ID, in hex (an optional 0x is allowed)
 *   RIM         the realm's RIM as 128 hex digits: 8 words of 16 digits,
 *               word i being bytes 8i .. 8i + 7 of the RIM read as a
 *               little-endian u64, as RSI_MEASUREMENT_READ returns it in
 *               x1 .. x8 and cca_mig_get_keys() prints it
 *   RPV         the realm's RPV in the same form; zero if not given
 *   -s SUITE    aes (AES-256-GCM, the default) or null (NULL suite)
 *
 * Real migration agents attest each other and agree on a fresh migration
 * key (MK) over a secure channel. This one is run once per role, without
 * a peer, so both runs derive the same MK from what they are given:
 * MK = SHA-256("cca-mig-agent TEST MK" || session_id (8 bytes, little
 * endian) || RIM || RPV). Like the TEST wrap itself, that protects
 * nothing: anyone can compute MK. Never use it outside a test platform.
 *
 * Exit status: 0 with the blob written; 2 for a usage error; 1 if the
 * blob could not be made or written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#define BLOB_LEN	0xE0
#define BLOB_MAGIC	0x424B4D52	/* "RMKB" */
#define BLOB_VERSION	1
#define WRAP_ALG_TEST	1
#define SUITE_AES_GCM	1
#define SUITE_NULL	2
#define ID_LEN		64		/* RIM and RPV */
#define MK_LEN		32
#define IV_LEN		12
#define TAG_LEN		16

/* Offsets in the blob (rmi-mig.rst section 5.2). */
#define OFF_MAGIC	0x00
#define OFF_VERSION	0x04
#define OFF_WRAP_ALG	0x06
#define OFF_ROLE	0x08
#define OFF_SUITE	0x09
#define OFF_TOTAL_LEN	0x0C
#define OFF_SESSION_ID	0x10
#define OFF_RIM		0x20
#define OFF_RPV		0x60
#define OFF_WRAP_IV	0xA0
#define OFF_WRAPPED_MK	0xB0
#define OFF_WRAP_TAG	0xD0

static const char kek_test_label[] = "RMI-MIG test KEK v1: NOT FOR PRODUCTION";
static const char mk_label[] = "cca-mig-agent TEST MK";

static void usage(FILE *f, const char *name)
{
	fprintf(f,
		"usage: %s [-s aes|null] ROLE SESSION_ID RIM [RPV]\n"
		"Print the TEST key blob (rmi-mig.rst 5.2) of one side of a\n"
		"realm migration session, for a test platform's RMM.\n"
		"  ROLE        1 source, 2 destination\n"
		"  SESSION_ID  hex\n"
		"  RIM, RPV    128 hex digits: 8 little-endian words of 16\n"
		"              digits each (RPV: zero if omitted)\n"
		"  -s SUITE    aes (AES-256-GCM, default) or null\n",
		name);
}

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = v >> (8 * i);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 8 words of 16 hex digits each into 64 bytes, each word little endian. */
static int parse_id(const char *s, uint8_t out[ID_LEN])
{
	unsigned int w, i;
	uint64_t v;
	int d;

	if (strlen(s) != 2 * ID_LEN)
		return -1;
	for (w = 0; w < ID_LEN / 8; w++) {
		v = 0;
		for (i = 0; i < 16; i++) {
			d = hex_digit(s[16 * w + i]);
			if (d < 0)
				return -1;
			v = v << 4 | d;
		}
		put_le(out + 8 * w, v, 8);
	}
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*out = strtoull(s, &end, 16);
	return errno || *end ? -1 : 0;
}

static int derive_mk(uint64_t sid, const uint8_t rim[ID_LEN],
		     const uint8_t rpv[ID_LEN], uint8_t mk[MK_LEN])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned int len = 0;
	uint8_t le[8];
	int ok;

	if (!c)
		return -1;
	put_le(le, sid, sizeof(le));
	ok = EVP_DigestInit_ex(c, EVP_sha256(), NULL) &&
	     EVP_DigestUpdate(c, mk_label, strlen(mk_label)) &&
	     EVP_DigestUpdate(c, le, sizeof(le)) &&
	     EVP_DigestUpdate(c, rim, ID_LEN) &&
	     EVP_DigestUpdate(c, rpv, ID_LEN) &&
	     EVP_DigestFinal_ex(c, mk, &len) && len == MK_LEN;
	EVP_MD_CTX_free(c);
	return ok ? 0 : -1;
}

/*
 * The blob: header, identity and IV, then MK encrypted with AES-256-GCM
 * under KEK_TEST with bytes [0, 0xB0) as additional authenticated data.
 */
static int make_blob(uint8_t blob[BLOB_LEN], unsigned int role,
		     unsigned int suite, uint64_t sid,
		     const uint8_t rim[ID_LEN], const uint8_t rpv[ID_LEN],
		     const uint8_t mk[MK_LEN])
{
	uint8_t kek[SHA256_DIGEST_LENGTH];
	EVP_CIPHER_CTX *ctx;
	int len, ok;

	if (!SHA256((const unsigned char *)kek_test_label,
		    strlen(kek_test_label), kek))
		return -1;
	memset(blob, 0, BLOB_LEN);
	put_le(blob + OFF_MAGIC, BLOB_MAGIC, 4);
	put_le(blob + OFF_VERSION, BLOB_VERSION, 2);
	put_le(blob + OFF_WRAP_ALG, WRAP_ALG_TEST, 2);
	blob[OFF_ROLE] = role;
	blob[OFF_SUITE] = suite;
	put_le(blob + OFF_TOTAL_LEN, BLOB_LEN, 4);
	put_le(blob + OFF_SESSION_ID, sid, 8);
	memcpy(blob + OFF_RIM, rim, ID_LEN);
	memcpy(blob + OFF_RPV, rpv, ID_LEN);
	if (RAND_bytes(blob + OFF_WRAP_IV, IV_LEN) != 1)
		return -1;

	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -1;
	ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, IV_LEN, NULL) &&
	     EVP_EncryptInit_ex(ctx, NULL, NULL, kek, blob + OFF_WRAP_IV) &&
	     EVP_EncryptUpdate(ctx, NULL, &len, blob, OFF_WRAPPED_MK) &&
	     EVP_EncryptUpdate(ctx, blob + OFF_WRAPPED_MK, &len, mk, MK_LEN) &&
	     len == MK_LEN &&
	     EVP_EncryptFinal_ex(ctx, blob + OFF_WRAPPED_MK + len, &len) &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN,
				 blob + OFF_WRAP_TAG);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	uint8_t rim[ID_LEN], rpv[ID_LEN] = { 0 }, mk[MK_LEN], blob[BLOB_LEN];
	unsigned int suite = SUITE_AES_GCM, role;
	uint64_t sid;
	size_t off;
	int opt;

	while ((opt = getopt(argc, argv, "hs:")) != -1) {
		switch (opt) {
		case 's':
			if (!strcmp(optarg, "aes")) {
				suite = SUITE_AES_GCM;
			} else if (!strcmp(optarg, "null")) {
				suite = SUITE_NULL;
			} else {
				usage(stderr, argv[0]);
				return 2;
			}
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (argc - optind < 3 || argc - optind > 4 ||
	    strlen(argv[optind]) != 1 ||
	    (argv[optind][0] != '1' && argv[optind][0] != '2') ||
	    parse_u64(argv[optind + 1], &sid) ||
	    parse_id(argv[optind + 2], rim) ||
	    (argc - optind == 4 && parse_id(argv[optind + 3], rpv))) {
		usage(stderr, argv[0]);
		return 2;
	}
	role = argv[optind][0] - '0';

	if (derive_mk(sid, rim, rpv, mk) ||
	    make_blob(blob, role, suite, sid, rim, rpv, mk)) {
		fprintf(stderr, "%s: OpenSSL failed\n", argv[0]);
		return 1;
	}
	for (off = 0; off < sizeof(blob); ) {
		ssize_t n = write(STDOUT_FILENO, blob + off,
				  sizeof(blob) - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("write");
			return 1;
		}
		off += n;
	}
	return 0;
}
