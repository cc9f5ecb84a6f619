meta:
  id: tls_handshake
  endian: be
seq:
  - id: msg_type
    type: u1
