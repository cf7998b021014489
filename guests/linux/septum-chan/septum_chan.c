// SPDX-License-Identifier: GPL-2.0
/*
 * septum_chan: Linux driver for Septum inter-VM channels.
 *
 * Binds to the "septum,channel" nodes Septum puts in the guest device tree
 * (one platform device each) and gives every channel a character device,
 * /dev/septum/<label>:
 *
 *   read/write   one whole message per call, through include/septum/ring.h
 *                (the same ring code the bare-metal guests run);
 *   poll         EPOLLIN: a message is waiting; EPOLLOUT: a quarter of the
 *                outbound ring is free;
 *   mmap         the region (layout in include/septum/channel.h); a mapping
 *                that covers any of the peer's half is read-only;
 *   ioctl        SEPTUM_CHAN_IOC_* (septum_chan_uapi.h).
 *
 * After each write the driver rings the peer's doorbell (SEPTUM_HC_DOORBELL
 * through SMCCC); the doorbell interrupt the peer rings wakes readers and
 * writers alike (the peer rings after sending and after draining). Before
 * the peer has initialised its half (its `ready`), reads and writes block,
 * or fail with EAGAIN when the file is non-blocking; the driver notices
 * readiness by polling it every SCHAN_READY_POLL_MS, since the peer rings
 * no doorbell for it.
 *
 * Lifetime: each open file holds a reference on the channel; unbinding
 * removes the device node, the interrupt and the readiness poll at once,
 * makes pending and later calls fail with ENODEV, and the last close
 * unmaps the region and frees the rest.
 *
 * Locks: tx_lock serialises writers, rx_lock readers (ring.h allows one
 * sender and one receiver at a time on an end); they are never nested.
 */
#include <linux/arm-smccc.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <septum/hvc.h>
#include <septum/ring.h>

#include "septum_chan_uapi.h"

#define SCHAN_BOUNCE_MAX	SZ_64K	/* larger messages use a buffer per call */
#define SCHAN_READY_POLL_MS	10
/*
 * Septum's calls are SMC64 fast calls; a 32-bit kernel (AArch32, which has
 * no SMC64 calls) makes their SMC32 form, bit 30 clear (include/septum/hvc.h).
 */
#define SCHAN_HC_DOORBELL	(IS_ENABLED(CONFIG_64BIT) ? SEPTUM_HC_DOORBELL : \
				 SEPTUM_HC_DOORBELL & ~SMCCC_SMC64)

static bool test_hooks;
module_param(test_hooks, bool, 0444);
MODULE_PARM_DESC(test_hooks,
		 "tests only: allow SEPTUM_CHAN_IOC_RING_ID and writable mappings of the peer's half");

struct schan {
	struct kref ref;
	struct device *dev;
	struct miscdevice misc;
	char name[8 + SEPTUM_CHAN_NAME_MAX];		/* septum-<label> */
	char nodename[8 + SEPTUM_CHAN_NAME_MAX];	/* septum/<label> */
	char label[SEPTUM_CHAN_NAME_MAX];
	char peer[SEPTUM_CHAN_NAME_MAX];

	phys_addr_t phys;
	u64 footprint;
	u32 capacity, end, id;
	int irq;
	void *region;			/* memremap(MEMREMAP_WB) of the footprint */
	struct septum_chan ch;		/* ring.h's view of it */

	wait_queue_head_t wq;		/* readers, writers, pollers */
	struct delayed_work ready_work;	/* polls the peer's ready flag */
	bool peer_ready;		/* sticky once the peer was ready */
	bool gone;			/* unbound: every call fails with ENODEV */

	struct mutex tx_lock;		/* writers: tx_buf, tx stats */
	void *tx_buf;
	struct mutex rx_lock;		/* readers: rx_buf, rx stats, peer_full */
	void *rx_buf;
	u32 bounce;			/* bytes in tx_buf and rx_buf */
	u32 peer_full;			/* the peer's "full" count last seen */

	atomic64_t irqs, rings, ring_errors;
	u64 tx_msgs, tx_bytes, tx_waits;	/* under tx_lock */
	u64 rx_msgs, rx_bytes, rx_waits;	/* under rx_lock */
};

