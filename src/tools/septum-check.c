/* SPDX-License-Identifier: MIT */
/*
 * septum-check: checks a partition description against a board, with the
 * hypervisor's own parser, resolver, validator and memory allocator (one
 * implementation, two builds), and prints what each VM would get or every
 * problem, in the hypervisor's words. With --board and no partition, checks
 * the board alone: its console UART, or why Septum would refuse it and
 * where it would say so.
 *
 *   septum-check [--board board.dtb | --qemu "<opts>"] [--load ADDR] [-i DIR]...
 *                [--arch aarch64|arm32 | --image septum.img] [--quiet]
 *                partition.dts|partition.dtb
 *   septum-check --board board.dtb [--arch A | --image F] [--quiet]
 *
 * It checks for one of Septum's two builds: the AArch64 one (EL2) or the
 * ARMv7-A one (arm32, HYP mode), named by --arch, read from the Septum
 * image's header (--image), or else the one the board's CPUs need
 * (arm32 when they are all ARMv7-A cores). The board must suit the build
 * (an AArch64 Septum on an ARMv7-A board, an arm32 one on a core without
 * AArch32 at EL2 or on a GICv3 are problems), and so must each VM (its
 * arch, its kernel image's header, its CPUs' AArch32 EL1).
 *
 * Exit status: 0 fine, 1 the partition has problems, 2 the check could not
 * run (usage, unreadable file, dtc or QEMU failed, unusable board).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include "board.h"
#include "cfg.h"
#include "dt.h"
#include "palloc.h"
#include "print.h"

#include <arch/image.h>

#ifndef SEPTUM_TOP
#define SEPTUM_TOP "."
#endif

#define MAX_INC 16
#define MAX_QEMU_ARGS 32
#define HYP_OFFSET SZ_2M                /* the image's place above RAM base */
#define HYP_ASSUMED (64ull << 20)       /* its size, which we cannot know */
#define QEMU_DTB_SIZE (1ull << 20)

extern char **environ;

struct opts {
	const char *board;             /* --board file, or NULL for QEMU */
	char qemu[256];                /* --qemu options */
	const char *inc[MAX_INC];
	unsigned ninc;
	uint64_t load;                 /* --load: where firmware puts Septum; 0: QEMU's place */
	bool quiet;
	const char *partition;
	const char *arch;              /* --arch, or NULL */
	const char *image;             /* --image, or NULL */
	bool arm32;                    /* the build checked for (after choose_build) */
};

static char tmpdir[64];
static const char *prefix = "septum-check";   /* of error lines */
static unsigned problems;
static unsigned board_problems;   /* the board does not suit the build */

static void cleanup(void)
{
	char path[128];

	if (!tmpdir[0])
		return;
	snprintf(path, sizeof(path), "%s/partition.dtb", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/board.dtb", tmpdir);
	unlink(path);
	rmdir(tmpdir);
}

static __attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "septum-check: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: septum-check [--board board.dtb | --qemu \"<options>\"] [--load ADDR]\n"
		"                    [-i DIR]... [--arch aarch64|arm32 | --image septum.img]\n"
		"                    [--quiet] partition.dts|partition.dtb\n"
		"       septum-check --board board.dtb [--arch A | --image F] [--quiet]\n"
		"                                                   (the board alone)\n"
		"  --board FILE   the board's device tree (DTB)\n"
		"  --qemu OPTS    dump QEMU virt's instead (default); OPTS are more -M virt\n"
		"                 options and -smp/-m/-cpu, e.g. \"gic-version=2 -smp 2 -m 2G\"\n"
		"  --load ADDR    where the firmware loads Septum (default: RAM base + 2 MiB,\n"
		"                 as QEMU -kernel does); then the boot DTB's place is not known\n"
		"  -i DIR         where dtc looks for /incbin/ files (also: the file's folder,\n"
		"                 build/aarch64/guests, .cache/linux)\n"
		"  --arch A       the Septum build: aarch64 (EL2) or arm32 (ARMv7-A, HYP mode);\n"
		"                 default: arm32 if the board's CPUs are all ARMv7-A, else aarch64\n"
		"  --image FILE   the Septum image to boot: its header says the build\n"
		"  --quiet        print only problems\n");
	exit(2);
}

