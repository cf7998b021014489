/* SPDX-License-Identifier: MIT */
/*
 * A VM's images, as the partition FDT gives them: the kernel (a raw
 * binary or an arm64 Linux Image) and the optional initrd, where each is
 * loaded and where the kernel starts. Each must fit one memory region,
 * clear of the other and of the guest device tree.
 */
#include <libfdt.h>
#include "cfg_priv.h"
#include "dt.h"
#include "print.h"

/* arm64 Linux Image header (Documentation/arm64/booting.rst): little-endian
 * text_offset at 8, image_size at 16, magic "ARM\x64" at 56. */
#define LINUX_HDR_SIZE 64
#define LINUX_TEXT_OFFSET 0x08
#define LINUX_IMAGE_SIZE 0x10
#define LINUX_MAGIC_OFFSET 0x38
#define LINUX_MAGIC 0x644d5241u
#define LINUX_BASE_ALIGN SZ_2M
/* 32-bit Linux zImage header (Documentation/arm/booting.rst): magic
 * 0x016f2818 at 0x24. */
#define ZIMAGE_MAGIC_OFFSET 0x24
#define ZIMAGE_MAGIC 0x016f2818u

static uint64_t le_bytes(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 8) | p[n];
	return v;
}

/* The region holding [load, load+size), else the one holding load, else
 * NULL; *fits tells which. */
static const struct cfg_mem *find_region(const struct cfg_vm *vm, uint64_t load,
					 uint64_t size, bool *fits)
{
	const struct cfg_mem *m = cfg_vm_region(vm, load, size);

	*fits = m;
	return m ?: cfg_vm_region(vm, load, 1);
}

/*
 * Reports an image that cannot go where it is placed: the partition's
 * load-address is to blame when it gives one, else the image itself (its
 * size, at the default place). fmt says what is wrong.
 */
