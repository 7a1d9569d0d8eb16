// SPDX-License-Identifier: GPL-2.0
/*
 * TEST INFRASTRUCTURE: the realm lifecycle of the upstream CCA host series
 * (arch/arm64/kvm/rmi.c), reduced to what the reference-platform harness
 * needs to create, run and destroy realms on the RMM model. Kernel-style C
 * built through the kernel-API shim; see cca_host.h for the model of a
 * realm and the locking.
 */
#define pr_fmt(fmt) "cca_host: " fmt

#include <linux/arm-rmi-cmds.h>
#include <linux/arm-smccc-rmi-mig.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/psci.h>

#include <asm/esr.h>
#include <asm/pgtable-hwdef.h>

#include "cca_host.h"

/* MPIDR affinity fields that identify a REC (Aff2.Aff1.Aff0) */
#define CCA_MPIDR_AFF_MASK	GENMASK(23, 0)

/* Stage-2 MemAttr for Normal write-back memory with FWB (MT_S2_FWB_NORMAL) */
#define CCA_S2_MEMATTR_NORMAL	6

/**
 * struct cca_rtt - A non-root RTT the host created
 * @node: entry in cca_realm.rtts
 * @ipa: base of the IPA range it translates
 * @level: its level
 * @phys: PA of its granule
 */
struct cca_rtt {
	struct list_head node;
	u64 ipa;
	int level;
	phys_addr_t phys;
};

static const char *const cca_event_names[CCA_EV_NR_TYPES] = {
	[CCA_EV_NONE]		= "none",
	[CCA_EV_SYNC]		= "sync",
	[CCA_EV_DONE]		= "done",
	[CCA_EV_ASSERT]		= "assert",
	[CCA_EV_PRINT]		= "print",
	[CCA_EV_ABORT]		= "abort",
	[CCA_EV_HOST_CALL]	= "host-call",
	[CCA_EV_CPU_OFF]	= "cpu-off",
	[CCA_EV_SYSTEM_OFF]	= "system-off",
	[CCA_EV_FAULT_IN]	= "fault-in",
	[CCA_EV_MMIO]		= "mmio",
	[CCA_EV_RIPAS_CHANGE]	= "ripas-change",
	[CCA_EV_PSCI]		= "psci",
	[CCA_EV_IRQ]		= "irq",
};

/**
 * cca_event_name() - Short name of an event type
 * @type: the event type
 *
 * Return: a static string.
 */
const char *cca_event_name(enum cca_event_type type)
{
	if ((unsigned int)type >= CCA_EV_NR_TYPES)
		return "invalid";
	return cca_event_names[type];
}

/**
 * cca_rec_mpidr() - MPIDR of the REC with index @index
 * @index: REC index
 *
 * As KVM derives a vCPU's MPIDR from its id: Aff0 holds the low 4 bits,
 * Aff1 the next 8, Aff2 the next 8, which is the REC index the RMM
 * expects for that MPIDR.
 *
 * Return: the MPIDR affinity value.
 */
unsigned long cca_rec_mpidr(unsigned int index)
{
	return FIELD_PREP(GENMASK(3, 0), index & 0xf) |
	       FIELD_PREP(GENMASK(15, 8), (index >> 4) & 0xff) |
	       FIELD_PREP(GENMASK(23, 16), (index >> 12) & 0xff);
}

/**
 * cca_realm_ipa_is_protected() - Is @ipa in the realm's protected half?
 * @realm: the realm
 * @ipa: the address
 *
 * Return: true if @ipa is a protected IPA of @realm.
 */
bool cca_realm_ipa_is_protected(const struct cca_realm *realm, u64 ipa)
{
	return ipa < BIT_ULL(realm->ia_bits - 1);
}

/* Bytes mapped by one RTT entry at @level. */
static unsigned long rtt_level_mapsize(int level)
{
	if (WARN_ON(level > CCA_RTT_LAST_LEVEL))
		return PAGE_SIZE;
	return 1UL << ARM64_HW_PGTABLE_LEVEL_SHIFT(level);
}

static bool realm_ipa_in_ram(const struct cca_realm *realm, u64 ipa)
{
	return ipa >= realm->cfg.ram_base &&
	       ipa - realm->cfg.ram_base < realm->cfg.ram_size;
}

static unsigned long ram_index(const struct cca_realm *realm, u64 ipa)
{
	return (ipa - realm->cfg.ram_base) >> PAGE_SHIFT;
}

/* An RmiAddrRange describing @count 4 KiB granules at @phys in @state. */
static unsigned long addr_range_desc(phys_addr_t phys, unsigned long count,
				     unsigned long state)
{
	WARN_ON(phys & ~PAGE_MASK);
	return (phys & RMI_ADDR_RANGE_ADDR_MASK) |
	       FIELD_PREP(RMI_ADDR_RANGE_COUNT_MASK, count) |
	       FIELD_PREP(RMI_ADDR_RANGE_BLOCK_SIZE_MASK, 0) |
	       FIELD_PREP(RMI_ADDR_RANGE_STATE_MASK, state);
}

/* Allocate a zeroed page and delegate it. */
static int realm_alloc_delegated(phys_addr_t *out)
{
	unsigned long va = get_zeroed_page(GFP_KERNEL_ACCOUNT);
	phys_addr_t phys;

	if (!va)
		return -ENOMEM;
	phys = virt_to_phys((void *)va);
	if (rmi_delegate_page(phys)) {
		free_page(va);
		return -ENXIO;
	}
	*out = phys;
	return 0;
}

/* Undelegate and free a page; one that cannot be undelegated is leaked. */
static void realm_free_delegated(struct cca_realm *realm, phys_addr_t phys)
{
	if (rmi_free_delegated_page(phys))
		realm->stats.leaked++;
}

/* ---------------------------------------------------------------------- */
/* RTTs                                                                   */

/*
 * Create the RTT at @level that translates @ipa. An RTT that exists
 * already (another thread created it) is success.
 */
static int __realm_rtt_create(struct cca_realm *realm, u64 ipa, int level)
{
	struct cca_rtt *rtt;
	phys_addr_t phys;
	long ret;
	int err;

	lockdep_assert_held(&realm->mmu_lock);

	if (WARN_ON(level <= realm->rtt_level_start ||
		    level > CCA_RTT_LAST_LEVEL))
		return -EINVAL;

	rtt = kzalloc_obj(*rtt);
	if (!rtt)
		return -ENOMEM;
	err = realm_alloc_delegated(&phys);
	if (err)
		goto free_rtt;

	ipa = ALIGN_DOWN(ipa, rtt_level_mapsize(level - 1));
	ret = rmi_rtt_create(realm->rd_phys, phys, ipa, level);
	if (!ret) {
		rtt->ipa = ipa;
		rtt->level = level;
		rtt->phys = phys;
		list_add(&rtt->node, &realm->rtts);
		realm->stats.rtts_created++;
		return 0;
	}

	realm_free_delegated(realm, phys);
	if (ret > 0 && RMI_RESULT_STATUS(ret) == RMI_ERROR_RTT &&
	    (int)RMI_RESULT_DATA_LEVEL(ret) == level - 1) {
		/* The RTT exists already. */
		err = 0;
	} else {
		pr_err("RTT_CREATE at %#llx level %d failed: %#lx\n", ipa,
		       level, ret);
		err = ret < 0 ? ret : -ENXIO;
	}
free_rtt:
	kfree(rtt);
	return err;
}

/*
 * An RMI command at @ipa returned @rmi_ret, RMI_ERROR_RTT: the walk stopped
 * at the level it reports. Create the RTT one level down, so that the
 * command can be retried.
 */
static int __realm_rtt_fixup(struct cca_realm *realm, u64 ipa, long rmi_ret)
{
	int level = RMI_RESULT_DATA_LEVEL(rmi_ret);

	lockdep_assert_held(&realm->mmu_lock);

	if (level >= CCA_RTT_LAST_LEVEL) {
		pr_err("RMI_ERROR_RTT at the last level for %#llx\n", ipa);
		return -ENXIO;
	}
	return __realm_rtt_create(realm, ipa, level + 1);
}

