package io.proxyaudit.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code proxyaudit <command>}. No stack trace ever reaches the user. */
@Command(name = "proxyaudit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Finds which fetches in a packet capture went direct although a proxy was configured, and why.",
        subcommands = {StatsCommand.class, FlowsCommand.class, AnalyzeCommand.class, ExplainCommand.class, BatchCommand.class,
                HistoryCommand.class, RunCommand.class})
public final class Main implements Runnable {
    /** The release as summary.json names it; the first line of --version (VersionProviderTest: equal to pom.xml's). */
    public static final String VERSION = "proxyaudit 0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // never reached: run(String...) answers "proxyaudit" without a command itself
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        StandardOutput.useFileDescriptor();
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests in-process). */
    public static int run(String... args) {
        StandardOutput.forgetFailure();
        if (args.length == 0) {
            // no command: what there is to do goes to stderr, and it is a usage error (a script that forgot its
            // arguments must not pass)
            CommandLine main = configure(new CommandLine(new Main()));
            main.usage(main.getErr());
            main.getErr().flush();
            return ExitCodes.USAGE;
        }
        // Only the command asked for is built: picocli's model of all five commands costs ~50 ms of start-up
        // (issue 8); `proxyaudit --help`, `--version` and unknown commands go through the full model.
        CommandLine one = alone(args[0]);
        CommandLine cl = one != null ? configure(one) : configure(new CommandLine(new Main()));
        int exit = cl.execute(one != null ? java.util.Arrays.copyOfRange(args, 1, args.length) : args);
        cl.getOut().flush();
        return StandardOutput.settle(cl.getErr(), exit);
    }

    /**
     * A subcommand on its own, named as it is under {@code proxyaudit} (usage and messages say "proxyaudit flows");
     * null for a name that is not one of {@link Main}'s subcommands.
     */
    private static CommandLine alone(String name) {
        for (Class<?> c : Main.class.getAnnotation(Command.class).subcommands()) {
            if (c.getAnnotation(Command.class).name().equals(name)) {
                try {
                    return new CommandLine(c.getDeclaredConstructor().newInstance()).setCommandName("proxyaudit " + name);
                } catch (ReflectiveOperationException e) {
                    return null; // the full model reports it
                }
            }
        }
        return null;
    }

    static CommandLine configure(CommandLine cl) {
        // help wraps at the terminal's width: $COLUMNS when exported, else picocli asks the terminal (stty), else 80
        int columns = TerminalWidth.columns(-1);
        if (columns > 0) {
            cl.setUsageHelpWidth(Math.max(55, columns));
        } else {
            cl.setUsageHelpAutoWidth(true);
        }
        cl.setOut(new PrintWriter(new OutputStreamWriter(StandardOutput.stream(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (StandardOutput.causedBy(ex)) {
                return ExitCodes.OK; // Main.run settles it: quiet for a closed pipe, exit 3 for a full disk
            }
            String qualified = qualifiedName(cmd);
            if (ex instanceof IOException io) {
                Problems.print(err, qualified.substring("proxyaudit".length()).strip(), Problems.reason(io));
            } else {
                // a bug: say so in words, the details only on request
                Problems.print(err, "internal error: the command stopped unexpectedly (PROXYAUDIT_DEBUG=1 shows "
                        + "where; please report it)");
            }
            if (System.getenv("PROXYAUDIT_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return ExitCodes.UNREADABLE;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(Problems.line(parameterMessage(ex) + " (see '" + qualifiedName(ex.getCommandLine()) + " --help')"));
            err.flush();
            return ExitCodes.USAGE;
        });
        registerNumbers(cl);
        HelpLayout.install(cl);
        return cl;
    }

    private static final java.util.regex.Pattern INVALID_VALUE =
            java.util.regex.Pattern.compile("Invalid value for option '([^']+)'(?: \\([^)]*\\))?: (.*)");

    /** picocli's "Invalid value for option '--x': REASON" as {@code --x VALUE: REASON}, like every other error. */
    static String parameterMessage(CommandLine.ParameterException ex) {
        String m = String.valueOf(ex.getMessage());
        java.util.regex.Matcher x = INVALID_VALUE.matcher(m);
        if (x.matches() && ex.getValue() != null) {
            String reason = x.group(2).replaceFirst(" \\(case-(in)?sensitive\\) but was '.*'$", "");
            return Problems.option(x.group(1), ex.getValue()) + ": " + reason;
        }
        return m;
    }

    /** Numbers in words a person reads ("not a whole number"), not picocli's "is not an int". */
    private static void registerNumbers(CommandLine cl) {
        CommandLine.ITypeConverter<Integer> ints = v -> {
            try {
                return Integer.valueOf(v.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(v.trim().matches("[+-]?[0-9]+")
                        ? "too large (at most " + Integer.MAX_VALUE + ")" : "not a whole number");
            }
        };
        CommandLine.ITypeConverter<Double> doubles = v -> {
            try {
                double d = Double.parseDouble(v.trim());
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a number");
            }
        };
        cl.registerConverter(Integer.class, ints).registerConverter(int.class, ints)
                .registerConverter(Double.class, doubles).registerConverter(double.class, doubles);
    }

    /** "proxyaudit flows" for a subcommand built alone or under Main, "proxyaudit" for Main. */
    private static String qualifiedName(CommandLine cl) {
        String name = cl.getCommandName();
        if (cl.getParent() != null) {
            return qualifiedName(cl.getParent()) + " " + name;
        }
        return name;
    }
}