static void misplaced(struct pctx *c, const char *sub, const struct cfg_image *im,
		      bool has_load, const char *fmt, ...)
{
	char why[DIAG_MSG_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vformat(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (has_load)
		cfg_fail(c, sub, "load-address: 0x%llx: the image (%llu bytes) %s",
			 DT_U64(im->load), DT_U64(im->footprint), why);
	else
		cfg_fail(c, sub, "image: %llu bytes at 0x%llx: %s", DT_U64(im->footprint),
			 DT_U64(im->load), why);
}

/* The image must fit one memory region. */
static bool check_fit(struct pctx *c, const char *sub, const struct cfg_image *im,
		      bool has_load)
{
	bool fits;
	const struct cfg_mem *m = find_region(c->vm, im->load, im->footprint, &fits);

	if (!m && has_load)
		cfg_fail(c, sub, "load-address: 0x%llx: in no memory region", DT_U64(im->load));
	else if (!m)
		misplaced(c, sub, im, has_load, "does not fit any memory region");
	else if (!fits)
		misplaced(c, sub, im, has_load, "does not fit %s (0x%llx..0x%llx)", m->name,
			  DT_U64(m->guest), DT_U64(m->guest + m->size - 1));
	return m && fits;
}

/*
 * The entry must lie in the image and be 4-byte aligned, as PSCI CPU_ON
 * wants it: A64 instructions are 4-byte aligned and a misaligned PC takes
 * a PC alignment fault (Arm ARM, "PC alignment checking"), forever. Each
 * fault is blamed on what set the entry.
 */
static bool check_entry(struct pctx *c, bool has_load, bool has_entry,
			uint64_t text_offset)
{
	const struct cfg_image *k = &c->vm->kernel;
	bool a32 = c->vm->arch == CFG_ARCH_AARCH32;

	if (k->entry - k->load >= k->size)
		cfg_fail(c, "kernel", "entry: 0x%llx: outside the image (0x%llx..0x%llx)",
			 DT_U64(k->entry), DT_U64(k->load), DT_U64(k->load + k->size - 1));
	else if ((k->entry & 3) == 0 || (a32 && (k->entry & 1)))
		return true;   /* AArch32: bit 0 set is a Thumb entry */
	else if (has_entry)
		cfg_fail(c, "kernel", "entry: 0x%llx: not 4-byte aligned (an %s "
			 "instruction's address%s)", DT_U64(k->entry), a32 ? "A32" : "AArch64",
			 a32 ? "; a Thumb entry has bit 0 set" : "");
	else if (has_load)
		cfg_fail(c, "kernel", "load-address: 0x%llx: not 4-byte aligned (the entry "
			 "defaults to it)", DT_U64(k->load));
	else
		cfg_fail(c, "kernel", "image: text_offset 0x%llx (Linux Image header): entry "
			 "0x%llx is not 4-byte aligned", DT_U64(text_offset), DT_U64(k->entry));
	return false;
}

/* Default placement and the checks of fit and entry; needs every region
 * usable. */
static bool place_kernel(struct pctx *c, uint64_t text_offset, bool has_load,
			 bool has_entry)
{
	struct cfg_image *k = &c->vm->kernel;
	bool ok;

	if (!has_load)
		k->load = k->is_linux ?
			  ALIGN_UP(c->vm->mem[0].guest, LINUX_BASE_ALIGN) + text_offset :
			  c->vm->mem[0].guest;
	if (!has_entry)
		k->entry = k->load;
	ok = check_fit(c, "kernel", k, has_load);
	return check_entry(c, has_load, has_entry, text_offset) && ok;
}

static void check_clear_of_dt(struct pctx *c, const char *sub,
			      const struct cfg_image *im, bool has_load);

/*
 * The image's header against the VM's arch: an arm64 Image cannot run at
 * an AArch32 EL1, nor a 32-bit zImage at an AArch64 one. A raw binary has
 * no header to check. Returns false (reported) on a mismatch.
 */
static bool check_image_arch(struct pctx *c, const uint8_t *img, int len)
{
	bool a32 = c->vm->arch == CFG_ARCH_AARCH32;

	c->vm->kernel.is_zimage = len >= ZIMAGE_MAGIC_OFFSET + 4 &&
				  le_bytes(img + ZIMAGE_MAGIC_OFFSET, 4) == ZIMAGE_MAGIC;
	if (a32 && c->vm->kernel.is_linux) {
		cfg_fail(c, "kernel", "image: an arm64 Linux Image (\"ARM\\x64\" at 0x38) "
			 "cannot run in an AArch32 VM (arch = \"aarch32\")");
		return false;
	}
	if (!a32 && c->vm->kernel.is_zimage) {
		cfg_fail(c, "kernel", "image: a 32-bit Linux zImage (0x016f2818 at 0x24) "
			 "cannot run in an AArch64 VM (arch = \"aarch64\"; "
			 "arch = \"aarch32\" runs it)");
		return false;
	}
	return true;
}

static void parse_kernel(struct pctx *c, bool mem_ok)
{
	struct cfg_image *k = &c->vm->kernel;
	int node = dt_subnode_offset(c->fdt, c->vm->node, "kernel");
	uint64_t footprint, text_offset = 0;
	bool has_load, has_entry, ok;
	const uint8_t *img;
	int len;

	if (node < 0) {
		cfg_fail(c, NULL, "kernel: missing");
		return;
	}
	cfg_check_known(c, node, "kernel",
			(const char *const[]){ "image", "load-address", "entry", NULL }, false);
	img = dt_getprop(c->fdt, node, "image", &len);
	if (!img) {
		cfg_fail(c, "kernel", "image: missing");
		return;
	}
	if (len == 0) {
		cfg_fail(c, "kernel", "image: 0 bytes: empty");
		return;
	}
	k->data = img;
	k->size = (uint64_t)len;
	footprint = k->size;
	if (len >= LINUX_HDR_SIZE &&
	    le_bytes(img + LINUX_MAGIC_OFFSET, 4) == LINUX_MAGIC) {
		k->is_linux = true;
		text_offset = le_bytes(img + LINUX_TEXT_OFFSET, 8);
		footprint = MAX(footprint, le_bytes(img + LINUX_IMAGE_SIZE, 8));
	}
	k->footprint = footprint;
	if (!check_image_arch(c, img, len))
		return;
	ok = cfg_read_u64(c, node, "kernel", "load-address", &k->load, &has_load);
	ok &= cfg_read_u64(c, node, "kernel", "entry", &k->entry, &has_entry);
	if (ok && mem_ok && place_kernel(c, text_offset, has_load, has_entry))
		check_clear_of_dt(c, "kernel", k, has_load);
}

/* The guest device tree's place (parse_dtb()). */
static uint64_t dt_base(const struct cfg_vm *vm)
{
	return vm->dtb;
}

/* An image must not overlap the guest device tree. */
static void check_clear_of_dt(struct pctx *c, const char *sub, const struct cfg_image *im,
			      bool has_load)
{
	const struct cfg_mem *m = &c->vm->mem[0];

	if (!c->vm->dtb_given && m->size < 2 * CFG_GUEST_DT_SIZE) {
		cfg_fail(c, m->name, "reg: size 0x%llx: too small (the guest device tree "
			 "takes its last 64 KiB)", DT_U64(m->size));
		return;
	}
	if (ranges_overlap(im->load, im->footprint, dt_base(c->vm), CFG_GUEST_DT_SIZE))
		misplaced(c, sub, im, has_load, "overlaps the guest device tree "
			  "(0x%llx..0x%llx, %s%s)", DT_U64(dt_base(c->vm)),
			  DT_U64(dt_base(c->vm) + CFG_GUEST_DT_SIZE - 1),
			  c->vm->dtb_given ? "dtb load-address" : "the end of ",
			  c->vm->dtb_given ? "" : m->name);
}

/*
 * The optional dtb { load-address; }: where the guest finds the device
 * tree Septum makes for it (its address is also in x0 at entry). Some
 * firmware looks for it at a fixed place, as QEMU puts it: U-Boot for QEMU
 * at the start of RAM. It takes CFG_GUEST_DT_SIZE bytes, 8-byte aligned
 * (Linux's booting.rst), inside one memory region. Default: the last
 * CFG_GUEST_DT_SIZE bytes of the first region. Sets vm->dtb either way.
 */
static void parse_dtb(struct pctx *c, bool mem_ok)
{
	struct cfg_vm *vm = c->vm;
	int node = dt_subnode_offset(c->fdt, vm->node, "dtb");
	uint64_t at;

	vm->dtb = vm->mem[0].guest + vm->mem[0].size - CFG_GUEST_DT_SIZE;
	if (node < 0)
		return;
	cfg_check_known(c, node, "dtb", (const char *const[]){ "load-address", NULL }, false);
	if (!cfg_read_u64(c, node, "dtb", "load-address", &at, &vm->dtb_given) ||
	    !vm->dtb_given || !mem_ok)
		return;
	if (at & 7)
		cfg_fail(c, "dtb", "load-address: 0x%llx: not 8-byte aligned", DT_U64(at));
	else if (!cfg_vm_region(vm, at, CFG_GUEST_DT_SIZE))
		cfg_fail(c, "dtb", "load-address: 0x%llx..0x%llx: not inside one memory region "
			 "(the device tree takes 64 KiB)", DT_U64(at),
			 DT_U64(at + CFG_GUEST_DT_SIZE - 1));
	else
		vm->dtb = at;
}

/* Where a default-placed initrd ends: the guest device tree's start when
 * it ends the first region, else the region's end. */
static uint64_t initrd_top(const struct cfg_vm *vm)
{
	uint64_t end = vm->mem[0].guest + vm->mem[0].size;

	return dt_base(vm) + CFG_GUEST_DT_SIZE == end ? dt_base(vm) : end;
}

/*
 * The optional initrd { image; load-address; }. By default it goes at the
 * top of the first region, right below the guest device tree when that is
 * there, and must be clear of the kernel.
 */
static void parse_initrd(struct pctx *c, bool mem_ok)
{
	struct cfg_image *r = &c->vm->initrd;
	const struct cfg_image *k = &c->vm->kernel;
	int node = dt_subnode_offset(c->fdt, c->vm->node, "initrd");
	bool has_load;
	int len;

	if (node < 0)
		return;
	cfg_check_known(c, node, "initrd",
			(const char *const[]){ "image", "load-address", NULL }, false);
	r->data = dt_getprop(c->fdt, node, "image", &len);
	if (!r->data) {
		cfg_fail(c, "initrd", "image: missing");
		return;
	}
	if (len == 0) {
		r->data = NULL;
		cfg_fail(c, "initrd", "image: 0 bytes: empty");
		return;
	}
	r->size = r->footprint = (uint64_t)len;
	if (!cfg_read_u64(c, node, "initrd", "load-address", &r->load, &has_load) || !mem_ok ||
	    !k->data || c->vm->mem[0].size < 2 * CFG_GUEST_DT_SIZE)
		return;
	if (!has_load)
		r->load = ALIGN_DOWN(initrd_top(c->vm) - MIN(r->size, initrd_top(c->vm)), PAGE_SIZE);
	r->entry = r->load;
	if (!check_fit(c, "initrd", r, has_load))
		return;
	if (ranges_overlap(r->load, r->size, k->load, k->footprint))
		misplaced(c, "initrd", r, has_load, "overlaps the kernel (0x%llx..0x%llx)",
			  DT_U64(k->load), DT_U64(k->load + k->footprint - 1));
	else
		check_clear_of_dt(c, "initrd", r, has_load);
}

void cfg_parse_images(struct pctx *c, bool mem_ok)
{
	parse_dtb(c, mem_ok);
	parse_kernel(c, mem_ok);
	parse_initrd(c, mem_ok);
}