static bool rmi_is_rtt_error(long ret)
{
	return ret > 0 && RMI_RESULT_STATUS(ret) == RMI_ERROR_RTT;
}

/* Destroy the RTTs the host created, deepest first. */
static void __realm_destroy_rtts(struct cca_realm *realm)
{
	struct cca_rtt *rtt, *tmp;
	unsigned long out_rtt;
	int level;
	long ret;

	lockdep_assert_held(&realm->mmu_lock);

	for (level = CCA_RTT_LAST_LEVEL; level > realm->rtt_level_start;
	     level--) {
		list_for_each_entry_safe(rtt, tmp, &realm->rtts, node) {
			if (rtt->level != level)
				continue;
			ret = rmi_rtt_destroy(realm->rd_phys, rtt->ipa, level,
					      &out_rtt, NULL);
			if (WARN_ON(ret || out_rtt != rtt->phys)) {
				/* Still an RTT granule: leak it. */
				pr_err("RTT_DESTROY at %#llx level %d: %#lx\n",
				       rtt->ipa, level, ret);
				realm->stats.leaked++;
			} else {
				realm_free_delegated(realm, rtt->phys);
			}
			list_del(&rtt->node);
			kfree(rtt);
		}
	}
}

/* ---------------------------------------------------------------------- */
/* RAM pages (the guest_memfd stand-in) and protected mappings            */

/* Undelegate the RAM page at @phys after it was unmapped. */
static void __realm_undelegate_ram(struct cca_realm *realm, phys_addr_t phys)
{
	struct page *page = phys_to_page(phys);
	unsigned long idx = ram_index(realm, page->private);

	lockdep_assert_held(&realm->mmu_lock);

	if (WARN_ON(idx >= realm->nr_ram_pages || realm->ram[idx] != page))
		return;
	if (WARN_ON(rmi_undelegate_page(phys))) {
		/* Stays in the Realm PAS: the page is leaked at teardown. */
		realm->stats.leaked++;
		return;
	}
	__clear_bit(idx, realm->ram_delegated);
}

/*
 * Unmap the protected RAM in [@base, @top) and undelegate the pages, as
 * upstream's realm_unmap_private_range(). The pages stay in the realm's
 * RAM, undelegated, and are mapped again on the next access.
 */
static int __realm_unmap_private(struct cca_realm *realm, u64 base, u64 top)
{
	unsigned long next, range, count, i;
	u64 addr = base;
	long ret;

	lockdep_assert_held(&realm->mmu_lock);

	while (addr < top) {
		ret = rmi_rtt_data_unmap(realm->rd_phys, addr, top,
					 RMI_ADDR_TYPE_SINGLE, 0, &next,
					 &range, NULL);
		if (ret < 0)
			return ret;
		if (rmi_is_rtt_error(ret)) {
			/*
			 * The walk stopped at a non-live entry covering
			 * @addr: nothing is mapped up to its end.
			 */
			unsigned long size =
				rtt_level_mapsize(RMI_RESULT_DATA_LEVEL(ret));

			addr = ALIGN_DOWN(addr, size) + size;
			continue;
		}
		if (ret) {
			pr_err("DATA_UNMAP at %#llx failed: %#lx\n", addr, ret);
			return -ENXIO;
		}
		if (WARN_ON(next <= addr ||
			    RMI_ADDR_RANGE_BLOCK_SIZE(range) != 0))
			return -ENXIO;

		count = RMI_ADDR_RANGE_COUNT(range);
		for (i = 0; i < count; i++)
			__realm_undelegate_ram(realm,
					       RMI_ADDR_RANGE_ADDR(range) +
					       i * PAGE_SIZE);
		realm->stats.unmapped += count;
		addr = next;
	}
	return 0;
}

/* The RAM page for @ipa, allocated (zeroed) on first use. */
static struct page *__realm_ram_page(struct cca_realm *realm, u64 ipa)
{
	unsigned long idx = ram_index(realm, ipa);
	struct page *page = realm->ram[idx];

	lockdep_assert_held(&realm->mmu_lock);

	if (page)
		return page;
	page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!page)
		return NULL;
	page->private = ipa;
	realm->ram[idx] = page;
	return page;
}

/*
 * Map the RAM page for @ipa, with content copied from the Non-secure page
 * at @src (RMI_RTT_DATA_MAP_INIT, realm NEW) or, if @src is 0, with
 * unknown content (RMI_RTT_DATA_MAP): upstream's realm_data_map_init()
 * and realm_map_protected().
 */
static int __realm_map_ram(struct cca_realm *realm, u64 ipa, phys_addr_t src,
			   unsigned long flags)
{
	unsigned long idx = ram_index(realm, ipa);
	unsigned long out_top, desc;
	struct page *page;
	phys_addr_t phys;
	long ret;

	lockdep_assert_held(&realm->mmu_lock);

	if (test_bit(idx, realm->ram_delegated)) {
		/*
		 * Mapped already: another REC faulted on the same page and
		 * won the race (upstream returns to the guest too).
		 */
		return src ? -EEXIST : 0;
	}
	page = __realm_ram_page(realm, ipa);
	if (!page)
		return -ENOMEM;
	phys = page_to_phys(page);
	if (rmi_delegate_page(phys))
		return -ENXIO;
	__set_bit(idx, realm->ram_delegated);

	desc = addr_range_desc(phys, 1, RMI_OP_MEM_DELEGATED);
	for (;;) {
		if (src)
			ret = rmi_rtt_data_map_init(realm->rd_phys, phys, ipa,
						    src, flags);
		else
			ret = rmi_rtt_data_map(realm->rd_phys, ipa,
					       ipa + PAGE_SIZE,
					       RMI_ADDR_TYPE_SINGLE, desc,
					       &out_top);
		if (!rmi_is_rtt_error(ret))
			break;
		ret = __realm_rtt_fixup(realm, ipa, ret);
		if (ret)
			break;
	}
	if (!ret)
		return 0;

	if (ret > 0)
		pr_err("mapping %#llx failed: %#lx\n", ipa, ret);
	__realm_undelegate_ram(realm, phys);
	return ret < 0 ? ret : -ENXIO;
}

static bool realm_ipa_in_shared(const struct cca_realm *realm, u64 ipa)
{
	return realm->shared_base && ipa >= realm->shared_base &&
	       ipa - realm->shared_base <
	       (u64)realm->cfg.shared_pages * PAGE_SIZE;
}

/*
 * Map the shared page for the unprotected @ipa, allocated on first use
 * (upstream: realm_map_non_secure()).
 */
static int __realm_map_shared(struct cca_realm *realm, u64 ipa)
{
	unsigned long idx = (ipa - realm->shared_base) >> PAGE_SHIFT;
	unsigned long flags, out_top;
	struct page *page;
	long ret;

	lockdep_assert_held(&realm->mmu_lock);

	/* Mapped already: another REC won the race. */
	if (realm->shared[idx])
		return 0;
	page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!page)
		return -ENOMEM;

	flags = FIELD_PREP(RMI_RTT_UNPROT_MAP_FLAGS_OADDR_TYPE_MASK,
			   RMI_ADDR_TYPE_SINGLE) |
		FIELD_PREP(RMI_RTT_UNPROT_MAP_FLAGS_MEMATTR_MASK,
			   CCA_S2_MEMATTR_NORMAL) |
		FIELD_PREP(RMI_RTT_UNPROT_MAP_FLAGS_S2AP_MASK,
			   RMI_S2AP_DIRECT_READ | RMI_S2AP_DIRECT_WRITE);
	for (;;) {
		ret = rmi_rtt_unprot_map(realm->rd_phys, ipa, ipa + PAGE_SIZE,
					 flags,
					 addr_range_desc(page_to_phys(page), 1,
							 RMI_OP_MEM_UNDELEGATED),
					 &out_top);
		if (!rmi_is_rtt_error(ret))
			break;
		ret = __realm_rtt_fixup(realm, ipa, ret);
		if (ret)
			break;
	}
	if (ret) {
		if (ret > 0)
			pr_err("mapping shared %#llx failed: %#lx\n", ipa,
			       ret);
		__free_page(page);
		return ret < 0 ? ret : -ENXIO;
	}
	realm->shared[idx] = page;
	realm->stats.shared_mapped++;
	return 0;
}

