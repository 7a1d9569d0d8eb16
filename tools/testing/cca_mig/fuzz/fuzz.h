/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzz targets of the cca_mig module (fuzz_stream, fuzz_ioctl) and the
 * corpus generator: what they share. See fuzz/README.md.
 *
 * Only plain C types here: the targets include this after the module's .c
 * files (kernel headers through the shim), fuzz_canon.c and fuzz_main.c
 * include it with libc's headers alone.
 */
#ifndef CCA_MIG_FUZZ_H
#define CCA_MIG_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points; fuzz_main.c calls them without libFuzzer. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An invariant does not hold: print where and why, then abort(), which
 * libFuzzer reports as a crash (and saves the input) and which fails the
 * reproducer.
 */
void fuzz_fail(const char *file, int line, const char *func,
	       const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));
#define FUZZ_FAIL(...)	fuzz_fail(__FILE__, __LINE__, __func__, __VA_ARGS__)
#define FUZZ_ASSERT(cond, fmt, ...)					\
	do {								\
		if (!(cond))						\
			FUZZ_FAIL("%s: " fmt, #cond, ##__VA_ARGS__);	\
	} while (0)

/* ---------------------------------------------------------------------- */
/* User memory (fuzz_common.c)                                             */

/*
 * The module reaches user memory only through copy_from_user(),
 * copy_to_user() and clear_user(). The fuzz binaries are linked with
 * --wrap for the three: while user memory is "strict", only the ranges
 * registered here are user memory, and any other address (NULL, a
 * pointer the fuzzer made up) faults as an unmapped address does in the
 * kernel: the bytes up to the end of a registered range are copied, the
 * rest is reported not copied (and zeroed for copy_from_user()).
 */
/* Returns the previous setting. */
bool fuzz_user_strict(bool on);
void fuzz_user_reset(void);
void fuzz_user_add(const void *p, size_t len);

/* ---------------------------------------------------------------------- */
/* The model's nonces (fuzz_nonce.c)                                       */

/*
 * The fuzz binaries and the generator are linked with --wrap=mig_nonce:
 * RMI_MIG_SESSION_OPEN's nonce is a fixed function of a counter that the
 * caller sets before START, so that a stream recorded by the generator
 * imports again in a destination the fuzzer opens (the RMM binds every
 * blob to the destination's nonce). --wrap=mig_counter_now makes the
 * model's clock a counter, so that the generator's output is the same on
 * every run.
 */
void fuzz_nonce_set(unsigned int seq);

/* ---------------------------------------------------------------------- */
/* The stream, by the book (fuzz_canon.c)                                  */

#define FUZZ_SHA256_LEN	32

/**
 * struct fuzz_canon - What the stream format says of some bytes
 * @complete: the bytes hold a well-formed stream up to and including an
 *	END record (the framing only: the firmware judges the blobs)
 * @aborted: they hold a well-formed stream up to an ABORT record
 * @bad_at: framing error: the offset of the first byte a reader must
 *	refuse (the header field or record header that is wrong), or
 *	SIZE_MAX if none
 * @end_off: @complete or @aborted: the offset just past END or ABORT
 * @session_id: the stream header's session ID (if at least 24 bytes)
 * @hash: @complete: SHA-256 of the sequence of firmware blobs (record
 *	type, then each blob; a PAGES record contributes each page record's
 *	header followed by its page, so the grouping of page records into
 *	PAGES records does not matter)
 */
struct fuzz_canon {
	bool complete;
	bool aborted;
	size_t bad_at;
	size_t end_off;
	uint64_t session_id;
	uint8_t hash[FUZZ_SHA256_LEN];
};

/*
 * Parse @data as cca-mig-stream.rst describes it, for a destination whose
 * session ID is @sid.
 */
void fuzz_canon(const uint8_t *data, size_t size, uint64_t sid,
		struct fuzz_canon *c);

/**
 * struct fuzz_stream_key - One stream of the corpus, as the generator made it
 * @sid: its session ID (each stream has its own, and its own key)
 * @nr_recs: vCPUs of the realm it carries
 * @ram_size: RAM (one guest_memfd memslot) of that realm
 * @complete: it ends with END (else with ABORT)
 * @hash: fuzz_canon()'s hash of its blobs, if @complete
 * @key_blob: the destination's TEST key blob for @sid
 *
 * The generator writes the table as fuzz/stream_keys.h; a destination
 * that the fuzzer opens for a stream whose header names @sid gets this
 * key and configuration, so the corpus imports for real, past the
 * firmware's checks, and mutations meet the deep paths.
 */
struct fuzz_stream_key {
	uint64_t sid;
	unsigned int nr_recs;
	uint64_t ram_size;
	bool complete;
	uint8_t hash[FUZZ_SHA256_LEN];
	uint8_t key_blob[0xE0];
};

/* ---------------------------------------------------------------------- */
/* fuzz_ioctl's input                                                      */

/*
 * Byte 0 picks the VM the operations run on (FUZZ_SETUP_*, modulo 4),
 * byte 1 the number of operations (modulo FUZZ_IOCTL_MAX_OPS + 1); then
 * come the operations, struct fuzz_ioctl_op each (a short one is padded
 * with zeros), and the rest of the input is the payload, which user
 * pointers into the arena point to.
 */
#define FUZZ_SETUP_NONE		0	/* a realm VM, no RD, no migration */
#define FUZZ_SETUP_DST_OPEN	1	/* a destination after START */
#define FUZZ_SETUP_DST_IMPORTING 2	/* ... after the REALM record */
#define FUZZ_SETUP_SRC		3	/* a running source after START */
#define FUZZ_IOCTL_MAX_OPS	8

/* struct fuzz_ioctl_op.mode */
/*
 * FUZZ_OP_RAW_CMD: op.cmd as given, not sel % 13.
 * FUZZ_OP_RAW_DATA: op.data as given, not the arena's copy of arg.
 * FUZZ_OP_RAW_PTR: the structure's own user pointer as given; else 0 stays
 *	NULL and v is payload + (v - 1), modulo the arena.
 * FUZZ_OP_KEY: START gets the corpus key blob (at the arena's end) and
 *	session ID.
 * FUZZ_OP_RAM: EXPORT_RAM's gpa is in or just past the RAM, npages < 1100.
 */
#define FUZZ_OP_RAW_CMD		0x01
#define FUZZ_OP_RAW_DATA	0x02
#define FUZZ_OP_RAW_PTR		0x04
#define FUZZ_OP_KEY		0x08
#define FUZZ_OP_RAM		0x10

/**
 * struct fuzz_ioctl_op - One KVM_CCA_MIG_OP call of fuzz_ioctl
 * @sel: the sub-command is @sel % 13 (0 and 12 are unknown ones)
 * @mode: FUZZ_OP_*
 * @fail_alloc: if not 0, the (@fail_alloc % 16)-th allocation fails
 * @fail_uaccess: if not 0, the (@fail_uaccess % 16)-th user copy faults
 * @op: struct kvm_cca_mig_op as given (cmd and data fixed up, see @mode)
 * @arg: the sub-command's structure as given (its user pointer fixed up)
 */
struct fuzz_ioctl_op {
	uint8_t sel;
	uint8_t mode;
	uint8_t fail_alloc;
	uint8_t fail_uaccess;
	uint8_t op[64];
	uint8_t arg[128];
};

/* FNV-1a of @data, for choosing how an input is fed. */
uint64_t fuzz_hash64(const uint8_t *data, size_t size);

/* A small deterministic PRNG (xorshift64*). */
static inline uint64_t fuzz_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

#endif /* CCA_MIG_FUZZ_H */
