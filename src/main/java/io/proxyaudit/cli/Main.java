package io.proxyaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code proxyaudit <command>}. No stack trace ever reaches the user. */
@Command(name = "proxyaudit", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Finds which fetches in a packet capture went direct although a proxy was configured, and why.",
        subcommands = {StatsCommand.class, FlowsCommand.class, AnalyzeCommand.class, ExplainCommand.class, BatchCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "proxyaudit 0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (used by tests in-process). */
    public static int run(String... args) {
        // Only the command asked for is built: picocli's model of all five commands costs ~50 ms of start-up
        // (issue 8); `proxyaudit`, `--help`, `--version` and unknown commands go through the full model.
        CommandLine one = args.length > 0 ? alone(args[0]) : null;
        if (one != null) {
            return configure(one).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return configure(new CommandLine(new Main())).execute(args);
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

    private static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            cmd.getErr().println("proxyaudit: error: " + msg);
            if (System.getenv("PROXYAUDIT_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return ExitCodes.UNREADABLE;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("proxyaudit: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + qualifiedName(ex.getCommandLine()) + " --help'.");
            return ExitCodes.USAGE;
        });
        return cl;
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
