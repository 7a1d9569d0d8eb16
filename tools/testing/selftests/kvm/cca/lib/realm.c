// SPDX-License-Identifier: GPL-2.0-only
/*
 * Realm VMs for the CCA selftests, beside the 7.2 KVM selftest library
 * (see include/cca_realm.h for why they cannot come from it).
 *
 * A realm VM here is laid out as the library lays out any VM: memslot 0
 * holds the test's ELF, the stage-1 page tables, the ucall pool and the
 * stacks, and the library's host-side helpers (addr_gva2hva(),
 * sync_global_to_guest(), ...) keep working on it. The differences:
 *
 * - KVM_CREATE_VM with KVM_VM_TYPE_ARM_REALM and an explicit IPA size;
 * - memslot 0 is a guest_memfd slot; what the library wrote into its
 *   userspace mapping is copied into protected memory by
 *   KVM_ARM_RMI_POPULATE (measured), after which host writes to that
 *   mapping no longer reach the realm;
 * - a REC starts at EL1 with the MMU off and only PC and x0-x7 set by
 *   the host, so every vCPU enters realm_boot, which programs the
 *   translation registers the library would have set with KVM_SET_ONE_REG
 *   and branches to the guest code;
 * - the ucall pool, and any page allocated with realm_alloc_shared(), is
 *   mapped at its unprotected alias (IPA | REALM_SHARED_BIT), whose pages
 *   are the memslot's ordinary host memory, and the ucall MMIO address is
 *   unprotected too: a realm can only exit to the host for emulation from
 *   the unprotected half.
 */
#include <linux/bitmap.h>
#include <linux/bits.h>
#include <sys/ioctl.h>

#include "../include/cca_realm.h"
#include "sparsebit.h"

#define REALM_STACK_VADDR_MIN	0xac0000

/*
 * realm_boot - First instruction of every REC of these tests. The RMM
 * enters a new REC at EL1 with the MMU off and x0-x7 as the host set them:
 *
 *   x0 TTBR0_EL1   x1 stack top (VA)   x2 guest code (VA)
 *   x3 TPIDR_EL1   x4 TCR_EL1          x5 MAIR_EL1
 *   x6 SCTLR_EL1 bits to set (M, C, I)
 *
 * It runs at its physical address, so it is position independent and sits
 * alone in a page that realm_map_boot() identity maps: the instruction
 * after the MMU is turned on is fetched through the new tables.
 */
asm(".pushsection .text.realm_boot, \"ax\"\n"
	".balign 4096\n"
	".global realm_boot\n"
	"realm_boot:\n"
	"	msr	mair_el1, x5\n"
	"	msr	tcr_el1, x4\n"
	"	msr	ttbr0_el1, x0\n"
	"	msr	tpidr_el1, x3\n"
	"	mov	x9, #(3 << 20)\n"	/* CPACR_EL1.FPEN: no FP/SIMD traps */
	"	msr	cpacr_el1, x9\n"
	"	isb\n"
	"	tlbi	vmalle1\n"
	"	dsb	nsh\n"
	"	isb\n"
	"	mrs	x9, sctlr_el1\n"
	"	orr	x9, x9, x6\n"
	"	msr	sctlr_el1, x9\n"
	"	isb\n"
	"	mov	sp, x1\n"
	"	mov	x0, x3\n"
	"	br	x2\n"
	".balign 4096\n"
	".popsection\n");

static bool vm_is_realm(struct kvm_vm *vm)
{
	return vm->type & KVM_VM_TYPE_ARM_REALM;
}

bool realm_supported(void)
{
	return kvm_has_cap(KVM_CAP_ARM_RMI);
}

/*
 * ____vm_create() opened an ordinary VM (the 7.2 library asserts that arm64
 * tests pass no VM type): replace it, before it has memslots or vCPUs, by a
 * realm VM with an explicit IPA size.
 */
static void realm_vm_reopen(struct kvm_vm *vm)
{
	bool stats = vm->stats.fd >= 0;

	if (stats)
		close(vm->stats.fd);
	close(vm->fd);

	vm->type = KVM_VM_TYPE_ARM_REALM | KVM_VM_TYPE_ARM_IPA_SIZE(REALM_IPA_BITS);
	vm->fd = __kvm_ioctl(vm->kvm_fd, KVM_CREATE_VM, (void *)vm->type);
	TEST_ASSERT(vm->fd >= 0, KVM_IOCTL_ERROR(KVM_CREATE_VM, vm->fd));
	vm->stats.fd = stats ? vm_get_stats_fd(vm) : -1;
}

