package io.proxyaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code proxyaudit <command>}. No stack trace ever reaches the user. */
@Command(name = "proxyaudit", mixinStandardHelpOptions = true, version = "proxyaudit 0.1.0",
        description = "Finds which fetches in a packet capture went direct although a proxy was configured, and why.",
        subcommands = {StatsCommand.class, FlowsCommand.class, AnalyzeCommand.class, ExplainCommand.class, BatchCommand.class})
public final class Main implements Runnable {
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
        CommandLine cl = new CommandLine(new Main());
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
            ex.getCommandLine().getErr().println("Try 'proxyaudit " + ex.getCommandLine().getCommandName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }
}
