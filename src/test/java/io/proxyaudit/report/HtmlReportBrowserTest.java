package io.proxyaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.proxyaudit.audit.AuditResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens reports in headless Debian Chromium from file:// and checks what a user would see: the script ran
 * (no console message at all: our script never logs, so any line is an error or a CSP violation), the hash
 * filter narrows the flow table, the charts are drawn, hostile strings stay text. Skips only when Chromium is
 * not installed.
 */
class HtmlReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUT = Path.of("target", "browser");

    @TempDir
    static Path profile;

    record Run(String stdout, String stderr) {
        List<String> consoleLines() {
            List<String> l = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.contains(":CONSOLE") || line.contains("Uncaught") || line.contains("Content Security Policy")) {
                    l.add(line);
                }
            }
            return l;
        }
    }

    @BeforeAll
    static void needChromium() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "skipped: Chromium is not installed at /usr/bin/chromium (apt-get install chromium)");
        Files.createDirectories(OUT);
    }

    static Run chromium(List<String> extra, Path file, String hash) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.resolve("p" + System.nanoTime()),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"));
        cmd.addAll(extra);
        cmd.add(file.toAbsolutePath().toUri() + hash);
        Path so = Files.createTempFile(profile, "out", ".txt");
        Path se = Files.createTempFile(profile, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(so.toFile()).redirectError(se.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        return new Run(Files.readString(so, StandardCharsets.UTF_8), Files.readString(se, StandardCharsets.UTF_8));
    }

    static Path write(AuditResult r, String name) throws IOException {
        Path f = OUT.resolve(name);
        HtmlReport.write(r, f, HtmlReportTest.OPT);
        return f;
    }

    static String attr(String dom, String elementRegex, String attr) {
        Matcher m = Pattern.compile(elementRegex + "[^>]*\\b" + attr + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    /** The markup of the SVG element with this id in the dumped DOM. */
    static String svg(String dom, String id) {
        int i = dom.indexOf("<svg id=\"" + id + "\"");
        assertTrue(i >= 0, "chart " + id + " missing from the DOM");
        return dom.substring(i, dom.indexOf("</svg>", i));
    }

    static String between(String s, String a, String b) {
        return HtmlReportTest.between(s, a, b);
    }

    static int count(String s, String needle) {
        return HtmlReportTest.count(s, needle);
    }

    @Test
    void scriptRunsWithoutConsoleErrorsAndHashFilterNarrowsTheTable() throws Exception {
        Path f = write(ReportFixtures.small(), "report.html");
        Run bypass = chromium(List.of("--dump-dom"), f, "#filter=verdict:direct-bypass");
        assertEquals(List.of(), bypass.consoleLines());
        // Flows 2 (sumdb) and 5 (unanswered direct attempt) are the bypasses of the fixture.
        assertEquals("1", attr(bypass.stdout, "<body", "data-ready"), "the report script did not finish");
        assertEquals("2", attr(bypass.stdout, "<table id=\"flow-table\"", "data-visible-rows"));
        assertEquals(2, count(between(bypass.stdout, "<table id=\"flow-table\"", "</table>"), "<tr class=\"k"), "rows rendered on the page");
        Run role = chromium(List.of("--dump-dom"), f, "#filter=verdict:proxied,host:proxy.golang");
        assertEquals("2", attr(role.stdout, "<table id=\"flow-table\"", "data-visible-rows"));
        Run sorted = chromium(List.of("--dump-dom"), f, "#sort=-down");
        String firstRow = between(between(sorted.stdout, "<table id=\"flow-table\"", "</table>"), "<tr class=\"k", "</tr>");
        assertTrue(firstRow.contains("<td>4</td>") && firstRow.contains("<td>1200000</td>"),
                "sorted by bytes in, descending: flow 4 first, got " + firstRow);
        Run none = chromium(List.of("--dump-dom"), f, "#filter=role:vcs,verdict:direct-bypass");
        assertEquals("0", attr(none.stdout, "<table id=\"flow-table\"", "data-visible-rows"));
    }

    @Test
    void chartsAreDrawnWithVerdictColours() throws Exception {
        Path f = write(ReportFixtures.small(), "report.html");
        Run run = chromium(List.of("--dump-dom"), f, "");
        assertEquals(List.of(), run.consoleLines());
        String dom = run.stdout;
        assertEquals("1", attr(dom, "<body", "data-ready"), "the report script did not finish");
        assertEquals("5", attr(dom, "<table id=\"flow-table\"", "data-visible-rows"), "no filter: every flow");
        String timeline = svg(dom, "timeline");
        assertTrue(timeline.contains("rgb(198,40,40)"), "timeline has no direct-bypass bar");
        assertTrue(timeline.contains("rgb(46,125,50)"), "timeline has no proxied bar");
        assertTrue(timeline.contains("rgb(239,108,0)"), "timeline has no unanswered-attempt bar");
        assertTrue(timeline.contains("sum.golang.org"), "timeline has no lane for sum.golang.org");
        for (String id : List.of("bytes-per-host", "connections-per-host", "verdicts-over-time")) {
            assertTrue(count(svg(dom, id), "<path") + count(svg(dom, id), "<rect") > 10, id + " looks blank");
        }
    }

    @Test
    void screenshotShowsColouredCharts() throws Exception {
        Path f = write(ReportFixtures.small(), "report.html");
        Path png = Path.of("target", "report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Run r = chromium(List.of("--screenshot=" + png, "--window-size=1280,2000", "--hide-scrollbars"), f, "");
        assertEquals(List.of(), r.consoleLines());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1280, img.getWidth());
        int red = 0, green = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int c = img.getRGB(x, y) & 0xffffff;
                colours.add(c);
                red += near(c, 0xc62828) ? 1 : 0;
                green += near(c, 0x2e7d32) ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 50, "screenshot looks blank: " + colours.size() + " colours");
        assertTrue(red > 500 && green > 500, "verdict colours not painted: red=" + red + " green=" + green);
    }

    private static boolean near(int a, int b) {
        return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) < 12 && Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)) < 12
                && Math.abs((a & 255) - (b & 255)) < 12;
    }

    @Test
    void printsToPdf() throws Exception {
        Path f = write(ReportFixtures.small(), "report.html");
        Path pdf = Path.of("target", "report.pdf").toAbsolutePath();
        Files.deleteIfExists(pdf);
        Run r = chromium(List.of("--print-to-pdf=" + pdf, "--no-pdf-header-footer"), f, "");
        assertEquals(List.of(), r.consoleLines());
        assertTrue(Files.size(pdf) > 20_000, "printed report is " + Files.size(pdf) + " bytes");
        String head = new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.ISO_8859_1);
        assertEquals("%PDF-", head);
    }

    @Test
    void hostileStringsStayText() throws Exception {
        Path f = write(ReportFixtures.hostile(), "report-hostile.html");
        Run r = chromium(List.of("--dump-dom"), f, "");
        assertEquals(List.of(), r.consoleLines(), "an injected script ran or was blocked by the CSP");
        assertFalse(r.stdout.contains("data-scroll-width=\"0\""));
        String dom = r.stdout;
        assertEquals("1", attr(dom, "<body", "data-ready"));
        assertEquals(String.valueOf(ReportFixtures.HOSTILE.size()),
                attr(dom, "<table id=\"flow-table\"", "data-visible-rows"));
        assertEquals(2, count(dom, "<script"), "only the data block and the report script may exist");
        assertFalse(dom.contains("<img"), "an injected element was parsed");
        assertFalse(dom.contains("<x>"), "an injected element was parsed");
    }

    @Test
    void hostileLongNamesDoNotWidenANarrowPage() throws Exception {
        Path f = write(ReportFixtures.hostile(), "report-hostile.html");
        Run r = chromium(List.of("--dump-dom", "--window-size=400,1600"), f, "");
        assertEquals(List.of(), r.consoleLines());
        // Chromium lays out at least ~500 px wide whatever --window-size says, so compare with the viewport.
        int width = Integer.parseInt(attr(r.stdout, "<body", "data-scroll-width"));
        int view = Integer.parseInt(attr(r.stdout, "<body", "data-view-width"));
        assertTrue(view < 700, "viewport not narrow: " + view);
        assertTrue(width <= view, "page is " + width + " px wide in a " + view + " px viewport");
        chromium(List.of("--screenshot=" + Path.of("target", "report-narrow.png").toAbsolutePath(),
                "--window-size=400,1600"), f, "");
    }
}