/* Unmap the unprotected range [@base, @top) (RMI_RTT_UNPROT_UNMAP). */
static int __realm_unmap_shared(struct cca_realm *realm, u64 base, u64 top)
{
	unsigned long next;
	u64 addr = base;
	long ret;

	lockdep_assert_held(&realm->mmu_lock);

	while (addr < top) {
		ret = rmi_rtt_unprot_unmap(realm->rd_phys, addr, top,
					   RMI_ADDR_TYPE_NONE, 0, &next, NULL,
					   NULL);
		if (ret < 0)
			return ret;
		if (rmi_is_rtt_error(ret)) {
			/* A non-live entry covers @addr: skip to its end. */
			unsigned long size =
				rtt_level_mapsize(RMI_RESULT_DATA_LEVEL(ret));

			addr = ALIGN_DOWN(addr, size) + size;
			continue;
		}
		if (ret || WARN_ON(next <= addr)) {
			pr_err("UNPROT_UNMAP at %#llx failed: %#lx\n", addr,
			       ret);
			return -ENXIO;
		}
		addr = next;
	}
	return 0;
}

/**
 * cca_realm_shared_va() - Host address of a shared page of the realm
 * @realm: the realm
 * @ipa: an unprotected IPA in the realm's shared memory
 *
 * Return: the host's view of @ipa, or NULL if its page is not mapped yet.
 */
void *cca_realm_shared_va(struct cca_realm *realm, u64 ipa)
{
	struct page *page;

	if (!realm_ipa_in_shared(realm, ipa))
		return NULL;
	guard(mutex)(&realm->mmu_lock);
	page = realm->shared[(ipa - realm->shared_base) >> PAGE_SHIFT];
	return page ? (u8 *)page_address(page) + offset_in_page(ipa) : NULL;
}

/* ---------------------------------------------------------------------- */
/* Realm creation                                                         */

static int realm_init_config(struct cca_realm *realm,
			     const struct cca_realm_config *cfg)
{
	unsigned int s2sz_max = FIELD_GET(RMI_FEATURE_REGISTER_0_S2SZ,
					  rmi_feat_reg(0));
	unsigned int max_recs = 1U << FIELD_GET(RMI_FEATURE_REGISTER_1_MAX_RECS_ORDER,
						rmi_feat_reg(1));
	struct cca_realm_config *c = &realm->cfg;
	unsigned int shift;
	int levels;

	*c = *cfg;
	if (!c->ia_bits)
		c->ia_bits = CCA_DEFAULT_IA_BITS;
	if (!c->ram_base)
		c->ram_base = CCA_GUEST_BASE_IPA;

	if (c->ia_bits < 32 || c->ia_bits > s2sz_max || c->ia_bits > 48)
		return -EINVAL;
	if (!c->ram_size || !PAGE_ALIGNED(c->ram_base) ||
	    !PAGE_ALIGNED(c->ram_size) ||
	    range_overflows(c->ram_base, c->ram_size,
			    (u64)BIT_ULL(c->ia_bits - 1)))
		return -EINVAL;
	if (!c->nr_recs || c->nr_recs > CCA_GUEST_MAX_RECS ||
	    c->nr_recs > max_recs)
		return -EINVAL;
	if (c->shared_pages) {
		realm->shared_base = BIT_ULL(c->ia_bits - 1) |
				     (c->ram_base + c->ram_size);
		if (range_overflows(realm->shared_base,
				    (u64)c->shared_pages * PAGE_SIZE,
				    (u64)BIT_ULL(c->ia_bits)))
			return -EINVAL;
	}
	switch (c->hash_algo) {
	case RMI_HASH_SHA_256:
		break;
	case RMI_HASH_SHA_512:
		if (!(rmi_feat_reg(1) & RMI_FEATURE_REGISTER_1_HASH_SHA_512))
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}

	/*
	 * As KVM sizes a stage-2 PGD: the fewest levels that translate
	 * ia_bits with up to 16 concatenated tables at the starting level.
	 */
	levels = ARM64_HW_PGTABLE_LEVELS(c->ia_bits - 4);
	realm->ia_bits = c->ia_bits;
	realm->rtt_level_start = 4 - levels;
	shift = ARM64_HW_PGTABLE_LEVEL_SHIFT(realm->rtt_level_start) +
		(PAGE_SHIFT - 3);
	realm->rtt_num_start = c->ia_bits > shift ? 1U << (c->ia_bits - shift) : 1;
	realm->nr_ram_pages = c->ram_size >> PAGE_SHIFT;
	return 0;
}

/*
 * Delegate the RD and the starting-level RTTs and create the realm, as
 * upstream's realm_create_rd().
 */
static int realm_create_rd(struct cca_realm *realm)
{
	size_t root_size = realm->rtt_num_start * PAGE_SIZE;
	unsigned int root_order = get_order(root_size);
	struct realm_params *params;
	phys_addr_t root_top;
	struct page *root;
	long rmi_ret;
	int ret;

	lockdep_assert_held(&realm->lock);

	params = (struct realm_params *)get_zeroed_page(GFP_KERNEL);
	if (!params)
		return -ENOMEM;

	ret = -ENOMEM;
	realm->rd = (void *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!realm->rd)
		goto free_params;
	root = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO, root_order);
	if (!root)
		goto free_rd;
	realm->rtt_root = page_address(root);
	realm->rd_phys = virt_to_phys(realm->rd);
	realm->rtt_root_phys = page_to_phys(root);
	root_top = realm->rtt_root_phys;

	ret = -ENXIO;
	if (rmi_delegate_page(realm->rd_phys))
		goto free_root;
	if (rmi_delegate_range(realm->rtt_root_phys, root_size, &root_top))
		goto undelegate_root;

	params->s2sz = realm->ia_bits;
	params->rtt_level_start = realm->rtt_level_start;
	params->rtt_num_start = realm->rtt_num_start;
	params->rtt_base = realm->rtt_root_phys;
	params->hash_algo = realm->cfg.hash_algo;
	if (realm->cfg.mig_import)
		params->flags0 |= RMI_REALM_FLAGS0_MIG_IMPORT;

	rmi_ret = rmi_realm_create(realm->rd_phys, virt_to_phys(params),
				   realm->sro);
	if (rmi_ret) {
		pr_err("REALM_CREATE failed: %#lx\n", rmi_ret);
		ret = rmi_ret < 0 ? rmi_ret : -ENXIO;
		goto undelegate_root;
	}

	realm->state = CCA_REALM_NEW;
	free_page((unsigned long)params);
	return 0;

undelegate_root:
	if (root_top != realm->rtt_root_phys &&
	    WARN_ON(rmi_undelegate_range(realm->rtt_root_phys,
					 root_top - realm->rtt_root_phys))) {
		/* Leak the starting-level RTTs if they cannot be returned. */
		realm->stats.leaked += realm->rtt_num_start;
		root = NULL;
	}
	if (WARN_ON(rmi_undelegate_page(realm->rd_phys))) {
		/* Leak the RD if it cannot be returned. */
		realm->stats.leaked++;
		realm->rd = NULL;
	}
free_root:
	if (root)
		__free_pages(root, root_order);
	realm->rtt_root = NULL;
free_rd:
	if (realm->rd)
		free_page((unsigned long)realm->rd);
	realm->rd = NULL;
free_params:
	free_page((unsigned long)params);
	return ret;
}

