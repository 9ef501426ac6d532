# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# results.json -> results.md (the tables of docs/PERFORMANCE.md).
# Run as: jq -r -f report_md.jq results.json

def fmt($d): if type == "number"
  then (if $d == 0 then round | tostring
        else (. * pow(10; $d) | round) / pow(10; $d) | tostring end)
  else "–" end;
def mmm($d): if . == null then "–"
  else "\(.median | fmt($d)) [\(.min | fmt($d))–\(.max | fmt($d))]" end;
def met: if . == true then "yes" elif . == false then "**no**" else "" end;
def row: "| " + join(" | ") + " |";
def names: {
  "floor": "floor: the first port drops",
  "limit.uc": "limit: bare redirect to the next veth",
  "limit.bc2": "broadcast limit, k = 2",
  "limit.bc8": "broadcast limit, k = 8",
  "lb.uc": "Linux bridge, known unicast (static FDB)",
  "lb.flood_k2": "Linux bridge, broadcast to k = 2",
  "lb.flood_k8": "Linux bridge, broadcast to k = 8",
  "xdp.uc_a2a": "bpfvlan mode xdp, unicast access→access",
  "xdp.uc_a2t": "bpfvlan mode xdp, unicast access→trunk",
  "xdp.uc_t2a": "bpfvlan mode xdp, unicast trunk→access",
  "xdp.flood_k2": "bpfvlan mode xdp, flood to k = 2 of 16",
  "xdp.flood_k8": "bpfvlan mode xdp, flood to k = 8 of 16",
  "xdp.drop_vlan": "bpfvlan mode xdp, VLAN-mismatch drop",
  "xdp.udp_a2a": "bpfvlan mode xdp, IPv4/UDP access→access from a veth (XDP hands it to TC)",
  "tc.uc_a2a": "bpfvlan mode tc (= auto on veth), unicast access→access",
  "tc.uc_a2t": "bpfvlan mode tc (= auto on veth), unicast access→trunk",
  "tc.uc_t2a": "bpfvlan mode tc (= auto on veth), unicast trunk→access",
  "tc.flood_k2": "bpfvlan mode tc (= auto on veth), flood to k = 2 of 16",
  "tc.flood_k8": "bpfvlan mode tc (= auto on veth), flood to k = 8 of 16",
  "tc.drop_vlan": "bpfvlan mode tc (= auto on veth), VLAN-mismatch drop",
  "tc.mirror_none": "bpfvlan mode tc, unicast access→access, no mirror (baseline of the next)",
  "tc.mirror_rx": "bpfvlan mode tc, unicast access→access, its ingress mirrored to a veth",
  "fdb.1k": "bpfvlan mode xdp, unicast to 1k FDB entries in turn",
  "fdb.1m": "bpfvlan mode xdp, unicast to 1M FDB entries in turn",
  "learn": "bpfvlan mode xdp, every frame a new source MAC",
  "tcp.bv_default.bridge": "bpfvlan default (auto: TC on veth), one bridge",
  "tcp.bv_xdp.bridge": "bpfvlan mode xdp, one bridge",
  "tcp.bv_tc.bridge": "bpfvlan mode tc, one bridge",
  "tcp.linux.bridge": "Linux bridge, one bridge",
  "tcp.bv_default.trunk": "bpfvlan default (auto: TC on veth), trunk between two bridges",
  "tcp.bv_xdp.trunk": "bpfvlan mode xdp, trunk between two bridges",
  "tcp.bv_tc.trunk": "bpfvlan mode tc, trunk between two bridges",
  "tcp.linux.trunk": "Linux bridge, veth between two bridges (untagged)",
  "tcp.host_internal.to_vm": "the host on an internal port (bpfvlan) → a VM on an access port",
  "tcp.host_veth.to_vm": "the host on a plain veth → a VM (no bpfvlan)",
  "tcp.host_internal.from_vm": "a VM on an access port → the host on an internal port (bpfvlan)",
  "tcp.host_veth.from_vm": "a VM → the host on a plain veth (no bpfvlan)"
};
def order: . as $c | [names | keys_unsorted | index($c)] | .[0] // 99;
def name: . as $c | names[$c] // $c;

