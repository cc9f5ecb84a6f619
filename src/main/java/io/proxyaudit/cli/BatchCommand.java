package io.proxyaudit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "batch", description = "(not yet implemented)")
public final class BatchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("proxyaudit: batch is not implemented yet");
        return ExitCodes.USAGE;
    }
}