/* Free the host-side memory of a realm whose RMM objects are gone. */
static void realm_free(struct cca_realm *realm)
{
	unsigned long idx;
	unsigned int i;

	if (realm->recs) {
		for (i = 0; i < realm->cfg.nr_recs; i++) {
			struct cca_rec *rec = &realm->recs[i];

			if (rec->run)
				free_page((unsigned long)rec->run);
			mutex_destroy(&rec->lock);
		}
	}
	if (realm->ram) {
		for (idx = 0; idx < realm->nr_ram_pages; idx++) {
			/*
			 * A page still delegated, or one whose user kept a
			 * reference (a granule it could not undelegate), was
			 * leaked on purpose.
			 */
			if (realm->ram[idx] &&
			    !test_bit(idx, realm->ram_delegated) &&
			    page_count(realm->ram[idx]) == 1)
				__free_page(realm->ram[idx]);
		}
	}
	if (realm->shared) {
		for (idx = 0; idx < realm->cfg.shared_pages; idx++)
			if (realm->shared[idx])
				__free_page(realm->shared[idx]);
	}
	kfree(realm->shared);
	kfree(realm->recs);
	bitmap_free(realm->ram_delegated);
	kvfree(realm->ram);
	kfree(realm->sro);
	mutex_destroy(&realm->mmu_lock);
	mutex_destroy(&realm->lock);
	kfree(realm);
}

/**
 * cca_realm_create() - Create a realm (state NEW)
 * @cfg: what the realm is made of
 *
 * Delegates the RD and the starting-level RTTs and issues
 * RMI_REALM_CREATE. cca_host_rmi_init() must have succeeded.
 *
 * Return: the realm, or an ERR_PTR(): -EINVAL for a bad @cfg, -ENOMEM,
 * -ENXIO if the RMM refused.
 */
struct cca_realm *cca_realm_create(const struct cca_realm_config *cfg)
{
	struct cca_realm *realm;
	unsigned int i;
	int ret;

	if (!is_rmi_available())
		return ERR_PTR(-ENODEV);

	realm = kzalloc_obj(*realm);
	if (!realm)
		return ERR_PTR(-ENOMEM);
	mutex_init(&realm->lock);
	mutex_init(&realm->mmu_lock);
	INIT_LIST_HEAD(&realm->rtts);

	ret = realm_init_config(realm, cfg);
	if (ret)
		goto free_realm;

	ret = -ENOMEM;
	realm->sro = kzalloc_obj(*realm->sro);
	if (!realm->sro)
		goto free_realm;
	realm->ram = kvcalloc(realm->nr_ram_pages, sizeof(*realm->ram),
			      GFP_KERNEL_ACCOUNT);
	if (!realm->ram)
		goto free_realm;
	realm->ram_delegated = bitmap_zalloc(realm->nr_ram_pages,
					     GFP_KERNEL_ACCOUNT);
	if (!realm->ram_delegated)
		goto free_realm;
	if (realm->cfg.shared_pages) {
		realm->shared = kcalloc(realm->cfg.shared_pages,
					sizeof(*realm->shared),
					GFP_KERNEL_ACCOUNT);
		if (!realm->shared)
			goto free_realm;
	}
	realm->recs = kcalloc(realm->cfg.nr_recs, sizeof(*realm->recs),
			      GFP_KERNEL_ACCOUNT);
	if (!realm->recs)
		goto free_realm;
	for (i = 0; i < realm->cfg.nr_recs; i++) {
		struct cca_rec *rec = &realm->recs[i];

		rec->realm = realm;
		rec->index = i;
		rec->mpidr = cca_rec_mpidr(i);
		mutex_init(&rec->lock);
	}

	mutex_lock(&realm->lock);
	ret = realm_create_rd(realm);
	mutex_unlock(&realm->lock);
	if (ret)
		goto free_realm;
	return realm;

free_realm:
	realm_free(realm);
	return ERR_PTR(ret);
}

/**
 * cca_realm_populate() - Load measured content into a NEW realm's RAM
 * @realm: the realm
 * @ipa: protected IPA to load at, page aligned, within the RAM
 * @src: the content
 * @len: its length; the last page is padded with zeroes
 * @measure: extend the RIM with the content (RMI_MEASURE_CONTENT)
 *
 * Each page is copied into a Non-secure bounce page and mapped with
 * RMI_RTT_DATA_MAP_INIT, creating RTTs on demand (upstream:
 * kvm_arm_rmi_populate()).
 *
 * Return: 0, or -errno (-EBUSY if the realm is not NEW).
 */
int cca_realm_populate(struct cca_realm *realm, u64 ipa, const void *src,
		       size_t len, bool measure)
{
	unsigned long flags = measure ? RMI_MEASURE_CONTENT :
					RMI_NO_MEASURE_CONTENT;
	size_t off;
	int ret;

	guard(mutex)(&realm->lock);

	if (realm->state != CCA_REALM_NEW)
		return -EBUSY;
	if (!PAGE_ALIGNED(ipa) || !len || !realm_ipa_in_ram(realm, ipa) ||
	    len > realm->cfg.ram_base + realm->cfg.ram_size - ipa)
		return -EINVAL;

	void *bounce __free(free_page) = (void *)__get_free_page(GFP_KERNEL);

	if (!bounce)
		return -ENOMEM;

	guard(mutex)(&realm->mmu_lock);

	for (off = 0; off < len; off += PAGE_SIZE) {
		size_t n = min_t(size_t, len - off, PAGE_SIZE);

		memcpy(bounce, (const u8 *)src + off, n);
		memset((u8 *)bounce + n, 0, PAGE_SIZE - n);
		ret = __realm_map_ram(realm, ipa + off, virt_to_phys(bounce),
				      flags);
		if (ret)
			return ret;
		realm->stats.populated++;
	}
	return 0;
}

/**
 * cca_realm_init_ripas() - Set the RIPAS of a NEW realm's range to RAM
 * @realm: the realm
 * @base: protected IPA, page aligned
 * @size: size of the range, page aligned
 *
 * RMI_RTT_INIT_RIPAS over the range, creating RTTs on demand (upstream:
 * ripas_change(RIPAS_INIT)). Populated pages are RAM already.
 *
 * Return: 0, or -errno (-EBUSY if the realm is not NEW).
 */
