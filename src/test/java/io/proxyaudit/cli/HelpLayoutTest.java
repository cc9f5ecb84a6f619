package io.proxyaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Help is wrapped by picocli at the terminal's width, never by hard line breaks in the descriptions: at 80 columns
 * no line is longer, and the words are exactly those of the help laid out without any limit (so no description
 * is cut mid-word or broken inside a name like direct-unproxied). The command list shows whole first sentences.
 */
class HelpLayoutTest {
    private static String help(CommandLine cl, int width) {
        cl.setUsageHelpWidth(width);
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    @Test
    void everyHelpFits80ColumnsWithTheSameWordsAsUnwrapped() {
        CommandLine main = Main.configure(new CommandLine(new Main()));
        List<CommandLine> all = new java.util.ArrayList<>(List.of(main));
        all.addAll(main.getSubcommands().values());
        for (CommandLine cl : all) {
            String narrow = help(cl, 80);
            for (String line : narrow.split("\n")) {
                assertTrue(line.length() <= 80, cl.getCommandName() + ": " + line.length() + " columns: " + line);
            }
            List<String> whole = words(help(cl, 2000));
            List<String> wrapped = words(narrow);
            int i = 0;
            while (i < Math.min(whole.size(), wrapped.size()) && whole.get(i).equals(wrapped.get(i))) {
                i++;
            }
            assertEquals(whole.size(), i, cl.getCommandName() + ": at 80 columns '"
                    + (i < wrapped.size() ? wrapped.get(i) : "(end)") + "' stands for '"
                    + (i < whole.size() ? whole.get(i) : "(end)") + "': a word was cut or a hard break changed the text");
            assertEquals(whole.size(), wrapped.size(), cl.getCommandName());
        }
    }

    @Test
    void theCommandListShowsEachCommandsWholeFirstSentence() {
        CommandLine main = Main.configure(new CommandLine(new Main()));
        String list = help(main, 80);
        for (Map.Entry<String, CommandLine> e : main.getSubcommands().entrySet()) {
            String first = e.getValue().getCommandSpec().usageMessage().description()[0];
            assertTrue(first.endsWith(".") && first.indexOf(". ") < 0, e.getKey() + ": not one short sentence: " + first);
            assertTrue(first.length() <= 80 - 11, e.getKey() + ": summary wraps in the command list: " + first);
            assertTrue(list.contains("  " + e.getKey() + " ") && list.contains(first), list);
        }
    }
}