static void schan_release(struct kref *ref)
{
	struct schan *c = container_of(ref, struct schan, ref);

	if (c->region)
		memunmap(c->region);
	kvfree(c->tx_buf);
	kvfree(c->rx_buf);
	kfree(c);
}

/* Rings channel `id`. 0, or -ENXIO / -EINVAL / -EIO as the hypervisor says. */
static int schan_doorbell(struct schan *c, u32 id)
{
	struct arm_smccc_res res;
	int err;

	arm_smccc_1_1_invoke(SCHAN_HC_DOORBELL, id, &res);
	switch ((long)res.a0) {
	case SEPTUM_OK:
		atomic64_inc(&c->rings);
		return 0;
	case SEPTUM_E_NO_CHANNEL:
		err = -ENXIO;
		break;
	case SEPTUM_E_INVAL:
		err = -EINVAL;
		break;
	default:
		err = -EIO;
		break;
	}
	atomic64_inc(&c->ring_errors);
	return err;
}

/* 1 if the peer has initialised its half, 0 not yet, -EPROTO if wrongly. */
static int schan_peer(struct schan *c)
{
	int r;

	if (READ_ONCE(c->peer_ready))
		return 1;
	r = septum_chan_ready(&c->ch);
	if (r > 0)
		WRITE_ONCE(c->peer_ready, true);
	return r;
}

static void schan_ready_work(struct work_struct *work)
{
	struct schan *c = container_of(to_delayed_work(work), struct schan, ready_work);
	int r = schan_peer(c);

	if (r == 0) {
		schedule_delayed_work(&c->ready_work, msecs_to_jiffies(SCHAN_READY_POLL_MS));
		return;
	}
	if (r > 0)
		dev_dbg(c->dev, "%s: peer %s ready\n", c->label, c->peer);
	else
		dev_err(c->dev, "%s: peer %s initialised its half wrongly\n", c->label, c->peer);
	wake_up_interruptible(&c->wq);
}

static irqreturn_t schan_irq(int irq, void *data)
{
	struct schan *c = data;

	atomic64_inc(&c->irqs);
	wake_up_interruptible(&c->wq);
	return IRQ_HANDLED;
}

/* The next message's length, -EAGAIN (none, or peer not ready), -ENODEV, -EPROTO. */
static int schan_rx_len(struct schan *c)
{
	int r;

	if (READ_ONCE(c->gone))
		return -ENODEV;
	r = schan_peer(c);
	if (r <= 0)
		return r ? r : -EAGAIN;
	return septum_chan_peek_len(&c->ch);
}

/* Whether a message of len bytes fits now, or a call would fail otherwise. */
static bool schan_tx_room(struct schan *c, u32 len)
{
	int r;

	if (READ_ONCE(c->gone))
		return true;
	r = schan_peer(c);
	if (r <= 0)
		return r < 0;
	r = septum_chan_space(&c->ch);
	return r < 0 || (u32)r >= SEPTUM_CHAN_RECORD(len);
}

/*
 * After a read: if the peer has found its ring full since we last looked
 * (ring.h counts that in its "full"), it may be waiting for space: ring it.
 * The barrier pairs with the one a sleeping writer makes between counting
 * "full" and checking the space again (set_current_state()).
 */
static void schan_rx_done(struct schan *c)
{
	u32 full;

	virt_mb();
	full = READ_ONCE(c->ch.peer->full);
	if (full != c->peer_full) {
		c->peer_full = full;
		schan_doorbell(c, c->id);
	}
}