int cca_realm_init_ripas(struct cca_realm *realm, u64 base, u64 size)
{
	unsigned long next;
	u64 ipa = base;
	long ret;

	guard(mutex)(&realm->lock);

	if (realm->state != CCA_REALM_NEW)
		return -EBUSY;
	if (!PAGE_ALIGNED(base) || !PAGE_ALIGNED(size) || !size ||
	    range_overflows(base, size, (u64)BIT_ULL(realm->ia_bits - 1)))
		return -EINVAL;

	guard(mutex)(&realm->mmu_lock);

	while (ipa < base + size) {
		ret = rmi_rtt_init_ripas(realm->rd_phys, ipa, base + size,
					 &next);
		if (!ret) {
			if (WARN_ON(next <= ipa))
				return -ENXIO;
			ipa = next;
			continue;
		}
		if (!rmi_is_rtt_error(ret)) {
			pr_err("RTT_INIT_RIPAS at %#llx failed: %#lx\n", ipa,
			       ret);
			return ret < 0 ? ret : -ENXIO;
		}
		ret = __realm_rtt_fixup(realm, ipa, ret);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Create one REC with the entry state of cca_guest_abi.h (upstream:
 * kvm_create_rec()).
 */
static int realm_create_rec(struct cca_realm *realm, struct cca_rec *rec)
{
	const struct cca_realm_config *c = &realm->cfg;
	struct rec_params *params;
	long rmi_ret;
	int ret;

	lockdep_assert_held(&realm->lock);

	params = (struct rec_params *)get_zeroed_page(GFP_KERNEL);
	if (!params)
		return -ENOMEM;

	ret = -ENOMEM;
	rec->rec_page = (void *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!rec->rec_page)
		goto free_params;
	rec->run = (struct rec_run *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!rec->run)
		goto free_rec_page;
	rec->rec_phys = virt_to_phys(rec->rec_page);
	rec->run_phys = virt_to_phys(rec->run);

	params->pc = c->ram_base;
	params->gprs[0] = c->ram_base;
	params->gprs[1] = c->ram_size;
	params->gprs[2] = rec->index;
	params->gprs[3] = c->nr_recs;
	params->gprs[4] = realm->shared_base;
	params->mpidr = rec->mpidr;
	if (rec->index == 0 || !c->secondaries_off)
		params->flags |= REC_PARAMS_FLAG_RUNNABLE;

	ret = -ENXIO;
	if (rmi_delegate_page(rec->rec_phys))
		goto free_run;

	rmi_ret = rmi_rec_create(realm->rd_phys, rec->rec_phys,
				 virt_to_phys(params), realm->sro);
	if (rmi_ret) {
		pr_err("REC_CREATE of REC %u failed: %#lx\n", rec->index,
		       rmi_ret);
		ret = rmi_ret < 0 ? rmi_ret : -ENXIO;
		goto undelegate_rec;
	}

	rec->created = true;
	rec->runnable = params->flags & REC_PARAMS_FLAG_RUNNABLE;
	realm->nr_recs_created++;
	free_page((unsigned long)params);
	return 0;

undelegate_rec:
	if (WARN_ON(rmi_undelegate_page(rec->rec_phys))) {
		/* Leak the REC granule if it cannot be returned. */
		realm->stats.leaked++;
		rec->rec_page = NULL;
	}
free_run:
	free_page((unsigned long)rec->run);
	rec->run = NULL;
free_rec_page:
	if (rec->rec_page)
		free_page((unsigned long)rec->rec_page);
	rec->rec_page = NULL;
free_params:
	free_page((unsigned long)params);
	return ret;
}

/**
 * cca_realm_create_recs() - Create the realm's RECs
 * @realm: a NEW realm
 *
 * REC i starts at the RAM base with x0..x4 as cca_guest_abi.h describes;
 * all are runnable, or only REC 0 with cfg.secondaries_off. On failure the
 * RECs created so far stay, for cca_realm_destroy().
 *
 * Return: 0, or -errno (-EBUSY if the realm is not NEW or has its RECs).
 */
int cca_realm_create_recs(struct cca_realm *realm)
{
	unsigned int i;
	int ret;

	guard(mutex)(&realm->lock);

	if (realm->state != CCA_REALM_NEW || realm->nr_recs_created)
		return -EBUSY;
	for (i = 0; i < realm->cfg.nr_recs; i++) {
		ret = realm_create_rec(realm, &realm->recs[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * cca_realm_activate() - Activate a realm whose RECs exist
 * @realm: a NEW realm
 *
 * Return: 0, or -errno (-EBUSY if not NEW or RECs are missing, -ENXIO if
 * the RMM refused).
 */
int cca_realm_activate(struct cca_realm *realm)
{
	long ret;

	guard(mutex)(&realm->lock);

	if (realm->state != CCA_REALM_NEW ||
	    realm->nr_recs_created != realm->cfg.nr_recs)
		return -EBUSY;
	ret = rmi_realm_activate(realm->rd_phys);
	if (ret) {
		pr_err("REALM_ACTIVATE failed: %#lx\n", ret);
		return ret < 0 ? ret : -ENXIO;
	}
	WRITE_ONCE(realm->state, CCA_REALM_ACTIVE);
	return 0;
}

/**
 * cca_realm_boot() - Create, populate and activate a realm
 * @cfg: what the realm is made of
 * @image: guest image, loaded (measured) at the start of RAM
 * @len: length of @image
 * @out: the realm, ACTIVE, on success
 *
 * The RIPAS of all RAM is set to RAM; pages not populated are faulted in
 * on first access. On failure everything is torn down.
 *
 * Return: 0, or -errno.
 */
int cca_realm_boot(const struct cca_realm_config *cfg, const void *image,
		   size_t len, struct cca_realm **out)
{
	struct cca_realm *realm;
	int ret;

	realm = cca_realm_create(cfg);
	if (IS_ERR(realm))
		return PTR_ERR(realm);

	ret = cca_realm_populate(realm, realm->cfg.ram_base, image, len, true);
	if (!ret)
		ret = cca_realm_init_ripas(realm, realm->cfg.ram_base,
					   realm->cfg.ram_size);
	if (!ret)
		ret = cca_realm_create_recs(realm);
	if (!ret)
		ret = cca_realm_activate(realm);
	if (ret) {
		cca_realm_destroy(realm);
		return ret;
	}
	*out = realm;
	return 0;
}

/**
 * cca_realm_set_trace() - Observe every exit the host handles
 * @realm: the realm
 * @fn: called after each handled exit, or NULL
 * @priv: argument for @fn
 */
void cca_realm_set_trace(struct cca_realm *realm, cca_trace_fn fn,
			 void *priv)
{
	guard(mutex)(&realm->lock);
	realm->trace_priv = priv;
	realm->trace = fn;
}

/**
 * cca_realm_set_mmio() - Emulate the realm's MMIO accesses
 * @realm: the realm
 * @fn: called for each emulatable access to an unprotected IPA outside the
 *	shared memory; returns the value to read. NULL: reads return 0.
 * @priv: argument for @fn
 */
void cca_realm_set_mmio(struct cca_realm *realm, cca_mmio_fn fn, void *priv)
{
	guard(mutex)(&realm->lock);
	realm->mmio_priv = priv;
	realm->mmio = fn;
}

/**
 * cca_realm_set_cpu_on() - Decide the realm's PSCI CPU_ON requests
 * @realm: the realm
 * @fn: returns PSCI_RET_SUCCESS to start the target REC or
 *	PSCI_RET_DENIED to refuse; NULL grants every request
 * @priv: argument for @fn
 */
void cca_realm_set_cpu_on(struct cca_realm *realm, cca_cpu_on_fn fn,
			  void *priv)
{
	guard(mutex)(&realm->lock);
	realm->cpu_on_priv = priv;
	realm->cpu_on = fn;
}

/**
 * cca_realm_set_fault() - Decide whether protected faults are served
 * @realm: the realm
 * @fn: consulted before a protected RAM page is faulted in; a non-zero
 *	return is returned by the REC entry instead (the KVM stand-in's
 *	guest_memfd fault-path check); NULL serves every fault
 * @priv: argument for @fn
 */
void cca_realm_set_fault(struct cca_realm *realm, cca_fault_fn fn,
			 void *priv)
{
	guard(mutex)(&realm->lock);
	realm->fault_priv = priv;
	realm->fault = fn;
}

/**
 * cca_realm_mark_imported() - The RMM made an import-mode realm ACTIVE
 * @realm: a realm created with cfg.mig_import, whose RECs exist
 *
 * RMI_MIG_IMPORT_END succeeded: the realm is ACTIVE without
 * RMI_REALM_ACTIVATE, and its RECs may run.
 *
 * Return: 0, or -EBUSY if the realm is not an import-mode realm in state
 * NEW with all its RECs.
 */
int cca_realm_mark_imported(struct cca_realm *realm)
{
	guard(mutex)(&realm->lock);

	if (!realm->cfg.mig_import || realm->state != CCA_REALM_NEW ||
	    realm->nr_recs_created != realm->cfg.nr_recs)
		return -EBUSY;
	WRITE_ONCE(realm->state, CCA_REALM_ACTIVE);
	return 0;
}

/**
 * cca_realm_ram_page() - The RAM page (guest_memfd page) behind an IPA
 * @realm: the realm
 * @ipa: protected IPA inside the realm's RAM
 *
 * Allocated (zeroed, Non-secure) on first use, as guest_memfd does. The
 * page belongs to the realm; whether it is delegated is its user's
 * business, and it must be Non-secure again when the realm is destroyed.
 *
 * Return: the page, or NULL if @ipa is outside RAM or memory ran out.
 */
struct page *cca_realm_ram_page(struct cca_realm *realm, u64 ipa)
{
	if (!realm_ipa_in_ram(realm, ipa))
		return NULL;
	guard(mutex)(&realm->mmu_lock);
	return __realm_ram_page(realm, ipa & PAGE_MASK);
}

/**
 * cca_realm_create_rtts() - Create the RTTs that translate an IPA
 * @realm: a realm with an RD
 * @ipa: the IPA
 * @max_level: the deepest level to create
 *
 * Every level from the one below the starting level to @max_level; RTTs
 * that exist already are skipped. The RTTs are the realm's and are
 * destroyed with it (upstream: realm_create_rtt_levels()).
 *
 * Return: 0, -EINVAL for a bad @max_level, -ENOMEM, -ENXIO.
 */
int cca_realm_create_rtts(struct cca_realm *realm, u64 ipa, int max_level)
{
	int level, ret;

	if (max_level <= realm->rtt_level_start ||
	    max_level > CCA_RTT_LAST_LEVEL)
		return -EINVAL;

	guard(mutex)(&realm->mmu_lock);

	for (level = realm->rtt_level_start + 1; level <= max_level; level++) {
		ret = __realm_rtt_create(realm, ipa, level);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * cca_realm_get_stats() - Snapshot of what the host did for a realm
 * @realm: the realm
 * @stats: the realm-wide counters
 * @exits: the RECs' exit counters, summed
 */
void cca_realm_get_stats(struct cca_realm *realm,
			 struct cca_realm_stats *stats,
			 struct cca_rec_stats *exits)
{
	unsigned int i;

	scoped_guard(mutex, &realm->mmu_lock)
		memcpy(stats, &realm->stats, sizeof(*stats));

	memset(exits, 0, sizeof(*exits));
	for (i = 0; i < realm->cfg.nr_recs; i++) {
		struct cca_rec *rec = &realm->recs[i];

		guard(mutex)(&rec->lock);
		exits->entries += rec->stats.entries;
		exits->host_calls += rec->stats.host_calls;
		exits->ripas_changes += rec->stats.ripas_changes;
		exits->psci += rec->stats.psci;
		exits->mmio += rec->stats.mmio;
		exits->irq_exits += rec->stats.irq_exits;
	}
}

/* ---------------------------------------------------------------------- */
/* Running RECs: exit handling                                            */

static struct cca_rec *realm_find_rec(struct cca_realm *realm,
				      unsigned long mpidr)
{
	unsigned int i;

	for (i = 0; i < realm->cfg.nr_recs; i++)
		if (realm->recs[i].created &&
		    realm->recs[i].mpidr == (mpidr & CCA_MPIDR_AFF_MASK))
			return &realm->recs[i];
	return NULL;
}

/*
 * An access to an unprotected IPA: map the shared page, or emulate MMIO
 * (upstream: io_mem_abort()). An access the RMM could not describe (no
 * valid syndrome) cannot be emulated: an SEA is injected instead.
 */
static int rec_handle_unprot_abort(struct cca_rec *rec, struct cca_event *ev,
				   u64 ipa)
{
	struct cca_realm *realm = rec->realm;
	struct rec_exit *exit = &rec->run->exit;
	struct rec_enter *enter = &rec->run->enter;
	cca_mmio_fn mmio;
	int ret;

	if (realm_ipa_in_shared(realm, ipa)) {
		scoped_guard(mutex, &realm->mmu_lock)
			ret = __realm_map_shared(realm, ipa & PAGE_MASK);
		if (ret)
			return ret;
		ev->type = CCA_EV_FAULT_IN;
		ev->ipa = ipa & PAGE_MASK;
		return 0;
	}

	ev->type = CCA_EV_MMIO;
	ev->ipa = ipa | (exit->far & ~PAGE_MASK);
	ev->write = exit->esr & ESR_ELx_WNR;
	rec->stats.mmio++;
	if (!(exit->esr & ESR_ELx_ISV)) {
		enter->flags |= REC_ENTER_FLAG_INJECT_SEA;
		ev->rejected = true;
		return 0;
	}
	ev->size = 1U << FIELD_GET(ESR_ELx_SAS, exit->esr);
	if (ev->write)
		ev->val = exit->gprs[0];
	mmio = READ_ONCE(realm->mmio);
	if (mmio) {
		u64 val = mmio(realm->mmio_priv, ev);

		if (!ev->write)
			ev->val = val;
	}
	if (!ev->write)
		enter->gprs[0] = ev->val;
	enter->flags |= REC_ENTER_FLAG_EMULATED_MMIO;
	return 0;
}

/* A stage-2 abort on protected RAM: map the page (gmem_abort()). */
static int rec_fault_in(struct cca_rec *rec, struct cca_event *ev, u64 ipa)
{
	struct cca_realm *realm = rec->realm;
	cca_fault_fn fault = READ_ONCE(realm->fault);
	u64 esr = rec->run->exit.esr;
	int ret;

	ipa &= PAGE_MASK;
	if (!realm_ipa_in_ram(realm, ipa)) {
		pr_err("REC %u: abort at %#llx, outside RAM\n", rec->index,
		       ipa);
		return -EFAULT;
	}
	if (fault) {
		ret = fault(realm->fault_priv, rec, ipa, esr & ESR_ELx_WNR,
			    ESR_ELx_EC(esr) == ESR_ELx_EC_IABT_LOW);
		if (ret)
			return ret;
	}

	guard(mutex)(&realm->mmu_lock);

	ret = __realm_map_ram(realm, ipa, 0, 0);
	if (ret)
		return ret;
	ev->type = CCA_EV_FAULT_IN;
	ev->ipa = ipa;
	realm->stats.faulted_in++;
	return 0;
}

static int rec_handle_sync(struct cca_rec *rec, struct cca_event *ev)
{
	struct rec_exit *exit = &rec->run->exit;
	u64 ipa = (exit->hpfar & HPFAR_MASK) << 8;

	switch (ESR_ELx_EC(exit->esr)) {
	case ESR_ELx_EC_WFx:
		ev->type = CCA_EV_IRQ;
		rec->stats.irq_exits++;
		return 0;
	case ESR_ELx_EC_DABT_LOW:
		if (!cca_realm_ipa_is_protected(rec->realm, ipa))
			return rec_handle_unprot_abort(rec, ev, ipa);
		return rec_fault_in(rec, ev, ipa);
	case ESR_ELx_EC_IABT_LOW:
		if (!cca_realm_ipa_is_protected(rec->realm, ipa)) {
			pr_err("REC %u: instruction fetch from %#llx\n",
			       rec->index, ipa);
			return -EFAULT;
		}
		return rec_fault_in(rec, ev, ipa);
	default:
		pr_err("REC %u: unhandled synchronous exit, ESR %#llx\n",
		       rec->index, exit->esr);
		return -ENXIO;
	}
}

/* Carry out RMI_RTT_SET_RIPAS for [@base, @top) as the REC asked. */
static int __realm_set_ripas(struct cca_realm *realm, struct cca_rec *rec,
			     u64 base, u64 top, u8 ripas)
{
	unsigned long next;
	u64 ipa = base;
	long ret;
	int err;

	lockdep_assert_held(&realm->mmu_lock);

	while (ipa < top) {
		ret = rmi_rtt_set_ripas(realm->rd_phys, rec->rec_phys, ipa,
					top, &next);
		if (!ret) {
			if (WARN_ON(next <= ipa || next > top))
				return -ENXIO;
			/* Pages that became EMPTY are unmapped and returned. */
			if (ripas == RMI_EMPTY) {
				err = __realm_unmap_private(realm, ipa, next);
				if (err)
					return err;
			}
			ipa = next;
			continue;
		}
		if (!rmi_is_rtt_error(ret)) {
			pr_err("RTT_SET_RIPAS at %#llx failed: %#lx\n", ipa,
			       ret);
			return ret < 0 ? ret : -ENXIO;
		}
		err = __realm_rtt_fixup(realm, ipa, ret);
		if (err)
			return err;
	}
	return 0;
}

static int rec_handle_ripas_change(struct cca_rec *rec, struct cca_event *ev)
{
	struct cca_realm *realm = rec->realm;
	struct rec_exit *exit = &rec->run->exit;

	ev->type = CCA_EV_RIPAS_CHANGE;
	ev->ipa = exit->ripas_base;
	ev->top = exit->ripas_top;
	ev->ripas = exit->ripas_value;
	rec->stats.ripas_changes++;

	/*
	 * A realm may always give memory up (to EMPTY). It gets memory (to
	 * RAM) only where its RAM is backed: KVM checks the range against
	 * guest_memfd and refuses the rest.
	 */
	if (ev->ripas == RMI_RAM &&
	    (READ_ONCE(realm->reject_ripas) || ev->top <= ev->ipa ||
	     !realm_ipa_in_ram(realm, ev->ipa) ||
	     !realm_ipa_in_ram(realm, ev->top - 1))) {
		rec->run->enter.flags |= REC_ENTER_FLAG_RIPAS_RESPONSE;
		ev->rejected = true;
		return 0;
	}

	guard(mutex)(&realm->mmu_lock);

	return __realm_set_ripas(realm, rec, ev->ipa, ev->top, ev->ripas);
}

/*
 * A PSCI request the RMM passed to the host. DEN0137 2.0 leaves only
 * CPU_ON for the host to complete (upstream: kvm_rec_complete_psci());
 * CPU_OFF, CPU_SUSPEND, SYSTEM_OFF and SYSTEM_RESET are notifications.
 */
static int rec_handle_psci(struct cca_rec *rec, struct cca_event *ev)
{
	struct cca_realm *realm = rec->realm;
	struct rec_exit *exit = &rec->run->exit;
	struct cca_rec *target;
	cca_cpu_on_fn cpu_on;
	long status, ret;

	ev->psci_fid = exit->gprs[0];
	memcpy(ev->gprs, exit->gprs, 4 * sizeof(ev->gprs[0]));
	rec->stats.psci++;

	switch (ev->psci_fid) {
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
		/*
		 * The RMM validated the target and starts it; the host only
		 * agrees or refuses (a REC it does not know, or as the VMM's
		 * policy decides). A target that is on already cannot be
		 * refused: the RMM answers ALREADY_ON.
		 */
		target = realm_find_rec(realm, exit->gprs[1]);
		cpu_on = READ_ONCE(realm->cpu_on);
		if (!target)
			status = PSCI_RET_DENIED;
		else if (READ_ONCE(target->runnable) || !cpu_on)
			status = PSCI_RET_SUCCESS;
		else
			status = cpu_on(realm->cpu_on_priv, rec, target);
		if (WARN_ON(status != PSCI_RET_SUCCESS &&
			    status != PSCI_RET_DENIED))
			status = PSCI_RET_DENIED;
		ret = rmi_psci_complete(rec->rec_phys, (unsigned long)status);
		if (ret) {
			pr_err("PSCI_COMPLETE failed: %#lx\n", ret);
			return ret < 0 ? ret : -ENXIO;
		}
		if (status == PSCI_RET_SUCCESS)
			WRITE_ONCE(target->runnable, true);
		ev->type = CCA_EV_PSCI;
		ev->psci_status = status;
		return 0;
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
		ev->type = CCA_EV_PSCI;
		return 0;
	case PSCI_0_2_FN_CPU_OFF:
		WRITE_ONCE(rec->runnable, false);
		ev->type = CCA_EV_CPU_OFF;
		return 1;
	case PSCI_0_2_FN_SYSTEM_OFF:
	case PSCI_0_2_FN_SYSTEM_RESET:
		WRITE_ONCE(realm->state, CCA_REALM_SYSTEM_OFF);
		ev->type = CCA_EV_SYSTEM_OFF;
		return 1;
	default:
		pr_err("REC %u: unexpected PSCI request %#llx\n", rec->index,
		       ev->psci_fid);
		return -ENXIO;
	}
}

/* Decode a host call of the guest ABI (cca_guest_abi.h). */
static int rec_handle_host_call(struct cca_rec *rec, struct cca_event *ev)
{
	struct rec_exit *exit = &rec->run->exit;
	unsigned int i;

	ev->imm = exit->imm;
	memcpy(ev->gprs, exit->gprs, sizeof(ev->gprs));
	/* Text reports: gprs[1..30] hold NUL-padded text, little endian. */
	if (ev->imm == CCA_GUEST_HC_PRINT || ev->imm == CCA_GUEST_HC_ASSERT) {
		for (i = 0; i < CCA_GUEST_MSG_BYTES; i++)
			ev->msg[i] = (ev->gprs[1 + i / 8] >> (8 * (i % 8))) &
				     0xff;
		ev->msg[CCA_GUEST_MSG_BYTES] = '\0';
	}

	switch (ev->imm) {
	case CCA_GUEST_HC_SYNC:
		ev->type = CCA_EV_SYNC;
		break;
	case CCA_GUEST_HC_DONE:
		ev->type = CCA_EV_DONE;
		WRITE_ONCE(rec->done, true);
		break;
	case CCA_GUEST_HC_ASSERT:
		ev->type = CCA_EV_ASSERT;
		WRITE_ONCE(rec->failed, true);
		break;
	case CCA_GUEST_HC_PRINT:
		ev->type = CCA_EV_PRINT;
		break;
	case CCA_GUEST_HC_ABORT:
		ev->type = CCA_EV_ABORT;
		WRITE_ONCE(rec->failed, true);
		break;
	default:
		ev->type = CCA_EV_HOST_CALL;
		break;
	}

	/* The realm gets its RsiHostCall back as it left it. */
	memcpy(rec->run->enter.gprs, exit->gprs, sizeof(rec->run->enter.gprs));
	rec->stats.host_calls++;
	return 1;
}

static int rec_handle_exit(struct cca_rec *rec, struct cca_event *ev)
{
	switch (rec->run->exit.exit_reason) {
	case RMI_EXIT_SYNC:
		return rec_handle_sync(rec, ev);
	case RMI_EXIT_IRQ:
	case RMI_EXIT_FIQ:
		ev->type = CCA_EV_IRQ;
		rec->stats.irq_exits++;
		return 0;
	case RMI_EXIT_PSCI:
		return rec_handle_psci(rec, ev);
	case RMI_EXIT_RIPAS_CHANGE:
		return rec_handle_ripas_change(rec, ev);
	case RMI_EXIT_HOST_CALL:
		return rec_handle_host_call(rec, ev);
	case RMI_EXIT_SERROR:
		pr_err("REC %u: SError, ESR %#llx\n", rec->index,
		       rec->run->exit.esr);
		return -EIO;
	default:
		pr_err("REC %u: unknown exit reason %u\n", rec->index,
		       rec->run->exit.exit_reason);
		return -ENXIO;
	}
}

/**
 * cca_rec_step() - Enter a REC once and handle its exit
 * @rec: a runnable REC of an ACTIVE realm
 * @ev: filled with what the exit meant
 *
 * Return: 1 if @ev is for the caller (a host call, CPU_OFF, SYSTEM_OFF),
 * 0 if the host handled the exit (@ev says how), or -errno: -EINVAL if the
 * realm is not ACTIVE, -EAGAIN if the REC is not runnable, -ENXIO if the
 * RMM refused the entry or an exit could not be handled.
 */
int cca_rec_step(struct cca_rec *rec, struct cca_event *ev)
{
	struct cca_realm *realm = rec->realm;
	cca_trace_fn trace;
	long ret;
	int r;

	guard(mutex)(&rec->lock);

	memset(ev, 0, sizeof(*ev));
	ev->rec = rec->index;
	if (READ_ONCE(realm->state) != CCA_REALM_ACTIVE)
		return -EINVAL;
	if (!READ_ONCE(rec->runnable))
		return -EAGAIN;

	ret = rmi_rec_enter(rec->rec_phys, rec->run_phys);
	rec->stats.entries++;
	/* Entry flags apply to one entry only (upstream clears them too). */
	rec->run->enter.flags = 0;
	if (ret) {
		pr_err("REC_ENTER of REC %u failed: %#lx\n", rec->index, ret);
		return ret < 0 ? ret : -ENXIO;
	}

	r = rec_handle_exit(rec, ev);
	trace = READ_ONCE(realm->trace);
	if (r >= 0 && trace)
		trace(realm->trace_priv, ev);
	return r;
}

/**
 * cca_rec_run() - Run a REC until something happens for the caller
 * @rec: a runnable REC of an ACTIVE realm
 * @ev: the event that ended the run
 * @max_entries: give up after this many entries; 0 for no limit
 *
 * Exits the host handles (faults, RIPAS changes, PSCI, interrupts) are
 * handled and the REC re-entered, as KVM's run loop does.
 *
 * Return: 0 with @ev filled, or -errno (-ETIME if @max_entries ran out).
 */
int cca_rec_run(struct cca_rec *rec, struct cca_event *ev,
		unsigned long max_entries)
{
	unsigned long n = 0;
	int r;

	for (;;) {
		if (max_entries && n++ >= max_entries)
			return -ETIME;
		r = cca_rec_step(rec, ev);
		if (r < 0)
			return r;
		if (r > 0)
			return 0;
	}
}

static bool rec_can_run(struct cca_rec *rec)
{
	return rec->created && READ_ONCE(rec->runnable) &&
	       !READ_ONCE(rec->done) && !READ_ONCE(rec->failed);
}

/**
 * cca_realm_run() - Run all RECs of a realm, round robin, on this thread
 * @realm: an ACTIVE realm
 * @max_entries: give up after this many REC entries; 0 for no limit
 * @fn: called with each event for the caller, or NULL; a non-zero return
 *	stops the run and is returned (if negative) or gives 0
 * @priv: argument for @fn
 *
 * Each REC that is runnable and has not reported DONE, ASSERT or ABORT
 * is entered in turn, once per round (the RMM model returns to the host
 * after a bounded slice, as a timer interrupt would).
 *
 * Return: 0 when no REC can run any more (all finished or stopped, or the
 * realm turned itself off), or -errno (-ETIME if @max_entries ran out).
 */
int cca_realm_run(struct cca_realm *realm, unsigned long max_entries,
		  cca_event_fn fn, void *priv)
{
	unsigned long n = 0;
	struct cca_event ev;
	bool ran;
	unsigned int i;
	int r;

	do {
		ran = false;
		for (i = 0; i < realm->cfg.nr_recs; i++) {
			struct cca_rec *rec = &realm->recs[i];

			if (READ_ONCE(realm->state) != CCA_REALM_ACTIVE)
				return 0;
			if (!rec_can_run(rec))
				continue;
			if (max_entries && n++ >= max_entries)
				return -ETIME;
			ran = true;
			r = cca_rec_step(rec, &ev);
			if (r < 0)
				return r;
			if (r > 0 && fn) {
				r = fn(realm, &ev, priv);
				if (r)
					return r < 0 ? r : 0;
			}
		}
	} while (ran);
	return 0;
}

/**
 * cca_rec_host_call_reply() - Answer the REC's last host call
 * @rec: a REC whose last exit was a host call
 * @idx: index of the RsiHostCall register, 0 to 30
 * @val: the value the realm reads there when the call returns
 *
 * Registers not set are returned as the realm left them.
 *
 * Return: 0, or -EINVAL if @idx is out of range or the REC's last exit was
 * not a host call.
 */
int cca_rec_host_call_reply(struct cca_rec *rec, unsigned int idx, u64 val)
{
	guard(mutex)(&rec->lock);

	if (idx >= REC_RUN_GPRS || !rec->run ||
	    rec->run->exit.exit_reason != RMI_EXIT_HOST_CALL)
		return -EINVAL;
	rec->run->enter.gprs[idx] = val;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Teardown                                                               */

static void realm_destroy_rec(struct cca_realm *realm, struct cca_rec *rec)
{
	long ret;

	lockdep_assert_held(&realm->lock);

	ret = rmi_rec_destroy(rec->rec_phys, realm->sro);
	if (WARN_ON(ret)) {
		/* Still a REC granule: leak it. */
		pr_err("REC_DESTROY of REC %u failed: %#lx\n", rec->index, ret);
		realm->stats.leaked++;
	} else {
		realm_free_delegated(realm, rec->rec_phys);
	}
	rec->rec_page = NULL;
	rec->created = false;
	rec->runnable = false;
	realm->nr_recs_created--;
}

/*
 * The RMM would not let go of the realm: everything it owns stays in the
 * Realm PAS and is leaked; only Non-secure memory is freed.
 */
static void realm_leak_all(struct cca_realm *realm)
{
	struct cca_rtt *rtt, *tmp;
	unsigned int i;

	list_for_each_entry_safe(rtt, tmp, &realm->rtts, node) {
		list_del(&rtt->node);
		kfree(rtt);
		realm->stats.leaked++;
	}
	for (i = 0; i < realm->cfg.nr_recs; i++) {
		if (realm->recs[i].created)
			realm->stats.leaked++;
		realm->recs[i].rec_page = NULL;
		realm->recs[i].created = false;
	}
	realm->stats.leaked += 1 + realm->rtt_num_start;
	realm->rd = NULL;
	realm->rtt_root = NULL;
}

/*
 * Tear the realm down in the reverse order of its construction (upstream:
 * kvm_destroy_realm()): terminate it, destroy its RECs, unmap its RAM and
 * shared memory, destroy its RTTs, destroy it, then return the RD and the
 * starting-level RTTs.
 */
static void realm_teardown(struct cca_realm *realm)
{
	size_t root_size = realm->rtt_num_start * PAGE_SIZE;
	unsigned int i;
	long ret;

	lockdep_assert_held(&realm->lock);

	WRITE_ONCE(realm->state, CCA_REALM_DYING);

	ret = rmi_realm_terminate(realm->rd_phys, realm->sro);
	if (WARN_ON(ret)) {
		pr_err("REALM_TERMINATE failed: %#lx\n", ret);
		realm_leak_all(realm);
		return;
	}

	for (i = 0; i < realm->cfg.nr_recs; i++)
		if (realm->recs[i].created)
			realm_destroy_rec(realm, &realm->recs[i]);

	scoped_guard(mutex, &realm->mmu_lock) {
		WARN_ON(__realm_unmap_private(realm, realm->cfg.ram_base,
					      realm->cfg.ram_base +
					      realm->cfg.ram_size));
		if (realm->shared_base)
			WARN_ON(__realm_unmap_shared(realm, realm->shared_base,
						     realm->shared_base +
						     (u64)realm->cfg.shared_pages *
						     PAGE_SIZE));
		__realm_destroy_rtts(realm);
	}

	ret = rmi_realm_destroy(realm->rd_phys, realm->sro);
	if (WARN_ON(ret)) {
		/* The RD and the starting-level RTTs stay the RMM's. */
		pr_err("REALM_DESTROY failed: %#lx\n", ret);
		realm->stats.leaked += 1 + realm->rtt_num_start;
		realm->rd = NULL;
		realm->rtt_root = NULL;
		return;
	}

	realm_free_delegated(realm, realm->rd_phys);
	realm->rd = NULL;
	if (WARN_ON(rmi_undelegate_range(realm->rtt_root_phys, root_size))) {
		/* Leak the starting-level RTTs if they cannot be returned. */
		realm->stats.leaked += realm->rtt_num_start;
	} else {
		free_pages((unsigned long)realm->rtt_root, get_order(root_size));
	}
	realm->rtt_root = NULL;
	WRITE_ONCE(realm->state, CCA_REALM_DEAD);
}

/**
 * cca_realm_destroy() - Destroy a realm in any state and free it
 * @realm: the realm, or NULL or an ERR_PTR() (ignored)
 *
 * No REC may be running. Every granule is undelegated; one the RMM will
 * not give back is leaked on purpose (and so shows as still delegated).
 */
void cca_realm_destroy(struct cca_realm *realm)
{
	if (IS_ERR_OR_NULL(realm))
		return;

	mutex_lock(&realm->lock);
	if (realm->state != CCA_REALM_NONE && realm->state != CCA_REALM_DEAD)
		realm_teardown(realm);
	mutex_unlock(&realm->lock);
	realm_free(realm);
}
