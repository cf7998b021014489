/* SPDX-License-Identifier: MIT */
/*
 * dt_check (core/cfg/dt.c), which walks a version 17 tree's tags itself,
 * against the same checks made through libfdt's walk (dt_check_libfdt):
 * the same answer, error code included, on QEMU virt's and the real
 * boards' DTBs and on many damaged copies of them (bytes and words of the
 * structure and strings blocks overwritten, tags and lengths set to
 * chosen values, blocks shortened, the strings block's last NUL gone),
 * and each kind of damage refused with the code libfdt gives. dt_getprop
 * against fdt_getprop, and the subnode walks against libfdt's, on the
 * same trees, the damaged ones dt_check passes included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "dt.h"
#include "dtc.h"

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return n ? (uint32_t)(seed % n) : 0;
}

/* Words worth writing over a tag-aligned word: tags, lengths, offsets. */
static uint32_t chosen_word(uint32_t struct_size, uint32_t strings_size)
{
	static const uint32_t fixed[] = {
		FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END, 0, 9, 0xffffffff,
		0x7fffffff, 0x80000000,
	};
	uint32_t k = rnd(14);

	if (k < sizeof(fixed) / sizeof(fixed[0]))
		return fixed[k];
	if (k == 10)
		return struct_size - rnd(16);
	if (k == 11)
		return strings_size - rnd(4);
	if (k == 12)
		return strings_size + rnd(4);
	return rnd(64);
}

/* One kind of damage to the copy t of an n-byte tree. */
static void damage(uint8_t *t, size_t n)
{
	uint32_t st = fdt_off_dt_struct(t), ss = fdt_size_dt_struct(t);
	uint32_t so = fdt_off_dt_strings(t), sz = fdt_size_dt_strings(t);
	uint32_t w;

	switch (rnd(6)) {
	case 0:   /* a byte of the structure block */
		t[st + rnd(ss)] = (uint8_t)rnd(256);
		break;
	case 1:   /* a tag-aligned word of it */
		w = cpu_to_fdt32(chosen_word(ss, sz));
		memcpy(t + st + rnd(ss / 4) * 4, &w, 4);
		break;
	case 2:   /* a byte of the strings block, the last NUL most often */
		t[so + (rnd(2) ? sz - 1 : rnd(sz))] = (uint8_t)('a' + rnd(3));
		break;
	case 3:   /* the structure block shortened */
		fdt_set_size_dt_struct(t, ss - rnd(ss < 64 ? ss : 64));
		break;
	case 4:   /* the strings block shortened */
		fdt_set_size_dt_strings(t, sz - rnd(sz < 16 ? sz : 16));
		break;
	default:   /* two words */
		for (int i = 0; i < 2; i++) {
			w = cpu_to_fdt32(chosen_word(ss, sz));
			memcpy(t + st + rnd(ss / 4) * 4, &w, 4);
		}
		break;
	}
	(void)n;
}

/* dt_getprop against fdt_getprop: every property of every node, names
 * no node has, and offsets that are not a node's. */
static void compare_getprop(const void *fdt)
{
	static const char *const absent[] = { "", "nonexistent", "reg-names-x", "re" };

	assert_null(dt_getprop(fdt, 0, "nonexistent", NULL));
	int node, depth = 0, off;

	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		fdt_for_each_property_offset(off, fdt, node) {
			const char *name;
			int len, got;

			assert_non_null(fdt_getprop_by_offset(fdt, off, &name, &len));
			assert_ptr_equal(dt_getprop(fdt, node, name, &got),
					 fdt_getprop(fdt, node, name, &len));
			assert_int_equal(got, len);
			/* A property's offset is not a node's: libfdt's answer. */
			assert_ptr_equal(dt_getprop(fdt, off, name, &got),
					 fdt_getprop(fdt, off, name, &len));
			assert_int_equal(got, len);
		}
		for (unsigned i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
			int len, got;

			/* (A damaged name offset may give a node one.) */
			assert_ptr_equal(dt_getprop(fdt, node, absent[i], &got),
					 fdt_getprop(fdt, node, absent[i], &len));
			assert_int_equal(got, len);
		}
	}
	assert_null(dt_getprop(fdt, -1, "reg", NULL));
	assert_null(dt_getprop(fdt, 2, "reg", NULL));
}

