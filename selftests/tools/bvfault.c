// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bvfault: an LD_PRELOAD library that makes chosen kernel calls of a
 * program fail, so that tests can see what bpfvlan does on failures the
 * kernel gives rarely (a map update out of memory in the middle of a VID
 * list, a netlink query that errs). Test code only: the product has no
 * fault hooks.
 *
 *   BVFAULT_MAP=OP:MAP:KEY  bpf(BPF_MAP_<OP>_ELEM) on the map named MAP
 *                           (bpftool map show's name) whose key starts
 *                           with the u32 KEY ("*": any key) fails with
 *                           ENOSPC. OP: update, lookup or delete.
 *   BVFAULT_GETLINK=IFINDEX an rtnetlink RTM_GETLINK request for IFINDEX
 *                           is answered with an error (EOPNOTSUPP): it
 *                           goes out as a message type the kernel does
 *                           not know. (A failed send would leave libnl's
 *                           sequence numbers out of step, failing every
 *                           later request: not what the kernel does.)
 *   BVFAULT_LOG=FILE        a line per failure made, appended to FILE (so
 *                           that a test knows its fault was hit).
 *
 * And answers of an older kernel, on this one (README, "Kernels"):
 *   BVFAULT_UNAME=RELEASE   uname(2) says the kernel is RELEASE.
 *   BVFAULT_GENL_FAMILY=NAME  generic netlink has no family NAME (e.g.
 *                           netdev, before 6.3): the request to resolve
 *                           it asks for a name no kernel has, and gets the
 *                           kernel's own ENOENT.
 *   BVFAULT_KSYM=NAME       kernel BTF has no NAME (e.g. the kfunc
 *                           bpf_xdp_metadata_rx_vlan_tag, before 6.8):
 *                           btf__find_by_name_kind() finds none, for
 *                           bpfvlan and for libbpf's own extern
 *                           resolution alike.
 *
 * libbpf calls the kernel through syscall(2) and libnl through
 * sendmsg(2), both in libc, which this library interposes, as it does
 * libc's uname() and libbpf's btf__find_by_name_kind() (which libbpf
 * itself calls through its PLT).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <linux/bpf.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

static void note(const char *fmt, ...)
{
	const char *path = getenv("BVFAULT_LOG");
	va_list ap;
	FILE *f;

	if (!path || !(f = fopen(path, "a")))
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

typedef long (*syscall_fn)(long, ...);

static long real_syscall(long nr, long a, long b, long c, long d, long e,
			 long f)
{
	static syscall_fn next;

	if (!next)
		next = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
	return next(nr, a, b, c, d, e, f);
}

static const char *op_name(long cmd)
{
	switch (cmd) {
	case BPF_MAP_UPDATE_ELEM:	return "update";
	case BPF_MAP_LOOKUP_ELEM:	return "lookup";
	case BPF_MAP_DELETE_ELEM:	return "delete";
	default:			return NULL;
	}
}

static int map_name_of(int fd, char name[BPF_OBJ_NAME_LEN])
{
	struct bpf_map_info info;
	union bpf_attr attr;

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (uintptr_t)&info;
	if (real_syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, (long)&attr,
			 sizeof(attr), 0, 0, 0))
		return -1;
	memcpy(name, info.name, BPF_OBJ_NAME_LEN);
	return 0;
}

/* Does BVFAULT_MAP name this map operation? */
static int map_fault(long cmd, const union bpf_attr *attr)
{
	const char *spec = getenv("BVFAULT_MAP"), *op = op_name(cmd);
	char want_op[16], want_map[BPF_OBJ_NAME_LEN], want_key[16];
	char name[BPF_OBJ_NAME_LEN];
	__u32 key;

	if (!spec || !op ||
	    sscanf(spec, "%15[^:]:%15[^:]:%15s", want_op, want_map, want_key) != 3 ||
	    strcmp(want_op, op) || map_name_of(attr->map_fd, name) ||
	    strncmp(name, want_map, sizeof(name)))
		return 0;
	memcpy(&key, (const void *)(uintptr_t)attr->key, sizeof(key));
	if (strcmp(want_key, "*") && strtoul(want_key, NULL, 10) != key)
		return 0;
	note("%s %s key %u: ENOSPC\n", op, name, key);
	return 1;
}

long syscall(long nr, ...)
{
	long a[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf && map_fault(a[0], (const union bpf_attr *)a[1])) {
		errno = ENOSPC;
		return -1;
	}
	return real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Beyond RTM_MAX: rtnetlink answers -EOPNOTSUPP. */
#define BVFAULT_NL_TYPE		0x7ff0

/* Is @msg an RTM_GETLINK request for BVFAULT_GETLINK's ifindex? */
static struct nlmsghdr *getlink_fault(int fd, const struct msghdr *msg)
{
	const char *spec = getenv("BVFAULT_GETLINK");
	struct nlmsghdr *nh;
	const struct ifinfomsg *ifi;
	int proto = 0;
	socklen_t len = sizeof(proto);

	if (!spec || !msg->msg_iovlen ||
	    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) ||
	    proto != NETLINK_ROUTE ||
	    msg->msg_iov[0].iov_len < NLMSG_LENGTH(sizeof(*ifi)))
		return NULL;
	nh = msg->msg_iov[0].iov_base;
	ifi = NLMSG_DATA(nh);
	if (nh->nlmsg_type != RTM_GETLINK || ifi->ifi_index != atoi(spec))
		return NULL;
	note("RTM_GETLINK ifindex %d: EOPNOTSUPP\n", ifi->ifi_index);
	return nh;
}

/* The family name in a CTRL_CMD_GETFAMILY request for
 * BVFAULT_GENL_FAMILY, or NULL.
 */
static char *genl_family_fault(int fd, const struct msghdr *msg)
{
	const char *spec = getenv("BVFAULT_GENL_FAMILY");
	const struct genlmsghdr *gh;
	struct nlmsghdr *nh;
	struct nlattr *na;
	int proto = 0, left;
	socklen_t len = sizeof(proto);

	if (!spec || !msg->msg_iovlen ||
	    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) ||
	    proto != NETLINK_GENERIC ||
	    msg->msg_iov[0].iov_len < NLMSG_LENGTH(GENL_HDRLEN))
		return NULL;
	nh = msg->msg_iov[0].iov_base;
	gh = NLMSG_DATA(nh);
	if (nh->nlmsg_type != GENL_ID_CTRL || gh->cmd != CTRL_CMD_GETFAMILY)
		return NULL;
	left = (int)nh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	if ((size_t)left > msg->msg_iov[0].iov_len - NLMSG_LENGTH(GENL_HDRLEN))
		return NULL;
	na = (struct nlattr *)((char *)gh + GENL_HDRLEN);
	while (left >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
	       na->nla_len <= left) {
		char *name = (char *)na + NLA_HDRLEN;

		if (na->nla_type == CTRL_ATTR_FAMILY_NAME &&
		    na->nla_len > NLA_HDRLEN &&
		    !strncmp(name, spec, na->nla_len - NLA_HDRLEN)) {
			note("genl family %s: ENOENT\n", spec);
			return name;
		}
		left -= NLA_ALIGN(na->nla_len);
		na = (struct nlattr *)((char *)na + NLA_ALIGN(na->nla_len));
	}
	return NULL;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static ssize_t (*next)(int, const struct msghdr *, int);
	struct nlmsghdr *nh = getlink_fault(fd, msg);
	char *family = genl_family_fault(fd, msg), first = 0;
	ssize_t ret;

	if (!next)
		next = (ssize_t (*)(int, const struct msghdr *, int))
			dlsym(RTLD_NEXT, "sendmsg");
	if (nh)
		nh->nlmsg_type = BVFAULT_NL_TYPE;
	if (family) {		/* "~etdev": no such family */
		first = family[0];
		family[0] = '~';
	}
	ret = next(fd, msg, flags);
	if (nh)
		nh->nlmsg_type = RTM_GETLINK;
	if (family)
		family[0] = first;
	return ret;
}

int uname(struct utsname *buf)
{
	static int (*next)(struct utsname *);
	const char *spec = getenv("BVFAULT_UNAME");
	int ret;

	if (!next)
		next = (int (*)(struct utsname *))dlsym(RTLD_NEXT, "uname");
	ret = next(buf);
	if (!ret && spec) {
		snprintf(buf->release, sizeof(buf->release), "%s", spec);
		note("uname: %s\n", spec);
	}
	return ret;
}

/* libbpf's; its struct btf is opaque here. */
struct btf;

int btf__find_by_name_kind(const struct btf *btf, const char *name,
			   __u32 kind)
{
	static int (*next)(const struct btf *, const char *, __u32);
	const char *spec = getenv("BVFAULT_KSYM");

	if (!next)
		next = (int (*)(const struct btf *, const char *, __u32))
			dlsym(RTLD_NEXT, "btf__find_by_name_kind");
	if (spec && name && !strcmp(name, spec)) {
		note("btf: no %s\n", name);
		return -ENOENT;
	}
	return next ? next(btf, name, kind) : -ENOENT;
}