/* A 2 MiB aligned address (Linux's booting.rst: the Image's base). */
static uint64_t parse_addr(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (!*s || *end || v == 0 || !IS_ALIGNED(v, SZ_2M))
		usage();
	return v;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--board") == 0 && i + 1 < argc)
			o->board = argv[++i];
		else if (strcmp(a, "--qemu") == 0 && i + 1 < argc)
			snprintf(o->qemu, sizeof(o->qemu), "%s", argv[++i]);
		else if (strcmp(a, "--load") == 0 && i + 1 < argc)
			o->load = parse_addr(argv[++i]);
		else if (strcmp(a, "-i") == 0 && i + 1 < argc && o->ninc < MAX_INC)
			o->inc[o->ninc++] = argv[++i];
		else if (strcmp(a, "--arch") == 0 && i + 1 < argc)
			o->arch = argv[++i];
		else if (strcmp(a, "--image") == 0 && i + 1 < argc)
			o->image = argv[++i];
		else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
			o->quiet = true;
		else if (a[0] == '-' || o->partition)
			usage();
		else
			o->partition = a;
	}
	if ((!o->partition && !o->board) || (o->board && o->qemu[0]))
		usage();
}

/* Runs argv; stdout/stderr to /dev/null if quiet. Returns the exit status. */
static int run(char *const argv[], bool quiet)
{
	posix_spawn_file_actions_t fa;
	int status, err;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (quiet) {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	}
	err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		die("cannot run %s: %s", argv[0], strerror(err));
	if (waitpid(pid, &status, 0) < 0)
		die("waiting for %s: %s", argv[0], strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die("%s: cannot tell its size", path);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("%s: read failed", path);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static bool is_dtb(const char *path)
{
	unsigned char magic[4] = { 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fread(magic, 1, 4, f) != 4)
		magic[0] = 0;
	fclose(f);
	return magic[0] == 0xd0 && magic[1] == 0x0d && magic[2] == 0xfe && magic[3] == 0xed;
}

/* The partition as a DTB: compiled by dtc if it is source. */
static void *load_partition(const struct opts *o, size_t *size)
{
	char out[128], dir[512], guests[2][512], linux_dir[2][512];
	const char *argv[20 + 2 * MAX_INC];
	const char *slash = strrchr(o->partition, '/');
	/* The build's own guests first; the other build's after them, so that
	 * a kernel of the wrong architecture is found and refused by name. */
	const char *std[] = { dir, guests[0], linux_dir[0], guests[1], linux_dir[1] };
	int n = 0;

	if (is_dtb(o->partition))
		return read_file(o->partition, size);
	snprintf(out, sizeof(out), "%s/partition.dtb", tmpdir);
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - o->partition) : 1,
		 slash ? o->partition : ".");
	for (int i = 0; i < 2; i++) {
		bool arm32 = o->arm32 ^ (i == 1);

		snprintf(guests[i], sizeof(guests[i]), "%s/build/%s/guests", SEPTUM_TOP,
			 arm32 ? "arm32" : "aarch64");
		snprintf(linux_dir[i], sizeof(linux_dir[i]), "%s/.cache/%s", SEPTUM_TOP,
			 arm32 ? "linux-armhf" : "linux");
	}
	argv[n++] = "dtc";
	argv[n++] = "-q";
	argv[n++] = "-I";
	argv[n++] = "dts";
	argv[n++] = "-O";
	argv[n++] = "dtb";
	for (unsigned i = 0; i < o->ninc; i++) {
		argv[n++] = "-i";
		argv[n++] = o->inc[i];
	}
	for (unsigned i = 0; i < ARRAY_SIZE(std); i++) {
		if (access(std[i], F_OK) == 0) {
			argv[n++] = "-i";
			argv[n++] = std[i];
		}
	}
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = o->partition;
	argv[n] = NULL;
	if (run((char *const *)argv, false) != 0)
		die("%s: dtc could not compile it (its messages are above)", o->partition);
	return read_file(out, size);
}

/* QEMU's options: machine options, -smp, -m, -cpu and others as given. */
struct qemu {
	char machine[256];
	char smp[16], mem[16], cpu[32];
	const char *extra[MAX_QEMU_ARGS];
	unsigned nextra;
	char buf[256];
};