/* Map [@gva, @gva + @size) at the unprotected alias of its pages. */
static void realm_share_range(struct kvm_vm *vm, gva_t gva, size_t size)
{
	gva_t end = gva + size;

	for (; gva < end; gva += vm->page_size) {
		gpa_t gpa = addr_gva2gpa(vm, gva) & ~(gpa_t)(vm->page_size - 1);

		virt_arch_pg_map(vm, gva, gpa | REALM_SHARED_BIT);
	}
}

gva_t realm_alloc_shared(struct kvm_vm *vm, size_t size)
{
	gva_t gva = vm_alloc(vm, size, KVM_UTIL_MIN_VADDR);

	realm_share_range(vm, gva, size);
	return gva;
}

static void realm_map_boot(struct kvm_vm *vm)
{
	gpa_t gpa = addr_gva2gpa(vm, (gva_t)realm_boot);

	TEST_ASSERT(!(gpa & (vm->page_size - 1)),
		    "realm_boot not page aligned: 0x%lx", gpa);
	TEST_ASSERT(!sparsebit_is_set(vm->vpages_mapped, gpa >> vm->page_shift),
		    "VA 0x%lx (realm_boot's PA) already in use", gpa);
	virt_pg_map(vm, gpa, gpa);
}

/*
 * The library's ucall_init() puts the pool at the lowest free VA from
 * KVM_UTIL_MIN_VADDR; find it first, then move it to the unprotected
 * alias, and check that the guess was right.
 */
static void realm_ucall_init(struct kvm_vm *vm)
{
	struct userspace_mem_region *slot = memslot2region(vm, REALM_SLOT);
	size_t size = ucall_nr_pages_required(vm->page_size) * vm->page_size;
	size_t off = BITS_TO_LONGS(KVM_MAX_VCPUS) * sizeof(unsigned long);
	gpa_t mmio = slot->region.guest_phys_addr + slot->region.memory_size;
	gva_t pool = vm_unused_gva_gap(vm, size, KVM_UTIL_MIN_VADDR);
	struct ucall *uc;

	vm->gpa_tag_mask = REALM_SHARED_BIT;
	ucall_init(vm, mmio | REALM_SHARED_BIT);

	uc = addr_gva2hva(vm, pool + off);
	TEST_ASSERT(uc->hva == uc, "ucall pool not at the expected VA 0x%lx",
		    pool);
	realm_share_range(vm, pool, size);
}

static struct kvm_vcpu *realm_vcpu_add(struct kvm_vm *vm, u32 vcpu_id,
				       void *guest_code)
{
	size_t stack_size = DEFAULT_STACK_PGS * vm->page_size;
	u64 tcr = TCR_TG0_4K | TCR_IPS_40_BITS | TCR_IRGN0_WBWA |
		  TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_T0SZ(vm->va_bits) |
		  TCR_TBI1 | TCR_EPD1_MASK;
	u64 regs[] = {
		vm->mmu.pgd & GENMASK(47, vm->page_shift),
		0,
		(u64)guest_code,
		vcpu_id,
		tcr,
		DEFAULT_MAIR_EL1,
		SCTLR_ELx_M | SCTLR_ELx_C | SCTLR_ELx_I,
	};
	struct kvm_vcpu_init init = {};
	struct kvm_vcpu *vcpu;
	gva_t stack;
	int i;

	vcpu = __vm_vcpu_add(vm, vcpu_id);
	vm_ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init);
	init.features[0] |= BIT(KVM_ARM_VCPU_PSCI_0_2);
	if (vm_is_realm(vm))
		init.features[0] |= BIT(KVM_ARM_VCPU_REC);
	vcpu_ioctl(vcpu, KVM_ARM_VCPU_INIT, &init);
	vcpu->init = init;

	stack = __vm_alloc(vm, stack_size, REALM_STACK_VADDR_MIN,
			   MEM_REGION_DATA);
	regs[1] = stack + stack_size;

	vcpu_set_reg(vcpu, ARM64_CORE_REG(regs.pc),
		     addr_gva2gpa(vm, (gva_t)realm_boot));
	for (i = 0; i < ARRAY_SIZE(regs); i++)
		vcpu_set_reg(vcpu, ARM64_CORE_REG(regs.regs[i]), regs[i]);
	return vcpu;
}

static struct kvm_vm *__realm_vm_create(u32 nr_vcpus, void *guest_code,
					struct kvm_vcpu **vcpus, bool emulated)
{
	struct userspace_mem_region *slot;
	struct kvm_vm *vm;
	int i;

	TEST_ASSERT(nr_vcpus && nr_vcpus <= REALM_MAX_VCPUS,
		    "%u vCPUs", nr_vcpus);

