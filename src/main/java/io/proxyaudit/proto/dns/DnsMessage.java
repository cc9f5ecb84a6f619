package io.proxyaudit.proto.dns;

import java.util.List;

/**
 * One DNS message (RFC 1035 §4.1). Names are in presentation form without the trailing dot,
 * lower case is NOT applied (as on the wire). {@code flags} lists problems that did not stop parsing:
 * {@code truncated} (TC bit or message cut), {@code name-loop}, {@code name-too-long}, {@code bad-pointer},
 * {@code short-record}.
 */
public record DnsMessage(
        int id,
        boolean response,
        int opcode,
        int rcode,
        boolean truncatedBit,
        List<DnsQuestion> questions,
        List<DnsResourceRecord> answers,
        List<DnsResourceRecord> authorities,
        List<DnsResourceRecord> additionals,
        List<String> flags) {}
