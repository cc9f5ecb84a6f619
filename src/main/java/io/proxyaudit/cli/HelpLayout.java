package io.proxyaudit.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Lays out the description, parameter, option and footer sections of {@code --help}, wrapping only at blanks.
 * picocli wraps with java.text.BreakIterator, which breaks inside names such as {@code index.html} or
 * {@code https://host/path} when they do not fit the line; here a word is never cut (one longer than the
 * column stays whole on its own line). Each description element is one paragraph; the width is picocli's.
 */
final class HelpLayout {
    /** Widest option-name column; longer names put their description on the next line. */
    private static final int MAX_NAMES = 30;

    private HelpLayout() {}

    /** Installs the layout on {@code cl} and its subcommands. */
    static void install(CommandLine cl) {
        Map<String, CommandLine.IHelpSectionRenderer> m = cl.getHelpSectionMap();
        m.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> paragraphs(help.commandSpec().usageMessage().description(), width(help)));
        m.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> paragraphs(help.commandSpec().usageMessage().footer(), width(help)));
        m.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
                help -> table(rows(help, true), namesWidth(help), width(help)));
        m.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> table(rows(help, false), namesWidth(help), width(help)));
        cl.setHelpSectionMap(m);
        for (CommandLine sub : cl.getSubcommands().values()) {
            install(sub);
        }
    }

    private static int width(CommandLine.Help help) {
        return help.commandSpec().usageMessage().width();
    }

    private record Row(String names, String[] description) {}

    private static List<Row> rows(CommandLine.Help help, boolean positional) {
        List<Row> rows = new ArrayList<>();
        if (positional) {
            for (PositionalParamSpec p : help.commandSpec().positionalParameters()) {
                if (!p.hidden()) {
                    rows.add(new Row(p.paramLabel() + (p.arity().max() > 1 ? "..." : ""), p.description()));
                }
            }
            return rows;
        }
        List<OptionSpec> options = new ArrayList<>(help.commandSpec().options());
        if (help.commandSpec().usageMessage().sortOptions()) {
            options.sort(Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT)));
        }
        for (OptionSpec o : options) {
            if (o.hidden()) {
                continue;
            }
            String shortName = null;
            String longName = o.longestName();
            for (String n : o.names()) {
                if (!n.startsWith("--")) {
                    shortName = n;
                }
            }
            String label = o.arity().max() > 0 && !o.typeInfo().isBoolean() ? "=" + o.paramLabel() : "";
            rows.add(new Row((shortName == null ? "    " : shortName + ", ") + longName + label, o.description()));
        }
        return rows;
    }

    /** One names column for parameters and options, so their descriptions line up. */
    private static int namesWidth(CommandLine.Help help) {
        List<Row> all = new ArrayList<>(rows(help, true));
        all.addAll(rows(help, false));
        return Math.min(MAX_NAMES, all.stream().mapToInt(r -> r.names().length()).max().orElse(0));
    }

    /** Two blanks, the names column, two blanks, the description wrapped in the rest. */
    private static String table(List<Row> rows, int names, int width) {
        if (rows.isEmpty()) {
            return "";
        }
        int indent = 2 + names + 2;
        StringBuilder b = new StringBuilder();
        for (Row r : rows) {
            List<String> lines = new ArrayList<>();
            for (String paragraph : r.description()) {
                lines.addAll(wrap(paragraph, Math.max(20, width - indent)));
            }
            String first = "  " + r.names();
            if (r.names().length() > names) {
                b.append(first).append('\n');
                first = "";
            }
            for (int i = 0; i < Math.max(1, lines.size()); i++) {
                String head = i == 0 ? first : "";
                String text = i < lines.size() ? lines.get(i) : "";
                b.append(text.isEmpty() ? head : String.format("%-" + indent + "s%s", head, text)).append('\n');
            }
        }
        return b.toString();
    }

    private static String paragraphs(String[] paragraphs, int width) {
        StringBuilder b = new StringBuilder();
        for (String p : paragraphs) {
            for (String line : wrap(p, width)) {
                b.append(line).append('\n');
            }
            if (p.isEmpty()) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Greedy wrap at blanks; a word wider than the column stays whole. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (cur.length() > 0 && cur.length() + 1 + word.length() > width) {
                lines.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) {
                cur.append(' ');
            }
            cur.append(word);
        }
        if (cur.length() > 0) {
            lines.add(cur.toString());
        }
        return lines;
    }
}