	vm = ____vm_create(VM_SHAPE(REALM_MODE));
	if (!emulated)
		realm_vm_reopen(vm);

	vm_mem_add(vm, VM_MEM_SRC_ANONYMOUS, 0, REALM_SLOT, REALM_SLOT_PAGES,
		   emulated ? 0 : KVM_MEM_GUEST_MEMFD, -1, 0);
	for (i = 0; i < NR_MEM_REGIONS; i++)
		vm->memslots[i] = REALM_SLOT;
	if (emulated) {
		/* The unprotected alias: the same memory, at IPA | BIT(39). */
		slot = memslot2region(vm, REALM_SLOT);
		vm_set_user_memory_region(vm, REALM_ALIAS_SLOT, 0,
					  REALM_SHARED_BIT,
					  slot->region.memory_size,
					  slot->host_mem);
	}

	kvm_vm_elf_load(vm, program_invocation_name);
	realm_map_boot(vm);
	realm_ucall_init(vm);

	kvm_arch_vm_post_create(vm, nr_vcpus);
	for (i = 0; i < nr_vcpus; i++)
		vcpus[i] = realm_vcpu_add(vm, i, guest_code);
	kvm_arch_vm_finalize_vcpus(vm);
	return vm;
}

/**
 * realm_vm_create() - A realm VM laid out as the library lays out a VM
 * @nr_vcpus: vCPUs (RECs) to create, at most REALM_MAX_VCPUS
 * @guest_code: where every vCPU starts, after realm_boot
 * @vcpus: out: the vCPUs, by ID
 *
 * The realm itself (the RD) does not exist yet: realm_populate() creates
 * it, or KVM_CCA_MIG_START creates it in import mode. The test may still
 * write the guest's memory (sync_global_to_guest()) until it populates.
 *
 * Return: the VM. Skips the test when KVM cannot create realms.
 */
struct kvm_vm *realm_vm_create(u32 nr_vcpus, void *guest_code,
			       struct kvm_vcpu **vcpus)
{
	TEST_REQUIRE(realm_supported());
	return __realm_vm_create(nr_vcpus, guest_code, vcpus, false);
}

/**
 * realm_vm_create_emulated() - An ordinary VM laid out as a realm
 * @nr_vcpus: vCPUs to create, at most REALM_MAX_VCPUS
 * @guest_code: where every vCPU starts, after realm_boot
 * @vcpus: out: the vCPUs, by ID
 *
 * The same layout, boot stub and shared-alias ucalls as realm_vm_create(),
 * on any arm64 KVM host: a vCPU also starts at EL1 with the MMU off, and a
 * second memslot over the same memory stands for the unprotected alias.
 * Nothing is protected; realm_populate() and realm_vcpus_finalize() do
 * nothing. It checks the realm machinery of these tests where there is no
 * CCA.
 *
 * Return: the VM.
 */
struct kvm_vm *realm_vm_create_emulated(u32 nr_vcpus, void *guest_code,
					struct kvm_vcpu **vcpus)
{
	return __realm_vm_create(nr_vcpus, guest_code, vcpus, true);
}

/**
 * realm_vm_create_dst() - A destination for a realm VM
 * @src: the source VM (realm_vm_create())
 * @guest_code: the source's guest code
 * @vcpus: out: the vCPUs, with the source's IDs (and so MPIDRs)
 *
 * The same configuration as the source's: IPA size, memslot, vCPUs and
 * vGIC. It is never populated; KVM_CCA_MIG_START (destination) creates its
 * realm in import mode.
 *
 * Return: the VM.
 */
struct kvm_vm *realm_vm_create_dst(struct kvm_vm *src, void *guest_code,
				   struct kvm_vcpu **vcpus)
{
	struct kvm_vcpu *vcpu;
	u32 nr_vcpus = 0;

	list_for_each_entry(vcpu, &src->vcpus, list)
		nr_vcpus++;
	return __realm_vm_create(nr_vcpus, guest_code, vcpus,
				 !vm_is_realm(src));
}

static void realm_populate_range(struct kvm_vm *vm, u64 base, u64 size,
				 void *src)
{
	struct kvm_arm_rmi_populate p = {
		.base = base,
		.size = size,
		.source_uaddr = (u64)src,
		.flags = KVM_ARM_RMI_POPULATE_FLAGS_MEASURE,
	};
	int ret;

	while (p.size) {
		u64 before = p.size;

		ret = __vm_ioctl(vm, KVM_ARM_RMI_POPULATE, &p);
		TEST_ASSERT(ret >= 0, KVM_IOCTL_ERROR(KVM_ARM_RMI_POPULATE, ret));
		if (p.size != before)	/* the kernel advanced the arguments */
			continue;
		/* v12: the number of bytes populated is returned */
		TEST_ASSERT(ret > 0 && ret <= before,
			    "KVM_ARM_RMI_POPULATE made no progress at 0x%llx",
			    p.base);
		p.base += ret;
		p.size -= ret;
		p.source_uaddr += ret;
	}
}

