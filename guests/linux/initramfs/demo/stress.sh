#!/bin/sh
# A CPU and memory load for the demo: a busy loop on each of Linux's two
# vCPUs and a dd that keeps copying 16 MiB through the page cache.
#   /demo/stress.sh start|stop
case "$1" in
start)
	: >/tmp/stress.pids
	for cpu in 1 2; do
		taskset $cpu sh -c 'while :; do :; done' &
		echo $! >>/tmp/stress.pids
	done
	sh -c 'while :; do dd if=/dev/zero of=/tmp/stress.dat bs=1M count=16 2>/dev/null; done' &
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
