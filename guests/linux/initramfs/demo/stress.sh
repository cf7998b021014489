#!/bin/sh
# A CPU and memory load for the demo: a busy loop and a dd that keeps
# copying 16 MiB through the page cache, both on Linux's CPU 0 (taskset 1).
#   /demo/stress.sh start|stop
# One vCPU, not both: QEMU's single-threaded icount scheduler, which the
# check's figures use, delays any other vCPU's interrupts while two vCPUs
# spin (README.md, "Real time").
case "$1" in
start)
	taskset 1 sh -c 'while :; do :; done' &
	echo $! >/tmp/stress.pids
	taskset 1 sh -c 'while :; do dd if=/dev/zero of=/tmp/stress.dat bs=1M count=16 2>/dev/null; done' &
	echo $! >>/tmp/stress.pids
	echo "stress: started $(cat /tmp/stress.pids | tr '\n' ' ')" ;;
stop)
	[ -f /tmp/stress.pids ] && kill $(cat /tmp/stress.pids) 2>/dev/null
	rm -f /tmp/stress.pids /tmp/stress.dat
	echo "stress: stopped" ;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2 ;;
esac
