package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.proxyaudit.capture.CaptureBytes;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.report.ProcessText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packet comments from the pcapng reader to the flow: the first process comment of each direction counts, broken
 * option lists and comments that name no process are counted and passed over, options without comments (epb_flags)
 * cost nothing. Built as ptcpdump writes its blocks (internal/writer/pcapng.go: one opt_comment per part, epb_flags).
 */
class ProcessCommentTest {
    private static final int RAW_IP = 101;

    /** An IPv4/UDP datagram from 10.0.0.2:sport to 10.0.0.9:dport (or back when {@code back}). */
    private static byte[] udp(int sport, int dport, boolean back) {
        byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
        CaptureBytes b = CaptureBytes.create().order(false);
        int total = 20 + 8 + payload.length;
        b.u8(0x45).u8(0).u16(total).u16(1).u16(0).u8(64).u8(17).u16(0);
        int[] c = {10, 0, 0, 2};
        int[] s = {10, 0, 0, 9};
        for (int x : back ? s : c) {
            b.u8(x);
        }
        for (int x : back ? c : s) {
            b.u8(x);
        }
        b.u16(back ? dport : sport).u16(back ? sport : dport).u16(8 + payload.length).u16(0).bytes(payload);
        return b.toBytes();
    }

    /** An option: code, length, value padded to 32 bits (little-endian section). */
    private static CaptureBytes option(CaptureBytes o, int code, byte[] value, int claimedLength) {
        o.u16(code).u16(claimedLength).bytes(value);
        o.zeros((4 - value.length % 4) % 4);
        return o;
    }

    private static CaptureBytes epb(CaptureBytes f, long ts, byte[] data, String... comments) {
        CaptureBytes body = f.body().u32(0).u32(ts >>> 32).u32(ts & 0xffffffffL).u32(data.length).u32(data.length)
                .bytes(data).zeros((4 - data.length % 4) % 4);
        option(body, 2, new byte[] {2, 0, 0, 0}, 4); // epb_flags: outbound
        for (String c : comments) {
            byte[] v = c.getBytes(StandardCharsets.UTF_8);
            option(body, 1, v, v.length);
        }
        body.u16(0).u16(0);
        return f.block(6, body.toBytes());
    }

    @Test
    void firstReadableProcessCommentPerDirectionCountsTheRestIsCounted(@TempDir Path tmp) throws Exception {
        CaptureBytes f = CaptureBytes.create().shb(true).idb(RAW_IP, 65535, -1, 0);
        String pip = "PID: 4242\nCmd: /usr/bin/python3.11\nArgs: /usr/bin/python3 -m pip install --index-url "
                + "https://ci:s3cret@pypi.corp/simple requests";
        // flow 1: pip, then a later comment of another process on the same direction is not read
        epb(f, 1, udp(40001, 443, false), pip, "UserId: 1000\nGroupId: 1000",
                "ParentPID: 4200\nParentCmd: /bin/sh\nParentArgs: sh -c pip");
        epb(f, 2, udp(40001, 443, false), "PID: 1\nCmd: /sbin/init\nArgs: init");
        // flow 2: a broken option list first (a comment claiming 200 bytes), then a good one
        CaptureBytes body = f.body().u32(0).u32(0).u32(3).u32(33).u32(33).bytes(udp(40002, 443, false)).zeros(3);
        option(body, 1, "PID: 9".getBytes(StandardCharsets.UTF_8), 200);
        f.block(6, body.toBytes());
        epb(f, 4, udp(40002, 443, false), "PID: 77\nCmd: /usr/bin/cargo\nArgs: cargo fetch");
        // flow 3: a person's note, a PID that is no number, flags only: no process
        epb(f, 5, udp(40003, 443, false), "look at this one");
        epb(f, 6, udp(40003, 443, false), "PID: x1\nCmd: /usr/bin/curl");
        epb(f, 7, udp(40003, 443, false));
        // flow 4: only the server's packets carry a comment (a receive-only capture)
        epb(f, 8, udp(40004, 443, false));
        epb(f, 9, udp(40004, 443, true), "PID: 5\nCmd: /usr/bin/node\nArgs: node /usr/bin/npm ci");
        Path capture = f.write(tmp, "comments.pcapng");

        List<FlowRecord> flows = new ArrayList<>();
        FlowPipeline.Result r = new FlowPipeline(FlowOptions.defaults(), ReaderOptions.defaults()).run(capture.toString(),
                new FlowSink() {
                    @Override
                    public void onFlow(FlowRecord flow) {
                        flows.add(flow);
                    }

                    @Override
                    public void onDns(DnsLookup lookup) {}
                });
        flows.sort((a, b) -> Integer.compare(a.clientPort(), b.clientPort()));
        assertEquals(4, flows.size());
        ProcessInfo p = flows.get(0).process();
        assertEquals(4242, p.pid());
        assertEquals("/usr/bin/python3.11", p.command());
        assertEquals(1000, p.userId());
        assertEquals(4200, p.parentPid());
        assertEquals("sh -c pip", p.parentArgs());
        assertEquals("/usr/bin/python3 -m pip install --index-url https://ci:***@pypi.corp/simple requests",
                ProcessText.args(p));
        assertEquals(77, flows.get(1).process().pid());
        assertNull(flows.get(2).process());
        assertEquals("node /usr/bin/npm ci", flows.get(3).process().args());
        Map<String, Long> counters = r.flowCounters();
        assertEquals(3L, counters.get("process_comments"));
        assertEquals(2L, counters.get("process_comments_malformed"));
        assertEquals(1L, counters.get("packet_comments_other"));
        assertEquals(0L, r.summary().counters().getOrDefault("packet_errors", 0L));
    }

    @Test
    void capturesWithoutCommentsGainNoCounter(@TempDir Path tmp) throws Exception {
        CaptureBytes f = CaptureBytes.create().shb(true).idb(RAW_IP, 65535, -1, 0);
        f.epb(0, 1, udp(40001, 443, false), 33);
        Path capture = f.write(tmp, "plain.pcapng");
        FlowPipeline.Result r = new FlowPipeline(FlowOptions.defaults(), ReaderOptions.defaults()).run(capture.toString(),
                new FlowSink() {
                    @Override
                    public void onFlow(FlowRecord flow) {
                        assertNull(flow.process());
                    }

                    @Override
                    public void onDns(DnsLookup lookup) {}
                });
        assertNull(r.flowCounters().get("process_comments"));
        assertNull(r.flowCounters().get("process_comments_malformed"));
    }
}
