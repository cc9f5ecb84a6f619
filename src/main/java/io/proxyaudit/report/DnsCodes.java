package io.proxyaudit.report;

/**
 * DNS type and response-code numbers by name for people (IANA "DNS Parameters" registry); a type without a
 * name is written {@code TYPE65534} and a code without one {@code RCODE23}, as RFC 3597 section 5 writes
 * unknown types. Machine outputs (NDJSON, CSV) keep the numbers.
 */
public final class DnsCodes {
    private DnsCodes() {}

    public static String type(int type) {
        String n = switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 28 -> "AAAA";
            case 29 -> "LOC";
            case 33 -> "SRV";
            case 35 -> "NAPTR";
            case 39 -> "DNAME";
            case 41 -> "OPT";
            case 43 -> "DS";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 50 -> "NSEC3";
            case 52 -> "TLSA";
            case 64 -> "SVCB";
            case 65 -> "HTTPS";
            case 99 -> "SPF";
            case 252 -> "AXFR";
            case 251 -> "IXFR";
            case 255 -> "ANY";
            case 257 -> "CAA";
            default -> null;
        };
        return n != null ? n : "TYPE" + type;
    }

    /** RFC 1035 section 4.1.1 and RFC 6895 section 2.3; -1 (no response) is "no response". */
    public static String rcode(int rcode) {
        return switch (rcode) {
            case -1 -> "no response";
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            case 6 -> "YXDOMAIN";
            case 7 -> "YXRRSET";
            case 8 -> "NXRRSET";
            case 9 -> "NOTAUTH";
            case 10 -> "NOTZONE";
            default -> "RCODE" + rcode;
        };
    }
}