. as $r
| $r.meta as $m
| "# bpfvlan benchmark — \($m.date)",
  "",
  "Kernel \($m.kernel), \($m.cpu) × \($m.cpus) CPUs, commit \($m.commit); generator pinned to CPU \($m.bench_cpu); \($m.rounds) interleaved rounds; load average \($m.loadavg_start) at the start, \($m.loadavg_end // "?") at the end; \($m.seconds // "?") s.",
  (if ($m.tracing_start // "") != "" or ($m.tracing_end // "") != ""
   then "Foreign BPF tracing programs attached (they slow every skb path: TC, Linux bridge, TCP): at the start: \(if ($m.tracing_start // "") == "" then "none" else $m.tracing_start end); at the end: \(if ($m.tracing_end // "") == "" then "none" else $m.tracing_end end)."
   else empty end),
  (if $m.failed_phase then "**Phase failed: \($m.failed_phase)** (see the log)." else empty end),
  (if ($r.csum_errors_bad | length) > 0
   then "", "**CHECKSUM ERRORS: TcpInCsumErrors != 0 in \($r.csum_errors_bad | join("; ")). A path lost the checksum state of CHECKSUM_PARTIAL skbs (a correctness bug, not a performance one): the numbers of those cases are not valid.**", ""
   else empty end),
  "Cells: median [min–max] over the rounds. Ratios are taken per round (both sides from the same round), then summarised.",
  "",
  "## Targets (issue 4)",
  "",
  "| target | rule | measured | met |", "|---|---|---|---|",
  ($r.targets[] | [.target, .rule, (.value | mmm(2)), (.met | met)] | row),
  "",
  "## Ratios",
  "",
  "| ratio | cases | 64 B | 1514 B |", "|---|---|---|---|",
  ($r.ratios[] | [.group, "\(.a) / \(.b)",
                  ((."64" // .value) | mmm(2)), (."1514" | mmm(2))] | row),
  "",
  "## Live frames (whole path: generator, veth, bridge, veth, sink)",
  "",
  "Mpps counts frames in (a flood's copies divided by k); ns/frame = 1000 / Mpps.",
  "",
  "| case | 64 B Mpps | 64 B ns/frame | 1514 B Mpps | 1514 B ns/frame | loss % (64 B) |",
  "|---|---|---|---|---|---|",
  ( [$r.frames[] | select(.size == 60 or .size == 1514)] | group_by(.case)
    | sort_by(.[0].case | order)[]
    | (map(select(.size == 60))[0]) as $s | (map(select(.size == 1514))[0]) as $l
    | [(.[0].case | name), ($s.mpps | mmm(2)), ($s.ns_per_frame | mmm(0)),
       ($l.mpps | mmm(2)), ($l.ns_per_frame | mmm(0)),
       (if $s.k == 0 then "leaked \($s.leaked)" else ($s.loss_pct.median | fmt(2)) end)]
    | row ),
  "",
  "## Where the time goes (64 B, one round with BPF run-time stats on)",
  "",
  "ns per frame spent in each BPF program (run_time_ns / frames in); \"rest\" is the kernel around them (veth transmit and NAPI, page pool, devmap flush, skb work). Stats cost about one clock read pair per program run: bvb_sink, which does almost nothing, shows that overhead.",
  "",
  "| case | whole path | bvb_gen | bridge programs | bvb_sink | rest |", "|---|---|---|---|---|---|",
  ( $r.profile[] | select(.size == 60)
    | ([.progs[] | select(.prog == "bvb_gen") | .ns_per_frame] | add // 0) as $g
    | ([.progs[] | select(.prog == "bvb_sink") | .ns_per_frame] | add // 0) as $k
    | [.progs[] | select(.prog != "bvb_gen" and .prog != "bvb_sink")] as $b
    | ([$b[].ns_per_frame] | add // 0) as $bn
    | [(.case | name), (.path_ns_per_frame | fmt(0)), ($g | fmt(0)),
       (if ($b | length) > 0
        then ($b | map("\(.prog) \(.ns_per_frame | fmt(0)) (\(.runs_per_frame | fmt(2))×\(.ns_per_run | fmt(0)))") | join(", "))
        else "–" end),
       ($k | fmt(0)),
       (if .path_ns_per_frame then (.path_ns_per_frame - $g - $k - $bn) | fmt(0) else "–" end)]
    | row ),
  "",
  "## Decision cost (plain BPF_PROG_TEST_RUN, ns/frame)",
  "",
  "repeat: one call, 1M runs on the same frame; .single: 20k calls of one run, trimmed mean, minus the same for an empty program (baseline_single_*); empty_xdp: an empty XDP program in repeat mode; step.*: one step every XDP switch needs, alone (multi-buffer check, an FDB-sized hash lookup, a devmap redirect). \"minus empty_xdp\" rows are per round; \"(x)\" is a ratio, not ns.",
  "",
  "| path | ns/frame | verdict |", "|---|---|---|",
  ($r.testrun[] | [.case, (.ns | mmm(1)), (.retval // "–" | tostring)] | row),
  "",
  "## FDB scaling and learning",
  "",
  "| measure | value |", "|---|---|",
  ( $r.frames[] | select(.case == "fdb.1k" or .case == "fdb.1m")
    | ["\(.case | name), ns/frame", (.ns_per_frame | mmm(0))] | row ),
  ( $r.testrun[] | select(.case | startswith("fdb."))
    | ["test-run \(.case), ns/frame (one hot entry)", (.ns | mmm(1))] | row ),
  ( ["learning, new MACs per second", ($r.learning_macs_per_s | fmt(0))] | row ),
  ( ["FDB entries after the learning run (fdb_full events)",
     "\($r.checks["fdb_entries.learn"] // "–") (\($r.checks["fdb_full.learn"] // "–"))"] | row ),
  ( $r.fdb_fill[] | ["fill \(.entries) entries with bpf_map_update_batch", "\(.seconds) s"] | row ),
  "",
  "## TCP bulk throughput (iperf3, Gbit/s, offloads as they come)",
  "",
  "Ports: the bpfvlan ports the data enters by (the client VM's port; across a trunk also the far trunk port), with their path and frames in / of those handed from XDP to TC. TcpInCsumErrors: client / server VM (for the host cases the host's count covers both of its pairs); must be 0.",
  "",
  "| case | what | Gbit/s | retransmits | client TSO | ports: path, frames in / xdp_to_tc | TcpInCsumErrors |",
  "|---|---|---|---|---|---|---|",
  ($r.tcp | sort_by(.case | order)[]
   | [.case, (.case | name),
      (if .gbps.max == 0 then "**0: no connection**" else .gbps | mmm(2) end),
      (.retransmits | mmm(0)), (.client_tso // "–"),
      (if (.ports | length) == 0 then "–"
       else .ports | map("\(.dev) \(.path), \(.rx) / \(.xdp_to_tc)") | join("; ") end),
      (if .csum_errors == null then "–"
       elif .csum_errors.client == 0 and .csum_errors.server == 0 then "0 / 0"
       else "**\(.csum_errors.client) / \(.csum_errors.server): FAIL**" end)]
   | row),
  "",
  "## Control plane (bpfvlan CLI, wall time)",
  "",
  "| operation | seconds | count |", "|---|---|---|",
  ($r.control_plane[] | [.op, (.seconds | fmt(3)), (.count | tostring)] | row),
  "",
  "## Checks",
  "",
  "| check | value |", "|---|---|",
  ( ["xdp_to_tc events on the mode-xdp bridge but xa2 (0: every non-IP XDP case stayed on XDP)",
     ($r.checks["xdp_to_tc.xdp_bridge"] // "–" | tostring)
     + (if ($r.checks["xdp_to_tc.xdp_bridge"] // 0) != 0 then " **(expected 0)**" else "" end)] | row ),
  ( $r.checks["xdp_to_tc.udp_port"] as $u
    | ["xa2 (xdp.udp_a2a ingress, IPv4/UDP from a veth): frames in / handed from XDP to TC (expected equal)",
       (if $u == null then "–"
        else "\($u.rx) / \($u.xdp_to_tc)" + (if $u.rx != $u.xdp_to_tc or $u.rx == 0 then " **(expected equal, > 0)**" else "" end) end)] | row ),
  ( $r.checks["tcp_xdp_trunk_tr7_xdp_tx"] as $t
    | ["tcp.bv_xdp.trunk: tr7 (where p15 sends the VM's TCP) takes XDP frames (expected true: XDP hands TCP to TC by the checksum rule alone)",
       (if $t == null then "–" else ($t | tostring) + (if $t != true then " **(expected true)**" else "" end) end)] | row ),
  ( ["TcpInCsumErrors, all TCP cases (must be 0)",
     (if ($r.csum_errors_bad | length) > 0 then "**FAIL: \($r.csum_errors_bad | join("; "))**"
      elif ($r.tcp | length) == 0 then "–" else "0" end)] | row )
