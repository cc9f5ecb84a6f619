package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.capture.CaptureFormatException;
import io.proxyaudit.capture.ReaderOptions;
import io.proxyaudit.testutil.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowPipelineTest {
    private final FlowPipeline pipeline = new FlowPipeline(FlowOptions.defaults(), ReaderOptions.defaults());

    @Test
    void thousandKeepAliveRequestsWithOneLostResponseSegment() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        Packets.Sink sink = new Packets.Sink();
        FlowPipeline.Result r = pipeline.run(corpus.resolve("captures/zeek__1000-requests-one-dropped-response.pcap.gz").toString(), sink);
        FlowRecord f = sink.only();
        // tshark's http.tsv lists 1000 requests on this one IPv6 connection (tcp_conv.tsv: ::1 44730 -> ::1 80)
        assertEquals(1000, f.http().size() + f.httpDropped());
        assertEquals("::1", f.clientIp());
        assertEquals(44730, f.clientPort());
        assertEquals(80, f.serverPort());
        assertEquals(2089, f.packetsC2s(), "tcp_conv.tsv frames a->b");
        assertEquals(2013, f.packetsS2c(), "tcp_conv.tsv frames b->a");
        assertTrue(f.flags().contains("gap"), "the dropped response shows as a gap: " + f.flags());
        assertTrue(r.complete());
        assertEquals(4102L, r.summary().packets());
        assertEquals(1L, r.summary().counters().get("flows_tcp"));
        assertEquals(r.flowCounters().get("stream_gaps"), r.summary().counters().get("stream_gaps"));
    }

    @Test
    void synRetransmissionsFromTheCorpusCountAsOneFlow() throws IOException {
        Path corpus = SharedCorpus.requireCorpus();
        Packets.Sink sink = new Packets.Sink();
        pipeline.run(corpus.resolve("captures/suricata__syn_retransmit_with_ts.pcap").toString(), sink);
        // tcp_conv.tsv has exactly one conversation for this file
        List<String> conv = Files.readAllLines(corpus.resolve("expected/suricata__syn_retransmit_with_ts.pcap/tcp_conv.tsv"));
        assertEquals(2, conv.size());
        FlowRecord f = sink.only();
        assertTrue(f.synCount() > 1, "SYN retransmitted: " + f.synCount());
        String[] c = conv.get(1).split("\t");
        assertEquals(Long.parseLong(c[4]) + Long.parseLong(c[6]), f.packetsC2s() + f.packetsS2c());
    }

    @Test
    void notACaptureThrowsWithAOneLineMessage(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("notes.txt");
        Files.writeString(junk, "this is not a capture\n");
        IOException e = assertThrows(IOException.class, () -> pipeline.run(junk.toString(), new Packets.Sink()));
        assertTrue(e instanceof CaptureFormatException || e.getMessage() != null);
        assertTrue(!e.getMessage().contains("\n"));
    }
}
