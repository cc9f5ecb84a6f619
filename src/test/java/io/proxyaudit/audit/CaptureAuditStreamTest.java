package io.proxyaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.CaptureSource;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.flow.FlowOptions;
import io.proxyaudit.policy.ProxyConfig;
import io.proxyaudit.report.NdjsonWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of a capture read from a stream the caller opens (what the Spark job does with a Hadoop file) is the audit
 * of the same file read by its path: every NDJSON record equal, for every lab sample, plain and gzipped, whether the
 * stream's length is known or not; a damaged stream is an outcome with its error, never an exception.
 */
class CaptureAuditStreamTest {
    static final Path SAMPLES = Path.of("samples");

    @TempDir
    Path tmp;

    static String ndjson(CaptureAudit.Outcome o) throws IOException {
        StringWriter w = new StringWriter();
        try (NdjsonWriter n = new NdjsonWriter(w)) {
            for (AuditedFlow f : o.result().flows()) {
                n.writeFlow(f);
            }
            for (AuditedDns d : o.result().dns()) {
                n.writeDns(d);
            }
            for (Finding f : o.result().findings()) {
                n.writeFinding(f);
            }
            n.writeCapture(o.result());
        }
        return w.toString();
    }

    static CaptureAudit.Outcome audit(CaptureSource source, ProxyConfig cfg) {
        return CaptureAudit.run(source, cfg, FlowOptions.defaults(), ReaderOptions.defaults(), w -> {},
                CaptureAudit.DEFAULT_MAX_LISTED);
    }

    @Test
    void everySampleReadAsAStreamAuditsAsTheFile() throws Exception {
        List<Path> captures;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            captures = s.map(d -> d.resolve("capture.pcap")).filter(Files::exists).sorted().toList();
        }
        assertTrue(captures.size() >= 10, "samples found: " + captures.size());
        for (Path p : captures) {
            ProxyConfig cfg = ProxyConfig.builder().file(p.resolveSibling("capture.env")).build();
            String name = p.toString();
            String byPath = ndjson(audit(CaptureSource.path(name), cfg));
            assertEquals(byPath, ndjson(audit(CaptureSource.stream(name, () -> Files.newInputStream(p), Files.size(p)),
                    cfg)), p + ": stream of known length");
            assertEquals(byPath, ndjson(audit(CaptureSource.stream(name, () -> Files.newInputStream(p), -1), cfg)),
                    p + ": stream of unknown length (read ahead)");
            Path gz = tmp.resolve(p.getParent().getFileName() + ".pcap.gz");
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
                Files.copy(p, o);
            }
            CaptureAudit.Outcome zipped = audit(CaptureSource.stream(name, () -> Files.newInputStream(gz),
                    Files.size(gz)), cfg);
            String z = ndjson(zipped);
            // the capture record (the last line) says gzip; flows, DNS lookups and findings are the same
            assertEquals(byPath.substring(0, byPath.lastIndexOf("{\"type\":\"capture\"")),
                    z.substring(0, z.lastIndexOf("{\"type\":\"capture\"")), p + ": gzipped stream");
            assertTrue(z.substring(z.lastIndexOf("{\"type\":\"capture\"")).contains("\"compression\":\"gzip\""));
        }
    }

    @Test
    void aCutOrForeignStreamIsAnOutcomeWithItsError() throws Exception {
        Path p = SAMPLES.resolve("a-http-proxy-only/capture.pcap");
        byte[] bytes = Files.readAllBytes(p);
        ProxyConfig cfg = ProxyConfig.builder().build();
        CaptureAudit.Outcome text = audit(CaptureSource.stream("notes.pcap",
                () -> new ByteArrayInputStream("# notes\n".getBytes()), 8), cfg);
        assertFalse(text.readable());
        assertEquals("not a pcap or pcapng file (starts with 0x23206e6f)", text.error());
        assertEquals("notes.pcap", text.capture());

        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write(bytes);
        }
        byte[] cut = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        CaptureAudit.Outcome partial = audit(CaptureSource.stream("cut.pcap.gz", () -> new ByteArrayInputStream(cut),
                cut.length), cfg);
        assertTrue(partial.readable(), "what was read is audited");
        assertFalse(partial.complete());
        assertEquals("reading stopped before the end of the capture (see warnings)", partial.error());
        assertTrue(partial.result().capture().packets() > 0);
        assertTrue(partial.result().capture().packets() < audit(CaptureSource.path(p.toString()), cfg).result()
                .capture().packets());
    }

    @Test
    void libpcapReadsFilesOnly() {
        CaptureAudit.Outcome o = CaptureAudit.run(CaptureSource.stream("x.pcap",
                () -> new ByteArrayInputStream(new byte[24]), 24), ProxyConfig.builder().build(), FlowOptions.defaults(),
                new ReaderOptions(ReaderOptions.Backend.LIBPCAP, null, ReaderOptions.defaults().maxGzipBytes(),
                        ReaderOptions.defaults().maxRecordLength()), w -> {}, 10);
        assertNull(o.result());
        assertEquals("the libpcap reader reads files by name, not streams", o.error());
    }
}
