/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dup: include/linux/bitfield.h, minimal version. Keep in sync.
 *
 * Like the kernel's, the mask must be a non-zero contiguous constant; that
 * is checked at build time. The kernel's extra check that a constant value
 * fits its field is left out.
 */
#ifndef _SHIM_LINUX_BITFIELD_H
#define _SHIM_LINUX_BITFIELD_H

#include <linux/build_bug.h>
#include <linux/typecheck.h>
#include <linux/types.h>

#define __bf_shf(x)		__builtin_ctzll(x)

#define __BF_FIELD_CHECK_MASK(_mask)					\
	(BUILD_BUG_ON_ZERO(!__builtin_constant_p(_mask)) +		\
	 BUILD_BUG_ON_ZERO((_mask) == 0) +				\
	 BUILD_BUG_ON_ZERO(((_mask) + (1ULL << __bf_shf(_mask))) &	\
			   ((_mask) + (1ULL << __bf_shf(_mask)) - 1)))

/**
 * FIELD_MAX() - produce the maximum value representable by a field
 * @_mask: shifted mask defining the field's length and position
 */
#define FIELD_MAX(_mask)						\
	((typeof(_mask))(__BF_FIELD_CHECK_MASK(_mask) +		\
			 ((_mask) >> __bf_shf(_mask))))

/**
 * FIELD_FIT() - check if value fits in the field
 * @_mask: shifted mask defining the field's length and position
 * @_val:  value to test against the field
 */
#define FIELD_FIT(_mask, _val)						\
	(!((((typeof(_mask))(_val)) << __bf_shf(_mask)) & ~(_mask)))

/**
 * FIELD_PREP() - prepare a bitfield element
 * @_mask: shifted mask defining the field's length and position
 * @_val:  value to put in the field
 */
#define FIELD_PREP(_mask, _val)						\
	((typeof(_mask))(__BF_FIELD_CHECK_MASK(_mask) +		\
	  ((((typeof(_mask))(_val)) << __bf_shf(_mask)) & (_mask))))

#define FIELD_PREP_CONST(_mask, _val)	FIELD_PREP(_mask, _val)

/**
 * FIELD_GET() - extract a bitfield element
 * @_mask: shifted mask defining the field's length and position
 * @_reg:  value of entire bitfield
 */
#define FIELD_GET(_mask, _reg)						\
	((typeof(_mask))(__BF_FIELD_CHECK_MASK(_mask) +		\
			 (((_reg) & (_mask)) >> __bf_shf(_mask))))

/**
 * FIELD_MODIFY() - modify a bitfield element in place
 * @_mask: shifted mask defining the field's length and position
 * @_reg_p: pointer to the memory that should be updated
 * @_val: value to store in the bitfield
 */
#define FIELD_MODIFY(_mask, _reg_p, _val)				\
	({								\
		typecheck_pointer(_reg_p);				\
		*(_reg_p) &= ~(_mask);					\
		*(_reg_p) |= FIELD_PREP(_mask, _val);			\
	})

#define ____MAKE_OP(type, base)						\
static __always_inline base type##_encode_bits(base v, base field)	\
{									\
	return (v << __bf_shf(field)) & field;				\
}									\
static __always_inline base type##_get_bits(base v, base field)		\
{									\
	return (v & field) >> __bf_shf(field);				\
}									\
static __always_inline base type##_replace_bits(base old, base val,	\
						 base field)		\
{									\
	return (old & ~field) | type##_encode_bits(val, field);		\
}									\
static __always_inline void type##p_replace_bits(base *p, base val,	\
						  base field)		\
{									\
	*p = (*p & ~field) | type##_encode_bits(val, field);		\
}

____MAKE_OP(u8, u8)
____MAKE_OP(u16, u16)
____MAKE_OP(u32, u32)
____MAKE_OP(u64, u64)
#undef ____MAKE_OP

#endif /* _SHIM_LINUX_BITFIELD_H */