/**
 * realm_populate() - Load memslot 0's content into the realm, measured
 * @vm: a VM from realm_vm_create()
 *
 * Every page the library allocated is copied from the slot's userspace
 * mapping into protected memory (the first call creates the realm); the
 * rest of the slot is left for the realm to fault in as zero pages.
 */
void realm_populate(struct kvm_vm *vm)
{
	struct userspace_mem_region *slot = memslot2region(vm, REALM_SLOT);
	u64 npages = slot->region.memory_size >> vm->page_shift;
	u64 pfn = 0, end;

	if (!vm_is_realm(vm))
		return;
	if (vm_check_cap(vm, KVM_CAP_MEMORY_ATTRIBUTES) &
	    KVM_MEMORY_ATTRIBUTE_PRIVATE)
		vm_mem_set_private(vm, slot->region.guest_phys_addr,
				   slot->region.memory_size);

	while (pfn < npages) {
		if (sparsebit_is_set(slot->unused_phy_pages, pfn)) {
			pfn++;
			continue;
		}
		for (end = pfn + 1; end < npages; end++)
			if (sparsebit_is_set(slot->unused_phy_pages, end))
				break;
		realm_populate_range(vm, pfn << vm->page_shift,
				     (end - pfn) << vm->page_shift,
				     addr_gpa2hva(vm, pfn << vm->page_shift));
		pfn = end;
	}
}

int __realm_vcpus_finalize(struct kvm_vm *vm)
{
	int feature = KVM_ARM_VCPU_REC;
	struct kvm_vcpu *vcpu;
	int ret;

	if (!vm_is_realm(vm))
		return 0;
	list_for_each_entry(vcpu, &vm->vcpus, list) {
		ret = __vcpu_ioctl(vcpu, KVM_ARM_VCPU_FINALIZE, &feature);
		if (ret)
			return ret;
	}
	return 0;
}

/* Create the RECs: after realm_populate(), or after START (destination). */
void realm_vcpus_finalize(struct kvm_vm *vm)
{
	int ret = __realm_vcpus_finalize(vm);

	TEST_ASSERT(!ret, KVM_IOCTL_ERROR(KVM_ARM_VCPU_FINALIZE, ret));
}

/**
 * realm_copy_shared() - What the VMM migrates itself: the shared memory
 * @dst: destination VM
 * @src: source VM
 *
 * The userspace mapping of memslot 0 is the unprotected alias of every
 * page (the ucall pool, realm_alloc_shared() pages) and, byte for byte,
 * what was populated; copying it whole also gives the destination the
 * source's stage-1 tables, which the host walks to decode ucalls.
 */
void realm_copy_shared(struct kvm_vm *dst, struct kvm_vm *src)
{
	struct userspace_mem_region *s = memslot2region(src, REALM_SLOT);
	struct userspace_mem_region *d = memslot2region(dst, REALM_SLOT);

	TEST_ASSERT_EQ(s->region.memory_size, d->region.memory_size);
	memcpy(d->host_mem, s->host_mem, s->region.memory_size);
}

/**
 * realm_rsi_measurement_read() - Guest code: RSI_MEASUREMENT_READ
 * @index: 0 for the RIM, 1-4 for the REMs
 * @val: out: the 64-byte measurement, as eight little-endian words
 *
 * Return: the RSI status (0: RSI_SUCCESS).
 */
u64 realm_rsi_measurement_read(u64 index, u64 val[REALM_RIM_WORDS])
{
	register u64 x0 asm("x0") = RSI_MEASUREMENT_READ;
	register u64 x1 asm("x1") = index;
	register u64 x2 asm("x2");
	register u64 x3 asm("x3");
	register u64 x4 asm("x4");
	register u64 x5 asm("x5");
	register u64 x6 asm("x6");
	register u64 x7 asm("x7");
	register u64 x8 asm("x8");

	asm volatile("smc	#0"
		     : "+r" (x0), "+r" (x1), "=r" (x2), "=r" (x3), "=r" (x4),
		       "=r" (x5), "=r" (x6), "=r" (x7), "=r" (x8)
		     :
		     : "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
		       "x17", "memory");
	val[0] = x1;
	val[1] = x2;
	val[2] = x3;
	val[3] = x4;
	val[4] = x5;
	val[5] = x6;
	val[6] = x7;
	val[7] = x8;
	return x0;
}