static ssize_t schan_read(struct file *f, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct schan *c = f->private_data;
	void *buf = NULL;
	int len;

	if (mutex_lock_interruptible(&c->rx_lock))
		return -ERESTARTSYS;
	while ((len = schan_rx_len(c)) == -EAGAIN && !(f->f_flags & O_NONBLOCK)) {
		c->rx_waits++;
		if (wait_event_interruptible(c->wq, schan_rx_len(c) != -EAGAIN)) {
			len = -ERESTARTSYS;
			break;
		}
	}
	if (len < 0)
		goto out;
	if ((size_t)len > count) {
		len = -EMSGSIZE;	/* left in place */
		goto out;
	}
	buf = (u32)len <= c->bounce ? c->rx_buf : kvmalloc(len, GFP_KERNEL);
	if (!buf) {
		len = -ENOMEM;
		goto out;
	}
	len = septum_chan_recv(&c->ch, buf, len);
	if (len < 0)
		goto out;
	/* Consumed: a fault here loses the message. */
	if (copy_to_user(ubuf, buf, len))
		len = -EFAULT;
	c->rx_msgs++;
	c->rx_bytes += len > 0 ? len : 0;
	schan_rx_done(c);
out:
	if (buf != c->rx_buf)
		kvfree(buf);
	mutex_unlock(&c->rx_lock);
	return len;
}

static ssize_t schan_write(struct file *f, const char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	struct schan *c = f->private_data;
	void *buf;
	int r;

	if (count > SEPTUM_CHAN_MAX_MSG(c->capacity))
		return -EMSGSIZE;
	if (mutex_lock_interruptible(&c->tx_lock))
		return -ERESTARTSYS;
	buf = count <= c->bounce ? c->tx_buf : kvmalloc(count, GFP_KERNEL);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	if (copy_from_user(buf, ubuf, count)) {
		r = -EFAULT;
		goto out;
	}
	for (;;) {
		if (READ_ONCE(c->gone))
			r = -ENODEV;
		else if ((r = schan_peer(c)) >= 0)
			r = r ? septum_chan_send(&c->ch, buf, count) : -EAGAIN;
		if (r != -EAGAIN || (f->f_flags & O_NONBLOCK))
			break;
		c->tx_waits++;
		if (wait_event_interruptible(c->wq, schan_tx_room(c, count))) {
			r = -ERESTARTSYS;
			break;
		}
	}
	if (r == 0) {
		c->tx_msgs++;
		c->tx_bytes += count;
		schan_doorbell(c, c->id);
		r = count;
	}
out:
	if (buf != c->tx_buf)
		kvfree(buf);
	mutex_unlock(&c->tx_lock);
	return r;
}

static __poll_t schan_poll(struct file *f, poll_table *wait)
{
	struct schan *c = f->private_data;
	__poll_t mask = 0;
	int r;

	poll_wait(f, &c->wq, wait);
	if (READ_ONCE(c->gone))
		return EPOLLERR | EPOLLHUP;
	r = schan_peer(c);
	if (r <= 0)
		return r ? EPOLLERR : 0;
	if (septum_chan_pending(&c->ch) != 0)	/* a message, or an error to read */
		mask |= EPOLLIN | EPOLLRDNORM;
	r = septum_chan_space(&c->ch);
	if (r < 0 || (u32)r >= c->capacity / 4)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/*
 * Maps [offset, offset + length) of the region, shared only. A mapping that
 * covers any of the peer's half may not be writable (EACCES, and no later
 * mprotect either) unless test_hooks is set: then a write reaches the
 * hypervisor's read-only stage-2 mapping, which aborts it (SIGBUS).
 */
static int schan_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct schan *c = f->private_data;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT, len = vma->vm_end - vma->vm_start;
	u64 own = SEPTUM_CHAN_CTL_OFF((u64)c->capacity, c->end);
	u64 half = SEPTUM_CHAN_HALF((u64)c->capacity);

	if (!(vma->vm_flags & VM_SHARED) || off >= c->footprint || len > c->footprint - off)
		return -EINVAL;
	if ((off < own || off + len > own + half) && !test_hooks) {
		if (vma->vm_flags & VM_WRITE)
			return -EACCES;
		vma->vm_flags &= ~VM_MAYWRITE;
	}
	return remap_pfn_range(vma, vma->vm_start, PHYS_PFN(c->phys + off), len,
			       vma->vm_page_prot);
}

