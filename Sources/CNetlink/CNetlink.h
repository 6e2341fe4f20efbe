// libnl-3 and libnl-route-3 (rtnetlink), for the netns lab; plus the namespace calls that
// glibc declares only under _GNU_SOURCE.
#include <netlink/netlink.h>
#include <netlink/errno.h>
#include <netlink/socket.h>
#include <netlink/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/tc.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/qdisc/netem.h>
#include <linux/rtnetlink.h>
#include <linux/pkt_sched.h>
#include <net/if.h>

int setns(int fd, int nstype);
int unshare(int flags);

static const int cnetlink_clone_newnet = 0x40000000;
static const unsigned int cnetlink_tc_root = TC_H_ROOT;

/// The tc view of a qdisc (libnl's TC_CAST).
static inline struct rtnl_tc *cnetlink_tc(struct rtnl_qdisc *qdisc) { return (struct rtnl_tc *) qdisc; }
