package io.proxyaudit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "analyze", description = "(not yet implemented)")
public final class AnalyzeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("proxyaudit: analyze is not implemented yet");
        return ExitCodes.USAGE;
    }
}
