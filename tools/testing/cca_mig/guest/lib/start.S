/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Realm guest entry, per-REC stacks and the EL1 vector table.
 *
 * Entry (every REC, MMU off, EL1h): x0 RAM base, x1 RAM size, x2 REC index,
 * x3 number of RECs, x4 first unprotected IPA (cca_guest_abi.h).
 * _secondary_entry (PSCI_CPU_ON): x0 = context_id = REC index.
 * TPIDR_EL1 holds the REC index; each REC uses guest_stacks[index].
 */

/* Keep in sync with CCA_GUEST_STACK_SIZE and CCA_GUEST_MAX_RECS (rsi.c). */
	.equ	STACK_SHIFT, 14
	.equ	MAX_RECS, 8
	.equ	FRAME_SIZE, 272		/* struct guest_regs */

	.section .text.start, "ax"
	.global	_start
_start:
	msr	tpidr_el1, x2
	adr	x9, guest_vectors
	msr	vbar_el1, x9
	isb
	cmp	x2, #MAX_RECS
	b.hs	guest_park
	adrp	x9, guest_stacks
	add	x9, x9, :lo12:guest_stacks
	add	x10, x2, #1
	add	x9, x9, x10, lsl #STACK_SHIFT
	mov	sp, x9
	mov	x29, xzr
	bl	guest_start
	b	guest_park

	.global	_secondary_entry
_secondary_entry:
	mov	x2, x0
	msr	tpidr_el1, x2
	adr	x9, guest_vectors
	msr	vbar_el1, x9
	isb
	cmp	x2, #MAX_RECS
	b.hs	guest_park
	adrp	x9, guest_stacks
	add	x9, x9, :lo12:guest_stacks
	add	x10, x2, #1
	add	x9, x9, x10, lsl #STACK_SHIFT
	mov	sp, x9
	mov	x29, xzr
	mov	x0, x2
	bl	guest_secondary_start
	b	guest_park

	.global	guest_park
guest_park:
	wfi
	b	guest_park

	.text
	.macro	ventry, n
	.align	7
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\n
	b	guest_vector_common
	.endm

	.align	11
	.global	guest_vectors
guest_vectors:
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	ventry	4
	ventry	5
	ventry	6
	ventry	7
	ventry	8
	ventry	9
	ventry	10
	ventry	11
	ventry	12
	ventry	13
	ventry	14
	ventry	15

guest_vector_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x10, elr_el1
	mrs	x11, spsr_el1
	stp	x10, x11, [sp, #248]
	mov	x1, sp
	bl	guest_vector
	ldp	x10, x11, [sp, #248]
	msr	elr_el1, x10
	msr	spsr_el1, x11
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #FRAME_SIZE
	eret
