package io.proxyaudit.cli;

import io.proxyaudit.audit.Allowlist;
import io.proxyaudit.policy.ConfigException;
import io.proxyaudit.policy.ConfigFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --allow FILE}: the destinations that may go direct (docs/allowlist.md), for analyze, batch and run. */
public final class AllowOptions {
    @Option(names = "--allow", paramLabel = "FILE",
            description = "Destinations that may go direct although a proxy applies, one a line: HOST[:PORT] "
                    + "[client=NAME] [role=ROLE]; HOST is a name, *.suffix, an IP address or a CIDR (docs/allowlist.md). "
                    + "A bypass that matches gets the verdict direct-allowed: counted and shown, never a failure "
                    + "(repeatable).")
    List<Path> files = new ArrayList<>();

    /**
     * The files' entries, in order (checked before any work); {@link Allowlist#NONE} without --allow. Read where the
     * command starts (the Spark job's driver, which ships the parsed list to its executors).
     */
    public Allowlist toAllowlist() throws ConfigException {
        Allowlist all = Allowlist.NONE;
        for (Path f : files) {
            try {
                all = all.plus(Allowlist.parse(f.toString(), ConfigFiles.text(f)));
            } catch (ConfigException e) {
                throw new ConfigException("--allow " + e.getMessage());
            }
        }
        return all;
    }
}
