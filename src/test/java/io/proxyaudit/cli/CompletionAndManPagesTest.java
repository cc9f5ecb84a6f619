package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The bash/zsh completion and the man pages the release ships (src/release/assemble.sh) are generated from picocli's
 * command model; here what they say is checked against what each command's {@code --help} says, for every command
 * the model has now (a new command or option is checked without a change here). The completion script is run by a
 * real bash, as bash runs it on TAB.
 */
class CompletionAndManPagesTest {
    /** An option at the start of a help line: "  -h, --help", "      --format=FORMAT". */
    private static final Pattern HELP_OPTION = Pattern.compile("^ {2,8}(-[^ ].*?)(?: {2,}|$)");
    /** A subcommand in the "Commands:" list. */
    private static final Pattern HELP_COMMAND = Pattern.compile("^ {2}([a-z][a-z0-9-]*)(?: {2,}|$)");
    /** An option's heading in the man page's Options section: "*-h*, *--help*::". */
    private static final Pattern MAN_OPTION = Pattern.compile("^(\\*-.*)::$");

    @TempDir
    Path tmp;

    /** Every command of the model, as the words after "proxyaudit" that name it ([] for proxyaudit itself). */
    private static Map<List<String>, CommandLine> commands() {
        Map<List<String>, CommandLine> all = new LinkedHashMap<>();
        walk(new CommandLine(new Main()), new ArrayList<>(), all);
        return all;
    }

