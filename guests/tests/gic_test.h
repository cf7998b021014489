/* SPDX-License-Identifier: MIT */
/* State and helpers shared by the gic guest's two files, gic.c and
 * gic_more.c (the list of checks is in gic.c). */
#ifndef GIC_TEST_H
#define GIC_TEST_H

#include <guest/gic.h>
#include <guest/types.h>

#define SGI_PING	1
#define SGI_LO		2	/* priority 0xa0 */
#define SGI_HI		3	/* priority 0x40 */
#define SGI_PMR		4
#define SGI_DIS		5
#define SGI_SRC		6	/* from both vCPUs at once */
#define SGI_ACTIVE	7	/* handler reads its active state */
#define SGI_OTHERS	8	/* to all but self */
#define SGI_CLR		9	/* pending, then cleared */
#define SGI_RETRIG	10	/* sent again by its own handler */
#define SGI_DIST	11	/* sent with the distributor off */
#define SGI_OFF		12	/* pending across CPU_OFF / CPU_ON */
#define PPI_DIS		20	/* PPI 4: nothing drives it */
#define SPI_FOREIGN	40	/* not given to the VM */
#define PRIO_DEFAULT	0x80
#define LOG_MAX		32
#define TIMEOUT_MS	2000
#define QUIET_MS	2	/* how long "not delivered" is watched */

/* What one vCPU's handler saw. */
struct seen {
	u32 sgi[GIC_NR_SGIS];
	u32 sgi_sources[GIC_NR_SGIS];	/* GICv2: mask of IAR CPUIDs */
	u32 spi;
	bool active_seen, pending_seen;	/* SGI_ACTIVE's, in handler */
	u32 ppi_dis;
	u32 timer;
	u32 timer_no_istatus;	/* taken with CNTV_CTL.ISTATUS clear */
	u32 bad_source;		/* GICv2 SGI_PING not from the peer */
	u32 foreign;		/* any other INTID */
	u32 last_foreign;
	u64 timer_stamp;
	u32 log[LOG_MAX];	/* INTIDs in the order taken */
	u32 nlog;
};

/* What vCPU 1 is told to do (gict_cpu1_start). */
enum gict_cmd {
	CMD_NONE,
	CMD_PING,		/* its half of gic-sgi-pingpong */
	CMD_TIMER,		/* its timer shots */
	CMD_SGI_SRC,		/* send SGI_SRC to vCPU 0 */
	CMD_OFF_MASKED,		/* mask IRQs, CPU_OFF once off_go set */
	CMD_EXIT,		/* disable its interrupts, CPU_OFF */
};

struct gict_shared {
	u64 mpidr[2];
	u32 iface[2];		/* GICv2 CPU interface numbers */
	u32 timer_intid;
	u32 spi;		/* the UART's SPI: one the VM owns */
	u32 rounds, shots;
	u64 late_max_us;	/* gic-timer-vcpu*: allowed lateness */
	u32 started;
	bool cpu1_ok;
	u32 cmd, seq, done;	/* vCPU 0 -> 1 commands */
	u32 ping_missed[2];	/* rounds whose SGI never came */
	u32 timer_expected;	/* timer IRQs taken outside test_timer */
	u32 timer_keep;		/* vCPU 0's handler leaves it on */
	u32 off_go;		/* CMD_OFF_MASKED: now call CPU_OFF */
	u32 restarted;		/* secondary_again() ran */
	bool off_pending;	/* SGI_OFF pending when vCPU 1 came back */
	u32 off_taken;		/* ... and taken after it unmasked */
	struct seen seen[2];
	struct {
		u32 fired, early, no_wake;
		u64 max_late;
	} timer_res[2];
};

extern struct gict_shared gict;

/* Waits in WFI (IRQs masked around the check) until *count >= want;
 * backstop arms the virtual timer at the timeout. False on timeout. */
bool gict_wait_count(const u32 *count, u32 want, bool backstop);

/* Polls (cpu_relax) until *count >= want, while the other vCPU works. */
bool gict_poll_count(const u32 *count, u32 want);

/* Unmasks IRQs and busy-waits QUIET_MS: what may come, comes. */
void gict_quiet(void);

/* vCPU 0 gives vCPU 1 a command, and waits for it to finish. */
void gict_cpu1_start(enum gict_cmd c);
bool gict_cpu1_wait(void);

/* gic_more.c: SGI sources and targets, active state, withdrawn pending
 * state, many pending, SPI routing; then the cases about the vCPU's life
 * (a level line through its EOI, pending state across CPU_OFF). */
void gict_more_irqs(enum gic_version v);
void gict_more_cpu(void);

#endif /* GIC_TEST_H */
