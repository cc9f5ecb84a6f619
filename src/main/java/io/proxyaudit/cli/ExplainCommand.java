package io.proxyaudit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "explain", description = "(not yet implemented)")
public final class ExplainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("proxyaudit: explain is not implemented yet");
        return ExitCodes.USAGE;
    }
}
