package io.proxyaudit.proto.dns;

public record DnsQuestion(String name, int type, int dnsClass) {}