static void qemu_opts(const char *s, bool arm32, struct qemu *q)
{
	char *tok, *save = NULL;
	bool gic = false;

	snprintf(q->smp, sizeof(q->smp), "4");
	snprintf(q->mem, sizeof(q->mem), "1G");
	snprintf(q->cpu, sizeof(q->cpu), arm32 ? "cortex-a15" : "cortex-a57");
	snprintf(q->buf, sizeof(q->buf), "%s", s);
	q->machine[0] = '\0';
	q->nextra = 0;
	for (tok = strtok_r(q->buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		char *arg = tok[0] == '-' ? strtok_r(NULL, " \t", &save) : NULL;

		if (tok[0] != '-') {
			gic |= strncmp(tok, "gic-version=", 12) == 0;
			snprintf(q->machine + strlen(q->machine),
				 sizeof(q->machine) - strlen(q->machine), ",%s", tok);
		} else if (!arg) {
			die("--qemu: %s needs a value", tok);
		} else if (strcmp(tok, "-smp") == 0) {
			snprintf(q->smp, sizeof(q->smp), "%s", arg);
		} else if (strcmp(tok, "-m") == 0) {
			snprintf(q->mem, sizeof(q->mem), "%s", arg);
		} else if (strcmp(tok, "-cpu") == 0) {
			snprintf(q->cpu, sizeof(q->cpu), "%s", arg);
		} else if (q->nextra + 2 < MAX_QEMU_ARGS) {
			q->extra[q->nextra++] = tok;
			q->extra[q->nextra++] = arg;
		}
	}
	if (!gic)
		snprintf(q->machine + strlen(q->machine),
			 sizeof(q->machine) - strlen(q->machine), ",gic-version=%d", arm32 ? 2 : 3);
}

static void *load_board(const struct opts *o, size_t *size, char *desc, size_t n)
{
	char out[128], machine[512];
	const char *argv[16 + MAX_QEMU_ARGS];
	struct qemu q;
	int a = 0;

	if (o->board) {
		snprintf(desc, n, "%s", o->board);
		return read_file(o->board, size);
	}
	qemu_opts(o->qemu, o->arm32, &q);
	snprintf(out, sizeof(out), "%s/board.dtb", tmpdir);
	snprintf(machine, sizeof(machine), "virt,virtualization=on%s,dumpdtb=%s",
		 q.machine, out);
	snprintf(desc, n, "QEMU%s -M virt,virtualization=on%s -cpu %s -smp %s -m %s",
		 o->arm32 ? " (qemu-system-arm)" : "", q.machine, q.cpu, q.smp, q.mem);
	argv[a++] = o->arm32 ? "qemu-system-arm" : "qemu-system-aarch64";
	argv[a++] = "-M";
	argv[a++] = machine;
	argv[a++] = "-cpu";
	argv[a++] = q.cpu;
	argv[a++] = "-smp";
	argv[a++] = q.smp;
	argv[a++] = "-m";
	argv[a++] = q.mem;
	argv[a++] = "-nic";
	argv[a++] = "none";
	argv[a++] = "-nographic";
	for (unsigned i = 0; i < q.nextra; i++)
		argv[a++] = q.extra[i];
	argv[a] = NULL;
	if (run((char *const *)argv, true) != 0 || access(out, F_OK) != 0)
		die("%s: QEMU did not dump its device tree (try the command by hand)", desc);
	return read_file(out, size);
}

static void emit(void *ctx, const char *msg)
{
	fprintf(stderr, "%s: %s\n", (const char *)ctx, msg);
}

/* The reservations main.c makes, as far as the checker can know them:
 * the image where QEMU -kernel puts it, or at load, and the boot DTB where
 * QEMU puts it (firmware that loads Septum elsewhere, such as U-Boot, puts
 * it at the top of RAM, where nothing is placed here anyway). */
static void hyp_reservations(const struct board *b, bool qemu, uint64_t load, size_t psize,
			     struct cfg_hyp_rsv *rsv)
{
	uint64_t base = b->mem[0].base, ram = b->mem[0].size;
	uint64_t size = MAX(HYP_ASSUMED, ALIGN_UP(psize + SZ_2M * 2, SZ_2M));

	rsv->n = 0;
	rsv->r[rsv->n++] = (struct board_range){ load ? load : base + HYP_OFFSET, size };
	if (qemu && !load) {
		/* QEMU (hw/arm/boot.c) puts the DTB at RAM base + min(RAM / 2,
		 * 128 MiB), or past the image if that is higher. */
		uint64_t dtb = base + MIN(ram / 2, 128ull << 20);

		dtb = MAX(dtb, ALIGN_UP(base + HYP_OFFSET + psize, PAGE_SIZE));
		rsv->r[rsv->n++] = (struct board_range){ dtb, QEMU_DTB_SIZE };
	}
}

/* vm.c's placement (cfg_place): the board's RAM less reserved ranges and
 * the hypervisor's; fixed regions claimed first, then the others allocated. */
/*
 * Cores whose EL1 is AArch64 only (ID_AA64PFR0_EL1.EL1 = 1; AArch32 at
 * EL0 at most), by their DT compatible: their TRMs, and QEMU's models
 * (target/arm/tcg/cpu64.c: cortex-a76, -a78ae, neoverse-n1, -n2, -v1).
 * Septum refuses an AArch32 VM there at boot, from the CPU's own ID
 * register; this says it ahead, from the board DT.
 */
static const char *const no_aarch32_el1[] = {
	"arm,cortex-a34", "arm,cortex-a65", "arm,cortex-a65ae",
	"arm,cortex-a76", "arm,cortex-a76ae", "arm,cortex-a77", "arm,cortex-a78",
	"arm,cortex-a78ae", "arm,cortex-a78c", "arm,cortex-a510", "arm,cortex-a520",
	"arm,cortex-a710", "arm,cortex-a715", "arm,cortex-a720", "arm,cortex-x1",
	"arm,cortex-x1c", "arm,cortex-x2", "arm,cortex-x3", "arm,cortex-x4",
	"arm,neoverse-e1", "arm,neoverse-n1", "arm,neoverse-n2", "arm,neoverse-v1",
	"arm,neoverse-v2", NULL,
};

/* The compatible of board CPU cpu that has no AArch32 EL1, or NULL. */
static const char *cpu_without_aarch32(const struct board *b, const void *bfdt, unsigned cpu)
{
	for (const char *const *c = no_aarch32_el1; *c; c++)
		if (fdt_node_check_compatible(bfdt, b->cpu_node[cpu], *c) == 0)
			return *c;
	return NULL;
}

/*
 * ARMv7-A cores (no AArch64 at all): only the arm32 build runs on them, and
 * only on those with the Virtualization Extensions (HYP mode): the
 * Cortex-A7, A12, A15 and A17 (their TRMs); the A5, A8 and A9 have none.
 */
static const char *const armv7_hyp[] = {
	"arm,cortex-a7", "arm,cortex-a12", "arm,cortex-a15", "arm,cortex-a17", NULL,
};
static const char *const armv7_nohyp[] = {
	"arm,cortex-a5", "arm,cortex-a8", "arm,cortex-a9", "marvell,pj4b", "qcom,scorpion",
	NULL,
};

/* The first compatible of list that node has, or NULL. */
static const char *compatible_in(const void *fdt, int node, const char *const *list)
{
	for (const char *const *c = list; *c; c++)
		if (fdt_node_check_compatible(fdt, node, *c) == 0)
			return *c;
	return NULL;
}

/* Are all the board's CPUs ARMv7-A cores? */
static bool board_armv7(const struct board *b, const void *bfdt)
{
	for (unsigned i = 0; i < b->ncpus; i++)
		if (!compatible_in(bfdt, b->cpu_node[i], armv7_hyp) &&
		    !compatible_in(bfdt, b->cpu_node[i], armv7_nohyp))
			return false;
	return b->ncpus > 0;
}

/* The build the Septum image's header names (the arm64 Image magic
 * "ARM\x64" at 0x38, or the zImage magic 0x016f2818 at 0x24): true for
 * arm32. Exits when it is neither. */
static bool image_arm32(const char *path)
{
	size_t n;
	uint8_t *p = read_file(path, &n);
	uint32_t a64 = 0, z = 0;

	if (n >= 0x40) {
		memcpy(&a64, p + 0x38, 4);
		memcpy(&z, p + 0x24, 4);
	}
	free(p);
	if (a64 == 0x644d5241u)
		return false;
	if (z == 0x016f2818u)
		return true;
	die("%s: --image: neither an arm64 Image (\"ARM\\x64\" at 0x38) nor a zImage "
	    "(0x016f2818 at 0x24): not a Septum image", path);
}

/* The build named by --arch or --image: 1 arm32, 0 aarch64, -1 none. */
static int named_build(const struct opts *o)
{
	if (o->arch && o->image)
		usage();
	if (o->image)
		return image_arm32(o->image);
	if (!o->arch)
		return -1;
	if (strcmp(o->arch, "arm32") == 0)
		return 1;
	if (strcmp(o->arch, "aarch64") == 0)
		return 0;
	die("--arch: \"%s\": must be aarch64 or arm32", o->arch);
}

/* Can the build run on each of the board's CPUs and its GIC? */
static void check_board_arch(const struct board *b, const void *bfdt, bool arm32,
			     struct diag *d)
{
	const char *build = arm32 ? "the arm32 (ARMv7-A, HYP mode) Septum" :
				    "the AArch64 Septum";

	for (unsigned i = 0; i < b->ncpus; i++) {
		const char *name = fdt_get_name(bfdt, b->cpu_node[i], NULL);
		const char *v7 = compatible_in(bfdt, b->cpu_node[i], armv7_hyp);
		const char *nohyp = compatible_in(bfdt, b->cpu_node[i], armv7_nohyp);
		const char *a64only = cpu_without_aarch32(b, bfdt, i);

		if (!arm32 && (v7 || nohyp))
			diag_error(d, "/cpus/%s: compatible: \"%s\": an ARMv7-A core, no AArch64: "
				   "%s cannot run on it (use the arm32 build)", name,
				   v7 ? v7 : nohyp, build);
		else if (nohyp)
			diag_error(d, "/cpus/%s: compatible: \"%s\": no Virtualization Extensions "
				   "(HYP mode): no Septum can run on it", name, nohyp);
		else if (arm32 && a64only)
			diag_error(d, "/cpus/%s: compatible: \"%s\": no AArch32 at EL2: %s cannot "
				   "run on it (use the AArch64 build)", name, a64only, build);
		else
			continue;
		break;
	}
	if (arm32 && b->gic.version == 3)
		diag_error(d, "GIC: GICv3: %s drives a GICv2 only (use the AArch64 build)", build);
}

/* An AArch32 VM on a CPU without AArch32 at EL1 is refused. */
static void check_vm_arch(struct partition *p, const struct board *b, const void *bfdt,
			  struct diag *d)
{
	for (unsigned i = 0; i < p->nvms; i++) {
		struct cfg_vm *vm = &p->vm[i];

		for (unsigned j = 0; j < vm->nvcpus && vm->valid && vm->arch == CFG_ARCH_AARCH32;
		     j++) {
			const char *compat = cpu_without_aarch32(b, bfdt, vm->cpu[j]);

			if (!compat)
				continue;
			diag_error(d, "%s: arch: \"aarch32\": CPU %u (%s, \"%s\") has no "
				   "AArch32 at EL1", vm->path, vm->cpu[j],
				   fdt_get_name(bfdt, b->cpu_node[vm->cpu[j]], NULL), compat);
			vm->valid = false;
			break;
		}
	}
}

static void place(struct partition *p, const struct board *b,
		  const struct cfg_hyp_rsv *rsv, struct diag *d)
{
	static struct palloc ram;

	palloc_init(&ram);
	for (unsigned i = 0; i < b->nmem; i++)
		palloc_add(&ram, pa_init(b->mem[i].base), b->mem[i].size);
	for (unsigned i = 0; i < b->nrsv; i++)
		palloc_remove(&ram, pa_init(b->rsv[i].base), b->rsv[i].size);
	for (unsigned i = 0; i < rsv->n; i++)
		palloc_remove(&ram, pa_init(rsv->r[i].base), rsv->r[i].size);
	cfg_place(p, &ram, d);
}

/* ---- The map ---- */

/* Why Septum would refuse the board is above (its own words); this says
 * where it would say so. */
static void refused_board(const struct board *b, const void *bfdt, const char *desc)
{
	struct board_uart where[BOARD_MAX_UARTS + 1];
	unsigned n = board_report_uarts(b, NULL, where);
	char path[CFG_PATH_MAX];

	fprintf(stderr, "%s: the board device tree is not usable: Septum halts", desc);
	if (!n)
		fprintf(stderr, " without a word: it drives no UART of this device tree "
			"(name one with scripts/pack.py --earlycon)");
	for (unsigned i = 0; i < n; i++) {
		if (fdt_get_path(bfdt, where[i].node, path, sizeof(path)) < 0)
			snprintf(path, sizeof(path), "?");
		fprintf(stderr, "%s%s (%s at 0x%llx)", i ? ", " : " and says so on ", path,
			board_uart_name(where[i].kind), DT_U64(where[i].base));
	}
	fprintf(stderr, "\n");
	exit(2);
}

/* After the problems: which VMs Septum would refuse and start. */
static void summary(const struct partition *p, unsigned n)
{
	unsigned refused = 0;

	fprintf(stderr, "%s: %u problem%s", prefix, n, n == 1 ? "" : "s");
	if (board_problems) {
		fprintf(stderr, "; the board does not suit this build: no VM starts\n");
		return;
	}
	for (unsigned i = 0; i < p->nvms; i++)
		if (!p->vm[i].valid)
			fprintf(stderr, "%s%s", refused++ ? ", " : "; refused: ", p->vm[i].path);
	for (unsigned i = 0, started = 0; i < p->nvms; i++)
		if (p->vm[i].valid)
			fprintf(stderr, "%s%s", started++ ? ", " : "; would start: ", p->vm[i].path);
	fprintf(stderr, "\n");
}

int main(int argc, char **argv)
{
	static struct partition part;
	static struct board board;
	struct opts o = { 0 };
	struct cfg_hyp_rsv rsv;
	struct diag d = { emit, NULL, 0 };
	char desc[512];
	size_t psize, bsize;
	void *pfdt, *bfdt;
	int err, named;

	parse_args(argc, argv, &o);
	named = named_build(&o);
	o.arm32 = named == 1;
	snprintf(tmpdir, sizeof(tmpdir), "%s/septum-check.XXXXXX",
		 getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 32 ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		die("mkdtemp: %s", strerror(errno));
	atexit(cleanup);

	bfdt = load_board(&o, &bsize, desc, sizeof(desc));
	err = dt_check(bfdt, bsize);
	d.ctx = desc;
	if (err) {
		/* board_parse's words, without letting it read past the file. */
		diag_error(&d, "/: header: %s: not a valid device tree", fdt_strerror(err));
		refused_board(&board, bfdt, desc);
	}
	if (board_parse(bfdt, &board, &d) != BOARD_OK || board.nmem == 0)
		refused_board(&board, bfdt, desc);
	if (named < 0)
		o.arm32 = board_armv7(&board, bfdt);
	host_hyp_aarch32 = o.arm32;
	d.errors = 0;
	check_board_arch(&board, bfdt, o.arm32, &d);
	board_problems = d.errors;
	problems += d.errors;
	pfdt = o.partition ? load_partition(&o, &psize) : NULL;
	if (!pfdt) {
		if (!o.quiet)
			print_board(&board, bfdt, desc, NULL, false);
		return problems ? 1 : 0;
	}

	prefix = o.partition;
	d = (struct diag){ emit, (void *)o.partition, 0 };
	if (cfg_parse(pfdt, psize, &part, &d) >= 0) {
		cfg_resolve(&part, bfdt, &board, &d);
		hyp_reservations(&board, !o.board, o.load, psize, &rsv);
		cfg_validate(&part, &board, &rsv, &d);
		check_vm_arch(&part, &board, bfdt, &d);
		place(&part, &board, &rsv, &d);
	}
	problems += d.errors;
	if (problems) {
		if (!o.quiet)
			summary(&part, problems);
		return 1;
	}
	if (!o.quiet)
		print_map(prefix, &part, &board, pfdt, bfdt, &rsv, desc, !o.board);
	return 0;
}
