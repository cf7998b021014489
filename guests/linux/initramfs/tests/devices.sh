#!/bin/sh
# What this VM can see of the board. Arguments:
#   +ADDR   /proc/iomem must list a range starting at ADDR (hex, no 0x)
#   -ADDR   it must not
#   @NAME   /proc/interrupts must have a line mentioning NAME
#   !NAME   it must not
# Prints TEST lines and, last, "DEVICES-DONE passed=N failed=M".
passed=0
failed=0
result() {
	if [ "$1" = ok ]; then
		echo "TEST $2 PASS"
		passed=$((passed + 1))
	else
		echo "TEST $2 FAIL $3"
		failed=$((failed + 1))
	fi
}
for a in "$@"; do
	case "$a" in
	+*)
		if grep -qi "^ *0*${a#+}-" /proc/iomem; then
			result ok "iomem-has-${a#+}"
		else
			result no "iomem-has-${a#+}" "not in /proc/iomem"
		fi ;;
	-*)
		if grep -qi "^ *0*${a#-}-" /proc/iomem; then
			result no "iomem-lacks-${a#-}" "$(grep -i "^ *0*${a#-}-" /proc/iomem | head -n 1)"
		else
			result ok "iomem-lacks-${a#-}"
		fi ;;
	@*)
		if grep -q "${a#@}" /proc/interrupts; then
			result ok "irq-has-${a#@}"
		else
			result no "irq-has-${a#@}" "not in /proc/interrupts"
		fi ;;
	!*)
		if grep -q "${a#!}" /proc/interrupts; then
			result no "irq-lacks-${a#!}" "$(grep "${a#!}" /proc/interrupts | head -n 1)"
		else
			result ok "irq-lacks-${a#!}"
		fi ;;
	esac
done
echo "DEVICES-DONE passed=$passed failed=$failed"