/* dt_first_subnode, dt_next_subnode and dt_subnode_offset against
 * libfdt's: every node's children, in order, and each found by its name,
 * by its name without the unit address, and a name none has. */
static void compare_subnodes(const void *fdt)
{
	int node, depth = 0;

	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		int a = dt_first_subnode(fdt, node), b = fdt_first_subnode(fdt, node);

		assert_int_equal(dt_subnode_offset(fdt, node, "no-such-node"),
				 fdt_subnode_offset(fdt, node, "no-such-node"));
		for (;;) {
			const char *name;
			char base[64];
			size_t n;

			assert_int_equal(a, b);
			if (a < 0)
				break;
			name = fdt_get_name(fdt, a, NULL);
			assert_int_equal(dt_subnode_offset(fdt, node, name),
					 fdt_subnode_offset(fdt, node, name));
			n = strcspn(name, "@");
			if (n < sizeof(base)) {
				memcpy(base, name, n);
				base[n] = '\0';
				assert_int_equal(dt_subnode_offset(fdt, node, base),
						 fdt_subnode_offset(fdt, node, base));
			}
			a = dt_next_subnode(fdt, a);
			b = fdt_next_subnode(fdt, b);
		}
	}
	assert_int_equal(dt_first_subnode(fdt, -1), fdt_first_subnode(fdt, -1));
	assert_int_equal(dt_subnode_offset(fdt, 4, "x"), fdt_subnode_offset(fdt, 4, "x"));
}

/* rounds damaged copies of fdt: the two checks agree on each; some are
 * refused, some (a NUL byte in a value, say) still pass. */
static void compare_damaged(const void *fdt, int rounds)
{
	size_t n = fdt_totalsize(fdt);
	uint8_t *t = malloc(n);
	int refused = 0;

	assert_non_null(t);
	assert_int_equal(dt_check(fdt, n), 0);
	assert_int_equal(dt_check_libfdt(fdt, n), 0);
	compare_getprop(fdt);
	compare_subnodes(fdt);
	for (int i = 0; i < rounds; i++) {
		int got, want;

		memcpy(t, fdt, n);
		damage(t, n);
		got = dt_check(t, n);
		want = dt_check_libfdt(t, n);
		if (got != want)
			fail_msg("round %d: dt_check %d, through libfdt %d", i, got, want);
		refused += got != 0;
		if (got == 0 && i % 512 == 0) {
			compare_getprop(t);
			compare_subnodes(t);
		}
	}
	assert_true(refused > rounds / 10);
	assert_true(refused < rounds);
	free(t);
}

static void qemu_virt(void **state)
{
	compare_damaged(dtc_qemu_virt(3), 8000);
	compare_damaged(dtc_qemu_virt(2), 8000);
}

/* The real boards' DTBs (scripts/fetch-linux, as test_board_scan). */
static void real_boards(void **state)
{
	static const char *const names[] = {
		"bcm2711-rpi-4-b.dtb", "zynqmp-zcu102-rev1.0.dtb", "imx8mp-evk.dtb",
	};

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128];
		void *fdt;

		snprintf(path, sizeof(path), ".cache/linux/dtbs/%s", names[i]);
		fdt = dtc_read_file(path, NULL);
		assert_non_null(fdt);
		compare_damaged(fdt, 2000);
		free(fdt);
	}
}