    private static void walk(CommandLine cl, List<String> path, Map<List<String>, CommandLine> all) {
        all.put(List.copyOf(path), cl);
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
                path.add(sub.getKey());
                walk(sub.getValue(), path, all);
                path.remove(path.size() - 1);
            }
        }
    }

    private static String help(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        FlowsCommandTest.Run run = FlowsCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), "proxyaudit " + args + ": " + run.err());
        return run.out();
    }

    /** The option names {@code --help} lists, e.g. [--format, --help, -V, ...]. */
    static TreeSet<String> helpOptions(String help) {
        TreeSet<String> names = new TreeSet<>();
        for (String line : help.split("\n")) {
            Matcher m = HELP_OPTION.matcher(line);
            if (m.find()) {
                for (String name : m.group(1).split(", ")) {
                    names.add(name.replaceFirst("=.*", "").strip());
                }
            }
        }
        return names;
    }

    static TreeSet<String> helpCommands(String help) {
        TreeSet<String> names = new TreeSet<>();
        boolean inCommands = false;
        for (String line : help.split("\n")) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands) {
                Matcher m = HELP_COMMAND.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                } else if (!line.startsWith("   ")) {
                    inCommands = false;
                }
            }
        }
        return names;
    }

    @Test
    void bashCompletionOffersWhatHelpLists() throws Exception {
        String script = AutoComplete.bash("proxyaudit", new CommandLine(new Main()));
        Map<List<String>, CommandLine> commands = commands();
        assertTrue(commands.size() >= 6, "the model lost its commands: " + commands.keySet());
        List<List<String>> queries = new ArrayList<>();
        Map<List<String>, String> helps = new LinkedHashMap<>();
        for (List<String> path : commands.keySet()) {
            helps.put(path, help(path));
            queries.add(line(path, "-"));  // proxyaudit analyze -<TAB>: its options
            queries.add(line(path, ""));   // proxyaudit <TAB>: the commands
        }
        List<TreeSet<String>> answers = complete(script, queries);
        int i = 0;
        for (List<String> path : commands.keySet()) {
            String help = helps.get(path);
            assertFalse(helpOptions(help).isEmpty(), "no options parsed from --help of " + path + ":\n" + help);
            assertEquals(helpOptions(help), answers.get(i++), "proxyaudit " + String.join(" ", path) + " -<TAB>");
            TreeSet<String> offered = answers.get(i++);
            TreeSet<String> subcommands = helpCommands(help);
            if (!subcommands.isEmpty()) {
                assertEquals(subcommands, offered, "proxyaudit " + String.join(" ", path) + " <TAB>");
            }
        }
    }

    @Test
    void optionValuesCompletedAreTheOnesHelpNames() throws Exception {
        String script = AutoComplete.bash("proxyaudit", new CommandLine(new Main()));
        List<List<String>> queries = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (Map.Entry<List<String>, CommandLine> c : commands().entrySet()) {
            for (CommandLine.Model.OptionSpec o : c.getValue().getCommandSpec().options()) {
                if (o.completionCandidates() != null) {
                    List<String> words = new ArrayList<>(c.getKey());
                    words.add(o.longestName());
                    queries.add(line(words, ""));
                    what.add(String.join(" ", c.getKey()) + " " + o.longestName() + " (" + o.paramLabel() + ")");
                }
            }
        }
        assertFalse(queries.isEmpty(), "no option has a fixed set of values (--format has)");
        List<TreeSet<String>> answers = complete(script, queries);
        for (int i = 0; i < queries.size(); i++) {
            // "--format=FORMAT ... text (terminal summary) or json": each value offered is a word --help names
            String label = what.get(i);
            assertFalse(answers.get(i).isEmpty(), label);
            String help = help(queries.get(i).subList(1, queries.get(i).size() - 2));
            for (String value : answers.get(i)) {
                assertTrue(Pattern.compile("(?<![\\w-])" + Pattern.quote(value) + "(?![\\w-])").matcher(help).find(),
                        label + ": completion offers '" + value + "', which --help does not name");
            }
        }
    }

    /**
     * zsh runs the same script through bashcompinit, from the file the release installs (src/release/zsh-completion.zsh
     * around it): a zsh on a terminal (zpty) completes a unique start of each command's longest option on TAB.
     */
    @Test
    void zshCompletesOnTab() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh is not installed");
        Path dir = Files.createDirectories(tmp.resolve("zsh"));
        Files.writeString(dir.resolve("_proxyaudit"), zshCompletion(AutoComplete.bash("proxyaudit",
                new CommandLine(new Main()))));
        StringBuilder driver = new StringBuilder("zmodload zsh/zpty\nzpty -b z 'zsh -f -i'\n")
                .append("zpty -w z ").append(quote("unset zle_bracketed_paste; PS1='> '; fpath=(" + dir + " $fpath); "
                        + "autoload -U compinit; compinit -u -d " + tmp.resolve("zcompdump")
                        + "; proxyaudit() { print -r -- \"${:-AR}GS $* END\" }; echo ${:-RE}ADY")).append('\n')
                .append("zpty -r -m z out '*READY*'\n");
        Map<String, String> expected = new LinkedHashMap<>();
        for (List<String> path : commands().keySet()) {
            TreeSet<String> options = helpOptions(help(path));
            String longest = options.stream().max((a, b) -> a.length() - b.length()).orElseThrow();
            String prefix = longest;
            for (int n = 3; n <= longest.length(); n++) {
                String p = longest.substring(0, n);
                if (options.stream().filter(o -> o.startsWith(p)).count() == 1) {
                    prefix = p;
                    break;
                }
            }
            String typed = String.join(" ", line(path, prefix)).strip();
            expected.put(typed, String.join(" ", line(path, longest).subList(1, path.size() + 2)));
            driver.append("zpty -w -n z ").append(quote(typed)).append("\nsleep 0.3\nzpty -w -n z $'\\t'\nsleep 1\n")
                    .append("zpty -w z $'\\n'\nzpty -r -m z out '*ARGS*END*'\nprint -r -- \"${${out##*ARGS }%% END*}\"\n");
        }
        Path script = tmp.resolve("drive.zsh");
        Files.writeString(script, driver.toString());
        String out = run(List.of("timeout", "120", "/usr/bin/zsh", "-f", script.toString()), "");
        assertFalse(out.contains("not found"), out);
        assertEquals(String.join("\n", expected.values()) + "\n", out, "typed: " + expected.keySet());
    }

    /** The zsh completion file as assemble.sh writes it: the bash script in place of the template's marker line. */
    static String zshCompletion(String bashScript) throws IOException {
        String template = Files.readString(Path.of("src/release/zsh-completion.zsh"));
        assertTrue(template.contains("\n#@picocli-bash-completion@\n"), "the marker assemble.sh replaces is gone");
        return template.replace("#@picocli-bash-completion@\n", bashScript.endsWith("\n") ? bashScript : bashScript + "\n");
    }

    @Test
    void manPageOfEachCommandListsWhatHelpLists() {
        for (Map.Entry<List<String>, CommandLine> c : commands().entrySet()) {
            StringWriter page = new StringWriter();
            ManPageGenerator.writeSingleManPage(new PrintWriter(page), c.getValue().getCommandSpec());
            String help = help(c.getKey());
            String name = String.join(" ", c.getKey());
            assertEquals(helpOptions(help), manOptions(page.toString()), "man page of proxyaudit " + name);
            // the synopsis names the command as a person types it
            assertTrue(page.toString().contains("*proxyaudit" + (name.isEmpty() ? "" : " " + name) + "*"), name);
            for (String sub : helpCommands(help)) {
                assertTrue(page.toString().contains("xref:proxyaudit-" + sub + ".adoc[*" + sub + "*]"),
                        "man page of proxyaudit " + name + " does not list " + sub);
            }
        }
    }

    static TreeSet<String> manOptions(String adoc) {
        TreeSet<String> names = new TreeSet<>();
        for (String line : adoc.split("\n")) {
            Matcher m = MAN_OPTION.matcher(line);
            if (m.matches()) {
                for (String name : m.group(1).split(", ")) {
                    names.add(name.replaceFirst("=.*", "").replace("*", ""));
                }
            }
        }
        return names;
    }

    /**
     * What the release archive ships, when one was built (`mvn -Prelease verify`; .ci/run does): its completion is
     * what the model generates now, and each man page (roff) names every option of its command's --help.
     */
    @Test
    void theBuiltReleaseShipsWhatTheModelGenerates() throws Exception {
        Path stage = ReleaseLayout.stage();
        Assumptions.assumeTrue(stage != null, "no release built (mvn -Prelease verify -DskipTests builds one)");
        assertEquals(AutoComplete.bash("proxyaudit", new CommandLine(new Main())),
                Files.readString(stage.resolve("share/bash-completion/completions/proxyaudit")));
        assertEquals(zshCompletion(AutoComplete.bash("proxyaudit", new CommandLine(new Main()))),
                Files.readString(stage.resolve("share/zsh/vendor-completions/_proxyaudit")));
        for (List<String> path : commands().keySet()) {
            String page = "proxyaudit" + path.stream().map(p -> "-" + p).collect(Collectors.joining()) + ".1.gz";
            String roff;
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(stage.resolve("share/man/man1/" + page)))) {
                roff = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\\-", "-").replace("\\fB", "")
                        .replace("\\fP", "");
            }
            for (String option : helpOptions(help(path))) {
                assertTrue(roff.contains(option), page + " does not name " + option);
            }
        }
    }

    private static List<String> line(List<String> path, String current) {
        List<String> words = new ArrayList<>();
        words.add("proxyaudit");
        words.addAll(path);
        words.add(current);
        return words;
    }

    /**
     * Runs the completion function in bash as bash does on TAB (COMP_WORDS, COMP_CWORD, COMP_LINE set) for each
     * command line, the last word being the one completed; the candidates of each.
     */
    private List<TreeSet<String>> complete(String script, List<List<String>> lines) throws Exception {
        Path file = tmp.resolve("proxyaudit.bash");
        Files.writeString(file, script);
        StringBuilder program = new StringBuilder("source " + quote(file.toString()) + "\n");
        for (List<String> words : lines) {
            program.append("COMP_WORDS=(").append(words.stream().map(CompletionAndManPagesTest::quote)
                    .collect(Collectors.joining(" "))).append(")\n")
                    .append("COMP_CWORD=").append(words.size() - 1).append('\n')
                    .append("COMP_LINE=").append(quote(String.join(" ", words))).append('\n')
                    .append("COMPREPLY=()\n_complete_proxyaudit 2>/dev/null\n")
                    .append("printf '%s\\n' \"${COMPREPLY[@]}\"\necho '@@'\n");
        }
        String out = run(List.of("bash", "--norc", "--noprofile", "-c", program.toString()), "");
        List<TreeSet<String>> answers = new ArrayList<>();
        for (String block : out.split("@@\n", -1)) {
            answers.add(block.lines().filter(s -> !s.isBlank()).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(lines.size() + 1, answers.size(), out);
        return answers.subList(0, lines.size());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command.get(0) + " did not finish");
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out;
    }
}