static void schan_info(struct schan *c, struct septum_chan_info *i)
{
	memset(i, 0, sizeof(*i));
	i->id = c->id;
	i->end = c->end;
	i->size = c->capacity;
	i->footprint = c->footprint;
	i->phys = c->phys;
	i->max_msg = SEPTUM_CHAN_MAX_MSG(c->capacity);
	i->irq = c->irq;
	i->peer_ready = schan_peer(c) > 0;
	i->test_hooks = test_hooks;
	strscpy(i->peer, c->peer, sizeof(i->peer));
	strscpy(i->label, c->label, sizeof(i->label));
}

static long schan_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct schan *c = f->private_data;
	void __user *uarg = (void __user *)arg;
	struct septum_chan_stats s;
	struct septum_chan_info i;
	u32 id;

	if (READ_ONCE(c->gone))
		return -ENODEV;
	switch (cmd) {
	case SEPTUM_CHAN_IOC_INFO:
		schan_info(c, &i);
		return copy_to_user(uarg, &i, sizeof(i)) ? -EFAULT : 0;
	case SEPTUM_CHAN_IOC_STATS:
		/* A snapshot: the u64 fields are read whole, not as a set. */
		memset(&s, 0, sizeof(s));
		s.irqs = atomic64_read(&c->irqs);
		s.rings = atomic64_read(&c->rings);
		s.ring_errors = atomic64_read(&c->ring_errors);
		s.tx_msgs = READ_ONCE(c->tx_msgs);
		s.tx_bytes = READ_ONCE(c->tx_bytes);
		s.tx_waits = READ_ONCE(c->tx_waits);
		s.rx_msgs = READ_ONCE(c->rx_msgs);
		s.rx_bytes = READ_ONCE(c->rx_bytes);
		s.rx_waits = READ_ONCE(c->rx_waits);
		return copy_to_user(uarg, &s, sizeof(s)) ? -EFAULT : 0;
	case SEPTUM_CHAN_IOC_RING:
		return schan_doorbell(c, c->id);
	case SEPTUM_CHAN_IOC_RING_ID:
		if (!test_hooks)
			return -EPERM;
		if (get_user(id, (u32 __user *)uarg))
			return -EFAULT;
		return schan_doorbell(c, id);
	default:
		return -ENOTTY;
	}
}

static int schan_open(struct inode *inode, struct file *f)
{
	/* misc_open() set private_data and holds misc_mtx: no remove races. */
	struct schan *c = container_of(f->private_data, struct schan, misc);

	kref_get(&c->ref);
	f->private_data = c;
	return 0;
}

static int schan_close(struct inode *inode, struct file *f)
{
	struct schan *c = f->private_data;

	kref_put(&c->ref, schan_release);
	return 0;
}

static const struct file_operations schan_fops = {
	.owner = THIS_MODULE,
	.open = schan_open,
	.release = schan_close,
	.read = schan_read,
	.write = schan_write,
	.poll = schan_poll,
	.mmap = schan_mmap,
	.unlocked_ioctl = schan_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

/* Labels become file names: letters, digits, '_', '-', '.', not "." or "..". */
static bool schan_label_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= SEPTUM_CHAN_NAME_MAX || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (!isalnum(*s) && *s != '_' && *s != '-' && *s != '.')
			return false;
	return true;
}

/* Reads the node into c; 0 or -EINVAL with the reason logged. */
static int schan_parse(struct schan *c, struct platform_device *pdev)
{
	struct device_node *np = pdev->dev.of_node;
	const char *label = NULL, *peer = NULL;
	struct resource *res;
	u64 size;

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res || of_property_read_u32(np, "septum,id", &c->id) ||
	    of_property_read_u32(np, "septum,end", &c->end) ||
	    of_property_read_u64(np, "septum,size", &size) ||
	    of_property_read_string(np, "label", &label) ||
	    of_property_read_string(np, "septum,peer", &peer)) {
		dev_err(c->dev, "reg, septum,id, septum,end, septum,size, label or septum,peer missing\n");
		return -EINVAL;
	}
	if (c->end > 1 || size < SEPTUM_CHAN_SIZE_MIN || size > SEPTUM_CHAN_SIZE_MAX ||
	    (size & (size - 1)) || resource_size(res) < SEPTUM_CHAN_FOOTPRINT(size) ||
	    !IS_ALIGNED(res->start, PAGE_SIZE) || !schan_label_ok(label)) {
		dev_err(c->dev, "bad channel: end %u size %#llx reg %pR label '%s'\n",
			c->end, size, res, label);
		return -EINVAL;
	}
	c->capacity = size;
	c->phys = res->start;
	c->footprint = SEPTUM_CHAN_FOOTPRINT(size);
	strscpy(c->label, label, sizeof(c->label));
	strscpy(c->peer, peer, sizeof(c->peer));
	snprintf(c->name, sizeof(c->name), "septum-%s", label);
	snprintf(c->nodename, sizeof(c->nodename), "septum/%s", label);
	return 0;
}