/* A small tree and the offset of its first property's tag. */
static void *small(uint32_t *prop)
{
	void *fdt = dtc_compile("/dts-v1/;\n/ { a = <1>; n { b = \"x\"; }; };\n", NULL);

	assert_non_null(fdt);
	*prop = (uint32_t)fdt_first_property_offset(fdt, 0);
	return fdt;
}

static uint32_t *word(void *fdt, uint32_t off)
{
	return (uint32_t *)((char *)fdt + fdt_off_dt_struct(fdt) + off);
}

/* Each refusal with libfdt's code, and dt_check_libfdt agreeing. */
static void each_refusal(void **state)
{
	uint32_t prop, strs;
	void *fdt = small(&prop);
	size_t n = fdt_totalsize(fdt);

#define EXPECT(err) do { \
		assert_int_equal(dt_check(fdt, n), (err)); \
		assert_int_equal(dt_check_libfdt(fdt, n), (err)); \
		free(fdt); \
		fdt = small(&prop); \
	} while (0)
	EXPECT(0);
	*word(fdt, prop) = cpu_to_fdt32(0x77);            /* unknown tag */
	EXPECT(-FDT_ERR_BADSTRUCTURE);
	*word(fdt, prop + 4) = cpu_to_fdt32(0x10000);     /* value past the block */
	EXPECT(-FDT_ERR_BADSTRUCTURE);
	/* A length that wraps the offset back onto the length word itself:
	 * the kernel's libfdt (6.1) steps on, newer ones refuse it. */
	*word(fdt, prop + 4) = cpu_to_fdt32(0xfffffff8);
	EXPECT(-FDT_ERR_BADSTRUCTURE);
	*word(fdt, prop + 8) = cpu_to_fdt32(fdt_size_dt_strings(fdt));   /* name offset */
	EXPECT(-FDT_ERR_BADOFFSET);
	strs = fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt) - 1;
	((char *)fdt)[strs] = 'z';                        /* last name unterminated */
	*word(fdt, prop + 8) = cpu_to_fdt32(fdt_size_dt_strings(fdt) - 1);
	EXPECT(-FDT_ERR_TRUNCATED);
	((char *)fdt)[fdt_off_dt_struct(fdt) + 4] = 'r';  /* the root has a name */
	EXPECT(-FDT_ERR_BADSTRUCTURE);
	/* The root ends before n; n's property, with a bad name, after it:
	 * the tag after the root's end is judged first (found by the fuzz
	 * target). */
	strs = (uint32_t)fdt_subnode_offset(fdt, 0, "n");
	*word(fdt, strs) = cpu_to_fdt32(FDT_END_NODE);
	*word(fdt, strs + 4) = cpu_to_fdt32(FDT_NOP);
	*word(fdt, strs + 16) = cpu_to_fdt32(fdt_size_dt_strings(fdt) + 8);
	EXPECT(-FDT_ERR_BADSTRUCTURE);
	*word(fdt, 0) = cpu_to_fdt32(FDT_END_NODE);       /* ends before it begins */
	EXPECT(-FDT_ERR_BADSTRUCTURE);
	fdt_set_size_dt_struct(fdt, fdt_size_dt_struct(fdt) - 4);   /* no FDT_END */
	EXPECT(-FDT_ERR_TRUNCATED);
	fdt_set_size_dt_struct(fdt, fdt_size_dt_struct(fdt) - 8);   /* root not ended */
	EXPECT(-FDT_ERR_TRUNCATED);
	*word(fdt, fdt_size_dt_struct(fdt) - 4) = cpu_to_fdt32(FDT_END_NODE);   /* node after */
	EXPECT(-FDT_ERR_BADSTRUCTURE);
	*word(fdt, fdt_size_dt_struct(fdt) - 8) = cpu_to_fdt32(FDT_END);   /* end inside root */
	EXPECT(-FDT_ERR_BADSTRUCTURE);
#undef EXPECT
	free(fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_refusal),
		cmocka_unit_test(qemu_virt),
		cmocka_unit_test(real_boards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
