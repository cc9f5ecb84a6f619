package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlWriterTest {
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String write(List<BatchEntry> entries) throws Exception {
        StringWriter w = new StringWriter();
        JUnitXmlWriter.write("proxyaudit", entries, Instant.parse("2026-11-23T12:00:00Z"), w);
        return w.toString();
    }

    @Test
    void oneTestcasePerCaptureWithFailureAndError() throws Exception {
        String xml = write(List.of(
                BatchEntry.analysed("jobs/build-1.pcapng", ReportFixtures.small(), true, 1_500_000_000L),
                BatchEntry.analysed("jobs/clean.pcap", ReportFixtures.empty(), false, 20_000_000L),
                BatchEntry.unreadable("jobs/broken.pcap", "jobs/broken.pcap: byte offset 24: record length 4294967295 exceeds snaplen", 1_000_000L)));
        Element suite = parse(xml).getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1.521", suite.getAttribute("time"));
        assertEquals("2026-11-23T12:00:00", suite.getAttribute("timestamp"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        Element failed = (Element) cases.item(0);
        assertEquals("jobs/build-1.pcapng", failed.getAttribute("name"));
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals("2 connections of Go fetches went direct although a proxy was configured.", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("sum.golang.org:443 (checksum-db, 1 flow)"));
        assertTrue(failure.getTextContent().contains("fix: export GOPROXY=https://proxy.golang.org"));
        assertEquals(0, ((Element) cases.item(1)).getChildNodes().getLength(), "a passing capture has no children");
        Element error = (Element) ((Element) cases.item(2)).getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message").contains("byte offset 24"));
        // Ant schema order: properties first, system-out and system-err last.
        assertEquals("properties", ((Element) suite.getElementsByTagName("*").item(0)).getTagName());
    }

    @Test
    void hostileNamesAndFindingsStayWellFormedXml10() throws Exception {
        String xml = write(List.of(BatchEntry.analysed("a\u0001<b>]]>\"'&\uFFFE.pcap", ReportFixtures.hostile(), true, 0),
                BatchEntry.unreadable("x", "bad \u0000 byte", 0)));
        Document d = parse(xml);
        Element c = (Element) d.getElementsByTagName("testcase").item(0);
        assertEquals("a\uFFFD<b>]]>\"'&\uFFFD.pcap", c.getAttribute("name"));
        assertTrue(c.getElementsByTagName("failure").item(0).getTextContent().contains("<script>alert(1)</script>"));
        assertEquals(0, d.getElementsByTagName("script").getLength());
        assertEquals("bad \uFFFD byte", ((Element) d.getElementsByTagName("error").item(0)).getAttribute("message"));
    }

    @Test
    void entryNeedsExactlyOneOfResultAndError() {
        assertThrows(IllegalArgumentException.class, () -> new BatchEntry("x", null, null, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new BatchEntry("x", ReportFixtures.empty(), "err", false, 0));
    }
}
