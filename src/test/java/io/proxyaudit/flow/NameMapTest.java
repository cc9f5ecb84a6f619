package io.proxyaudit.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameMapTest {
    @Test
    void namesAreKnownFromTheTimeTheyWereSeen() {
        NameMap m = new NameMap(10, new FlowCounters());
        // addresses come in IpText form (RFC 5952), from DnsParser's answers and pcapng name resolution blocks
        m.add("2001:db8::1", "Proxy.Golang.org", 100);
        assertEquals(List.of(), m.namesBefore("2001:db8::1", 99));
        assertEquals(List.of("proxy.golang.org"), m.namesBefore("2001:db8::1", 100), "lower-case name");
        m.add("2001:db8::1", "proxy.golang.org", 50); // seen earlier after all
        assertEquals(List.of("proxy.golang.org"), m.namesBefore("2001:db8::1", 60));
    }

    @Test
    void addressesAndNamesPerAddressAreBounded() {
        FlowCounters c = new FlowCounters();
        NameMap m = new NameMap(2, c);
        m.add("10.0.0.1", "a", 1);
        m.add("10.0.0.2", "b", 1);
        m.add("10.0.0.3", "c", 1);
        assertEquals(1, c.namesEvicted);
        assertEquals(List.of(), m.namesBefore("10.0.0.1", 5));
        for (int i = 0; i < 20; i++) {
            m.add("10.0.0.3", "n" + i, 2);
        }
        assertEquals(NameMap.NAMES_PER_ADDRESS, m.namesBefore("10.0.0.3", 5).size());
    }
}
