// SPDX-License-Identifier: GPL-2.0
/*
 * mig_dirty_short: mig_dirty with 120 iterations instead of 400, for tests
 * that migrate it hundreds of times (host_faultinj_test.c): the same
 * checks of every word of every page, before and after, in under a third of
 * the time. The window halves every 20 iterations.
 */
#define MIG_DIRTY_ITERS		120
#define MIG_DIRTY_STEP		20
#define MIG_DIRTY_SYNC		40

#include "mig_dirty.c"