static int schan_probe(struct platform_device *pdev)
{
	struct schan *c;
	int err;

	if (arm_smccc_1_1_get_conduit() == SMCCC_CONDUIT_NONE) {
		dev_err(&pdev->dev, "no SMCCC 1.1 conduit for the doorbell\n");
		return -ENODEV;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	kref_init(&c->ref);
	c->dev = &pdev->dev;
	init_waitqueue_head(&c->wq);
	mutex_init(&c->tx_lock);
	mutex_init(&c->rx_lock);
	INIT_DELAYED_WORK(&c->ready_work, schan_ready_work);
	err = schan_parse(c, pdev);
	if (err)
		goto fail;
	c->irq = platform_get_irq(pdev, 0);
	if (c->irq < 0) {
		err = c->irq;
		goto fail;
	}
	c->bounce = min_t(u32, SEPTUM_CHAN_MAX_MSG(c->capacity), SCHAN_BOUNCE_MAX);
	c->tx_buf = kvmalloc(c->bounce, GFP_KERNEL);
	c->rx_buf = kvmalloc(c->bounce, GFP_KERNEL);
	c->region = memremap(c->phys, c->footprint, MEMREMAP_WB);
	if (!c->tx_buf || !c->rx_buf || !c->region) {
		err = -ENOMEM;
		goto fail;
	}
	/*
	 * As ipc_open() does. ring.h keeps the counters of a half that an
	 * earlier load of this module initialised, so reloading the module
	 * resumes both streams where they were.
	 */
	septum_chan_init(c->region, c->capacity, c->end);
	err = septum_chan_attach(&c->ch, c->region, c->capacity, c->end);
	if (err)
		goto fail;
	err = request_irq(c->irq, schan_irq, 0, c->name, c);
	if (err)
		goto fail;
	c->misc.minor = MISC_DYNAMIC_MINOR;
	c->misc.name = c->name;
	c->misc.nodename = c->nodename;
	c->misc.fops = &schan_fops;
	c->misc.parent = c->dev;
	c->misc.mode = 0600;
	err = misc_register(&c->misc);
	if (err) {
		free_irq(c->irq, c);
		goto fail;
	}
	platform_set_drvdata(pdev, c);
	schedule_delayed_work(&c->ready_work, 0);
	dev_info(c->dev, "%s: id %u end %u size %#x peer %s irq %d: /dev/%s\n", c->label,
		 c->id, c->end, c->capacity, c->peer, c->irq, c->nodename);
	return 0;
fail:
	kref_put(&c->ref, schan_release);
	return err;
}

static int schan_remove(struct platform_device *pdev)
{
	struct schan *c = platform_get_drvdata(pdev);

	misc_deregister(&c->misc);	/* no new opens */
	cancel_delayed_work_sync(&c->ready_work);
	free_irq(c->irq, c);
	WRITE_ONCE(c->gone, true);
	wake_up_interruptible(&c->wq);
	kref_put(&c->ref, schan_release);	/* open files hold their own */
	return 0;
}

static const struct of_device_id schan_of_match[] = {
	{ .compatible = "septum,channel" },
	{ }
};
MODULE_DEVICE_TABLE(of, schan_of_match);

static struct platform_driver schan_driver = {
	.probe = schan_probe,
	.remove = schan_remove,
	.driver = {
		.name = "septum-chan",
		.of_match_table = schan_of_match,
	},
};
module_platform_driver(schan_driver);

MODULE_DESCRIPTION("Septum inter-VM channels");
MODULE_LICENSE("GPL");
