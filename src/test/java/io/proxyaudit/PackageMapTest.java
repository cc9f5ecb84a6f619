package io.proxyaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of README "Design" holds for the main classes: data flows one way (capture, decode, flow,
 * policy, client, audit, report, history, cli), so a package uses only packages of earlier stages; the protocol parsers
 * ({@code proto}) and the analyzers built on them ({@code analyzer}) are used by {@code flow} and know nothing
 * of flows, so they stand before it. No packages depend on each other in a cycle. Dependencies are read from
 * the source: imports and fully qualified names in the code of {@code src/main/java} (comments and string
 * literals left out: a comment naming a class is no dependency).
 */
class PackageMapTest {
    /** Dependency order; a stage may depend on the stages before it. */
    static final List<String> ORDER = List.of("capture", "decode", "proto", "analyzer", "flow", "policy", "client", "audit",
            "report", "history", "cli");

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+(io\\.proxyaudit(?:\\.[a-z0-9_]+)*)\\s*;");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.proxyaudit((?:\\.[a-z0-9_]+)+)\\.[A-Z]");

    @Test
    void mainPackagesFollowThePipelineOrder() throws IOException {
        Map<String, Set<String>> packages = packageGraph(Path.of("src", "main", "java"));
        assertTrue(packages.keySet().containsAll(List.of("io.proxyaudit.policy", "io.proxyaudit.client", "io.proxyaudit.audit")),
                "source tree read: " + packages.keySet());
        assertEquals(List.of(), orderViolations(stageGraph(packages)));
    }

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> packages = packageGraph(Path.of("src", "main", "java"));
        assertEquals(List.of(), cycle(packages), "packages");
        assertEquals(List.of(), cycle(stageGraph(packages)), "stages");
    }

    @Test
    void commentsAndStringsAreNoDependency() {
        assertEquals("import io.proxyaudit.flow.FlowRecord;\n  \nString s = \"\"; char c = '';\n",
                code("import io.proxyaudit.flow.FlowRecord;\n/** {@link io.proxyaudit.audit.Auditor} */ // io.proxyaudit.cli.X\n"
                        + "String s = \"io.proxyaudit.report.Y \\\" q\"; char c = '\\'';\n"));
    }

    /** The checks themselves find what they are for, on a graph made to have it. */
    @Test
    void checksCatchABackwardEdgeAndACycle() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("policy", Set.of("audit"));
        g.put("audit", new TreeSet<>(List.of("flow", "policy")));
        g.put("flow", Set.of("proto"));
        g.put("proto", Set.of("flow"));
        assertEquals(List.of("policy -> audit", "proto -> flow"), orderViolations(g));
        assertEquals(List.of("flow", "proto", "flow"), cycle(g));
        g.put("proto", Set.of());
        assertEquals(List.of("audit", "policy", "audit"), cycle(g));
        g.put("policy", Set.of());
        assertEquals(List.of(), orderViolations(g));
        assertEquals(List.of(), cycle(g));
        g.put("telemetry", Set.of());
        assertFalse(orderViolations(g).isEmpty(), "a package with no place in the order is reported");
    }

    /** Package -> packages it refers to (other than itself). */
    static Map<String, Set<String>> packageGraph(Path root) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String text = code(Files.readString(file));
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) {
                continue;
            }
            String pkg = pm.group(1);
            Set<String> uses = out.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(text.substring(pm.end()));
            while (m.find()) {
                String used = "io.proxyaudit" + m.group(1);
                if (!used.equals(pkg)) {
                    uses.add(used);
                }
            }
        }
        return out;
    }

    /** {@code source} with comments and the contents of string and char literals blanked out. */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = j + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Stage (first name below io.proxyaudit) -> stages it uses. */
    static Map<String, Set<String>> stageGraph(Map<String, Set<String>> packages) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (var e : packages.entrySet()) {
            String from = stage(e.getKey());
            Set<String> uses = out.computeIfAbsent(from, k -> new TreeSet<>());
            for (String p : e.getValue()) {
                String to = stage(p);
                if (!to.equals(from)) {
                    uses.add(to);
                }
            }
        }
        return out;
    }

    private static String stage(String pkg) {
        String rest = pkg.equals("io.proxyaudit") ? "" : pkg.substring("io.proxyaudit.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Edges from a stage to a later one (not allowed), and stages that have no place in {@link #ORDER}. */
    static List<String> orderViolations(Map<String, Set<String>> stages) {
        List<String> out = new ArrayList<>();
        for (var e : stages.entrySet()) {
            String from = e.getKey();
            if (!ORDER.contains(from)) {
                out.add("package io.proxyaudit." + from + " has no place in the pipeline order: add it to ORDER and README's map");
                continue;
            }
            for (String to : e.getValue()) {
                String edge = from + " -> " + to;
                if (ORDER.contains(to) && ORDER.indexOf(to) > ORDER.indexOf(from)) {
                    out.add(edge);
                }
            }
        }
        return out;
    }

    /** One cycle as a path that starts and ends at the same node, or an empty list. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the current path, 2 done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(graph, start, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(Map<String, Set<String>> graph, String node, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> c = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            c.add(node);
            return c;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = visit(graph, next, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }
}
