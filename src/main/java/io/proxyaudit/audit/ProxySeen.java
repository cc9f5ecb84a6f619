package io.proxyaudit.audit;

import java.util.List;
import java.util.Map;

/**
 * A proxy the capture shows in use, whatever the configuration says.
 *
 * @param address ip:port the clients connected to ({@code [v6]:port} for IPv6)
 * @param how     how it was recognised, in a fixed order: {@code CONNECT 200}, {@code CONNECT 407} (another answer),
 *                {@code CONNECT} (no answer captured), {@code absolute-URI}, {@code configured} (a connection to a proxy
 *                the configuration names, with neither visible)
 * @param flows   connections to it
 * @param clients connections per client wire name ({@code unknown} when no target was visible), sorted by name
 */
public record ProxySeen(String address, List<String> how, long flows, Map<String, Long> clients) {

    /** {@code 10.0.0.5:3128 (CONNECT 200, 12 flows)}: the address and how it showed, for sentences. */
    public String summary() {
        return address + " (" + String.join(", ", how) + ", " + flows + (flows == 1 ? " flow" : " flows") + ")";
    }
}
