package io.proxyaudit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "flows", description = "(not yet implemented)")
public final class FlowsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("proxyaudit: flows is not implemented yet");
        return ExitCodes.USAGE;
    }
}
