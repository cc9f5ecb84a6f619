package io.proxyaudit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "stats", description = "(not yet implemented)")
public final class StatsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("proxyaudit: stats is not implemented yet");
        return ExitCodes.USAGE;
    }
}
