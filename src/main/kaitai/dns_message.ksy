meta:
  id: dns_message
  title: DNS message header and fixed record fields (RFC 1035 §4.1)
  endian: be
  license: CC0-1.0
doc: |
  The fixed-size parts of a DNS message. Names (RFC 1035 §4.1.4 compression) are decoded in Java by
  io.proxyaudit.proto.dns.DnsNameReader, which bounds pointer chains and name length; this spec only
  describes the 12-byte header and the fixed fields that follow a name in questions and records.
seq:
  - id: header
    type: header
types:
  header:
    seq:
      - id: transaction_id
        type: u2
      - id: qr
        type: b1
      - id: opcode
        type: b4
      - id: aa
        type: b1
      - id: tc
        type: b1
      - id: rd
        type: b1
      - id: ra
        type: b1
      - id: z
        type: b3
      - id: rcode
        type: b4
      - id: qdcount
        type: u2
      - id: ancount
        type: u2
      - id: nscount
        type: u2
      - id: arcount
        type: u2
  question_tail:
    doc: QTYPE and QCLASS after a question name (§4.1.2).
    seq:
      - id: qtype
        type: u2
      - id: qclass
        type: u2
  record_tail:
    doc: TYPE, CLASS, TTL and RDLENGTH after a record name (§4.1.3); RDATA is read by the caller.
    seq:
      - id: rtype
        type: u2
      - id: rclass
        type: u2
      - id: ttl
        type: u4
      - id: rdlength
        type: u2
