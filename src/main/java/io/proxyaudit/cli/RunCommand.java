package io.proxyaudit.cli;

import io.proxyaudit.audit.FailOn;
import io.proxyaudit.capture.LiveCapture;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.report.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code proxyaudit run [OPTIONS] -- COMMAND [ARGS...]}: captures live while the command runs, then audits that
 * capture against the command's own environment exactly as {@code analyze} does (every option of analyze that
 * is not about the configuration is passed on to it). The capture is a pcapng file: {@code --write}, else a
 * temporary file deleted after the audit.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Captures while COMMAND runs, then audits it like analyze.",
                "The capture is judged against COMMAND's own environment.",
                "Every option of 'proxyaudit analyze' may be given too, before '--' (--format, --report, --json, --csv, "
                        + "--fail-on, --summary-md, --annotations, --allow, --proxy, --go-version, ...); not "
                        + "--env-file or --no-inherit-env: the environment audited is the one COMMAND had. Capturing "
                        + "needs root or the capabilities: sudo setcap cap_net_raw,cap_net_admin+eip "
                        + "$(readlink -f $(which java))"},
        footer = {"", "Exit codes: when COMMAND fails, its exit code (126 it cannot be run, 127 not found, 128+N killed "
                + "by signal N), whatever the audit found; else those of analyze: 0 no finding at or above --fail-on, "
                + "1 findings, 2 usage or configuration error (also: no capture rights), 3 the capture or an output "
                + "could not be written."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--interface", paramLabel = "NAME", defaultValue = "any",
            description = "Network interface to capture on. Default: ${DEFAULT-VALUE} (every interface).")
    String device;

    @Option(names = "--bpf", paramLabel = "EXPR",
            description = "Capture only packets matching this tcpdump-syntax filter, e.g. \"tcp or udp port 53\".")
    String bpf;

    @Option(names = "--write", paramLabel = "FILE.pcapng",
            description = "Keep the capture in FILE.pcapng (written completely or not at all), e.g. as a CI artifact.")
    Path write;

    @Option(names = "--drain-millis", paramLabel = "MS", defaultValue = "2000",
            description = "After COMMAND exits, keep reading what the kernel still holds for at most MS "
                    + "milliseconds (stops sooner when nothing comes for 100 ms). Default: ${DEFAULT-VALUE}.")
    int drainMillis;

    @Option(names = "--env", paramLabel = "K=V",
            description = "Set a variable for COMMAND (repeatable); the audit sees it too.")
    List<String> env = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command to run and its arguments, after '--'.")
    List<String> positional = new ArrayList<>();

    @Unmatched
    List<String> unmatched = new ArrayList<>();

    /** False when COMMAND could not be started at all. */
    private boolean started;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashes = original.indexOf("--");
        if (dashes < 0 || dashes == original.size() - 1) {
            Problems.print(err, "give the command to run after '--': proxyaudit run [OPTIONS] -- COMMAND [ARGS...]");
            return ExitCodes.USAGE;
        }
        List<String> command = original.subList(dashes + 1, original.size());
        Map<String, String> commandEnv = new HashMap<>(System.getenv());
        Path capture = null;
        AnalyzeCommand analyze = new AnalyzeCommand();
        CommandLine analyzeLine = Main.configure(new CommandLine(analyze)).setCommandName("proxyaudit run");
        try {
            OptionChecks.between("--drain-millis", drainMillis, 0, 600_000);
            for (String a : env) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(Problems.option("--env", a) + ": expected KEY=VALUE");
                }
                commandEnv.put(a.substring(0, eq), a.substring(eq + 1));
            }
            if (write != null) {
                Problems.checkOutputFile("--write", write);
            }
            capture = write != null ? write : Files.createTempFile("proxyaudit-run-", ".pcapng");
            List<String> analyzeArgs = analyzeArguments(original.subList(0, dashes));
            analyzeArgs.add(capture.toString());
            analyzeLine.parseArgs(analyzeArgs.toArray(String[]::new));
            precheck(analyze, commandEnv);
        } catch (CommandLine.ParameterException e) {
            Problems.print(err, Main.parameterMessage(e) + " (see 'proxyaudit run --help')");
            deleteTemporary(capture);
            return ExitCodes.USAGE;
        } catch (ConfigException | IllegalArgumentException e) {
            Problems.print(err, e.getMessage());
            deleteTemporary(capture);
            return ExitCodes.USAGE;
        }
        try {
            return runAndAudit(err, command, commandEnv, capture, analyzeLine);
        } finally {
            if (write == null) {
                Files.deleteIfExists(capture);
            }
        }
    }

    private int runAndAudit(PrintWriter err, List<String> command, Map<String, String> commandEnv, Path capture,
                            CommandLine analyzeLine) throws IOException {
        AtomicFile file;
        try {
            file = AtomicFile.openBinary(capture);
        } catch (IOException e) {
            Problems.print(err, Problems.option("--write", capture), Problems.reason(e));
            return ExitCodes.USAGE;
        }
        try (file) {
            LiveCapture live;
            try {
                live = LiveCapture.start(device, bpf, file.stream());
            } catch (IOException e) {
                Problems.print(err, e.getMessage());
                return ExitCodes.USAGE;
            }
            int commandExit;
            LiveCapture.Stats stats;
            String captureProblem = null;
            try (live) {
                commandExit = execute(err, command, commandEnv);
                try {
                    stats = live.stop(drainMillis);
                } catch (IOException e) {
                    captureProblem = e.getMessage();
                    stats = null;
                }
            }
            if (!started) {
                return commandExit; // nothing ran: nothing to audit
            }
            if (captureProblem == null) {
                try {
                    file.commit();
                } catch (IOException e) {
                    captureProblem = Problems.option("--write", capture) + ": cannot write it: " + Problems.reason(e);
                }
            }
            if (captureProblem != null) {
                Problems.print(err, captureProblem);
                return commandExit != 0 ? commandExit : ExitCodes.UNREADABLE;
            }
            report(err, stats, capture);
            int auditExit = analyzeLine.execute(analyzeLine.getParseResult().originalArgs().toArray(String[]::new));
            return commandExit != 0 ? commandExit : auditExit;
        }
    }

    /** The temporary capture file made for an audit that will not happen (a usage error found after it was made). */
    private void deleteTemporary(Path capture) throws IOException {
        if (write == null && capture != null) {
            Files.deleteIfExists(capture);
        }
    }

    /** Starts COMMAND with the caller's streams and environment and waits for it; its exit code. */
    private int execute(PrintWriter err, List<String> command, Map<String, String> commandEnv) {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(commandEnv);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            boolean missing = m.contains("error=2,") || m.contains("No such file");
            Problems.print(err, command.get(0), missing ? "command not found" : "cannot run it: "
                    + m.replaceFirst("^.*error=\\d+, ", ""));
            return missing ? ExitCodes.NOT_FOUND : ExitCodes.CANNOT_EXECUTE;
        }
        started = true;
        while (true) {
            try {
                return p.waitFor(); // killed by signal N: 128+N (java.lang.ProcessImpl on Unix)
            } catch (InterruptedException e) {
                p.destroy();
            }
        }
    }

    /** One line on stderr: how much the capture holds and whether anything was lost. */
    private void report(PrintWriter err, LiveCapture.Stats s, Path capture) {
        StringBuilder b = new StringBuilder("proxyaudit: captured ").append(s.packets()).append(" packets (")
                .append(s.bytes()).append(" bytes) on ").append(device);
        if (write != null) {
            b.append(", written to ").append(capture);
        }
        if (s.droppedByKernel() > 0) {
            b.append("; warning: the kernel dropped ").append(s.droppedByKernel())
                    .append(" packets (buffer full): the audit misses them");
        }
        if (s.drainCut()) {
            b.append("; warning: packets were still arriving when --drain-millis ").append(drainMillis)
                    .append(" ran out (traffic of other programs?)");
        }
        err.println(Problems.oneLine(b.toString()));
        err.flush();
    }

    /** The options before '--' that are not run's own, for analyze; the configuration options that would contradict COMMAND's environment are refused. */
    private List<String> analyzeArguments(List<String> before) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            String a = before.get(i);
            String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.equals("--env-file") || name.equals("--no-inherit-env")) {
                throw new IllegalArgumentException(name + ": not with run, which audits against COMMAND's own "
                        + "environment; set variables with --env K=V (COMMAND gets them too)");
            }
            CommandLine.Model.OptionSpec own = spec.findOption(name);
            if (own != null) {
                if (!a.contains("=") && own.arity().max() > 0) {
                    i++; // its value
                }
                continue;
            }
            out.add(a);
        }
        for (String a : env) {
            out.add("--env");
            out.add(a);
        }
        return out;
    }

    /** analyze's checks, before COMMAND starts: a typo must not cost a whole CI job. */
    private static void precheck(AnalyzeCommand a, Map<String, String> commandEnv) throws ConfigException {
        FailOn.parse(a.failOn);
        a.limits.toOptions();
        a.readerOptions.toReaderOptions();
        a.auditLimits.maxListed();
        a.config.toConfig(commandEnv);
        a.allow.toAllowlist();
        a.checkOutputs();
    }
}
