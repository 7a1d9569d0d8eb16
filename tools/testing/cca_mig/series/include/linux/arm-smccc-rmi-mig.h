/* SPDX-License-Identifier: GPL-2.0 */
/* pass-through: the series' header, from where this repository keeps it. */
#include "../../../../../../arch/arm64/kvm/rmi/arm-smccc-rmi-mig.h"
