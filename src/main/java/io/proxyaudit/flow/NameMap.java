package io.proxyaudit.flow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server address -&gt; names learnt from DNS answers (and pcapng name resolution blocks), each with the capture
 * time it was first seen, so a flow only gets names known before it started. Bounded: least recently used
 * addresses are evicted (counted), at most {@link #NAMES_PER_ADDRESS} names per address.
 */
final class NameMap {
    static final int NAMES_PER_ADDRESS = 8;

    private record Name(String name, long firstSeenNanos) {}

    private final int maxAddresses;
    private final FlowCounters counters;
    private final LinkedHashMap<String, List<Name>> byAddress;

    NameMap(int maxAddresses, FlowCounters counters) {
        this.maxAddresses = maxAddresses;
        this.counters = counters;
        this.byAddress = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Name>> eldest) {
                if (size() > NameMap.this.maxAddresses) {
                    NameMap.this.counters.namesEvicted++;
                    return true;
                }
                return false;
            }
        };
    }

    /**
     * Remembers {@code name} for the address, given in {@link IpText} form (DNS answers and pcapng name
     * resolution records are formatted by the same code as packet addresses); {@code nanos} MIN_VALUE = known
     * from the start.
     */
    void add(String address, String name, long nanos) {
        if (maxAddresses == 0 || address == null || name == null || name.isEmpty()) {
            return;
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        List<Name> names = byAddress.computeIfAbsent(address, k -> new ArrayList<>(2));
        for (int i = 0; i < names.size(); i++) {
            Name n = names.get(i);
            if (n.name.equals(lower)) {
                if (nanos < n.firstSeenNanos) {
                    names.set(i, new Name(lower, nanos));
                }
                return;
            }
        }
        if (names.size() < NAMES_PER_ADDRESS) {
            names.add(new Name(lower, nanos));
        }
    }

    /** Names for the address first seen at or before {@code beforeNanos}, in the order they were learnt. */
    List<String> namesBefore(String address, long beforeNanos) {
        List<Name> names = byAddress.get(address);
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(names.size());
        for (Name n : names) {
            if (n.firstSeenNanos <= beforeNanos) {
                out.add(n.name);
            }
        }
        return out;
    }
}
