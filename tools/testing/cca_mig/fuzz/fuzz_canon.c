// SPDX-License-Identifier: GPL-2.0
/*
 * The migration stream as Documentation/virt/kvm/arm/cca-mig-stream.rst
 * describes it, written again from the document alone (offsets, not the
 * uapi structures), as an oracle for the fuzz targets: where a reader
 * must refuse a stream, and which firmware blobs a complete one carries.
 */
#include <string.h>

#include <openssl/evp.h>

#include "fuzz.h"

#define STREAM_MAGIC	0x534D4343U	/* "CCMS" */
#define STREAM_HDR_LEN	64
#define REC_HDR_LEN	8
#define REC_MAX_LEN	(8U + 8U + 512U * (64U + 4096U))
#define PAGE_HDR_LEN	64
#define PAGE_LEN	4096
#define MAX_BATCH	512
#define PAD_MAX		(PAGE_LEN + MAX_BATCH * PAGE_HDR_LEN)

enum { REALM = 1, PAGES, EPOCH, REC, END, ABORT, PAD };

static uint64_t le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static bool zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Section 3: the stream header is acceptable. */
static bool stream_hdr_ok(const uint8_t *h, uint64_t sid)
{
	return le(h, 4) == STREAM_MAGIC && le(h + 4, 2) == 1 &&
	       le(h + 6, 2) == STREAM_HDR_LEN && !le(h + 8, 4) &&
	       le(h + 12, 4) == PAGE_LEN && le(h + 16, 8) == sid &&
	       le(h + 24, 4) <= REC_MAX_LEN && !le(h + 28, 4) &&
	       zero(h + 32, 32);
}

/* Section 4.1: the record header is acceptable here. */
static bool rec_hdr_ok(unsigned int type, unsigned int flags, uint32_t len,
		       bool first)
{
	static const uint32_t want[] = {
		[REALM] = 0x180, [EPOCH] = 0x80, [REC] = 0x940,
		[END] = 0x180, [ABORT] = 0,
	};

	if (len > REC_MAX_LEN - REC_HDR_LEN || flags)
		return false;
	if (type < REALM || type > PAD)
		return false;
	if (first && type != REALM && type != ABORT)
		return false;
	if (!first && type == REALM)
		return false;
	if (type == PAGES)
		return len >= 8;
	if (type == PAD)
		return len <= PAD_MAX;
	return len == want[type];
}

void fuzz_canon(const uint8_t *data, size_t size, uint64_t sid,
		struct fuzz_canon *c)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	size_t off = STREAM_HDR_LEN;
	bool first = true;

	memset(c, 0, sizeof(*c));
	c->bad_at = SIZE_MAX;
	if (size >= 24)
		c->session_id = le(data + 16, 8);
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		FUZZ_FAIL("libcrypto: SHA-256");
	if (size < STREAM_HDR_LEN)
		goto out;
	if (!stream_hdr_ok(data, sid)) {
		c->bad_at = 0;
		goto out;
	}
	while (off + REC_HDR_LEN <= size) {
		const uint8_t *r = data + off;
		unsigned int type = le(r, 2);
		uint32_t len = le(r + 4, 4);
		const uint8_t *p = r + REC_HDR_LEN;
		uint8_t t = type;

		if (!rec_hdr_ok(type, le(r + 2, 2), len, first)) {
			c->bad_at = off;
			goto out;
		}
		first = false;
		if (type == PAD) {
			/* Section 4.5: zero bytes, ignored. */
			size_t i, have = size - off - REC_HDR_LEN;

			for (i = 0; i < len && i < have; i++) {
				if (p[i]) {
					c->bad_at = off + REC_HDR_LEN + i;
					goto out;
				}
			}
			if (have < len)
				goto out;
		} else if (type == PAGES) {
			uint32_t n, d, i, k = 0, has = 0;
			const uint8_t *pages;

			if (size - off - REC_HDR_LEN < 8)
				goto out;
			n = le(p, 4);
			d = le(p + 4, 4);
			if (!n || n > MAX_BATCH || d > n ||
			    len != 8 + (uint64_t)n * PAGE_HDR_LEN +
				   (uint64_t)d * PAGE_LEN) {
				c->bad_at = off;
				goto out;
			}
			if (size - off - REC_HDR_LEN < 8 + (size_t)n * PAGE_HDR_LEN)
				goto out;
			for (i = 0; i < n; i++)
				has += le(p + 8 + i * PAGE_HDR_LEN + 6, 2) & 1;
			if (has != d) {
				c->bad_at = off;
				goto out;
			}
			if (size - off - REC_HDR_LEN < len)
				goto out;
			/* Each page record: its header, then its page. */
			pages = p + 8 + (size_t)n * PAGE_HDR_LEN;
			for (i = 0; i < n; i++) {
				const uint8_t *h = p + 8 + i * PAGE_HDR_LEN;

				EVP_DigestUpdate(md, &t, 1);
				EVP_DigestUpdate(md, h, PAGE_HDR_LEN);
				if (le(h + 6, 2) & 1)
					EVP_DigestUpdate(md, pages +
						(size_t)k++ * PAGE_LEN,
						PAGE_LEN);
			}
		} else {
			if (size - off - REC_HDR_LEN < len)
				goto out;
			EVP_DigestUpdate(md, &t, 1);
			EVP_DigestUpdate(md, p, len);
		}
		off += REC_HDR_LEN + len;
		if (type == END || type == ABORT) {
			c->complete = type == END;
			c->aborted = type == ABORT;
			c->end_off = off;
			if (off < size)
				c->bad_at = off;	/* bytes after the end */
			break;
		}
	}
out:
	if (c->complete)
		EVP_DigestFinal_ex(md, c->hash, NULL);
	EVP_MD_CTX_free(md);
}
