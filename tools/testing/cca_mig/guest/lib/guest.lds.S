/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Realm guest image layout: one flat binary loaded at CCA_GUEST_BASE_IPA.
 * .bss is placed in .data so that objcopy -O binary writes it as zeros: the
 * host populates the whole image, stacks included, and the realm never
 * depends on memory the host did not measure.
 */
#include "cca_guest_abi.h"

OUTPUT_ARCH(aarch64)
ENTRY(_start)

SECTIONS
{
	. = CCA_GUEST_BASE_IPA_NUM;
	.text : {
		KEEP(*(.text.start))
		*(.text .text.*)
	}
	.rodata : ALIGN(16) {
		*(.rodata .rodata.*)
	}
	.data : ALIGN(4096) {
		*(.data .data.*)
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(4096);
	}
	_image_end = .;
	/DISCARD/ : {
		*(.comment) *(.note*) *(.eh_frame*) *(.interp) *(.dynamic)
	}
}
