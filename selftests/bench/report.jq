# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# results.tsv (one record a line, see bench.sh) -> results.json.
# Run as: jq -R -n -f report.jq results.tsv
#
# Every ratio is taken per round (both sides measured in the same round,
# interleaved) and then summarised as min/median/max over the rounds.

def stats:
  sort
  | { min: .[0],
      median: (if length % 2 == 1 then .[length / 2 | floor]
               else (.[length / 2 - 1] + .[length / 2]) / 2 end),
      max: .[-1] };
def r3: if type == "number" then (. * 1000 | round) / 1000 else . end;
def summary: if length > 0 then stats | map_values(r3) else null end;
def nums($names): . as $r
  | reduce range(0; $names | length) as $i ({}; . + {($names[$i]): ($r[$i + 1] | tonumber? // .)});

[inputs | select(length > 0) | split("\t")] as $rows
| def rec($kind; $names): [$rows[] | select(.[0] == $kind) | nums($names)];

rec("frames"; ["case", "size", "round", "sent", "delivered", "k", "ns", "mpps", "late"]) as $fr
| rec("pframes"; ["case", "size", "round", "sent", "delivered", "k", "ns", "mpps", "late"]) as $pf
| rec("prog"; ["case", "size", "round", "prog", "runs", "run_ns", "sent"]) as $prog
| rec("testrun"; ["case", "round", "ns", "retval"]) as $tr
| rec("tcp"; ["case", "round", "gbps", "retransmits"]) as $tcp
| rec("tso"; ["case", "tso"]) as $tso
| rec("csum"; ["case", "client", "server"]) as $csum
| rec("tcpport"; ["case", "dev", "path", "rx", "xdp_to_tc"]) as $tport
| rec("cp"; ["op", "seconds", "count"]) as $cp
| rec("fdbfill"; ["bridge", "entries", "seconds"]) as $fill
| ([$rows[] | select(.[0] == "meta") | {(.[1]): .[2]}] | add) as $meta
| ([$rows[] | select(.[0] == "check") | {(.[1]): (.[2] | tonumber? // fromjson? // .)}] | add // {}) as $checks

# Per-round ratio of metric .m of case A over case B.
| def ratio($recs; $a; $b; $m):
    [ $recs[] | select(.case == $a) as $x
      | $recs[] | select(.case == $b and .round == $x.round)
      | if .[$m] > 0 then $x[$m] / .[$m] else empty end ] | summary;
  def fsize($s): [$fr[] | select(.size == $s)];
  def fratio($a; $b; $s): ratio(fsize($s); $a; $b; "mpps");

# Issue 4 ratio targets: a / b, ">=" target, on 64 B frames. The XDP
# cases run with `mode xdp` (every port here is a veth, where the default
# mode gives TC only); the TC cases with `mode tc`, which is what the
# default gives a veth.
[ ["bpfvlan mode xdp / limit", "xdp.uc_a2a", "limit.uc", 0.75],
  ["bpfvlan mode xdp / limit", "xdp.uc_a2t", "limit.uc", 0.75],
  ["bpfvlan mode xdp / limit", "xdp.uc_t2a", "limit.uc", null],
  ["bpfvlan mode xdp / Linux bridge", "xdp.uc_a2a", "lb.uc", 3.5],
  ["bpfvlan mode xdp / Linux bridge", "xdp.uc_a2t", "lb.uc", 3.5],
  ["bpfvlan mode xdp / Linux bridge", "xdp.uc_t2a", "lb.uc", null],
  ["bpfvlan mode xdp flood / broadcast limit", "xdp.flood_k2", "limit.bc2", 0.6],
  ["bpfvlan mode xdp flood / broadcast limit", "xdp.flood_k8", "limit.bc8", 0.6],
  ["bpfvlan mode xdp flood / Linux bridge flood", "xdp.flood_k2", "lb.flood_k2", null],
  ["bpfvlan mode xdp flood / Linux bridge flood", "xdp.flood_k8", "lb.flood_k8", null],
  ["bpfvlan mode tc (= auto on veth) / Linux bridge", "tc.uc_a2a", "lb.uc", 1.2],
  ["bpfvlan mode tc (= auto on veth) / Linux bridge", "tc.uc_a2t", "lb.uc", 1.2],
  ["bpfvlan mode tc (= auto on veth) / Linux bridge", "tc.uc_t2a", "lb.uc", 1.2],
  ["bpfvlan mode tc (= auto on veth) / Linux bridge", "tc.flood_k2", "lb.flood_k2", 1.2],
  ["bpfvlan mode tc (= auto on veth) / Linux bridge", "tc.flood_k8", "lb.flood_k8", 1.2],
  ["bpfvlan mode xdp drop / limit", "xdp.drop_vlan", "limit.uc", null],
  ["bpfvlan mode xdp, IPv4/UDP from a veth (XDP→TC) / mode tc", "xdp.udp_a2a", "tc.uc_a2a", null],
  ["bpfvlan mode xdp, IPv4/UDP from a veth (XDP→TC) / non-IP (XDP)", "xdp.udp_a2a", "xdp.uc_a2a", null],
  ["port security all on / none, mode xdp, IPv4/ICMP unicast (issue 15)", "xdp.sec_a2a", "xdp.icmp_a2a", 0.95],
  ["port security all on / none, mode tc, IPv4/ICMP unicast (issue 15)", "tc.sec_a2a", "tc.icmp_a2a", 0.95],
  ["one port mirror (ingress) / none, mode tc, unicast (issue 16)", "tc.mirror_rx", "tc.mirror_none", null]
] as $fdefs
| [ $fdefs[] | . as [$g, $a, $b, $t]
    | { group: $g, a: $a, b: $b, target: $t, rule: (if $t then ">=" else null end),
        "64": fratio($a; $b; 60), "1514": fratio($a; $b; 1514) }
    | .met = (if .target == null or ."64" == null then null
              else ."64".median >= .target end) ] as $fratios

| [ ["TCP bpfvlan default (auto: TC on veth) / Linux bridge", "tcp.bv_default.bridge", "tcp.linux.bridge", 1.0],
    ["TCP bpfvlan default (auto: TC on veth) / Linux bridge", "tcp.bv_default.trunk", "tcp.linux.trunk", 1.0],
    ["TCP bpfvlan mode xdp / Linux bridge", "tcp.bv_xdp.bridge", "tcp.linux.bridge", null],
    ["TCP bpfvlan mode xdp / Linux bridge", "tcp.bv_xdp.trunk", "tcp.linux.trunk", null],
    ["TCP bpfvlan mode tc / Linux bridge", "tcp.bv_tc.bridge", "tcp.linux.bridge", null],
    ["TCP bpfvlan mode tc / Linux bridge", "tcp.bv_tc.trunk", "tcp.linux.trunk", null],
    ["TCP bpfvlan mode xdp / default (XDP on the port, VM TSO off)", "tcp.bv_xdp.bridge", "tcp.bv_default.bridge", null],
    ["TCP bpfvlan mode xdp / default (XDP on the port, VM TSO off)", "tcp.bv_xdp.trunk", "tcp.bv_default.trunk", null],
    ["TCP host→VM: internal port / plain veth without bpfvlan", "tcp.host_internal.to_vm", "tcp.host_veth.to_vm", null],
    ["TCP VM→host: internal port / plain veth without bpfvlan", "tcp.host_internal.from_vm", "tcp.host_veth.from_vm", null]
  ] | map(. as [$g, $a, $b, $t]
      | { group: $g, a: $a, b: $b, target: $t, rule: (if $t then ">=" else null end),
          value: ratio($tcp; $a; $b; "gbps") }
      | .met = (if .target == null or .value == null then null
                else .value.median >= .target end)) as $tratios

# FDB: cost ratio (ns/frame), so 1M over 1k of ns = 1k over 1M of Mpps.
| [ { group: "FDB 1M / 1k entries, live frames ns/frame", a: "fdb.1m", b: "fdb.1k",
      target: 1.3, rule: "<=", value: fratio("fdb.1k"; "fdb.1m"; 60) },
    { group: "FDB 1M / 1k entries, test-run ns/frame", a: "fdb.1m", b: "fdb.1k",
      target: 1.3, rule: "<=", value: ratio($tr; "fdb.1m"; "fdb.1k"; "ns") } ]
  | map(.met = (if .value == null then null else .value.median <= .target end)) as $dratios

| { meta: $meta,
    frames: ([$fr | group_by([.case, .size])[]
      | { case: .[0].case, size: .[0].size, k: .[0].k, rounds: length,
          mpps: (map(.mpps) | summary),
          ns_per_frame: (map(select(.mpps > 0) | 1000 / .mpps) | summary),
          loss_pct: (if .[0].k > 0
                     then map(100 * (1 - .delivered / (.sent * .k))) | summary
                     else null end),
          leaked: (if .[0].k == 0 then map(.delivered) | add else null end),
          frames_per_round: (map(.sent) | summary) }]),
    profile: ([$pf[] | . as $f
      | { case: .case, size: .size,
          path_ns_per_frame: (if .mpps > 0 then 1000 / .mpps | r3 else null end),
          progs: ([$prog[] | select(.case == $f.case and .size == $f.size)
                   | { prog: .prog, runs_per_frame: (.runs / .sent | r3),
                       ns_per_run: (.run_ns / .runs | r3),
                       ns_per_frame: (.run_ns / .sent | r3) }]) }]),
    testrun: ([$tr | group_by(.case)[]
      | { case: .[0].case, ns: (map(.ns) | summary), retval: .[0].retval }]
      # Known unicast and each step alone above an empty program (same
      # round): comparable across machines whose test-run loop costs
      # differ; and the decision's cost per empty program (issue 13).
      + [ ("xdp.uc_a2a", "step.buff_len", "step.fdb_lookup", "step.redirect")
          as $c
          | { case: "\($c) minus empty_xdp",
              ns: ([ $tr[] | select(.case == $c) as $x
                     | $tr[] | select(.case == "empty_xdp" and .round == $x.round)
                     | $x.ns - .ns ] | summary),
              retval: null } | select(.ns != null) ]
      + [ { case: "xdp.uc_a2a minus empty_xdp, per empty_xdp (x)",
            ns: ([ $tr[] | select(.case == "xdp.uc_a2a") as $x
                   | $tr[] | select(.case == "empty_xdp" and .round == $x.round
                                    and .ns > 0)
                   | ($x.ns - .ns) / .ns ] | summary),
            retval: null } | select(.ns != null) ]),
    tcp: ([$tcp | group_by(.case)[] | .[0].case as $c
      | { case: $c, gbps: (map(.gbps) | summary),
          retransmits: (map(.retransmits) | summary),
          client_tso: ([$tso[] | select(.case == $c) | .tso][0]),
          csum_errors: ([$csum[] | select(.case == $c) | {client, server}][0]),
          ports: [$tport[] | select(.case == $c) | {dev, path, rx, xdp_to_tc}] }]),
    control_plane: $cp,
    fdb_fill: $fill,
    checks: $checks,
    ratios: ($fratios + $tratios + $dratios) }
# Receivers' TcpInCsumErrors must be 0 everywhere: else a path lost the
# checksum state of a CHECKSUM_PARTIAL skb (a correctness bug).
| .csum_errors_bad = [.tcp[] | select(.csum_errors != null and
                                      (.csum_errors.client != 0 or .csum_errors.server != 0))
                      | "\(.case) (client \(.csum_errors.client), server \(.csum_errors.server))"]
| .learning_macs_per_s = ([.frames[] | select(.case == "learn") | .mpps.median * 1e6 | round][0])
| .targets = (
    [ .ratios[] | select(.target != null)
      | { target: "\(.group): \(.a) / \(.b)\(if ."64" then " (64 B)" else "" end)",
          rule: "\(.rule) \(.target)", value: (."64" // .value), met } ]
    + [ { target: "decision cost, known unicast (test-run xdp.uc_a2a, ns/frame)",
          rule: "<= 35",
          value: ([.testrun[] | select(.case == "xdp.uc_a2a") | .ns][0]) }
        | .met = (if .value then .value.median <= 35 else null end) ]
    + [ { target: "decision cost per empty program (issue 13: test-run xdp.uc_a2a minus empty_xdp, per empty_xdp)",
          rule: "<= 1.5",
          value: ([.testrun[] | select(.case == "xdp.uc_a2a minus empty_xdp, per empty_xdp (x)") | .ns][0]) }
        | .met = (if .value then .value.median <= 1.5 else null end) ]
    + [ { target: "TCP: TcpInCsumErrors in every VM of every case",
          rule: "= 0",
          value: ([.tcp[].csum_errors | select(. != null) | .client + .server] | add),
          met: (if ([.tcp[].csum_errors | select(. != null)] | length) == 0 then null
                else (.csum_errors_bad | length) == 0 end) }
        | .value = (if .value == null then null
                    else { min: .value, median: .value, max: .value } end) ]
    + [ .control_plane[] | select(.op == "attach_256_ports")
        | { target: "attach 256 ports, one CLI call each (s; \(.count) attached)",
            rule: "report", value: { min: .seconds, median: .seconds, max: .seconds },
            met: null } ]
    + [ .control_plane[] | select(.op | startswith("trunk_4094_attach") or startswith("trunk_4094_vlan_add"))
        | { target: "4094 VIDs on a trunk: \(.op) (s)", rule: "< 1",
            value: { min: .seconds, median: .seconds, max: .seconds },
            met: (.count > 0 and .seconds < 1) } ])
